/**
 * Keeps the workspace index current and warm: indexes every folder in the background after
 * `initialized` (with `window/workDoneProgress` where the client supports it) and forwards file
 * events (`workspace/didChangeWatchedFiles`, saves) so resolution never reads a stale summary.
 */
import { FileChangeType, type Connection } from 'vscode-languageserver';
import { whileIndexing } from '../heap-policy';
import type { Services } from '../services';

export function registerWorkspaceIndex(connection: Connection, services: Services): void {
  const { analyses, documents, guard, log, client } = services;

  const indexInBackground = guard(
    'workspace indexing',
    async () => {
      const workspaces = analyses.indexes;
      const roots = analyses.folderPaths;
      if (!workspaces || roots.length === 0) return;
      const canReport = client.capabilities.window?.workDoneProgress === true;
      const progress = canReport ? await connection.window.createWorkDoneProgress() : null;
      progress?.begin('Fixture Lens: indexing Python files', 0, undefined, true);
      let cancelled = false;
      progress?.token.onCancellationRequested(() => (cancelled = true));
      // The index is what the server keeps: built in a heap that grows slowly (`heap-policy.ts`).
      const { files, ms } = await whileIndexing(() =>
        workspaces.indexAll(roots, {
          report: (done, total, folder) => progress?.report(total ? Math.round((100 * done) / total) : 100, `${done}/${total} in ${folder}`),
          isCancelled: () => cancelled,
        }),
      );
      log.info(`workspace index ready: ${files} files in ${ms.toFixed(0)} ms${cancelled ? ' (cancelled)' : ''}`);
      // The largest test files, whose analysis would keep an opening waiting, are analysed now: part of getting ready.
      if (!cancelled) {
        progress?.report(100, 'analysing the largest test files');
        const ahead = await whileIndexing(() => analyses.analyseAhead(roots, () => cancelled));
        log.info(`analysed ${ahead.files} large test files ahead of their opening in ${ahead.ms.toFixed(0)} ms`);
      }
      progress?.done();
      // Configuration problems (pyproject.toml) are the user's to fix: say so once, plainly.
      const problems = workspaces.problems.splice(0);
      if (problems.length) void connection.window.showWarningMessage(`Fixture Lens: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more; see the output)` : ''}`);
    },
    undefined,
  );

  services.onInitialized(() => void indexInBackground(undefined));

  connection.onDidChangeWatchedFiles(
    guard(
      'workspace/didChangeWatchedFiles',
      (params) => {
        for (const change of params.changes) {
          const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
          analyses.fileChanged(change.uri, kind);
        }
      },
      undefined,
    ),
  );
  documents.onDidSave((event) => analyses.fileChanged(event.document.uri, 'changed'));
}
