/**
 * Builds suppression edits in each tool's own dialect, always with a justification, merged into
 * an existing directive when the line has one, never twice, and placed on the line where that tool
 * looks for it (SPEC §5). Pure: lines and a layout in, an edit out.
 */
import type { Comment } from '../model/syntax';
import type { Fix, Span } from '../model/types';

export type SuppressionDialect = 'fixture-lens' | 'bandit' | 'ruff' | 'semgrep';

export interface SuppressionRequest {
  readonly dialect: SuppressionDialect;
  /** FL105, B106, S106, … */
  readonly ruleId: string;
  readonly justification: string;
  readonly row: number;
  readonly lineText: string;
  /** The comment already on that row, if any. */
  readonly comment: Comment | null;
  /**
   * Put the directive on a line of its own above `row` (Semgrep's "preceding line" form) rather than
   * at the end of `row`; `lineText` is then the line the new one is inserted before.
   */
  readonly above?: boolean;
}

/**
 * What placement needs to know about a file beyond its text: where multi-line strings run (a comment
 * there would be part of the string). Answered from the syntax tree by the caller.
 */
export interface LineLayout {
  readonly lines: readonly string[];
  readonly comments: readonly Comment[];
  /** When `row` ends inside a multi-line string: the row where that string ends; else null. */
  stringEndAfter(row: number): number | null;
  /** True when `row` begins inside a multi-line string, so a line inserted above it would join the string. */
  startsInsideString(row: number): boolean;
}

/** A layout from the row ranges of the multi-line strings (0-based, inclusive), for callers without a tree. */
export function layoutFromStringRows(lines: readonly string[], comments: readonly Comment[], strings: ReadonlyArray<{ readonly start: number; readonly end: number }>): LineLayout {
  return {
    lines,
    comments,
    stringEndAfter: (row) => strings.find((s) => s.start <= row && row < s.end)?.end ?? null,
    startsInsideString: (row) => strings.some((s) => s.start < row && row <= s.end),
  };
}

/** Where a directive goes: at the end of `row`, or on a new line inserted above it. */
export interface Placement {
  readonly row: number;
  readonly above: boolean;
}

