/**
 * One workspace index per folder: created on first use, kept current from file events and open
 * buffers, and filled in the background with progress so the first hover does not pay for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyProjectConfig, readProjectConfig, withDeclaredRequirements, type ConfigIssue } from '../config/pyproject';
import { isRequirementsFile, readDeclaredRequirements } from '../io/requirements-files';
import { createWorkspaceContext, type WorkspaceContext } from '../analysis/resolve-doubles';
import { BUILT_IN_KNOWLEDGE } from '../analysis/knowledge';
import { WorkspaceIndex } from '../analysis/workspace-index';
import { createFileSystemHost } from '../io/workspace-host';
import type { Log } from '../log';
import type { PythonParsing } from '../parsing/parser';
import type { Settings } from '../settings';

export interface OpenText {
  (absolutePath: string): { text: string; version: number } | null;
}

/** A folder's pyproject.toml as just read: its problems, with the text their positions refer to (empty when none, or no file). */
export interface ProjectConfigRead {
  readonly file: string;
  readonly text: string;
  readonly issues: readonly ConfigIssue[];
}

export interface IndexProgress {
  report(done: number, total: number, folder: string): void;
  readonly isCancelled: () => boolean;
}

interface Folder {
  readonly root: string;
  /** Editor settings with the folder's `[tool.fixture-lens]` applied. */
  readonly settings: Settings;
  index: WorkspaceIndex;
  context: WorkspaceContext;
}

/** Files summarised between two yields to the event loop while indexing in the background. */
const BATCH = 25;

export class Workspaces {
  private readonly folders = new Map<string, Folder>();

  constructor(
    private readonly parsing: PythonParsing,
    private settings: Settings,
    private readonly openText: OpenText,
    private readonly log: Log,
    /** Called each time a folder's pyproject.toml is read (or found missing), so its problems can be shown on it. */
    private readonly onConfigRead: (read: ProjectConfigRead) => void = () => undefined,
  ) {}

  /** The context for files under `root` (an absolute folder path). */
  contextFor(root: string): WorkspaceContext {
    return this.folder(root).context;
  }

  /** The settings in effect under `root`: the editor's, with the folder's pyproject.toml applied. */
  settingsFor(root: string): Settings {
    return this.folder(root).settings;
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.folders.clear();
  }

  /** Drops folders that are no longer open. */
  retain(roots: readonly string[]): void {
    for (const root of [...this.folders.keys()]) if (!roots.includes(root)) this.folders.delete(root);
  }

  /**
   * A file changed (edited, saved, created or deleted). Its summary is re-read on next use, and the
   * derivations that may have read it are dropped; a created or deleted file re-walks its folder.
   */
  fileChanged(absolutePath: string, kind: 'changed' | 'created' | 'deleted'): void {
    // A copy: re-reading a configuration adds the folder back, which a live iteration would visit again.
    for (const folder of [...this.folders.values()]) {
      if (!absolutePath.startsWith(`${folder.root}${path.sep}`)) continue;
      const relative = path.relative(folder.root, absolutePath).split(path.sep).join('/');
      // pyproject.toml and the requirements files (the pytest plugins they declare) make the folder's settings.
      const isConfig = relative === 'pyproject.toml' || isRequirementsFile(relative);
      if (kind === 'changed' && !isConfig) {
        folder.index.invalidate(absolutePath);
        folder.context = createWorkspaceContext(folder.index, folder.context.knowledge, folder.context.declaredPackages);
      } else {
        this.folders.delete(folder.root);
        // Read the new configuration now, so its problems are shown (or cleared) without waiting for an analysis.
        if (isConfig) this.folder(folder.root);
      }
    }
  }

  /** Summarises every module of every known folder, yielding between batches. */
  async indexAll(roots: readonly string[], progress: IndexProgress): Promise<{ files: number; ms: number }> {
    const started = performance.now();
    let files = 0;
    for (const root of roots) {
      const folder = this.folder(root);
      const entries = folder.index.workspaceEntries;
      for (let i = 0; i < entries.length; i++) {
        if (progress.isCancelled()) return { files, ms: performance.now() - started };
        folder.index.summary(entries[i]);
        files++;
        if (i % BATCH === BATCH - 1) {
          progress.report(i + 1, entries.length, root);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      // The first double of the first file opened would otherwise wait for every production file's imports.
      folder.index.readProductionImports();
      const released = folder.index.releaseUnimportedTestSummaries();
      this.log.info(`${released} test modules of ${root} that no module imports are summarised again when needed`);
      progress.report(entries.length, entries.length, root);
    }
    const ms = performance.now() - started;
    this.log.info(`indexed ${files} Python files in ${ms.toFixed(0)} ms`);
    return { files, ms };
  }

  /** Problems found in project files, reported once per read (the handler shows them). */
  readonly problems: string[] = [];

  private projectSettings(root: string): Settings {
    const file = path.join(root, 'pyproject.toml');
    const requirements = readDeclaredRequirements(root);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      this.onConfigRead({ file, text: '', issues: [] });
      return withDeclaredRequirements(this.settings, requirements);
    }
    const project = readProjectConfig(text, file, 'pyproject.toml');
    this.onConfigRead({ file, text, issues: project.issues });
    for (const problem of project.problems) {
      this.log.warn(problem);
      this.problems.push(problem);
    }
    return withDeclaredRequirements(applyProjectConfig(this.settings, project), requirements);
  }

  private folder(root: string): Folder {
    let folder = this.folders.get(root);
    if (!folder) {
      const settings = this.projectSettings(root);
      const host = createFileSystemHost({ root, parsing: this.parsing, testGlobs: settings.testGlobs, extraPaths: settings.extraPaths, overlay: this.openText });
      const index = new WorkspaceIndex(host);
      folder = { root, settings, index, context: createWorkspaceContext(index, BUILT_IN_KNOWLEDGE.withEntries(settings.project.knowledge), settings.project.declaredPackages) };
      this.folders.set(root, folder);
      this.log.debug(`workspace ${root}: ${host.workspaceEntries.length} modules, environments: ${host.environmentRoots.join(', ') || 'none'}`);
    }
    return folder;
  }
}
