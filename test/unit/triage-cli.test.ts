/**
 * Triage through the CLI: `--findings`, `--review`, `--format json|sarif|markdown`, `--sarif-for
 * github`; SARIF valid against the 2.1.0 schema; suppression fixes that are idempotent; bad input.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeTree } from '../../server/src/analysis/analyze-file';
import { collectTriageSyntax } from '../../server/src/analysis/triage-syntax';
import { cli } from '../helpers/cli';
import { rulesRun } from '../../server/src/cli/triage-run';
import { parseSettings } from '../../server/src/settings';
import { importFindings } from '../../server/src/triage/import-findings';
import { toTriageDiagnostics } from '../../server/src/triage/to-diagnostics';
import { triageFinding } from '../../server/src/triage/triage-findings';
import { getParsing } from '../helpers/parsing';
import { assertValidSarif } from '../helpers/sarif-schema';
import { PROJECT, TRIAGE, WORKSPACES, readFixture } from '../helpers/triage';


interface SarifResult {
  ruleId: string;
  suppressions?: Array<{ kind: string; status?: string; justification?: string }>;
  properties?: { fixtureLens?: { verdict: string } };
}

interface SarifRun {
  tool: { driver: { name: string } };
  results: SarifResult[];
  properties?: { fixtureLens?: { notApplicable: Array<{ ruleId: string; location: string; justification: string }> } };
}

/** Within a run, `suppressions` is on every result or on none (SARIF 2.1.0 §3.27.23). */
function assertSuppressionsAllOrNone(run: SarifRun): void {
  const present = run.results.filter((r) => Array.isArray(r.suppressions)).length;
  assert.ok(present === 0 || present === run.results.length, `${run.tool.driver.name}: ${present} of ${run.results.length} results have suppressions`);
}