const DIRECTIVES: Record<SuppressionDialect, { find: RegExp; blanket: RegExp | null; label: string }> = {
  'fixture-lens': { find: /(#\s*fixture-lens:\s*ignore\[)([A-Za-z0-9_,\s]*)(\])/, blanket: null, label: 'Fixture Lens' },
  bandit: { find: /(#\s*nosec:?\s*)((?:[A-Z]\d{3}(?:\s*,\s*|\s+)?)*)/i, blanket: /#\s*nosec\b(?!:?\s*[A-Z]\d{3})/i, label: 'Bandit' },
  ruff: { find: /(#\s*noqa:\s*)((?:[A-Z]+\d+(?:\s*,\s*|\s+)?)*)/, blanket: /#\s*noqa\b(?!:)/i, label: 'Ruff' },
  // Semgrep ids are dotted paths (`python.lang.security.audit.eval-detected`); a bare `# nosemgrep` ignores every rule.
  semgrep: { find: /(#\s*nosem(?:grep)?:\s*)((?:[\w.:-]+(?:\s*,\s*|\s+(?!#))?)*)/i, blanket: /#\s*nosem(?:grep)?\b(?!:)/i, label: 'Semgrep' },
};

/**
 * The line each tool reads a directive from, for a finding at `span`:
 * - Fixture Lens honours a directive on any row of the span or where a string it ends in ends
 *   (`fixtureLensRows`): the last row of the span that can take a comment, else that string end.
 * - Ruff reads the row where the violation starts; a row inside a multi-line string maps to the row
 *   the string ends on, a row continued with `\` to the end of the continuation
 *   (https://docs.astral.sh/ruff/linter/#error-suppression).
 * - Bandit (1.7.5+) reads every row of the flagged node's range and, for a multi-line string, its
 *   last row (PyCQA/bandit#915): the start row, or the end of the string it lies in. Whether a
 *   continuation row is in the node's range depends on the node, so none is offered there.
 * - Semgrep reads the first row of the match, or a comment alone on the row above it
 *   (https://semgrep.dev/docs/ignore-oss): the row itself, else a new line above it.
 * Null when the tool has no place a comment can go without changing the code.
 */
export function placeSuppression(dialect: SuppressionDialect, span: Span, layout: LineLayout): Placement | null {
  const isContinued = (row: number): boolean => /\\\s*$/.test(layout.lines[row] ?? '');
  const canTakeComment = (row: number): boolean => !isContinued(row) && layout.stringEndAfter(row) === null;
  switch (dialect) {
    case 'fixture-lens': {
      for (let row = span.end.row; row >= span.start.row; row--) if (canTakeComment(row)) return { row, above: false };
      const stringEnd = layout.stringEndAfter(span.end.row);
      return stringEnd !== null && canTakeComment(stringEnd) ? { row: stringEnd, above: false } : null;
    }
    case 'ruff': {
      let row = span.start.row;
      // Each step moves down; the bound only guards against a layout that contradicts itself.
      for (let steps = 0; steps < layout.lines.length && row < layout.lines.length; steps++) {
        const stringEnd = layout.stringEndAfter(row);
        if (stringEnd !== null && stringEnd > row) row = stringEnd;
        else if (isContinued(row)) row++;
        else return { row, above: false };
      }
      return null;
    }
    case 'bandit': {
      const row = span.start.row;
      if (isContinued(row)) return null;
      const stringEnd = layout.stringEndAfter(row);
      if (stringEnd === null) return { row, above: false };
      return stringEnd > row && canTakeComment(stringEnd) ? { row: stringEnd, above: false } : null;
    }
    case 'semgrep': {
      const row = span.start.row;
      if (canTakeComment(row)) return { row, above: false };
      const isAfterContinuation = row > 0 && isContinued(row - 1);
      return layout.startsInsideString(row) || isAfterContinuation ? null : { row, above: true };
    }
  }
}

/** The rows where our own directive suppresses a finding at `span`: its rows, and the end of a string one of them ends inside. */
export function fixtureLensRows(span: Span, layout: LineLayout): number[] {
  const rows = new Set<number>();
  for (let row = span.start.row; row <= span.end.row; row++) {
    rows.add(row);
    const stringEnd = layout.stringEndAfter(row);
    if (stringEnd !== null) rows.add(stringEnd);
  }
  return [...rows];
}

/** Placement and edit in one: the fix for a finding at `span`, or null (no place, or already suppressed). */
export function suppressionFixAt(request: { dialect: SuppressionDialect; ruleId: string; justification: string; span: Span; layout: LineLayout }): Fix | null {
  const { layout } = request;
  const placement = placeSuppression(request.dialect, request.span, layout);
  if (!placement) return null;
  // For a new line above, the directive that matters is one already alone on the line above.
  const commentRow = placement.above ? placement.row - 1 : placement.row;
  const comment = layout.comments.find((c) => c.row === commentRow && (!placement.above || (layout.lines[commentRow] ?? '').trimStart().startsWith('#'))) ?? null;
  if (placement.above && comment) return buildSuppressionFix({ ...request, row: commentRow, lineText: layout.lines[commentRow] ?? '', comment });
  return buildSuppressionFix({ ...request, row: placement.row, lineText: layout.lines[placement.row] ?? '', comment, above: placement.above });
}

/** Returns the fix, or null when the line already suppresses this rule in this dialect. */
export function buildSuppressionFix(request: SuppressionRequest): Fix | null {
  const { dialect, ruleId, justification, row, lineText, comment } = request;
  const directive = DIRECTIVES[dialect];
  const reason = justification.replace(/[\r\n#]+/g, ' ').trim();
  const where = request.above ? 'on the line above' : 'on this line';
  const title = `Suppress ${ruleId} ${where} (${directive.label}): ${reason}`;
  if (comment) {
    if (directive.blanket?.test(comment.text)) return null;
    const existing = directive.find.exec(comment.text);
    if (existing) {
      // Compared without case (Bandit and Ruff ids are upper-case by convention), merged as written.
      const ids = existing[2].split(/[\s,]+/).filter(Boolean);
      if (ids.some((id) => id.toUpperCase() === ruleId.toUpperCase())) return null;
      const merged = [...ids, ruleId].join(dialect === 'fixture-lens' ? ',' : ', ');
      const idsStart = comment.column + existing.index + existing[1].length;
      const idsEnd = idsStart + existing[2].length;
      // A directive that ends the line gets the reason too: every suppression says why.
      const isBare = dialect !== 'fixture-lens' && lineText.slice(idsEnd).trim() === '';
      if (isBare) return { title, edit: { row, startColumn: idsStart, endColumn: lineText.trimEnd().length, newText: `${merged} # ${reason}` } };
      const trailing = dialect === 'fixture-lens' ? '' : existing[2].endsWith(' ') ? ' ' : '';
      return { title, edit: { row, startColumn: idsStart, endColumn: idsEnd, newText: `${merged}${trailing}` } };
    }
  }
  const text = directiveText(dialect, ruleId, reason);
  if (request.above) {
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
    return { title, edit: { row, startColumn: 0, endColumn: 0, newText: `${indent}${text}\n` } };
  }
  const end = lineText.replace(/[\r\n]+$/, '').length;
  const trimmedEnd = lineText.slice(0, end).trimEnd().length;
  return { title, edit: { row, startColumn: trimmedEnd, endColumn: end, newText: `  ${text}` } };
}

/** The directive plus its justification; a second `#` ends the id list for Bandit, Ruff and Semgrep. */
function directiveText(dialect: SuppressionDialect, ruleId: string, reason: string): string {
  switch (dialect) {
    case 'fixture-lens':
      return `# fixture-lens: ignore[${ruleId}] ${reason}`;
    case 'bandit':
      return `# nosec ${ruleId} # ${reason}`;
    case 'ruff':
      return `# noqa: ${ruleId} # ${reason}`;
    case 'semgrep':
      return `# nosemgrep: ${ruleId} # ${reason}`;
  }
}
