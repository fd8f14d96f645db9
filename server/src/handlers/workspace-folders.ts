/**
 * Tracks the workspace folders, which decide the path each file is analysed under (test globs
 * match it): from `initialize`, then `workspace/didChangeWorkspaceFolders` when the client sends it.
 */
import type { Connection, InitializeParams, WorkspaceFolder } from 'vscode-languageserver';
import type { Services } from '../services';

/** The folders at start-up; `rootUri` stands in for clients without workspace folders. */
function initialFolders(params: InitializeParams): WorkspaceFolder[] {
  if (params.workspaceFolders) return params.workspaceFolders;
  return params.rootUri ? [{ uri: params.rootUri, name: params.rootUri }] : [];
}

export function registerWorkspaceFolders(connection: Connection, services: Services): void {
  const { analyses, guard, client } = services;
  let folders: WorkspaceFolder[] = [];
  services.onInitialize((params) => {
    folders = initialFolders(params);
    analyses.setWorkspaceFolders(folders);
  });
  services.onInitialized(() => {
    if (!client.capabilities.workspace?.workspaceFolders) return;
    connection.workspace.onDidChangeWorkspaceFolders(
      guard(
        'workspace/didChangeWorkspaceFolders',
        (event) => {
          const removed = new Set(event.removed.map((f) => f.uri));
          folders = [...folders.filter((f) => !removed.has(f.uri)), ...event.added];
          analyses.setWorkspaceFolders(folders);
        },
        undefined,
      ),
    );
  });
}
