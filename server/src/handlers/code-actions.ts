/**
 * Quick fixes: the suppressions a finding carries (`Finding.fixes`), looked up through the
 * diagnostic's `data` and refused when that data was computed for another document version; then
 * "Explain in panel" for every current Fixture Lens diagnostic; and, when asked for, the source
 * action that suppresses every not-applicable imported finding at once.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../model/types';
import { DIAGNOSTIC_SOURCE, isFindingData, SHOW_PANEL_COMMAND, SUPPRESS_NOT_APPLICABLE_KIND } from '../protocol';
import type { Services } from '../services';
import { findingKey, fromRange, toQuickFix, toSourceAction } from './to-lsp';

export function registerCodeActions(connection: Connection, services: Services): void {
  const { documents, triage, guard, client } = services;
  connection.onCodeAction(
    guard(
      'codeAction',
      (params: CodeActionParams): CodeAction[] => {
        const document = documents.get(params.textDocument.uri);
        const analysis = document ? triage.analysisOf(document) : null;
        if (!document || !analysis) return [];
        const canUseDocumentChanges = client.capabilities.workspace?.workspaceEdit?.documentChanges === true;
        const quickFixes = !isKindRequested(params.context.only, CodeActionKind.QuickFix)
          ? []
          : params.context.diagnostics.flatMap((diagnostic) => {
              const finding = findFinding(diagnostic, document, analysis);
              const explain = isCurrent(diagnostic, document) ? [explainAction(diagnostic, document.uri)] : [];
              if (!finding) return explain;
              const target = { uri: document.uri, version: document.version, diagnostic, canUseDocumentChanges };
              // Context hints and not-applicable findings are safe to suppress with the justification they carry; genuine risks are not.
              const isSafe = /^FL1\d\d$|^FL301$/.test(finding.ruleId);
              return [...finding.fixes.map((fix, index) => toQuickFix(fix, target, isSafe && index === 0)), ...explain];
            });
        // Source actions only on request (`only`): clients list them in a menu or run them on save.
        const isSourceRequested = params.context.only !== undefined && isKindRequested(params.context.only, SUPPRESS_NOT_APPLICABLE_KIND);
        const edits = isSourceRequested ? triage.suppressAllEdits(document) : [];
        const sourceActions = edits.length
          ? [toSourceAction({ title: 'Suppress every not-applicable finding (Fixture Lens)', kind: SUPPRESS_NOT_APPLICABLE_KIND, edits }, { uri: document.uri, version: document.version, canUseDocumentChanges })]
          : [];
        return [...quickFixes, ...sourceActions];
      },
      [],
    ),
  );
}

/** The finding behind one of our diagnostics in the current analysis, or undefined. */
function findFinding(diagnostic: Diagnostic, document: TextDocument, analysis: FileAnalysis) {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  let key: string;
  if (isFindingData(diagnostic.data)) {
    // Fixes computed for another version would edit the wrong text.
    if (diagnostic.data.version !== document.version) return undefined;
    key = diagnostic.data.key;
  } else if (typeof diagnostic.code === 'string') {
    // A client that dropped `data` (it should not, LSP 3.16): the current analysis decides by range.
    key = findingKey(diagnostic.code, fromRange(diagnostic.range));
  } else {
    return undefined;
  }
  return analysis.diagnostics.find((f) => !f.suppressed && findingKey(f.ruleId, f.span, f.subject) === key);
}

/** Opens the panel at the diagnostic's line (the client command takes `[uri, line]`, 1-based). */
function explainAction(diagnostic: Diagnostic, uri: string): CodeAction {
  return {
    title: `Explain ${String(diagnostic.code)} in panel`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Explain in panel', command: SHOW_PANEL_COMMAND, arguments: [uri, diagnostic.range.start.line + 1] },
  };
}

/** One of our diagnostics, computed for the document's current version (or without data to tell). */
function isCurrent(diagnostic: Diagnostic, document: TextDocument): boolean {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') return false;
  return !isFindingData(diagnostic.data) || diagnostic.data.version === document.version;
}

/** `only` lists kinds or parent kinds (`quickfix`, `''`); absent means every kind. */
function isKindRequested(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}
