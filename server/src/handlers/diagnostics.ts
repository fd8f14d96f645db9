/**
 * Publishes diagnostics: at once on open, debounced while typing, for every open document when the
 * analysis inputs change, and an empty list on close. Suppressed findings are never published.
 *
 * Push (`textDocument/publishDiagnostics`) rather than pull: Neovim 0.7, one of our target clients,
 * has no pull diagnostics (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_pullDiagnostics).
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Services } from '../services';
import { toDiagnostic } from './to-lsp';

/** Long enough to skip the analyses of intermediate keystrokes, short enough to feel immediate. */
export const DEBOUNCE_MS = 150;

/** How long after a change its analysis starts (`Analyses.prepare`): the changes a client sends in one go are read first. */
export const PREPARE_DELAY_MS = 5;

export function registerDiagnostics(connection: Connection, services: Services): void {
  const { documents, analyses, triage, guard } = services;
  const timers = new Map<string, NodeJS.Timeout>();
  /** Analyses to run before the publication (`PREPARE_DELAY_MS` after a change). */
  const preparing = new Map<string, NodeJS.Timeout>();
  /**
   * What was last published per URI: opening fires both open and change events. The text as well as
   * the version, because a faulty client may repeat a version number for new text.
   */
  const published = new Map<string, { readonly version: number; readonly text: string }>();
  const isPublished = (document: TextDocument): boolean => {
    const last = published.get(document.uri);
    return last?.version === document.version && last.text === document.getText();
  };

  const publish = guard(
    'publishDiagnostics',
    async (document: TextDocument) => {
      cancelTimer(document.uri);
      const analysis = triage.analysisOf(document);
      if (!analysis) return;
      published.set(document.uri, { version: document.version, text: document.getText() });
      // Related information only for clients that show it (LSP `publishDiagnostics.relatedInformation`).
      const locations = services.client.capabilities.textDocument?.publishDiagnostics?.relatedInformation
        ? { folder: analyses.folderOf(document.uri), documentUri: document.uri, documentPath: analysis.path }
        : undefined;
      const diagnostics = analysis.diagnostics.filter((f) => !f.suppressed).map((f) => toDiagnostic(f, document.version, locations));
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    },
    undefined,
  );

  const clear = guard('clearDiagnostics', (uri: string) => connection.sendDiagnostics({ uri, diagnostics: [] }), undefined);

  const prepare = guard('prepareDiagnostics', (document: TextDocument) => analyses.prepare(document), false);

  const schedule = (uri: string): void => {
    cancelTimer(uri);
    const timer = setTimeout(() => {
      timers.delete(uri);
      // Publish what the document is now, not what it was when the timer started.
      const document = documents.get(uri);
      if (document && !isPublished(document)) void publish(document);
    }, DEBOUNCE_MS);
    timers.set(uri, timer);
    // The analysis runs while the publication waits, once the changes the client sent together are in:
    // the diagnostics then follow the pause at once instead of after the analysis (whole-file analyses still wait).
    clearTimeout(preparing.get(uri));
    preparing.set(uri, setTimeout(() => {
      preparing.delete(uri);
      const document = documents.get(uri);
      if (document && !isPublished(document)) prepare(document);
    }, PREPARE_DELAY_MS));
  };

  function cancelTimer(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    clearTimeout(preparing.get(uri));
    preparing.delete(uri);
  }

  documents.onDidOpen((event) => void publish(event.document));
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    cancelTimer(event.document.uri);
    published.delete(event.document.uri);
    void clear(event.document.uri);
  });
  analyses.onDidCatchUp((uri) => {
    const document = documents.get(uri);
    if (document) void publish(document);
  });
  analyses.onDidInvalidate(() => {
    for (const document of documents.all()) void publish(document);
  });
  // Findings loaded or cleared: FL301–FL303 appear on or leave the documents they name.
  triage.onDidChange((uris) => {
    for (const uri of uris) {
      const document = documents.get(uri);
      if (document) void publish(document);
    }
  });
}
