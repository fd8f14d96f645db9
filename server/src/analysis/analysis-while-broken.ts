/**
 * What the editor shows while a file does not parse: the analysis of its last text that did, moved
 * by the rows the edits since added or removed, and marked as made of a text with syntax errors.
 *
 * Why not analyse the broken text: while a string or bracket is open (`self.assertEqual(` half
 * typed), tree-sitter's recovery may change the tree far past the edited test, so every keystroke
 * would cost a whole-file analysis (1.2–1.4 s on nova's largest test file) for an answer about a text
 * that is about to change again, and whose tests the recovery may have swallowed. The last answer
 * that parsed, moved with the text, is both cheaper and closer to what the file says once it parses.
 */
import type { Edit } from 'web-tree-sitter';
import type { FileAnalysis, Finding, Span, TestDouble } from '../model/types';
import { deferredAnalysis } from './analyze-edit';
import { shiftRows, type RowShift } from './shift-rows';

/**
 * `analysis` (of `oldText`, the text before `edit`) moved past `edit`: the diagnostics at once, the
 * other fields when first read. What lay on the rows the edit changed is left out (its text is not
 * what it was about, and its columns may not exist any more); rows after them move by the rows added.
 */
export function analysisWhileBroken(analysis: FileAnalysis, oldText: string, edit: Edit): FileAnalysis {
  const shift = rowShiftOf(analysis.path, oldText, edit);
  const isEdited = (row: number): boolean => row >= shift.fromRow && row <= shift.afterRow;
  const touches = (span: Span): boolean => isEdited(span.start.row) || isEdited(span.end.row);
  const isKept = (finding: Finding): boolean => !touches(finding.span) && !finding.fixes.some((fix) => isEdited(fix.edit.row));
  let moved: FileAnalysis | null = null;
  const diagnostics = shiftRows(analysis.diagnostics.filter(isKept), shift);
  return deferredAnalysis(analysis.path, diagnostics, () => (moved ??= {
    path: analysis.path,
    test: shiftRows(analysis.test, shift),
    testGroups: shiftRows(analysis.testGroups, shift),
    doubles: shiftRows(analysis.doubles.filter((double: TestDouble) => !touches(double.span)), shift),
    diagnostics,
    hasSyntaxErrors: true,
    authorization: shiftRows(analysis.authorization, shift),
  }));
}

/**
 * The rows `edit` of `oldText` changed (`fromRow` to `afterRow`, none when `afterRow` is less) and how
 * far the rows after them moved. Lines inserted or removed in a line's indentation, with the code
 * after them at the same column, change no row: that row's code moves whole.
 */
export function rowShiftOf(path: string, oldText: string, edit: Edit): RowShift {
  const { startPosition: start, oldEndPosition: oldEnd, newEndPosition: newEnd } = edit;
  const endRowMovesWhole = newEnd.column === oldEnd.column && /^[ \t\f]*$/.test(oldText.slice(edit.oldEndIndex - oldEnd.column, edit.oldEndIndex));
  return { path, fromRow: start.row, afterRow: endRowMovesWhole ? oldEnd.row - 1 : oldEnd.row, delta: newEnd.row - oldEnd.row };
}
