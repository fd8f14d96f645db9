/**
 * The edit behind "suppress every not-applicable finding of this file": each finding's suppression
 * in its scanner's dialect, several on one line merged into one directive per dialect
 * (`# nosec B105, B106 # reason`, `# noqa: S105, S106 # reason`), nothing the line already
 * suppresses, so applying the result twice changes nothing the second time. Pure.
 */
import { buildSuppressionFix } from '../analysis/suppression-fixes';
import type { Comment } from '../model/syntax';
import type { LineEdit } from '../model/types';
import { dialectOf } from './to-diagnostics';
import type { FindingVerdict, TriageSyntax } from './types';

/** At most one edit per row, rows ascending; empty when every finding is already suppressed. */
export function suppressAllEdits(syntax: Pick<TriageSyntax, 'lines' | 'comments' | 'uncommentableRows'>, verdicts: readonly FindingVerdict[]): LineEdit[] {
  const byRow = new Map<number, FindingVerdict[]>();
  for (const verdict of verdicts) {
    const { line, tool } = verdict.finding;
    if (verdict.verdict !== 'not-applicable' || !verdict.justification || line === null || !dialectOf(tool)) continue;
    const row = line - 1;
    if (row >= syntax.lines.length || syntax.uncommentableRows.includes(row)) continue;
    byRow.set(row, [...(byRow.get(row) ?? []), verdict]);
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
