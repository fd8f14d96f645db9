/**
 * CodeLens: one summary above each test class and above the module-level tests of a test file,
 * opening the explanation panel at that line. Off with `fixtureLens.codeLens.enabled`; the client is
 * asked to refresh lenses (where it can be) whenever settings or workspace inputs change.
 */
import { CodeLensRefreshRequest, type CodeLens, type Connection } from 'vscode-languageserver';
import { SHOW_PANEL_COMMAND } from '../protocol';
import { summarizeTestGroups } from '../report/test-group-summary';
import type { Services } from '../services';
import { toRange } from './to-lsp';

export function registerCodeLens(connection: Connection, services: Services): void {
  const { documents, analyses, guard, client } = services;
  connection.onCodeLens(
    guard(
      'codeLens',
      (params): CodeLens[] => {
        if (!analyses.settings.codeLens.enabled) return [];
        const document = documents.get(params.textDocument.uri);
        const analysis = document ? analyses.get(document) : null;
        if (!document || !analysis) return [];
        return summarizeTestGroups(analysis).map((group) => ({
          range: toRange(group.span),
          command: { title: group.text, command: SHOW_PANEL_COMMAND, arguments: [document.uri, group.line] },
        }));
      },
      [],
    ),
  );

  // `workspace/codeLens/refresh` is LSP 3.16; clients that lack it re-ask on their own schedule.
  const refresh = guard('workspace/codeLens/refresh', () => connection.sendRequest(CodeLensRefreshRequest.type), undefined);
  analyses.onDidInvalidate(() => {
    if (client.capabilities.workspace?.codeLens?.refreshSupport === true) void refresh(undefined);
  });
}
