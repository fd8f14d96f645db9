/**
 * Turns analyses into the CLI JSON contract (`schemaVersion` 1): 1-based lines and columns,
 * root-relative POSIX paths. Pure; shared by every JSON-shaped output.
 */
import type { Evidence, FileAnalysis, Finding, TestDouble } from '../model/types';
import type { ClaimEntry, DiagnosticEntry, DoubleEntry, FileEntry, FindingEntry } from '../protocol/panel-model';
import type { ClaimVerdict, FindingVerdict } from '../triage/types';
import { VERDICTS } from '../triage/types';

export const SCHEMA_VERSION = 1;
export const TOOL = { name: 'fixture-lens', version: '0.1.0' } as const;

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface ReportInput {
  readonly root: string;
  readonly files: readonly FileAnalysis[];
  readonly skipped: readonly SkippedFile[];
  readonly elapsedMs: number;
  /** Triage results, when findings or a review were given. */
  readonly triage?: ReportTriage;
}

export interface ReportTriage {
  readonly findings: ReadonlyMap<string, readonly FindingVerdict[]>;
  readonly claims: ReadonlyMap<string, readonly ClaimVerdict[]>;
  /** Verdicts for findings about files that were not analysed. */
  readonly unmatched: readonly FindingVerdict[];
}

export function toReport(input: ReportInput): object {
  const diagnosticCounts: Record<string, number> = {};
  for (const file of input.files) {
    for (const d of file.diagnostics) if (!d.suppressed) diagnosticCounts[d.ruleId] = (diagnosticCounts[d.ruleId] ?? 0) + 1;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: TOOL,
    root: input.root,
    files: input.files.map((file) => toFileEntry(file, input.triage)),
    skipped: input.skipped,
    ...(input.triage?.unmatched.length ? { unmatchedFindings: input.triage.unmatched.map((v) => ({ path: v.finding.path, ...findingEntry(v) })) } : {}),
    summary: {
      files: input.files.length,
      testFiles: input.files.filter((f) => f.test.isTest).length,
      skippedFiles: input.skipped.length,
      diagnostics: diagnosticCounts,
      findings: countVerdicts([...[...(input.triage?.findings.values() ?? [])].flat(), ...(input.triage?.unmatched ?? [])]),
      claims: countVerdicts([...(input.triage?.claims.values() ?? [])].flat()),
      elapsedMs: Math.round(input.elapsedMs),
    },
  };
}

export function toFileEntry(file: FileAnalysis, triage?: ReportTriage): FileEntry {
  return {
    path: file.path,
    test: file.test,
    hasSyntaxErrors: file.hasSyntaxErrors,
    doubles: file.doubles.map(doubleEntry),
    diagnostics: file.diagnostics.map(diagnosticEntry),
    authorization: file.authorization,
    // Imported findings and review claims (SPEC §5); empty, not omitted, without triage input.
    findings: (triage?.findings.get(file.path) ?? []).map(findingEntry),
    claims: (triage?.claims.get(file.path) ?? []).map(claimEntry),
  };
}

/** Verdict counts; every verdict is a key, so scripts can read `summary.findings.unclear` without a guard. */
function countVerdicts(items: ReadonlyArray<{ readonly verdict: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!items.length) return counts;
  for (const verdict of VERDICTS) counts[verdict] = 0;
  for (const item of items) counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
  return counts;
}

function findingEntry(verdict: FindingVerdict): FindingEntry {
  const { finding } = verdict;
  return {
    tool: finding.tool,
    ruleId: finding.ruleId,
    line: finding.line,
    ...(finding.column !== undefined ? { column: finding.column } : {}),
    message: finding.message,
    cwe: finding.cwe,
    concern: verdict.concern,
    verdict: verdict.verdict,
    reason: verdict.points.map((p) => p.reason).join('; '),
    reasons: verdict.points.map((p) => p.reason),
    evidence: flatEvidence(verdict.points),
    justification: verdict.justification,
    source: finding.source,
  };
}

function claimEntry(verdict: ClaimVerdict): ClaimEntry {
  const { claim } = verdict;
  return {
    index: claim.index,
    title: claim.title,
    category: claim.category,
    categories: claim.categories,
    targets: claim.targets,
    lines: [...new Set(verdict.located.flatMap((l) => l.lines))].sort((a, b) => a - b),
    verdict: verdict.verdict,
    reasons: verdict.points.map((p) => p.reason),
    evidence: flatEvidence(verdict.points),
    located: verdict.located.map((l) => ({ target: l.target, via: l.via, lines: l.lines, doubles: l.doubles, scopes: l.scopes })),
    unlocated: verdict.unlocated,
    reviewLine: claim.reviewLine,
  };
}

function flatEvidence(points: ReadonlyArray<{ readonly evidence: readonly Evidence[] }>): Evidence[] {
  const seen = new Set<string>();
  return points.flatMap((p) => p.evidence).filter((e) => {
    const key = `${e.path}:${e.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function doubleEntry(double: TestDouble): DoubleEntry {
  return {
    name: double.name,
    qualifiedName: double.qualifiedName,
    kind: double.kind,
    form: double.form,
    line: double.span.start.row + 1,
    column: double.span.start.column + 1,
    scope: double.scope,
    target: double.target,
    definedAt: double.definedAt,
    facts: double.facts,
    evidence: double.evidence,
    unresolved: double.unresolved,
    explanation: double.explanation ?? null,
  };
}

function diagnosticEntry(finding: Finding): DiagnosticEntry {
  return {
    code: finding.ruleId,
    severity: finding.severity,
    line: finding.span.start.row + 1,
    column: finding.span.start.column + 1,
    endLine: finding.span.end.row + 1,
    endColumn: finding.span.end.column + 1,
    message: finding.message,
    suppressed: finding.suppressed,
    ...(finding.baselined ? { baselined: true } : {}),
    evidence: finding.evidence,
    // Other places that matter: the bypass behind an FL206, the definitions behind a hint.
    related: finding.related ?? [],
  };
}
