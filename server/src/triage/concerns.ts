/**
 * Which concern a scanner finding raises, from `knowledge/finding-concerns.json`: the tool's own
 * rule id, then Bandit/Ruff-shaped ids from any tool, then CWE, then Semgrep rule-id patterns.
 */
import table from '../knowledge/finding-concerns.json';
import type { ImportedFinding } from './types';

export type Concern = keyof typeof table.concerns;

const RULES: Record<string, Record<string, string>> = table.rules;
const CWE: Record<string, string> = table.cwe;
const SEMGREP = table.semgrepPatterns.map((entry) => ({ pattern: new RegExp(entry.pattern, 'i'), concern: entry.concern }));

export function concernOf(finding: Pick<ImportedFinding, 'tool' | 'ruleId' | 'cwe'>): Concern {
  const id = finding.ruleId.trim();
  const own = RULES[finding.tool]?.[id] ?? RULES[finding.tool]?.[id.toUpperCase()];
  if (own) return own as Concern;
  // Bandit and Ruff ids are recognisable whatever tool re-emits them (flake8-bandit, SARIF converters).
  const shaped = /^B\d{3}$/i.test(id) ? RULES.bandit[id.toUpperCase()] : /^S\d{3}$/i.test(id) ? RULES.ruff[id.toUpperCase()] : undefined;
  if (shaped) return shaped as Concern;
  if (id.startsWith('py/') && RULES.codeql[id]) return RULES.codeql[id] as Concern;
  // CWE tags are more reliable than rule-id words, so they come first; Semgrep ids are the fallback.
  for (const cwe of finding.cwe) {
    const concern = CWE[cwe.replace(/^CWE-/i, '')];
    if (concern) return concern as Concern;
  }
  if (finding.tool === 'semgrep' || /^(python|generic)\./.test(id)) {
    const pattern = SEMGREP.find((entry) => entry.pattern.test(id));
    if (pattern) return pattern.concern as Concern;
  }
  return 'unknown';
}

/** The concern in words, for messages ("hard-coded credential"). */
export function concernTitle(concern: string): string {
  return (table.concerns as Record<string, string>)[concern] ?? concern;
}
