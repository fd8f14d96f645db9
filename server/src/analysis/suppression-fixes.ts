/**
 * Builds suppression edits in each tool's own dialect, always with a justification, merged into
 * an existing directive when the line has one, and never twice (SPEC §5). Pure text in, edit out.
 */
import type { Comment } from '../model/syntax';
import type { Fix } from '../model/types';

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
}

const DIRECTIVES: Record<SuppressionDialect, { find: RegExp; blanket: RegExp | null; label: string }> = {
  'fixture-lens': { find: /(#\s*fixture-lens:\s*ignore\[)([A-Za-z0-9_,\s]*)(\])/, blanket: null, label: 'Fixture Lens' },
  bandit: { find: /(#\s*nosec:?\s*)((?:[A-Z]\d{3}(?:\s*,\s*|\s+)?)*)/i, blanket: /#\s*nosec\b(?!:?\s*[A-Z]\d{3})/i, label: 'Bandit' },
  ruff: { find: /(#\s*noqa:\s*)((?:[A-Z]+\d+(?:\s*,\s*|\s+)?)*)/, blanket: /#\s*noqa\b(?!:)/i, label: 'Ruff' },
  // Semgrep ids are dotted paths (`python.lang.security.audit.eval-detected`); a bare `# nosemgrep` ignores every rule.
  semgrep: { find: /(#\s*nosem(?:grep)?:\s*)((?:[\w.:-]+(?:\s*,\s*|\s+(?!#))?)*)/i, blanket: /#\s*nosem(?:grep)?\b(?!:)/i, label: 'Semgrep' },
};

/** Returns the fix, or null when the line already suppresses this rule in this dialect. */
export function buildSuppressionFix(request: SuppressionRequest): Fix | null {
  const { dialect, ruleId, justification, row, lineText, comment } = request;
  const directive = DIRECTIVES[dialect];
  const reason = justification.replace(/[\r\n#]+/g, ' ').trim();
  const title = `Suppress ${ruleId} on this line (${directive.label}): ${reason}`;
  if (comment) {
    if (directive.blanket?.test(comment.text)) return null;
    const existing = directive.find.exec(comment.text);
    if (existing) {
      // Compared without case (Bandit and Ruff ids are upper-case by convention), merged as written.
      const ids = existing[2].split(/[\s,]+/).filter(Boolean);
      if (ids.some((id) => id.toUpperCase() === ruleId.toUpperCase())) return null;
      const merged = [...ids, ruleId].join(dialect === 'fixture-lens' ? ',' : ', ');
      const idsStart = comment.column + existing.index + existing[1].length;
      const trailing = dialect === 'fixture-lens' ? '' : existing[2].endsWith(' ') ? ' ' : '';
      return { title, edit: { row, startColumn: idsStart, endColumn: idsStart + existing[2].length, newText: `${merged}${trailing}` } };
    }
  }
  const text = directiveText(dialect, ruleId, reason);
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
