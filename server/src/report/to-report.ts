/**
 * Turns analyses into the CLI JSON contract (`schemaVersion` 1): 1-based lines and columns,
 * root-relative POSIX paths. Pure; shared by every JSON-shaped output.
 */
import type { FileAnalysis, Finding, TestDouble } from '../model/types';

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
    files: input.files.map(toFileEntry),
    skipped: input.skipped,
    summary: {
      files: input.files.length,
      testFiles: input.files.filter((f) => f.test.isTest).length,
      skippedFiles: input.skipped.length,
      diagnostics: diagnosticCounts,
      findings: {},
      claims: {},
      elapsedMs: Math.round(input.elapsedMs),
    },
  };
}

export function toFileEntry(file: FileAnalysis): object {
  return {
    path: file.path,
    test: file.test,
    hasSyntaxErrors: file.hasSyntaxErrors,
    doubles: file.doubles.map(doubleEntry),
    diagnostics: file.diagnostics.map(diagnosticEntry),
    authorization: file.authorization,
    // Imported findings and review claims arrive with triage (SPEC §5); empty, not omitted.
    findings: [],
    claims: [],
  };
}

function doubleEntry(double: TestDouble): object {
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

function diagnosticEntry(finding: Finding): object {
  return {
    code: finding.ruleId,
    severity: finding.severity,
    line: finding.span.start.row + 1,
    column: finding.span.start.column + 1,
    endLine: finding.span.end.row + 1,
    endColumn: finding.span.end.column + 1,
    message: finding.message,
    suppressed: finding.suppressed,
    evidence: finding.evidence,
    // Other places that matter: the bypass behind an FL206, the definitions behind a hint.
    related: finding.related ?? [],
  };
}
