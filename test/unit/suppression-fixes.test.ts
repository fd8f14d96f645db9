/**
 * Suppression edits: each tool's dialect, merging into existing directives, idempotence, and the row
 * each tool reads (multi-line calls, strings, continuations, decorators, Semgrep's line-above form).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectComments, treeLineLayout } from '../../server/src/analysis/analyze-file';
import { buildSuppressionFix, suppressionFixAt, type LineLayout, type SuppressionRequest } from '../../server/src/analysis/suppression-fixes';
import type { Fix } from '../../server/src/model/types';
import { analyzeSource, getParsing } from '../helpers/parsing';

function apply(line: string, fix: Fix | null): string {
  assert.ok(fix, 'expected a fix');
  return line.slice(0, fix.edit.startColumn) + fix.edit.newText + line.slice(fix.edit.endColumn);
}

/** The row each tool's fix edits, by the tool named in its title. */
function rowsByTool(fixes: readonly Fix[]): Record<string, number> {
  return Object.fromEntries(fixes.map((f) => [/\(([^)]+)\)/.exec(f.title)?.[1] ?? '?', f.edit.row]));
}

function request(lineText: string, overrides: Partial<SuppressionRequest>): SuppressionRequest {
  const hash = lineText.indexOf('#');
  return {
    dialect: 'fixture-lens',
    ruleId: 'FL105',
    justification: 'placeholder credential in test code',
    row: 0,
    lineText,
    comment: hash >= 0 ? { row: 0, column: hash, text: lineText.slice(hash) } : null,
    ...overrides,
  };
}

