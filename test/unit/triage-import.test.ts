/** Findings import: Bandit JSON and SARIF from Ruff, Semgrep, CodeQL; paths; malformed input. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolveArtifactUri, toRootRelative } from '../../server/src/triage/finding-paths';
import { importFindings } from '../../server/src/triage/import-findings';
import { PROJECT, WORKSPACES, readFixture } from '../helpers/triage';

function imported(relative: string, root: string) {
  const result = importFindings(readFixture(relative, root), { file: relative, root });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

describe('triage: finding paths', () => {
  const base = { root: '/work/project' };

  it('makes scanner paths root-relative POSIX paths', () => {
    assert.equal(toRootRelative('./tests/test_a.py', base), 'tests/test_a.py');
    assert.equal(toRootRelative('tests//unit/../test_a.py', base), 'tests/test_a.py');
    assert.equal(toRootRelative('/work/project/tests/test_a.py', base), 'tests/test_a.py');
    assert.equal(toRootRelative('file:///work/project/tests/test_a.py', base), 'tests/test_a.py');
    assert.equal(toRootRelative('file:///work/project/tests/test%20a.py', base), 'tests/test a.py');
    assert.equal(toRootRelative('tests\\unit\\test_a.py', base), 'tests/unit/test_a.py');
    assert.equal(toRootRelative('file:///C:/src/proj/tests/test_a.py', { root: 'C:\\src\\proj' }), 'tests/test_a.py');
  });

  it('keeps paths outside the root absolute, so the verdict can say where they are', () => {
    assert.equal(toRootRelative('/elsewhere/tests/test_a.py', base), '/elsewhere/tests/test_a.py');
    assert.equal(toRootRelative('/work/project-other/x.py', base), '/work/project-other/x.py');
  });

  it('resolves uriBaseId chains, and treats an undefined base as the root', () => {
    const bases = { SRC: { uri: 'file:///work/project/' }, TESTS: { uri: 'tests/', uriBaseId: 'SRC' } };
    assert.equal(resolveArtifactUri('test_a.py', 'TESTS', bases, base), 'tests/test_a.py');
    assert.equal(resolveArtifactUri('tests/test_a.py', '%SRCROOT%', undefined, base), 'tests/test_a.py');
    assert.equal(resolveArtifactUri('tests/test_a.py', 'LOOP', { LOOP: { uri: 'x/', uriBaseId: 'LOOP' } }, base), 'x/tests/test_a.py');
  });
});

describe('triage: import', () => {
  it('reads Bandit JSON: rule, path, 1-based column, CWE, level', () => {
    const file = imported('project/bandit.json', PROJECT);
    assert.equal(file.format, 'bandit');
    assert.equal(file.sarif, null);
    assert.equal(file.findings.length, 49);
    const eval_ = file.findings.find((f) => f.ruleId === 'B307' && f.path === 'tests/test_samples.py');
    assert.ok(eval_);
    assert.deepEqual(
      { tool: eval_.tool, line: eval_.line, column: eval_.column, cwe: eval_.cwe, level: eval_.level },
      { tool: 'bandit', line: 34, column: 5, cwe: ['CWE-78'], level: 'warning' },
    );
    assert.deepEqual(eval_.source, { file: 'project/bandit.json', run: 0, index: file.findings.indexOf(eval_) });
  });

  it('reads Ruff SARIF with absolute file:// URIs', () => {
    const root = path.join(WORKSPACES, 'fastapi_app');
    const file = imported('sarif/ruff-fastapi.sarif', root);
    assert.equal(file.format, 'sarif');
    assert.deepEqual(
      file.findings.map((f) => [f.tool, f.ruleId, f.path, f.line, f.column]),
      [
        ['ruff', 'S105', 'tests/test_items.py', 14, 16],
        ['ruff', 'S101', 'tests/test_items.py', 27, 5],
        ['ruff', 'S106', 'tests/test_items.py', 57, 23],
        ['ruff', 'S104', 'tests/test_items.py', 70, 28],
        ['ruff', 'S113', 'service/github.py', 7, 12],
      ],
    );
  });

  it('reads Semgrep SARIF: relative URIs under an undefined %SRCROOT%, CWE from rule tags', () => {
    const file = imported('sarif/semgrep-project.sarif', PROJECT);
    const key = file.findings[0];
    assert.equal(key.tool, 'semgrep');
    assert.equal(key.path, 'tests/test_fetched.py');
    assert.deepEqual(key.cwe, ['CWE-798']);
    assert.deepEqual(file.findings.find((f) => f.ruleId.endsWith('useless-eqeq'))?.cwe, []);
  });

  it('reads CodeQL SARIF: artifact indexes, originalUriBaseIds, CWE tags and relationships, results without a location', () => {
    const root = path.join(WORKSPACES, 'django_app');
    const file = imported('sarif/codeql-django.sarif', root);
    assert.deepEqual(
      file.findings.map((f) => [f.tool, f.ruleId, f.path, f.line]),
      [
        ['codeql', 'py/hardcoded-credentials', 'blog/tests/test_views.py', 16],
        ['codeql', 'py/bind-socket-all-network-interfaces', 'blog/tests/test_views.py', 84],
        ['codeql', 'py/sql-injection', 'blog/views.py', 1],
        ['codeql', 'py/summary/lines-of-code', null, null],
      ],
    );
    assert.deepEqual(file.findings[0].cwe, ['CWE-259', 'CWE-321', 'CWE-798']);
    assert.deepEqual(file.findings[1].cwe, ['CWE-200', 'CWE-1327']);
    assert.ok(file.sarif, 'the log is kept for output');
  });

  it('fills a message from the rule\'s messageStrings when the result gives only an id', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Example', rules: [{ id: 'X1', messageStrings: { default: { text: 'Value {0} is bad' } } }] } },
          results: [{ ruleIndex: 0, message: { id: 'default', arguments: ['42'] }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 3 } } }] }],
        },
      ],
    };
    const result = importFindings(JSON.stringify(log), { file: 'x.sarif', root: '/r' });
    assert.ok(result.ok);
    assert.deepEqual([result.value.findings[0].ruleId, result.value.findings[0].message, result.value.findings[0].tool], ['X1', 'Value 42 is bad', 'example']);
  });

  it('rejects malformed input with one line naming the file and what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['malformed/truncated.json', /^malformed\/truncated\.json: not valid JSON \(.+\)$/],
      ['malformed/neither.json', /^malformed\/neither\.json: not Bandit JSON or SARIF 2\.1\.0 \(no "results" or "runs"\)$/],
      ['malformed/array.json', /^malformed\/array\.json: not Bandit JSON or SARIF 2\.1\.0 \(no "results" or "runs"\)$/],
      ['malformed/sarif-v2.sarif', /^malformed\/sarif-v2\.sarif: SARIF version "2\.0\.0" is not supported \(expected "2\.1\.0"\)$/],
      ['malformed/bandit-bad-line.json', /^malformed\/bandit-bad-line\.json: results\[0\]: "line_number" is not a positive integer$/],
      ['malformed/sarif-bad-region.sarif', /^malformed\/sarif-bad-region\.sarif: runs\[0\]\.results\[0\]\.locations\[0\]\.physicalLocation\.region\.startLine is not a positive integer$/],
    ];
    for (const [relative, expected] of cases) {
      const result = importFindings(readFixture(relative), { file: relative, root: PROJECT });
      assert.equal(result.ok, false, relative);
      if (!result.ok) {
        assert.match(result.error, expected);
        assert.ok(!result.error.includes('\n'), `${relative}: one line`);
      }
    }
    const empty = importFindings('  \n', { file: 'empty.json', root: PROJECT });
    assert.deepEqual(empty, { ok: false, error: 'empty.json: empty file, expected Bandit JSON or SARIF 2.1.0' });
  });

  it('survives hostile shapes without throwing', () => {
    const inputs = [
      '{"runs": {}}',
      '{"version": "2.1.0", "runs": [null]}',
      '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": 5}]}]}',
      '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a", "locations": [{"physicalLocation": "x"}]}]}]}',
      '{"results": [null]}',
      '{"results": [{"filename": "", "line_number": 1, "test_id": "B101"}]}',
      '1e999',
      '"text"',
    ];
    for (const text of inputs) {
      const result = importFindings(text, { file: 'f.json', root: '/r' });
      assert.equal(result.ok, false, text);
    }
  });
});
