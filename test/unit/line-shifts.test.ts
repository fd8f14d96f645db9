/** Scanner lines carried through edits: inserts above, edits on the line, whole-line deletes and joins. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineShiftOf, mapLine } from '../../server/src/triage/line-shifts';

const TEXT = 'a = 1\nb = 2\nc = 3\nd = 4\n';

/** The shift of replacing `old` (first occurrence) by `replacement` in TEXT. */
function shiftFor(old: string, replacement: string, text = TEXT) {
  const startIndex = text.indexOf(old);
  assert.ok(startIndex >= 0, old);
  return lineShiftOf(text, { startIndex, oldEndIndex: startIndex + old.length, newText: replacement });
}

function insertAt(index: number, newText: string, text = TEXT) {
  return lineShiftOf(text, { startIndex: index, oldEndIndex: index, newText });
}

describe('line shifts', () => {
  it('moves lines below an insertion and keeps those above', () => {
    const shift = insertAt(TEXT.indexOf('b = 2'), 'x = 0\ny = 0\n');
    assert.deepEqual([1, 2, 3, 4].map((line) => mapLine(line, [shift])), [1, 4, 5, 6]);
  });

  it('keeps a line edited in place, and one where Enter was pressed at its end', () => {
    assert.deepEqual([1, 2, 3].map((line) => mapLine(line, [shiftFor('2', '22')])), [1, 2, 3]);
    const enter = insertAt(TEXT.indexOf('\nc = 3'), '\n    ');
    assert.deepEqual([2, 3, 4].map((line) => mapLine(line, [enter])), [2, 4, 5]);
  });

  it('drops a deleted line and the line a join ran into', () => {
    const deleted = shiftFor('b = 2\n', '');
    assert.deepEqual([1, 2, 3, 4].map((line) => mapLine(line, [deleted])), [1, null, 2, 3]);
    const joined = shiftFor('2\nc', '2; c');
    assert.deepEqual([2, 3, 4].map((line) => mapLine(line, [joined])), [2, null, 3]);
  });

  it('narrows a resent document to the lines that changed, and never takes a similar line for another', () => {
    const commented = TEXT.replace('b = 2', 'b = 2  # noqa').replace('d = 4', 'd = 4  # nosec');
    const resent = lineShiftOf(TEXT, { startIndex: 0, oldEndIndex: TEXT.length, newText: commented });
    assert.deepEqual([1, 2, 3, 4].map((line) => mapLine(line, [resent])), [1, 2, 3, 4]);
    const inserted = lineShiftOf(TEXT, { startIndex: 0, oldEndIndex: TEXT.length, newText: `a = 1\nnew\n${TEXT.slice(6)}` });
    assert.deepEqual([1, 2, 3, 4].map((line) => mapLine(line, [inserted])), [1, 3, 4, 5]);
    const similar = 'x\nc = 3\nc = 4\ny\n';
    const withoutFirst = lineShiftOf(similar, { startIndex: 0, oldEndIndex: similar.length, newText: 'x\nc = 4\ny\n' });
    assert.deepEqual([1, 2, 3, 4].map((line) => mapLine(line, [withoutFirst])), [1, null, null, 3], 'dropped rather than misattributed');
    const leadingBreak = lineShiftOf('a\n', { startIndex: 0, oldEndIndex: 0, newText: '\n' });
    assert.equal(mapLine(1, [leadingBreak]), 2);
  });

  it('composes edits in order and counts CRLF as one break', () => {
    const crlf = 'a\r\nb\r\nc\r\n';
    const first = insertAt(0, 'top\r\n', crlf);
    const afterFirst = `top\r\n${crlf}`;
    const second = lineShiftOf(afterFirst, { startIndex: afterFirst.indexOf('b'), oldEndIndex: afterFirst.indexOf('c'), newText: '' });
    assert.deepEqual([1, 2, 3].map((line) => mapLine(line, [first, second])), [2, null, 3]);
  });
});
