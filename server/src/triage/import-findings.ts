/**
 * One findings file in, normalised findings out: detects Bandit JSON or SARIF 2.1.0 and reports
 * anything else as one line naming the file and what is wrong. Text in; the caller reads the file.
 */
import { importBanditReport, isBanditReport } from './findings-bandit';
import { importSarifLog, isSarifLog, type SarifLog } from './findings-sarif';
import type { ImportedFinding } from './types';

export interface FindingsFile {
  /** As given on the command line (or in the editor), for messages. */
  readonly file: string;
  readonly format: 'bandit' | 'sarif';
  readonly findings: readonly ImportedFinding[];
  /** The SARIF log as read, kept so output can carry every input result. */
  readonly sarif: SarifLog | null;
}

export type FindingsImport = { readonly ok: true; readonly value: FindingsFile } | { readonly ok: false; readonly error: string };

export function importFindings(text: string, options: { readonly file: string; readonly root: string }): FindingsImport {
  const fail = (what: string): FindingsImport => ({ ok: false, error: `${options.file}: ${what}` });
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail('empty file, expected Bandit JSON or SARIF 2.1.0');
  if (body.includes('\u0000')) return fail('binary file (contains NUL bytes), expected Bandit JSON or SARIF 2.1.0');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (isSarifLog(data)) {
    const result = importSarifLog(data, options);
    return result.ok ? { ok: true, value: { file: options.file, format: 'sarif', findings: result.findings, sarif: result.log ?? null } } : fail(result.error);
  }
  if (isBanditReport(data)) {
    const result = importBanditReport(data, options);
    return result.ok ? { ok: true, value: { file: options.file, format: 'bandit', findings: result.findings, sarif: null } } : fail(result.error);
  }
  return fail('not Bandit JSON or SARIF 2.1.0 (no "results" or "runs")');
}
