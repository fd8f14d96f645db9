/**
 * The edit behind "suppress every not-applicable finding of this file": each finding's suppression
 * in its scanner's dialect, several on one line merged into one directive per dialect
 * (`# nosec B105, B106 # reason`, `# noqa: S105, S106 # reason`), nothing the line already
 * suppresses, so applying the result twice changes nothing the second time. Pure.
 */
import { buildSuppressionFix, layoutFromStringRows, placeSuppression } from '../analysis/suppression-fixes';
import type { Comment } from '../model/syntax';
import type { LineEdit } from '../model/types';
import { dialectOf } from './to-diagnostics';
import type { FindingVerdict, TriageSyntax } from './types';

/** At most one edit per row, rows ascending; empty when every finding is already suppressed. */
export function suppressAllEdits(syntax: Pick<TriageSyntax, 'lines' | 'comments' | 'uncommentableRows' | 'multilineStrings'>, verdicts: readonly FindingVerdict[]): LineEdit[] {
  const layout = layoutFromStringRows(syntax.lines, syntax.comments, syntax.multilineStrings);
  const byRow = new Map<number, FindingVerdict[]>();
  for (const verdict of verdicts) {
    const { line, tool } = verdict.finding;
    const dialect = dialectOf(tool);
    if (verdict.verdict !== 'not-applicable' || !verdict.justification || line === null || !dialect) continue;
    if (line - 1 >= syntax.lines.length) continue;
    // The row the scanner reads its directive on, as the single quick fix places it (a Ruff
    // finding on a multi-line string: the string's last row). A directive that needs a line of
    // its own above is left to that quick fix: one edit per row keeps this one simple and safe.
    const span = { start: { row: line - 1, column: 0 }, end: { row: line - 1, column: (syntax.lines[line - 1] ?? '').length } };
    const placement = placeSuppression(dialect, span, layout);
    if (!placement || placement.above || syntax.uncommentableRows.includes(placement.row)) continue;
    byRow.set(placement.row, [...(byRow.get(placement.row) ?? []), verdict]);
  }
  const edits: LineEdit[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const original = syntax.lines[row] ?? '';
    const merged = suppressLine(original, syntax.comments.find((c) => c.row === row) ?? null, byRow.get(row) ?? [], row);
    if (merged === original) continue;
    const start = commonPrefixLength(original, merged);
    edits.push({ row, startColumn: start, endColumn: original.length, newText: merged.slice(start) });
  }
  return edits;
}

/**
 * Applies each finding's fix to the line as the previous ones left it, so the second id of a
 * dialect finds the first one's directive and joins its list instead of adding a second comment.
 */
function suppressLine(original: string, originalComment: Comment | null, verdicts: readonly FindingVerdict[], row: number): string {
  let text = original;
  let comment = originalComment;
  for (const verdict of verdicts) {
    const dialect = dialectOf(verdict.finding.tool);
    if (!dialect || !verdict.justification) continue;
    const fix = buildSuppressionFix({ dialect, ruleId: verdict.finding.ruleId, justification: verdict.justification, row, lineText: text, comment });
    if (!fix) continue;
    const { startColumn, endColumn, newText } = fix.edit;
    text = text.slice(0, startColumn) + newText + text.slice(endColumn);
    // A Python comment runs to the end of the line: the first one on it now covers what was added.
    const column = comment ? comment.column : text.indexOf('#', startColumn);
    comment = { row, column, text: text.slice(column) };
  }
  return text;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
