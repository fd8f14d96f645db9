/**
 * Inputs that must never crash the core (SPEC §7): CRLF, tabs, astral-plane characters with
 * UTF-16 columns, syntax errors, deep nesting, very large files.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../helpers/parsing';

describe('robustness', () => {
  it('reports UTF-16 columns after astral-plane and non-ASCII characters', async () => {
    const text = 'def test_x(client):\n    client.login(note="é😀", password="fake")\n';
    const analysis = await analyzeSource(text, 'tests/test_x.py');
    const finding = analysis.diagnostics.find((d) => d.ruleId === 'FL105');
    assert.ok(finding);
    // `😀` is two UTF-16 code units; LSP and VS Code count columns the same way.
    assert.equal(finding.span.start.column, text.split('\n')[1].indexOf('"fake"'));
  });

  it('handles CRLF line endings and tabs', async () => {
    const text = 'def test_x(client):\r\n\tclient.login(password="fake")\r\n';
    const analysis = await analyzeSource(text, 'tests/test_x.py');
    const finding = analysis.diagnostics.find((d) => d.ruleId === 'FL105');
    assert.ok(finding);
    assert.deepEqual(finding.span.start, { row: 1, column: 23 });
    assert.equal(finding.evidence[0].text, 'client.login(password="fake")');
  });

  it('survives garbage, unbalanced brackets and 1,000-deep nesting', async () => {
    for (const text of ['(((((', 'def (:\n  ]]]\n', '\u0000\u0001\u0002', 'x = ' + '('.repeat(1000) + '1' + ')'.repeat(1000) + '\n', '[' .repeat(1000)]) {
      const analysis = await analyzeSource(text, 'tests/test_garbage.py');
      assert.equal(typeof analysis.test.isTest, 'boolean');
    }
  });

  it('survives 1,000 nested blocks, beyond what Python accepts, and analyses the rest', async () => {
    let text = 'def test_top(client):\n    client.login(password="fake")\n';
    for (let depth = 0; depth < 1000; depth++) text += `${' '.repeat(depth)}if x:\n`;
    text += `${' '.repeat(1000)}password = "fake"\n`;
    const analysis = await analyzeSource(text, 'tests/test_deep.py');
    assert.equal(analysis.hasSyntaxErrors, true);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.ruleId === 'FL105').map((d) => d.span.start.row), [1]);
    // The parser is still healthy afterwards.
    const next = await analyzeSource('def test_b(client):\n    client.login(password="fake")\n', 'tests/test_b.py');
    assert.equal(next.diagnostics.length, 1);
  });

  it('analyses 100 nested blocks, the most Python accepts, in full', async () => {
    let text = '';
    for (let depth = 0; depth < 100; depth++) text += `${' '.repeat(depth)}if x:\n`;
    text += `${' '.repeat(100)}password = "fake"\n`;
    const analysis = await analyzeSource(text, 'tests/test_deep.py');
    assert.equal(analysis.diagnostics.filter((d) => d.ruleId === 'FL105').length, 1);
  });

  it('analyses a 10 MB file', async () => {
    const block = 'class TestGenerated(unittest.TestCase):\n    def test_a(self):\n        self.useFixture(fx.Thing())\n        login(password="fake")\n\n';
    const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
    const analysis = await analyzeSource(text, 'tests/test_big.py');
    assert.equal(analysis.doubles.length, Math.ceil((10 * 1024 * 1024) / block.length));
  });
});
