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
  type Hover,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Fix, LineEdit, Point, Severity, Span } from '../model/types';
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

/** Identifies a finding within one analysis: a rule reports a span at most once. */
export function findingKey(ruleId: string, span: Span): string {
  const { start, end } = span;
  return `${ruleId}@${start.row}:${start.column}-${end.row}:${end.column}`;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: FindingData = { ruleId: finding.ruleId, key: findingKey(finding.ruleId, finding.span), version };
  return {
    range: toRange(finding.span),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
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
  const edit = toTextEdit(fix.edit);
  const workspaceEdit: WorkspaceEdit = target.canUseDocumentChanges
    ? { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits: [edit] }] }
    : { changes: { [target.uri]: [edit] } };
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    edit: workspaceEdit,
    ...(isPreferred ? { isPreferred: true } : {}),
  };
}

export function toHover(markdown: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(span) };
}