describe('suppression fixes', () => {
  it('appends each dialect with its justification', () => {
    const line = 'PASSWORD = "fake"';
    assert.equal(apply(line, buildSuppressionFix(request(line, {}))), 'PASSWORD = "fake"  # fixture-lens: ignore[FL105] placeholder credential in test code');
    assert.equal(apply(line, buildSuppressionFix(request(line, { dialect: 'bandit', ruleId: 'B105' }))), 'PASSWORD = "fake"  # nosec B105 # placeholder credential in test code');
    assert.equal(apply(line, buildSuppressionFix(request(line, { dialect: 'ruff', ruleId: 'S105' }))), 'PASSWORD = "fake"  # noqa: S105 # placeholder credential in test code');
  });

  it('merges into an existing directive of the same tool', () => {
    const ruff = 'x = f(password="fake")  # noqa: E501';
    // A directive that ended the line gets the reason as well.
    assert.equal(apply(ruff, buildSuppressionFix(request(ruff, { dialect: 'ruff', ruleId: 'S106' }))), 'x = f(password="fake")  # noqa: E501, S106 # placeholder credential in test code');
    const bandit = 'x = f(password="fake")  # nosec B105 # old reason';
    assert.equal(apply(bandit, buildSuppressionFix(request(bandit, { dialect: 'bandit', ruleId: 'B106' }))), 'x = f(password="fake")  # nosec B105, B106 # old reason');
    const own = 'x = 1  # fixture-lens: ignore[FL201] documented fake';
    assert.equal(apply(own, buildSuppressionFix(request(own, {}))), 'x = 1  # fixture-lens: ignore[FL201,FL105] documented fake');
  });

  it('is idempotent: no fix when the line already suppresses the rule', () => {
    const line = 'x = 1  # noqa: S105, S106';
    assert.equal(buildSuppressionFix(request(line, { dialect: 'ruff', ruleId: 'S106' })), null);
    const blanket = 'x = 1  # nosec';
    assert.equal(buildSuppressionFix(request(blanket, { dialect: 'bandit', ruleId: 'B105' })), null);
    const own = 'x = 1  # fixture-lens: ignore[FL105] reason';
    assert.equal(buildSuppressionFix(request(own, {})), null);
  });

  it('keeps another tool\'s comment and appends after it', () => {
    const line = 'x = "fake"  # noqa: S105';
    assert.equal(apply(line, buildSuppressionFix(request(line, { dialect: 'bandit', ruleId: 'B105' }))), 'x = "fake"  # noqa: S105  # nosec B105 # placeholder credential in test code');
  });

  it('applied through the analysis, a fix suppresses the finding it came from', async () => {
    const text = 'def test_login(client):\n    client.login(password="fake-password")\n';
    const before = await analyzeSource(text, 'tests/test_login.py');
    const finding = before.diagnostics.find((d) => d.ruleId === 'FL105');
    assert.ok(finding);
    const own = finding.fixes.find((f) => f.title.includes('(Fixture Lens)'));
    assert.ok(own);
    assert.deepEqual(finding.fixes.map((f) => f.title.split(':')[0]), [
      'Suppress FL105 on this line (Fixture Lens)',
      'Suppress B106 on this line (Bandit)',
      'Suppress S106 on this line (Ruff)',
    ]);
    const lines = text.split('\n');
    lines[own.edit.row] = apply(lines[own.edit.row], own);
    const after = await analyzeSource(lines.join('\n'), 'tests/test_login.py');
    assert.equal(after.diagnostics.find((d) => d.ruleId === 'FL105')?.suppressed, true);
    assert.equal(after.diagnostics.find((d) => d.ruleId === 'FL105')?.fixes.some((f) => f.title.includes('(Fixture Lens)')), false);
  });

  it('places each dialect where its tool reads it: a string moves every dialect to its end, a continuation moves Ruff only', async () => {
    const text = 'def test_a(client):\n    client.login(password="fake", note=\"\"\"a\nb\"\"\")\n    client.login(password="fake") + \\\n        1\n';
    const analysis = await analyzeSource(text, 'tests/test_a.py');
    const [inString, continued] = analysis.diagnostics.filter((d) => d.ruleId === 'FL105');
    // Fixture Lens reads the finding's rows and the end of a string they end inside; not past a continuation.
    assert.deepEqual(rowsByTool(inString.fixes), { 'Fixture Lens': 2, Bandit: 2, Ruff: 2 });
    assert.deepEqual(rowsByTool(continued.fixes), { Ruff: 4 });
    const own = inString.fixes[0];
    const after = await analyzeSource(applyToText(text, own), 'tests/test_a.py');
    assert.equal(after.diagnostics.find((d) => d.ruleId === 'FL105' && d.span.start.row === 1)?.suppressed, true, 'honoured at the string end');
  });

  it('writes a template reason for genuine risks, which does not suppress until edited', async () => {
    const text = 'import socket\n\ndef test_s():\n    socket.socket().bind(("0.0.0.0", 0))\n';
    const analysis = await analyzeSource(text, 'tests/test_s.py');
    const fl204 = analysis.diagnostics.find((d) => d.ruleId === 'FL204');
    assert.ok(fl204);
    assert.equal(fl204.fixes.length, 1);
    const lines = text.split('\n');
    lines[fl204.fixes[0].edit.row] = apply(lines[fl204.fixes[0].edit.row], fl204.fixes[0]);
    assert.match(lines[3], /# fixture-lens: ignore\[FL204\] <why this is safe>$/);
    const after = await analyzeSource(lines.join('\n'), 'tests/test_s.py');
    assert.equal(after.diagnostics.find((d) => d.ruleId === 'FL204')?.suppressed, false);
  });
});

/** Applies one fix to the whole text (a fix may insert a line). */
function applyToText(text: string, fix: Fix): string {
  const lines = text.split('\n');
  lines[fix.edit.row] = apply(lines[fix.edit.row], fix);
  return lines.join('\n');
}

describe('placement on real code', () => {
  const source = [
    'import os',
    'from unittest import mock',
    '',
    '',
    '@mock.patch.dict(os.environ, {"DB_PASSWORD": "fake"})',
    'def test_multiline(client):',
    '    client.login(',
    '        username="admin",',
    '        password="fake",',
    '    )',
    '    client.login(password="fake")  # legacy client',
    '    client.login(password="fake")  # noqa: E501',
    '',
  ].join('\n');

  it('puts every dialect on the row of the value in a multi-line call, the decorator row, and after an existing comment', async () => {
    const analysis = await analyzeSource(source, 'tests/test_multi.py');
    const findings = analysis.diagnostics.filter((d) => d.ruleId === 'FL105');
    assert.deepEqual(findings.map((f) => f.span.start.row), [4, 8, 10, 11]);
    for (const f of findings) assert.deepEqual(Object.values(rowsByTool(f.fixes)), [f.span.start.row, f.span.start.row, f.span.start.row]);
    const lines = source.split('\n');
    const [, , commented, noqa] = findings;
    assert.equal(apply(lines[10], commented.fixes[2]), '    client.login(password="fake")  # legacy client  # noqa: S106 # placeholder credential in test code (contains "fake")');
    assert.equal(apply(lines[11], noqa.fixes[2]), '    client.login(password="fake")  # noqa: E501, S106 # placeholder credential in test code (contains "fake")');
  });

  it('is idempotent: after applying a fix, the same dialect offers nothing for that finding', async () => {
    const analysis = await analyzeSource(source, 'tests/test_multi.py');
    for (const finding of analysis.diagnostics.filter((d) => d.ruleId === 'FL105')) {
      for (const fix of finding.fixes) {
        const tool = /\(([^)]+)\)/.exec(fix.title)?.[1];
        const after = await analyzeSource(applyToText(source, fix), 'tests/test_multi.py');
        const again = after.diagnostics.find((d) => d.ruleId === 'FL105' && d.span.start.row === finding.span.start.row);
        assert.ok(again, `${tool}: the finding is still analysed`);
        assert.equal(again.suppressed, tool === 'Fixture Lens', `${tool}: only our own directive suppresses our finding`);
        assert.equal(again.fixes.some((f) => f.title.includes(`(${tool})`)), false, `${tool}: no second fix at row ${finding.span.start.row}`);
      }
    }
  });
});

