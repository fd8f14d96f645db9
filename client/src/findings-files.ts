/**
 * The `fixtureLens.findings.files` setting: scanner output files loaded into the server when the
 * server starts, reloaded when they change on disk or the setting changes, and dropped when they
 * are deleted. A file that cannot be loaded is reported once per change, never silently skipped.
 */
import * as path from 'node:path';
import { Disposable, RelativePattern, Uri, window, workspace, type FileSystemWatcher } from 'vscode';
import { CLEAR_TRIAGE_METHOD, SETTINGS_SECTION, type ClearTriageParams } from '../../server/src/protocol';
import type { CommandContext } from './commands/index';
import { loadFindingsFile } from './commands/findings';

export class FindingsFiles implements Disposable {
  private watchers: FileSystemWatcher[] = [];
  private loaded = new Set<string>();
  private readonly subscriptions: Disposable[];

  constructor(private readonly context: CommandContext) {
    this.subscriptions = [
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.findings.files`)) void this.reload();
      }),
      workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      context.session.onDidChangeStatus((status) => {
        // A restarted server starts empty.
        if (status === 'running') void this.reload();
      }),
    ];
  }

  /** The configured files, absolute, per workspace folder (relative entries resolve against their folder). */
  configured(): Uri[] {
    const files = new Map<string, Uri>();
    for (const folder of workspace.workspaceFolders ?? []) {
      const entries = workspace.getConfiguration(SETTINGS_SECTION, folder.uri).get<unknown>('findings.files');
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (typeof entry !== 'string' || !entry.trim()) continue;
        const file = path.isAbsolute(entry) ? Uri.file(entry) : Uri.joinPath(folder.uri, entry);
        files.set(file.toString(), file);
      }
    }
    return [...files.values()];
  }

  async reload(): Promise<void> {
    for (const watcher of this.watchers) watcher.dispose();
    const files = this.configured();
    const wanted = new Set(files.map((f) => f.fsPath));
    for (const source of this.loaded) if (!wanted.has(source)) await this.forget(source);
    this.watchers = files.map((file) => this.watch(file));
    for (const file of files) await this.load(file);
  }

  private watch(file: Uri): FileSystemWatcher {
    const watcher = workspace.createFileSystemWatcher(new RelativePattern(Uri.file(path.dirname(file.fsPath)), path.basename(file.fsPath)));
    watcher.onDidCreate(() => void this.load(file));
    watcher.onDidChange(() => void this.load(file));
    watcher.onDidDelete(() => void this.forget(file.fsPath));
    return watcher;
  }

  private async load(file: Uri): Promise<void> {
    if (this.context.session.status !== 'running') return;
    try {
      const outcome = await loadFindingsFile(this.context, file);
      this.loaded.add(file.fsPath);
      this.context.log.info(`findings.files: ${outcome}`);
      await this.context.activeFile.refresh();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.context.log.warn(`findings.files: ${file.fsPath}: ${reason}`);
      void window.showWarningMessage(`Fixture Lens could not load ${workspace.asRelativePath(file)} (fixtureLens.findings.files): ${reason}`);
    }
  }

  private async forget(source: string): Promise<void> {
    this.loaded.delete(source);
    try {
      await this.context.session.request<unknown>(CLEAR_TRIAGE_METHOD, { source } satisfies ClearTriageParams);
      await this.context.activeFile.refresh();
    } catch (error) {
      this.context.log.debug(`findings.files: clearing ${source}: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
