/**
 * The single place model types become LSP types (and LSP positions become model points). Spans are
 * tree-sitter points whose columns count UTF-16 code units, LSP's default `positionEncoding`.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigIssue } from '../config/pyproject';
import type { Evidence, Finding, Fix, LineEdit, Point, Severity, Span } from '../model/types';
import { DIAGNOSTIC_SOURCE, type FindingData } from '../protocol';

/** Rows and UTF-16 columns carry over unchanged; see the module comment. */
export function toPosition(point: Point): Position {
  return { line: point.row, character: point.column };
}

export function fromPosition(position: Position): Point {
  return { row: position.line, column: position.character };
}

export function toRange(span: Span): Range {
  return { start: toPosition(span.start), end: toPosition(span.end) };
}

export function fromRange(range: Range): Span {
  return { start: fromPosition(range.start), end: fromPosition(range.end) };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Identifies a finding within one analysis: a rule reports a span at most once per subject. */
export function findingKey(ruleId: string, span: Span, subject?: string): string {
  const { start, end } = span;
  return `${ruleId}@${start.row}:${start.column}-${end.row}:${end.column}${subject ? `#${subject}` : ''}`;
}

/**
 * Where a finding's evidence paths live: they are relative to the workspace folder of the document
 * (`folder`, an absolute POSIX path), or the document's own analysis path when it has no folder.
 */
export interface RelatedLocations {
  readonly folder: string | null;
  readonly documentUri: string;
  /** The path the analysis gave the document (evidence in the document itself uses it). */
  readonly documentPath: string;
}

export function toDiagnostic(finding: Finding, version: number, locations?: RelatedLocations): Diagnostic {
  const data: FindingData = { ruleId: finding.ruleId, key: findingKey(finding.ruleId, finding.span, finding.subject), version };
  const related = locations ? toRelatedInformation(finding.related ?? [], locations) : [];
  return {
    range: toRange(finding.span),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** Evidence as related information: whole-line ranges (evidence has lines, not columns). */
export function toRelatedInformation(evidence: readonly Evidence[], locations: RelatedLocations): DiagnosticRelatedInformation[] {
  return evidence.flatMap((e) => {
    const uri = evidenceUri(e.path, locations);
    if (!uri || e.line < 1) return [];
    const line = e.line - 1;
    return [{ location: { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } }, message: e.text || `${e.path}:${e.line}` }];
  });
}

function evidenceUri(evidencePath: string, locations: RelatedLocations): string | null {
  if (!evidencePath) return null;
  if (evidencePath === locations.documentPath) return locations.documentUri;
  if (path.posix.isAbsolute(evidencePath)) return pathToFileURL(evidencePath).href;
  return locations.folder ? pathToFileURL(path.posix.join(locations.folder, evidencePath)).href : null;
}

export function toTextEdit(edit: LineEdit): TextEdit {
  return {
    range: { start: { line: edit.row, character: edit.startColumn }, end: { line: edit.row, character: edit.endColumn } },
    newText: edit.newText,
  };
}

export interface QuickFixTarget {
  readonly uri: string;
  readonly version: number;
  readonly diagnostic: Diagnostic;
  /** Versioned `documentChanges` when the client supports them, so a stale edit is refused. */
  readonly canUseDocumentChanges: boolean;
}

export function toQuickFix(fix: Fix, target: QuickFixTarget, isPreferred: boolean): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    edit: toWorkspaceEdit([toTextEdit(fix.edit)], target),
    ...(isPreferred ? { isPreferred: true } : {}),
  };
}

/** A source action (not tied to one diagnostic) applying several line edits to one document. */
export function toSourceAction(action: { readonly title: string; readonly kind: string; readonly edits: readonly LineEdit[] }, target: Omit<QuickFixTarget, 'diagnostic'>): CodeAction {
  return { title: action.title, kind: action.kind, edit: toWorkspaceEdit(action.edits.map(toTextEdit), target) };
}

function toWorkspaceEdit(edits: TextEdit[], target: Omit<QuickFixTarget, 'diagnostic'>): WorkspaceEdit {
  return target.canUseDocumentChanges
    ? { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits }] }
    : { changes: { [target.uri]: edits } };
}

/**
 * A pyproject.toml problem on its line: from its 1-based position to the end of the line (at least
 * one character, so every client shows it).
 */
export function toConfigDiagnostic(issue: ConfigIssue, lineText: string): Diagnostic {
  const line = issue.line - 1;
  const start = Math.min(Math.max(issue.column - 1, 0), lineText.length);
  const end = Math.max(lineText.trimEnd().length, start + 1);
  return {
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: issue.isFatal ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    // The position is the diagnostic's own; the message keeps only what is wrong.
    message: issue.text.replace(/^.*?pyproject\.toml: /, ''),
  };
}

export function toHover(markdown: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(span) };
}
