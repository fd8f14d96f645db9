/**
 * Verdicts for scanner findings: the concern table, and each concern's procedure over the model,
 * on the triage fixture project and the fixture workspaces (findings that do and do not apply).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { concernOf } from '../../server/src/triage/concerns';
import type { TriageFile } from '../../server/src/triage/finding-site';
import { importFindings } from '../../server/src/triage/import-findings';
import { triageFinding } from '../../server/src/triage/triage-findings';
import type { FindingVerdict, ImportedFinding } from '../../server/src/triage/types';
import { PROJECT, WORKSPACES, loadTriageWorkspace, readFixture, type TriageWorkspace } from '../helpers/triage';

function findingsOf(relative: string, root: string): ImportedFinding[] {
  const result = importFindings(readFixture(relative, root), { file: relative, root });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return [...result.value.findings];
}

function table(verdicts: readonly FindingVerdict[]): string[] {
  return verdicts.map((v) => `${v.finding.path}:${v.finding.line} ${v.finding.ruleId} ${v.verdict}`);
}

describe('triage: concerns', () => {
  const concern = (tool: string, ruleId: string, cwe: string[] = []) => concernOf({ tool, ruleId, cwe });

  it('maps Bandit, Ruff and CodeQL ids to concerns', () => {
    assert.equal(concern('bandit', 'B106'), 'hardcoded-credential');
    assert.equal(concern('bandit', 'B101'), 'assert');
    assert.equal(concern('bandit', 'B320'), 'xml');
    assert.equal(concern('ruff', 'S108'), 'tmp-path');
    assert.equal(concern('ruff', 'S113'), 'request-without-timeout');
    assert.equal(concern('codeql', 'py/request-without-cert-validation'), 'tls');
    assert.equal(concern('codeql', 'py/bind-socket-all-network-interfaces'), 'bind-all');
  });

  it('recognises Bandit- and Ruff-shaped ids from other tools, then CWE, then Semgrep id words', () => {
    assert.equal(concern('flake8', 'S311'), 'random');
    assert.equal(concern('semgrep', 'python.lang.security.audit.eval-detected.eval-detected', ['CWE-95']), 'eval-exec');
    assert.equal(concern('semgrep', 'python.lang.security.audit.network.bind.avoid-bind-to-all-interfaces', ['CWE-200']), 'bind-all');
    assert.equal(concern('semgrep', 'python.lang.security.deserialization.pickle.avoid-pickle'), 'deserialization');
    assert.equal(concern('othertool', 'X-1', ['CWE-89']), 'sql');
    assert.equal(concern('othertool', 'X-1', ['CWE-999999']), 'unknown');
    assert.equal(concern('semgrep', 'python.lang.correctness.useless-eqeq.useless-eqeq'), 'unknown');
  });
});

describe('triage: Bandit findings on the fixture project', () => {
  let project: TriageWorkspace;
  let verdicts: FindingVerdict[];
  before(async () => {
    project = await loadTriageWorkspace(PROJECT);
    verdicts = findingsOf('project/bandit.json', PROJECT).map((f) => triageFinding(f, project.lookup));
  });

  it('gives every finding the expected verdict', () => {
    const expected = [
      'app/service.py:2 B404 unclear',
      'app/service.py:4 B105 unclear',
      'app/service.py:26 B603 unclear',
      'app/service.py:26 B607 unclear',
      'app/service.py:31 B501 unclear',
      'tests/test_fetched.py:1 B403 not-applicable',
      'tests/test_fetched.py:10 B307 applies',
      'tests/test_fetched.py:11 B101 not-applicable',
      'tests/test_fetched.py:15 B501 applies',
      'tests/test_fetched.py:16 B101 not-applicable',
      'tests/test_fetched.py:20 B113 applies',
      'tests/test_fetched.py:21 B101 not-applicable',
      'tests/test_fetched.py:25 B108 applies',
      'tests/test_fetched.py:28 B101 not-applicable',
      'tests/test_fetched.py:28 B301 applies',
      'tests/test_samples.py:3 B404 not-applicable',
      'tests/test_samples.py:4 B405 not-applicable',
      'tests/test_samples.py:20 B314 not-applicable',
      'tests/test_samples.py:25 B101 not-applicable',
      'tests/test_samples.py:29 B314 not-applicable',
      'tests/test_samples.py:30 B101 not-applicable',
      'tests/test_samples.py:34 B307 not-applicable',
      'tests/test_samples.py:35 B101 not-applicable',
      'tests/test_samples.py:39 B108 not-applicable',
      'tests/test_samples.py:40 B101 not-applicable',
      'tests/test_samples.py:44 B603 not-applicable',
      'tests/test_samples.py:44 B607 not-applicable',
      'tests/test_samples.py:45 B101 not-applicable',
      'tests/test_samples.py:49 B311 not-applicable',
      'tests/test_samples.py:50 B101 not-applicable',
      'tests/test_samples.py:54 B303 not-applicable',
      'tests/test_samples.py:55 B101 not-applicable',
      'tests/test_samples.py:61 B110 not-applicable',
      'tests/test_samples.py:66 B501 not-applicable',
      'tests/test_samples.py:67 B101 not-applicable',
      'tests/test_samples.py:77 B101 not-applicable',
      'tests/test_samples.py:77 B506 not-applicable',
      'tests/test_samples.py:81 B101 not-applicable',
      'tests/test_samples.py:81 B106 not-applicable',
      'tests/test_samples.py:85 B104 not-applicable',
      'tests/test_samples.py:86 B101 not-applicable',
      'tests/test_samples.py:91 B104 not-applicable',
      'tests/test_samples.py:92 B101 not-applicable',
      'tests/test_unclear.py:2 B404 not-applicable',
      'tests/test_unclear.py:15 B602 unclear',
      'tests/test_unclear.py:19 B501 unclear',
      'tests/test_unclear.py:20 B101 not-applicable',
      'tests/test_unclear.py:24 B103 unclear',
      'tests/test_unclear.py:28 B104 unclear',
    ];
    assert.deepEqual(table(verdicts), expected);
  });

  it('says why, with evidence at the finding and at what the model knows', () => {
    const at = (file: string, line: number, ruleId: string) => {
      const found = verdicts.find((v) => v.finding.path === file && v.finding.line === line && v.finding.ruleId === ruleId);
      assert.ok(found, `${file}:${line} ${ruleId}`);
      return found;
    };
    const literal = at('tests/test_samples.py', 34, 'B307');
    assert.match(literal.points[0].reason, /evaluates `LOOKUP`, which the test binds to the literal "service\.lookup" \(line 13\)/);
    assert.deepEqual(literal.points[0].evidence.map((e) => e.line), [34, 13]);
    assert.equal(literal.justification, 'eval of a test literal');
    const fake = at('tests/test_samples.py', 20, 'B314');
    assert.match(fake.points[0].reason, /inside the fake `FakeHypervisor\.define`/);
    const placeholder = at('tests/test_samples.py', 81, 'B106');
    assert.match(placeholder.points[0].reason, /^Placeholder credential "fake-password"/);
    const loopback = at('tests/test_samples.py', 66, 'B501');
    assert.match(loopback.points[0].reason, /loopback host 127\.0\.0\.1/);
    const bind = at('tests/test_samples.py', 85, 'B104');
    assert.match(bind.points[0].reason, /not an address anything binds/);
    const patchedServer = at('tests/test_samples.py', 91, 'B104');
    assert.match(patchedServer.points[0].reason, /`service\.serve` receives the all-interfaces address, but `app\.service\.HTTPServer` is patched in this test \(line 89\)/);
    const server = at('tests/test_unclear.py', 28, 'B104');
    assert.match(server.points[0].reason, /`service\.serve` receives the all-interfaces address and may bind it/);
    const fetched = at('tests/test_fetched.py', 10, 'B307');
    assert.match(fetched.points[0].reason, /^FL208 reports a genuine risk here/);
    const tls = at('tests/test_fetched.py', 15, 'B501');
    assert.match(tls.points[0].reason, /^FL203 reports a genuine risk here/);
    const race = at('tests/test_fetched.py', 25, 'B108');
    assert.match(race.points[0].reason, /^FL207 reports a genuine risk here/);
    const outside = at('app/service.py', 4, 'B105');
    assert.match(outside.points[0].reason, /^outside test code: left to Bandit/);
    const shell = at('tests/test_unclear.py', 15, 'B602');
    assert.match(shell.points[0].reason, /through a shell, and where the value comes from is not traced/);
    for (const verdict of verdicts) {
      assert.ok(verdict.points.length > 0 && verdict.points.every((p) => p.reason.length > 20), `${verdict.finding.ruleId}: a reason`);
      if (verdict.verdict === 'not-applicable') assert.ok(verdict.justification, `${verdict.finding.ruleId}: a justification`);
      if (verdict.verdict !== 'unclear' || !verdict.points[0].reason.startsWith('outside')) {
        assert.ok(verdict.points.some((p) => p.evidence.length > 0), `${verdict.finding.path}:${verdict.finding.line} ${verdict.finding.ruleId}: evidence`);
      }
    }
  });

  it('is unclear, not dismissive, when a rule it relies on did not run', () => {
    const file = project.file('tests/test_samples.py');
    const withoutSecrets: TriageFile = { ...file, rulesRun: new Set([...file.rulesRun].filter((id) => id !== 'FL201' && id !== 'FL105')) };
    const analysis = { ...file.analysis, diagnostics: file.analysis.diagnostics.filter((d) => d.ruleId !== 'FL105') };
    const finding = findingsOf('project/bandit.json', PROJECT).find((f) => f.ruleId === 'B106');
    assert.ok(finding);
    const verdict = triageFinding(finding, () => ({ ...withoutSecrets, analysis }));
    assert.equal(verdict.verdict, 'unclear');
    assert.match(verdict.points[0].reason, /FL201 \(real-looking secrets\) did not run/);
  });

  it('explains stale and misplaced findings instead of guessing', async () => {
    const stale = findingsOf('project/bandit-stale.json', PROJECT).map((f) => triageFinding(f, project.lookup));
    assert.deepEqual(stale.map((v) => v.verdict), ['unclear', 'unclear', 'unclear', 'unclear']);
    assert.match(stale[0].points[0].reason, /tests\/test_deleted\.py does not exist/);
    assert.match(stale[1].points[0].reason, /^Line 400 is past the end of tests\/test_samples\.py \(\d+ lines\)/);
  });
});

describe('triage: scanner SARIF on the fixture workspaces', () => {
  it('Ruff on fastapi_app: a live-looking token and a server on all interfaces apply; placeholders and asserts do not', async () => {
    const root = path.join(WORKSPACES, 'fastapi_app');
    const workspace = await loadTriageWorkspace(root);
    const verdicts = findingsOf('sarif/ruff-fastapi.sarif', root).map((f) => triageFinding(f, workspace.lookup));
    assert.deepEqual(table(verdicts), [
      'tests/test_items.py:14 S105 applies',
      'tests/test_items.py:27 S101 not-applicable',
      'tests/test_items.py:57 S106 not-applicable',
      'tests/test_items.py:70 S104 applies',
      'service/github.py:7 S113 unclear',
    ]);
    assert.match(verdicts[0].points[0].reason, /^FL201 reports a genuine risk here: GitHub token/);
    assert.ok(!JSON.stringify(verdicts[0].points).includes('ghp_3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvtgq'), 'the secret itself is not repeated as evidence');
    assert.match(verdicts[2].points[0].reason, /"testing" for "aws_secret_access_key"/);
  });

  it('Semgrep on the fixture project: key, TLS and pickle apply; literal eval and loopback do not; unknown rules are unclear', async () => {
    const workspace = await loadTriageWorkspace(PROJECT);
    const verdicts = findingsOf('sarif/semgrep-project.sarif', PROJECT).map((f) => triageFinding(f, workspace.lookup));
    assert.deepEqual(
      verdicts.map((v) => `${v.finding.path}:${v.finding.line} ${v.concern} ${v.verdict}`),
      [
        'tests/test_fetched.py:5 hardcoded-credential applies',
        'tests/test_samples.py:34 eval-exec not-applicable',
        'tests/test_fetched.py:15 tls applies',
        'tests/test_samples.py:66 tls not-applicable',
        'tests/test_unclear.py:19 tls unclear',
        'tests/test_fetched.py:28 deserialization applies',
        'tests/test_unclear.py:15 subprocess unclear',
        'tests/test_samples.py:25 unknown unclear',
      ],
    );
    assert.match(verdicts[7].points[0].reason, /no procedure for semgrep rule python\.lang\.correctness\.useless-eqeq\.useless-eqeq/);
  });

  it('CodeQL on django_app: placeholder passwords do not apply; a live server host is never dismissed', async () => {
    const root = path.join(WORKSPACES, 'django_app');
    const workspace = await loadTriageWorkspace(root);
    const verdicts = findingsOf('sarif/codeql-django.sarif', root).map((f) => triageFinding(f, workspace.lookup));
    const bindAll = workspace.file('blog/tests/test_views.py').analysis.diagnostics.some((d) => d.ruleId === 'FL204' && d.span.start.row === 83);
    assert.deepEqual(table(verdicts), [
      'blog/tests/test_views.py:16 py/hardcoded-credentials not-applicable',
      `blog/tests/test_views.py:84 py/bind-socket-all-network-interfaces ${bindAll ? 'applies' : 'unclear'}`,
      'blog/views.py:1 py/sql-injection unclear',
      'null:null py/summary/lines-of-code unclear',
    ]);
    assert.match(verdicts[2].points[0].reason, /^outside test code: left to CodeQL/);
    assert.match(verdicts[3].points[0].reason, /no file location/);
  });
});
