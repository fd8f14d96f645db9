/**
 * The indentation guard blanks lines nested deeper than Python allows. Its quick test (no line
 * indented wider than the limit, no tab or form feed in an indentation) must never skip a text the
 * line-by-line count would change.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { blankTooDeepLines, MAX_INDENT_LEVELS } from '../../server/src/parsing/indentation-guard';

function nested(levels: number, indent: (depth: number) => string): string {
  let text = '';
  for (let depth = 0; depth < levels; depth++) text += `${indent(depth)}if x:\n`;
  return `${text}${indent(levels)}pass\n`;
}

describe('indentation guard', () => {
  it('leaves a text nested as deep as the limit, by spaces or tabs', () => {
    assert.equal(blankTooDeepLines(nested(MAX_INDENT_LEVELS, (d) => ' '.repeat(d))), null);
    assert.equal(blankTooDeepLines(nested(MAX_INDENT_LEVELS, (d) => '\t'.repeat(d))), null);
    assert.equal(blankTooDeepLines('def f():\n    x = (\n' + ' '.repeat(100) + '1)\n'), null);
  });

  it('blanks the lines past the limit, whether spaces, tabs or both indent them', () => {
    for (const indent of [(d: number) => ' '.repeat(d), (d: number) => '\t'.repeat(d), (d: number) => `${'\t'.repeat(d >> 3)}${' '.repeat(d & 7)}`]) {
      const text = nested(MAX_INDENT_LEVELS + 2, indent);
      const blanked = blankTooDeepLines(text);
      assert.notEqual(blanked, null);
      assert.equal(blanked?.length, text.length, 'positions are kept');
      const lines = (blanked ?? '').split('\n');
      assert.equal(lines[MAX_INDENT_LEVELS].trim(), 'if x:');
      assert.equal(lines[MAX_INDENT_LEVELS + 1].trim(), '');
    }
  });

  it('counts a form feed as resetting the indentation, as CPython does', () => {
    assert.equal(blankTooDeepLines(nested(MAX_INDENT_LEVELS + 2, (d) => `\f${' '.repeat(d % 50)}`)), null);
  });
});