describe('triage through the CLI', () => {
  let temp: string;
  let ruff: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-triage-cli-'));
    ruff = path.join(temp, 'ruff.sarif');
    fs.writeFileSync(ruff, readFixture('sarif/ruff-fastapi.sarif', path.join(WORKSPACES, 'fastapi_app')));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('check --findings --format json fills findings[] per file, unmatched findings, and verdict counts', async () => {
    const result = await cli(['check', '--findings', 'bandit.json', '--findings', 'bandit-stale.json', '--format', 'json', '--fail-on', 'never'], PROJECT);
    assert.equal(result.code, 0, result.err);
    const report = JSON.parse(result.out);
    assert.deepEqual(report.summary.findings, { 'not-applicable': 35, applies: 5, unclear: 13 });
    assert.deepEqual(report.summary.claims, {});
    const samples = report.files.find((f: { path: string }) => f.path === 'tests/test_samples.py');
    const eval_ = samples.findings.find((f: { ruleId: string }) => f.ruleId === 'B307');
    assert.equal(eval_.verdict, 'not-applicable');
    assert.equal(eval_.concern, 'eval-exec');
    assert.equal(eval_.line, 34);
    assert.match(eval_.reason, /literal "service\.lookup"/);
    assert.deepEqual(eval_.evidence.map((e: { line: number }) => e.line), [34, 13]);
    assert.ok(samples.diagnostics.some((d: { code: string; line: number }) => d.code === 'FL301' && d.line === 34));
    assert.deepEqual(report.unmatchedFindings.map((f: { path: string; verdict: string }) => [f.path, f.verdict]), [
      ['tests/test_deleted.py', 'unclear'],
      ['/somewhere/else/tests/test_x.py', 'unclear'],
      ['README.md', 'unclear'],
    ]);
    assert.match(report.unmatchedFindings[1].reason, /is outside --root/);
  });

  it('--fail-on warning fails on findings that apply (FL302)', async () => {
    const result = await cli(['check', 'tests/test_fetched.py', '--findings', 'bandit.json', '--fail-on', 'warning', '--format', 'json'], PROJECT);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.out);
    assert.ok(report.files[0].diagnostics.some((d: { code: string; severity: string }) => d.code === 'FL302' && d.severity === 'warning'));
    assert.equal(report.unmatchedFindings.length, 39, 'findings about files outside the given paths are kept, unclear');
  });

  it('check --format sarif keeps every input result, suppresses the not-applicable ones, and is valid SARIF 2.1.0', async () => {
    const fastapi = await cli(['check', '--findings', ruff, '--format', 'sarif', '--fail-on', 'never'], path.join(WORKSPACES, 'fastapi_app'));
    const project = await cli(['check', '--findings', 'bandit.json', '--findings', path.join(TRIAGE, 'sarif', 'semgrep-project.sarif'), '--format', 'sarif', '--fail-on', 'never'], PROJECT);
    for (const result of [fastapi, project]) {
      assert.equal(result.code, 0, result.err);
      const log = JSON.parse(result.out);
      assertValidSarif(log);
      for (const run of log.runs as SarifRun[]) assertSuppressionsAllOrNone(run);
    }
    const log = JSON.parse(project.out);
    const [bandit, semgrep, own] = log.runs as SarifRun[];
    assert.deepEqual([bandit.tool.driver.name, semgrep.tool.driver.name, own.tool.driver.name], ['Bandit', 'Semgrep OSS', 'Fixture Lens']);
    assert.equal(bandit.results.length, 49);
    assert.equal(semgrep.results.length, 8);
    const suppressed = bandit.results.filter((r) => r.suppressions?.length);
    assert.equal(suppressed.length, 35);
    for (const r of suppressed) {
      assert.equal(r.properties?.fixtureLens?.verdict, 'not-applicable');
      assert.deepEqual(Object.keys(r.suppressions![0]).sort(), ['justification', 'kind', 'status']);
      assert.equal(r.suppressions![0].kind, 'external');
      assert.equal(r.suppressions![0].status, 'accepted');
      assert.match(r.suppressions![0].justification!, /^Fixture Lens: .+ \(tests\/test_\w+\.py:\d+\)$/);
    }
    assert.deepEqual(semgrep.results.map((r) => r.suppressions?.length ?? -1), [0, 1, 0, 1, 0, 0, 0, 0]);
    assert.ok(own.results.some((r) => r.ruleId === 'FL208'));
    assert.ok(own.results.every((r) => !/^FL[13]\d\d$/.test(r.ruleId)), 'our run carries genuine risks, not hints or triage verdicts');
  });

  it('keeps suppressions a tool already wrote, and input runs without results', async () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'ruff' } },
          results: [
            { ruleId: 'S101', message: { text: 'assert' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'tests/test_samples.py' }, region: { startLine: 25 } } }], suppressions: [{ kind: 'inSource' }] },
            { ruleId: 'S311', message: { text: 'random' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'tests/test_samples.py' }, region: { startLine: 49 } } }] },
          ],
        },
        { tool: { driver: { name: 'codeql' } } },
      ],
    };
    const file = path.join(temp, 'own-suppressions.sarif');
    fs.writeFileSync(file, JSON.stringify(log));
    const result = await cli(['check', '--findings', file, '--format', 'sarif', '--fail-on', 'never'], PROJECT);
    const out = JSON.parse(result.out);
    assertValidSarif(out);
    assert.deepEqual(out.runs[0].results[0].suppressions.map((s: { kind: string }) => s.kind), ['inSource', 'external']);
    assert.equal(out.runs[0].results[1].suppressions.length, 1);
    assert.equal(out.runs[1].results, undefined);
  });

  it('--sarif-for github drops not-applicable results, records them in run properties, and summarises on stderr', async () => {
    const result = await cli(['check', '--findings', 'bandit.json', '--format', 'sarif', '--sarif-for', 'github', '--fail-on', 'never'], PROJECT);
    assert.equal(result.code, 0);
    const log = JSON.parse(result.out);
    assertValidSarif(log);
    const bandit = log.runs[0] as SarifRun;
    assert.equal(bandit.results.length, 14);
    assert.ok(bandit.results.every((r) => r.suppressions === undefined && r.properties?.fixtureLens?.verdict !== 'not-applicable'));
    const recorded = bandit.properties?.fixtureLens?.notApplicable ?? [];
    assert.equal(recorded.length, 35);
    assert.ok(recorded.some((r) => r.ruleId === 'B307' && r.location === 'tests/test_samples.py:34' && /literal "service\.lookup"/.test(r.justification)));
    assert.match(result.err, /^### Fixture Lens triage\n\n49 finding\(s\): 35 not applicable \(35 left out of the upload\), 5 apply, 9 unclear\./);
    assert.match(result.err, /<summary>Not applicable \(35\)<\/summary>/);
    assert.match(result.err, /\| Bandit B307 \| `tests\/test_samples\.py:34` \| eval of a test literal \|/);
  });

  it('explain --review --format markdown writes a reply: a section per claim, verdict first, evidence as path:line, unmentioned risks', async () => {
    const review = path.join(TRIAGE, 'reviews', 'nova-like-regression.md');
    const result = await cli(['explain', 'compute/tests/functional/regressions/test_bug_1000001.py', '--review', review, '--format', 'markdown'], path.join(WORKSPACES, 'nova_like'));
    assert.equal(result.code, 0, result.err);
    const reply = result.out;
    assert.match(reply, /^\*\*Triage of `compute\/tests\/functional\/regressions\/test_bug_1000001\.py`\*\* by Fixture Lens 0\.1\.0: 4 claims — 3 not applicable, 1 unclear\./);
    const sections = reply.split('\n### ').slice(1);
    assert.deepEqual(sections.map((s) => s.split('\n')[0]), [
      '1. Insecure direct object reference in `setUp()` — not applicable',
      '2. Missing OAuth on `api_fixture` — not applicable',
      '3. `fake_network` bypasses authorization — not applicable',
      '4. Placement API exposed — unclear',
      'Genuine risks the review did not mention',
    ]);
    for (const section of sections.slice(0, 4)) assert.match(section.split('\n')[2], /^\*\*(Not applicable|Unclear)\.\*\*/);
    assert.match(sections[1], /  - `compute\/tests\/fixtures\/core\.py:52` — `intercept = interceptor\.RequestsInterceptor\(app, url=endpoint\)`/);
    assert.match(sections[4], /^Genuine risks the review did not mention\n\nNone:/);
    assert.ok(!reply.includes('Overall'), 'the closing remark is not answered as a claim');
  });

  it('the markdown reply lists genuine risks the review did not mention', async () => {
    const review = path.join(temp, 'tls-only.md');
    fs.writeFileSync(review, '1. The `responses` mock in `test_health_mocked_without_tls_check` disables certificate verification.\n');
    const result = await cli(['explain', 'tests/payments/test_charges.py', '--review', review, '--format', 'markdown'], path.join(WORKSPACES, 'pytest_app'));
    const risks = result.out.split('### Genuine risks the review did not mention')[1];
    assert.match(risks, /- \*\*FL202\*\* `tests\/payments\/test_charges\.py:37`/);
    assert.match(risks, /- \*\*FL203\*\* `tests\/payments\/test_charges\.py:37`/);
  });

  it('explain --review --format json fills claims[] per the contract', async () => {
    const review = path.join(TRIAGE, 'reviews', 'policy-vacuous.txt');
    const result = await cli(['explain', 'compute/tests/functional/test_policy_vacuous.py', '--review', review, '--format', 'json'], path.join(WORKSPACES, 'nova_like'));
    const report = JSON.parse(result.out);
    const claim = report.files[0].claims[0];
    assert.deepEqual(
      { index: claim.index, title: claim.title, category: claim.category, verdict: claim.verdict },
      { index: 1, title: 'Authorization bypass', category: 'authz', verdict: 'applies' },
    );
    assert.deepEqual(claim.targets, ['PermissivePolicyFixture', 'setUp', 'test_delete_forbidden_for_non_admin']);
    assert.ok(claim.lines.includes(13));
    assert.ok(claim.evidence.some((e: { path: string; line: number }) => e.path === 'compute/tests/fixtures/policy.py' && e.line === 22));
    assert.deepEqual(report.summary.claims, { 'not-applicable': 0, applies: 2, unclear: 0 });
  });

  it('explain --findings triages the explained file only, with a note about the rest', async () => {
    const result = await cli(['explain', 'tests/test_samples.py', '--findings', 'bandit.json', '--format', 'json'], PROJECT);
    assert.equal(result.code, 0);
    assert.match(result.err, /^fixture-lens: 21 finding\(s\) about other files left out \(explain triages tests\/test_samples\.py only\)$/m);
    assert.equal(JSON.parse(result.out).files[0].findings.length, 28);
  });

  it('not-applicable findings carry an idempotent suppression in the scanner\'s dialect that keeps the code', async () => {
    const parsing = await getParsing();
    const settings = parseSettings({});
    const imported = importFindings(readFixture('project/bandit.json'), { file: 'bandit.json', root: PROJECT });
    assert.ok(imported.ok);
    const own = imported.value.findings.filter((f) => f.path === 'tests/test_samples.py');
    const fixesFor = (text: string) => {
      const tree = parsing.parse(text);
      try {
        const analysis = analyzeTree({ path: 'tests/test_samples.py', text, tree, queries: parsing.queries, settings });
        const file = { analysis, syntax: collectTriageSyntax(tree, parsing.queries, text), rulesRun: rulesRun(settings) };
        const verdicts = own.map((f) => triageFinding(f, () => file));
        return toTriageDiagnostics(file, verdicts, { severityOf: (_code, fallback) => fallback }).flatMap((d) => d.fixes);
      } finally {
        tree.delete();
      }
    };
    const original = fs.readFileSync(path.join(PROJECT, 'tests', 'test_samples.py'), 'utf8').split('\n');
    assert.ok(fixesFor(original.join('\n')).length >= 20);
    // As in the editor: apply one fix, analyse again, apply the next (two findings on a line merge).
    const lines = [...original];
    let applied = 0;
    for (let fixes = fixesFor(lines.join('\n')); fixes.length; fixes = fixesFor(lines.join('\n'))) {
      const { edit } = fixes[0];
      lines[edit.row] = lines[edit.row].slice(0, edit.startColumn) + edit.newText + lines[edit.row].slice(edit.endColumn);
      assert.ok(++applied < 100, 'fixes converge');
    }
    for (const [row, line] of lines.entries()) assert.ok(line.startsWith(original[row].trimEnd()), `line ${row + 1} keeps its code: ${line}`);
    assert.equal(lines[33], '    handler = eval(LOOKUP)  # nosec B307 # eval of a test literal');
    assert.match(lines[43], /^    out = subprocess\.check_output\(\['git', '--version'\]\)  # nosec B60[37], B60[37] # fixed command written in the test$/);
    assert.ok(applied >= 20 && applied === fixesFor(original.join('\n')).length, 'one edit per finding, none twice');
  });

  it('moves a suppression to the end of a multi-line string, and offers none after a continuation', async () => {
    const parsing = await getParsing();
    const settings = parseSettings({});
    const text = 'def test_x():\n    query = """\n    %s""" % eval("1")\n    value = 1 + \\\n        eval("2")\n';
    const tree = parsing.parse(text);
    try {
      const analysis = analyzeTree({ path: 'tests/test_x.py', text, tree, queries: parsing.queries, settings });
      const file = { analysis, syntax: collectTriageSyntax(tree, parsing.queries, text), rulesRun: rulesRun(settings) };
      const finding = (line: number) => ({ tool: 'bandit', ruleId: 'B307', path: 'tests/test_x.py', line, message: 'eval', cwe: [], source: { file: 'b.json', run: 0, index: line } });
      const verdicts = [2, 4].map((line) => triageFinding(finding(line), () => file));
      assert.deepEqual(verdicts.map((v) => v.verdict), ['not-applicable', 'not-applicable']);
      // Bandit reads a multi-line string's last row; a continued row may lie outside the flagged node's range.
      const fixes = toTriageDiagnostics(file, verdicts, { severityOf: (_code, fallback) => fallback }).map((d) => d.fixes.map((f) => f.edit.row));
      assert.deepEqual(fixes, [[2], []]);
    } finally {
      tree.delete();
    }
  });

  it('Ruff and Semgrep findings are suppressed where those tools read it: string end, line above', async () => {
    const parsing = await getParsing();
    const settings = parseSettings({});
    const text = 'def test_x(db):\n    db.execute("""SELECT *\n        FROM %s""" % eval("1"))\n';
    const tree = parsing.parse(text);
    try {
      const analysis = analyzeTree({ path: 'tests/test_x.py', text, tree, queries: parsing.queries, settings });
      const file = { analysis, syntax: collectTriageSyntax(tree, parsing.queries, text), rulesRun: rulesRun(settings) };
      const finding = (tool: string, ruleId: string) => ({ tool, ruleId, path: 'tests/test_x.py', line: 2, message: 'eval', cwe: [], source: { file: `${tool}.sarif`, run: 0, index: 0 } });
      const verdicts = [finding('ruff', 'S307'), finding('semgrep', 'python.lang.security.audit.eval-detected')].map((f) => triageFinding(f, () => file));
      assert.deepEqual(verdicts.map((v) => v.verdict), ['not-applicable', 'not-applicable']);
      const [ruff, semgrep] = toTriageDiagnostics(file, verdicts, { severityOf: (_code, fallback) => fallback }).map((d) => d.fixes[0]?.edit);
      assert.deepEqual(ruff && { row: ruff.row, text: ruff.newText.slice(0, ruff.newText.lastIndexOf(' # ')) }, { row: 2, text: '  # noqa: S307' });
      assert.deepEqual(semgrep && { row: semgrep.row, column: semgrep.startColumn, text: semgrep.newText.slice(0, semgrep.newText.lastIndexOf(' # ')) }, { row: 1, column: 0, text: '    # nosemgrep: python.lang.security.audit.eval-detected' });
    } finally {
      tree.delete();
    }
  });

  it('bad input: one line naming the file and what is wrong, exit 2, nothing analysed', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['check', '--findings', path.join(TRIAGE, 'malformed', 'neither.json')], /^fixture-lens: .*neither\.json: not Bandit JSON or SARIF 2\.1\.0 \(no "results" or "runs"\)\n$/],
      [['check', '--findings', path.join(TRIAGE, 'malformed', 'truncated.json')], /^fixture-lens: .*truncated\.json: not valid JSON \(.+\)\n$/],
      [['check', '--findings', 'missing.json'], /^fixture-lens: missing\.json: no such file or directory\n$/],
      [['explain', 'tests/test_samples.py', '--review', path.join(TRIAGE, 'reviews', 'empty.txt')], /^fixture-lens: .*empty\.txt: empty review, expected claims .*\n$/],
      [['explain', 'tests/test_samples.py', '--review', path.join(TRIAGE, 'reviews', 'only-conclusion.txt')], /^fixture-lens: .*only-conclusion\.txt: no claims found .*\n$/],
    ];
    for (const [args, expected] of cases) {
      const result = await cli(args, PROJECT);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.out, '', 'nothing on stdout');
      assert.match(result.err, expected);
    }
  });

  it('rejects options that do not fit the command', async () => {
    const cases = [
      ['check', '--review', 'r.txt'],
      ['check', '--format', 'markdown'],
      ['explain', 'tests/test_samples.py', '--format', 'sarif'],
      ['check', '--sarif-for', 'github'],
      ['check', '--format', 'sarif', '--sarif-for', 'gitlab'],
      ['explain', 'tests/test_samples.py', '--sarif-for', 'github'],
    ];
    for (const args of cases) {
      const result = await cli(args, PROJECT);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^fixture-lens: .+\nUsage:/);
    }
  });
});
