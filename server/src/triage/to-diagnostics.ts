/**
 * Turns finding verdicts into FL301–FL303 diagnostics at each finding's location, with the verdict
 * in the message and, for not-applicable ones, a suppression fix in the scanner's own dialect.
 */
import { layoutFromStringRows, suppressionFixAt, type SuppressionDialect } from '../analysis/suppression-fixes';
import type { FileAnalysis, Finding, Fix, Severity } from '../model/types';
import type { TriageFile } from './finding-site';
import { triageCodeFor } from './triage-codes';
import { summarizeFindingVerdict } from './triage-findings';
import type { FindingVerdict } from './types';

const DIALECTS: Record<string, SuppressionDialect> = { bandit: 'bandit', ruff: 'ruff', semgrep: 'semgrep' };

/** The suppression dialect of a scanner, or undefined for one without in-source suppressions we write (CodeQL). */
export function dialectOf(tool: string): SuppressionDialect | undefined {
  return Object.hasOwn(DIALECTS, tool) ? DIALECTS[tool] : undefined;
}

export interface DiagnosticOptions {
  /** Severity per code after settings (`off` drops the code). */
  readonly severityOf: (code: string, fallback: Severity) => Severity | 'off';
}

/** Diagnostics for the verdicts of one file; verdicts without a line in it are skipped. */
export function toTriageDiagnostics(file: TriageFile, verdicts: readonly FindingVerdict[], options: DiagnosticOptions): Finding[] {
  const diagnostics: Finding[] = [];
  for (const verdict of verdicts) {
    const line = verdict.finding.line;
    if (line === null || line > file.syntax.lines.length) continue;
    const code = triageCodeFor(verdict.verdict);
    const severity = options.severityOf(code.id, code.defaultSeverity);
    if (severity === 'off') continue;
    const row = line - 1;
    const text = file.syntax.lines[row] ?? '';
    const startColumn = verdict.finding.column !== undefined ? Math.min(verdict.finding.column - 1, text.length) : text.length - text.trimStart().length;
    diagnostics.push({
      ruleId: code.id,
      severity,
      span: { start: { row, column: startColumn }, end: { row, column: Math.max(text.trimEnd().length, startColumn) } },
      message: summarizeFindingVerdict(verdict),
      evidence: verdict.points.flatMap((p) => p.evidence),
      fixes: verdict.verdict === 'not-applicable' ? suppressionFixes(file, verdict, row) : [],
      suppressed: false,
      subject: `${verdict.finding.tool} ${verdict.finding.ruleId}`,
    });
  }
  return diagnostics;
}

/** The scanner's own suppression for the finding's line, where that scanner reads it, with the justification; none where a comment cannot go. */
export function suppressionFixes(file: TriageFile, verdict: FindingVerdict, row: number): Fix[] {
  const dialect = dialectOf(verdict.finding.tool);
  if (!dialect || !verdict.justification) return [];
  const { lines, comments, multilineStrings } = file.syntax;
  const layout = layoutFromStringRows(lines, comments, multilineStrings);
  const span = { start: { row, column: 0 }, end: { row, column: (lines[row] ?? '').length } };
  const fix = suppressionFixAt({ dialect, ruleId: verdict.finding.ruleId, justification: verdict.justification, span, layout });
  return fix ? [fix] : [];
}

/** The analysis with triage diagnostics merged in, in source order. */
export function withTriageDiagnostics(analysis: FileAnalysis, extra: readonly Finding[]): FileAnalysis {
  if (!extra.length) return analysis;
  const diagnostics = [...analysis.diagnostics, ...extra].sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
  return { ...analysis, diagnostics };
}
