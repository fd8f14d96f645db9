/**
 * Inline suppressions: `# fixture-lens: ignore[FL201,FL204] reason`. A suppression without a
 * reason (or with the untouched `<why this is safe>` template) does not count: every suppression
 * must say why (SPEC §5).
 */
import type { InlineSuppression } from '../model/types';

/** Written by quick fixes for genuine risks, where only the user knows why it is safe. */
export const JUSTIFICATION_TEMPLATE = '<why this is safe>';

const DIRECTIVE = /#\s*fixture-lens:\s*ignore\[([A-Za-z0-9_,\s]+)\]\s*(.*)$/;

export function parseSuppression(commentText: string): { ruleIds: string[]; reason: string } | null {
  const match = DIRECTIVE.exec(commentText);
  if (!match) return null;
  const ruleIds = match[1].split(',').map((id) => id.trim().toUpperCase()).filter(Boolean);
  const reason = match[2].trim();
  // An unedited `<...>` template is not a justification.
  return { ruleIds, reason: /^<[^>]*>$/.test(reason) ? '' : reason };
}

export function isSuppressed(ruleId: string, row: number, suppressions: readonly InlineSuppression[]): boolean {
  return suppressions.some((s) => s.row === row && s.reason.length > 0 && s.ruleIds.includes(ruleId));
}
