/**
 * Problems in a folder's `pyproject.toml` (`[tool.fixture-lens]`) as diagnostics on that file, at the
 * position the TOML parser or the key gives: an error when the file cannot be used at all, a warning
 * for a key that is ignored. Re-published (or cleared) each time the file is read again.
 */
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import type { Services } from '../services';
import type { ProjectConfigRead } from '../services/workspaces';
import { toConfigDiagnostic } from './to-lsp';

export function registerProjectConfig(connection: Connection, services: Services): void {
  const { analyses, guard } = services;
  /** Files last published with problems: only those need clearing. */
  const withProblems = new Set<string>();
  const publish = guard(
    'project configuration diagnostics',
    async (read: ProjectConfigRead) => {
      if (read.issues.length === 0 && !withProblems.has(read.file)) return;
      const lines = read.text.split(/\r\n|\r|\n/);
      const diagnostics = read.issues.map((issue) => toConfigDiagnostic(issue, lines[issue.line - 1] ?? ''));
      if (diagnostics.length) withProblems.add(read.file);
      else withProblems.delete(read.file);
      await connection.sendDiagnostics({ uri: pathToFileURL(read.file).href, diagnostics });
    },
    undefined,
  );
  analyses.onDidReadProjectConfig((read) => void publish(read));
}
