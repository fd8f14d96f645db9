/**
 * Line breaks as LSP clients count them (`\n`, `\r\n` and a lone `\r`): spans, evidence and fixes name
 * the same line in every style, and incremental reparses across lone `\r` equal a fresh parse.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reparseEdit, TreeCache } from '../../server/src/parsing/trees';
import { unifyLoneCarriageReturns } from '../../server/src/parsing/parser';
import { analyzeSource, assertReparseEqualsFreshParse, getParsing } from '../helpers/parsing';

const LINES = ['import os', 'def test_x(client):', '    client.login(password="fake")', ''];

describe('line breaks', () => {
  for (const [style, eol] of [
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['lone \\r', '\r'],
  ] as const) {
    it(`${style}: the finding, its evidence and its fix are on line 3`, async () => {
      const analysis = await analyzeSource(LINES.join(eol), 'tests/test_x.py');
      assert.equal(analysis.hasSyntaxErrors, false);
      const [finding] = analysis.diagnostics;
      assert.equal(finding.ruleId, 'FL105');
      assert.deepEqual(finding.span, { start: { row: 2, column: 26 }, end: { row: 2, column: 32 } });
      assert.deepEqual(finding.evidence.map((e) => [e.line, e.text]), [[3, 'client.login(password="fake")']]);
      assert.deepEqual(
        finding.fixes.map((f) => [f.edit.row, f.edit.startColumn, f.edit.endColumn]),
        [
          [2, 33, 33],
          [2, 33, 33],
          [2, 33, 33],
        ],
      );
    });
  }

  it('mixed styles in one file count every break once', async () => {
    const analysis = await analyzeSource('import os\r\ndef test_x(client):\r\r\n    client.login(password="fake")\n', 'tests/test_x.py');
    assert.deepEqual(analysis.diagnostics.map((d) => d.span.start), [{ row: 3, column: 26 }]);
  });

  it('unifies only lone carriage returns, keeping the length', () => {
    assert.equal(unifyLoneCarriageReturns('a\r\nb\rc\r'), 'a\r\nb\nc\n');
    assert.equal(unifyLoneCarriageReturns('a\r\nb\n'), null);
    assert.equal(unifyLoneCarriageReturns(''), null);
  });

  it('incremental reparses that add or remove a lone \\r equal a fresh parse', async () => {
    const parsing = await getParsing();
    const cache = new TreeCache(parsing);
    let text = LINES.join('\r\n');
    let version = 1;
    cache.get('u', version, text);
    // \r\n → \r (delete \n), then back, then a \r inserted before a \r\n, then all breaks made \n.
    const changes = [
      { startIndex: 10, oldEndIndex: 11, newText: '' },
      { startIndex: 10, oldEndIndex: 10, newText: '\n' },
      { startIndex: 9, oldEndIndex: 9, newText: '\r' },
      { startIndex: 0, oldEndIndex: -1, newText: LINES.join('\n') },
    ];
    for (const change of changes) {
      const oldEndIndex = change.oldEndIndex < 0 ? text.length : change.oldEndIndex;
      cache.edit('u', reparseEdit(text, { ...change, oldEndIndex }));
      text = text.slice(0, change.startIndex) + change.newText + text.slice(oldEndIndex);
      assertReparseEqualsFreshParse(parsing, cache, 'u', ++version, text);
    }
    cache.clear();
  });
});
