/**
 * Reads Bandit's JSON report (`bandit -f json`): `results[]` with filename, line_number,
 * col_offset, test_id, issue_text, issue_cwe. Validates each result; never throws.
 */
import { toRootRelative, type PathBase } from './finding-paths';
import type { ImportedFinding } from './types';

const LEVELS: Record<string, 'error' | 'warning' | 'note'> = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note', UNDEFINED: 'note' };

export type ImportResult = { readonly ok: true; readonly findings: readonly ImportedFinding[] } | { readonly ok: false; readonly error: string };

/** True when `data` is shaped like a Bandit report (a `results` array, no SARIF `runs`). */
export function isBanditReport(data: unknown): data is { results: unknown[] } {
  return isObject(data) && Array.isArray(data.results) && !('runs' in data);
}

export function importBanditReport(data: { results: unknown[] }, options: PathBase & { readonly file: string }): ImportResult {
  const findings: ImportedFinding[] = [];
  for (const [index, result] of data.results.entries()) {
    const where = `results[${index}]`;
    if (!isObject(result)) return { ok: false, error: `${where} is not an object` };
    const filename = result.filename;
    const testId = result.test_id;
    const line = result.line_number;
    if (typeof filename !== 'string' || filename === '') return { ok: false, error: `${where}: "filename" is missing or not a string` };
    if (typeof testId !== 'string' || testId === '') return { ok: false, error: `${where}: "test_id" is missing or not a string` };
    if (!Number.isInteger(line) || (line as number) < 1) return { ok: false, error: `${where}: "line_number" is not a positive integer` };
    const column = Number.isInteger(result.col_offset) && (result.col_offset as number) >= 0 ? (result.col_offset as number) + 1 : undefined;
    const range = Array.isArray(result.line_range) ? result.line_range.filter((n): n is number => Number.isInteger(n)) : [];
    const endLine = range.length ? Math.max(...range) : undefined;
    findings.push({
      tool: 'bandit',
      ruleId: testId,
      path: toRootRelative(filename, options),
      line: line as number,
      ...(column !== undefined ? { column } : {}),
      ...(endLine !== undefined && endLine > (line as number) ? { endLine } : {}),
      message: typeof result.issue_text === 'string' ? result.issue_text : testId,
      ...(typeof result.issue_severity === 'string' && LEVELS[result.issue_severity.toUpperCase()] ? { level: LEVELS[result.issue_severity.toUpperCase()] } : {}),
      cwe: banditCwe(result.issue_cwe),
      source: { file: options.file, run: 0, index },
    });
  }
  return { ok: true, findings };
}

/** `issue_cwe: {id: 259, link: …}` (Bandit ≥ 1.7.3); older reports have none. */
function banditCwe(value: unknown): string[] {
  if (isObject(value) && (typeof value.id === 'number' || typeof value.id === 'string') && String(value.id) !== '' && String(value.id) !== '0') {
    return [`CWE-${value.id}`];
  }
  return [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
