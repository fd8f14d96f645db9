/** Suppression edits: each tool's dialect, merging into existing directives, idempotence, safe rows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSuppressionFix, type SuppressionRequest } from '../../server/src/analysis/suppression-fixes';
import type { Fix } from '../../server/src/model/types';
import { analyzeSource } from '../helpers/parsing';

function apply(line: string, fix: Fix | null): string {
  assert.ok(fix, 'expected a fix');
  return line.slice(0, fix.edit.startColumn) + fix.edit.newText + line.slice(fix.edit.endColumn);
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
    assert.equal(apply(ruff, buildSuppressionFix(request(ruff, { dialect: 'ruff', ruleId: 'S106' }))), 'x = f(password="fake")  # noqa: E501, S106');
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

  it('offers no fix where a comment would land inside a string or after a continuation', async () => {
    const text = 'def test_a(client):\n    client.login(password="fake", note="""a\nb""")\n    client.login(password="fake") + \\\n        1\n';
    const analysis = await analyzeSource(text, 'tests/test_a.py');
    const findings = analysis.diagnostics.filter((d) => d.ruleId === 'FL105');
    assert.equal(findings.length, 2);
    for (const f of findings) assert.deepEqual(f.fixes, []);
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
