/**
 * `editBetween` finds the one edit between two texts (their common prefix and suffix): checked
 * against a character-by-character search on many random pairs.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { editBetween } from '../../server/src/parsing/trees';

function naive(a: string, b: string): { prefix: number; suffix: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

describe('editBetween', () => {
  it('takes the longest common prefix, then the longest common suffix of the rest', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const textOf = (length: number): string => Array.from({ length }, () => 'ab\n '[random(4)]).join('');
    for (let i = 0; i < 2000; i++) {
      const base = textOf(random(60));
      const at = random(base.length + 1);
      const removed = random(base.length - at + 1);
      const other = base.slice(0, at) + textOf(random(5)) + base.slice(at + removed);
      const { prefix, suffix } = naive(base, other);
      const edit = editBetween(base, other);
      assert.equal(edit.startIndex, prefix, `${JSON.stringify(base)} → ${JSON.stringify(other)}`);
      assert.equal(edit.oldEndIndex, base.length - suffix);
      assert.equal(edit.newEndIndex, other.length - suffix);
    }
  });
});
