/**
 * Keeps scanner lines on their code while a file is edited: each edit becomes a row shift, and a
 * finding's line is carried through the shifts made since its findings were loaded (as an editor
 * carries a marker), or dropped when its line was deleted. Pure.
 */

/** One edit in row terms (0-based rows of the text before and after it). */
export interface LineShift {
  readonly startRow: number;
  /** The last row the edit replaced, in the text before it. */
  readonly oldEndRow: number;
  /** The last row the inserted text reaches, in the text after it. */
  readonly newEndRow: number;
  /**
   * True when the edit replaces whole lines with whole lines (it starts and ends at line starts and
   * inserts nothing or text ending in a line break): the rows it covered are gone, `oldEndRow` moves.
   */
  readonly isWholeLines: boolean;
}

/**
 * The shift made by replacing `oldText[startIndex, oldEndIndex)` with `newText`. A change that
 * repeats text on either side (a client may resend the whole document) is first narrowed to what
 * differs; a region that keeps its number of lines keeps its lines where they are.
 */
export function lineShiftOf(oldText: string, wide: { readonly startIndex: number; readonly oldEndIndex: number; readonly newText: string }): LineShift {
  const change = narrow(oldText, wide);
  const before = oldText.slice(0, change.startIndex);
  const startRow = countLineBreaks(before);
  const oldEndRow = startRow + countLineBreaks(oldText.slice(change.startIndex, change.oldEndIndex));
  const newEndRow = startRow + countLineBreaks(change.newText);
  const isAtLineStart = (index: number): boolean => index === 0 || /[\r\n]/.test(oldText[index - 1] ?? '');
  const isWholeLines = isAtLineStart(change.startIndex) && isAtLineStart(change.oldEndIndex) && (change.newText === '' || /[\r\n]$/.test(change.newText));
  // As many lines out as in: edited in place, line for line.
  if (oldEndRow === newEndRow) return { startRow, oldEndRow: startRow, newEndRow: startRow, isWholeLines: false };
  return { startRow, oldEndRow, newEndRow, isWholeLines };
}

/** The same change without the text it leaves as it was at its start and end. */
function narrow(oldText: string, change: { readonly startIndex: number; readonly oldEndIndex: number; readonly newText: string }) {
  const { startIndex, oldEndIndex, newText } = change;
  const oldLength = oldEndIndex - startIndex;
  let prefix = 0;
  while (prefix < oldLength && prefix < newText.length && oldText[startIndex + prefix] === newText[prefix]) prefix++;
  let suffix = 0;
  while (suffix < oldLength - prefix && suffix < newText.length - prefix && oldText[oldEndIndex - 1 - suffix] === newText[newText.length - 1 - suffix]) suffix++;
  // Only whole lines count as unchanged: similar neighbouring lines must not be taken for one another.
  if (prefix > 0) prefix = Math.max(newText.lastIndexOf('\n', prefix - 1), newText.lastIndexOf('\r', prefix - 1)) + 1;
  while (suffix > 0 && !(isBreak(oldText[oldEndIndex - suffix - 1]) && isBreak(newText[newText.length - suffix - 1]))) suffix--;
  return { startIndex: startIndex + prefix, oldEndIndex: oldEndIndex - suffix, newText: newText.slice(prefix, newText.length - suffix) };
}

/** A 1-based line carried through the shifts in order, or null when an edit removed it. */
export function mapLine(line: number, shifts: readonly LineShift[]): number | null {
  let row = line - 1;
  for (const shift of shifts) {
    const delta = shift.newEndRow - shift.oldEndRow;
    if (row < shift.startRow) continue;
    if (shift.isWholeLines) {
      // Rows startRow..oldEndRow-1 were replaced; oldEndRow is the first line after the edit.
      if (row < shift.oldEndRow) return null;
      row += delta;
    } else if (row > shift.oldEndRow) {
      row += delta;
    } else if (row !== shift.startRow) {
      // The edit's first line keeps its place (edited in part); lines it ran into are gone.
      return null;
    }
  }
  return row + 1;
}

function isBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}