describe('Semgrep placement', () => {
  async function layoutOf(text: string): Promise<{ layout: LineLayout; text: string }> {
    const parsing = await getParsing();
    // Not deleted: the layout asks the tree lazily, and each test's tree is tiny.
    const tree = parsing.parse(text);
    return { layout: treeLineLayout(tree.rootNode, text.split('\n'), collectComments(tree.rootNode, parsing.queries)), text };
  }
  const span = (row: number, column = 4) => ({ start: { row, column }, end: { row, column: column + 1 } });
  const RULE = 'python.lang.security.audit.formatted-sql-query';
  const fixAt = (layout: LineLayout, row: number, ruleId = RULE) => suppressionFixAt({ dialect: 'semgrep', ruleId, justification: 'fixed query in a test', span: span(row), layout });

  it('goes at the end of the first line of the match when it can take a comment', async () => {
    const { layout, text } = await layoutOf('def test_q(db):\n    db.execute("SELECT 1")\n');
    const fix = fixAt(layout, 1);
    assert.ok(fix);
    assert.equal(applyToText(text, fix).split('\n')[1], `    db.execute("SELECT 1")  # nosemgrep: ${RULE} # fixed query in a test`);
  });

  it('goes on its own line above a match whose first line ends inside a multi-line string, once, merging a second rule', async () => {
    const { layout, text } = await layoutOf('def test_q(db):\n    db.execute("""SELECT *\n        FROM t""")\n');
    const fix = fixAt(layout, 1);
    assert.ok(fix);
    assert.match(fix.title, /on the line above/);
    const fixed = applyToText(text, fix);
    assert.deepEqual(fixed.split('\n').slice(1, 3), [`    # nosemgrep: ${RULE} # fixed query in a test`, '    db.execute("""SELECT *']);
    const again = await layoutOf(fixed);
    assert.equal(fixAt(again.layout, 2), null, 'applying twice changes nothing');
    const second = fixAt(again.layout, 2, 'python.lang.security.audit.sqli');
    assert.ok(second);
    assert.equal(applyToText(fixed, second).split('\n')[1], `    # nosemgrep: ${RULE}, python.lang.security.audit.sqli # fixed query in a test`);
  });

  it('offers nothing where a new line would land inside a string or break a continuation', async () => {
    const inString = await layoutOf('def test_q(db):\n    q = """SELECT\n    * FROM t""" + """\n    more"""\n');
    assert.equal(fixAt(inString.layout, 2), null);
    const continued = await layoutOf('def test_q(db):\n    q = 1 + \\\n        db.execute("""SELECT\n        1""")\n');
    assert.equal(fixAt(continued.layout, 2), null);
  });
});
