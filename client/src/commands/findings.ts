/**
 * Scanner findings in the editor: load Bandit JSON / SARIF files (their verdicts become FL301–FL303
 * diagnostics and panel entries), export every loaded finding as triaged SARIF, and clear.
 */
import { Uri, window, workspace } from 'vscode';
import {
  CLEAR_TRIAGE_METHOD,
  EXPORT_SARIF_METHOD,
  LOAD_FINDINGS_METHOD,
  type ClearTriageParams,
  type ExportSarifParams,
  type ExportSarifResult,
  type LoadFindingsParams,
  type LoadFindingsResult,
} from '../../../server/src/protocol';
import type { CommandContext } from './index';
import { reporting } from './target';
import { readText } from './triage-review';

/** Loads one findings file; returns the outcome line or throws with the server's message. */
export async function loadFindingsFile(context: CommandContext, file: Uri): Promise<string> {
  const folder = workspace.getWorkspaceFolder(file) ?? workspace.workspaceFolders?.[0];
  const params: LoadFindingsParams = { text: await readText(file), source: file.fsPath, ...(folder ? { root: folder.uri.fsPath } : {}) };
  const result = await context.session.request<LoadFindingsResult>(LOAD_FINDINGS_METHOD, params);
  if (!result.ok) throw new Error(result.error);
  return `${workspace.asRelativePath(file)}: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'} loaded.`;
}

export function loadFindings(context: CommandContext): (uri?: unknown, files?: unknown) => Promise<void> {
  return (_uri, files) =>
    reporting(context, 'loading findings', async () => {
      const picked = Array.isArray(files) && files.every((f) => f instanceof Uri)
        ? (files as Uri[])
        : await window.showOpenDialog({ canSelectMany: true, openLabel: 'Load findings', filters: { 'Bandit JSON or SARIF': ['json', 'sarif'], 'All files': ['*'] } });
      if (!picked?.length) return;
      const outcomes: string[] = [];
      for (const file of picked) outcomes.push(await loadFindingsFile(context, file));
      const outcome = outcomes.join(' ');
      context.log.info(outcome);
      await context.activeFile.refresh();
      context.panel.announce(outcome, 'triage');
      void window.showInformationMessage(`Fixture Lens: ${outcome}`);
    });
}

export function exportSarif(context: CommandContext): (uri?: unknown, destination?: unknown, target?: unknown) => Promise<void> {
  return (_uri, destination, target) =>
    reporting(context, 'exporting triaged SARIF', async () => {
      const flavour: ExportSarifParams['target'] = target === 'github' ? 'github' : 'standard';
      const file =
        destination instanceof Uri
          ? destination
          : await window.showSaveDialog({ saveLabel: 'Export triaged SARIF', filters: { SARIF: ['sarif', 'json'] }, defaultUri: workspace.workspaceFolders?.[0] ? Uri.joinPath(workspace.workspaceFolders[0].uri, 'fixture-lens.sarif') : undefined });
      if (!file) return;
      const result = await context.session.request<ExportSarifResult>(EXPORT_SARIF_METHOD, { target: flavour } satisfies ExportSarifParams);
      if (!result.ok) throw new Error(result.error);
      await workspace.fs.writeFile(file, new TextEncoder().encode(result.text));
      const outcome = `${workspace.asRelativePath(file)}: ${result.results} result${result.results === 1 ? '' : 's'}, ${result.suppressed} marked not applicable.`;
      context.log.info(outcome);
      context.panel.announce(outcome);
      void window.showInformationMessage(`Fixture Lens: ${outcome}`);
    });
}

export function clearTriage(context: CommandContext): () => Promise<void> {
  return () =>
    reporting(context, 'clearing findings and reviews', async () => {
      await context.session.request<unknown>(CLEAR_TRIAGE_METHOD, {} satisfies ClearTriageParams);
      await context.activeFile.refresh();
      context.panel.announce('Findings and reviews cleared.');
    });
}
