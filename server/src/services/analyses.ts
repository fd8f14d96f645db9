/**
 * Analyses of open documents, cached per URI and version so repeated requests are free, and the
 * inputs they depend on (parsing, settings, workspace folders). Turns nothing into LSP types.
 */
import { Emitter, type Event } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { analyzeEdit, deferredAnalysis, isEditable, type EditState } from '../analysis/analyze-edit';
import { analyzeTree, analyzeTreeWithBasis, type AnalysisBasis } from '../analysis/analyze-file';
import { collectTriageSyntax } from '../analysis/triage-syntax';
import { readPythonSource } from '../io/read-source';
import type { Log } from '../log';
import type { FileAnalysis } from '../model/types';
import type { PythonParsing } from '../parsing/parser';
import { editBetween, TreeCache, type TextChange } from '../parsing/trees';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { TriageSyntax } from '../triage/types';
import { uriToPath, WorkspacePaths, type FolderRef } from './workspace-paths';
import { Workspaces, type OpenText, type ProjectConfigRead } from './workspaces';

/** How long after an edit's diagnostics its deferred bookkeeping waits for the server to be idle. */
const SETTLE_DELAY_MS = 20;

export class Analyses {
  private parsing: PythonParsing | null = null;
  private trees: TreeCache | null = null;
  private currentSettings: Settings = DEFAULT_SETTINGS;
  private readonly paths = new WorkspacePaths();
  private readonly cache = new Map<string, CachedAnalysis>();
  /** Edits whose analysis is yet to be settled (`EditResult.settle`), in the order they were made. */
  private readonly unsettled = new Set<() => unknown>();
  private readonly invalidated = new Emitter<void>();
  private readonly configRead = new Emitter<ProjectConfigRead>();
  private workspaces: Workspaces | null = null;
  private openText: OpenText = () => null;

  constructor(private readonly log: Log) {}

  /** Fires when every cached analysis went stale (settings or folders changed): re-publish. */
  get onDidInvalidate(): Event<void> {
    return this.invalidated.event;
  }

  /** Fires when a folder's pyproject.toml was read: its problems, or none. */
  get onDidReadProjectConfig(): Event<ProjectConfigRead> {
    return this.configRead.event;
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  /**
   * Until this is called (or if loading the grammar failed) every analysis is null. `openText`
   * lets the workspace index read open buffers instead of disk.
   */
  start(parsing: PythonParsing, openText: OpenText = () => null): void {
    this.parsing = parsing;
    this.trees = new TreeCache(parsing);
    this.workspaces = new Workspaces(parsing, this.currentSettings, openText, this.log, (read) => this.configRead.fire(read));
    this.openText = openText;
  }

  /** The workspace indexes, once the grammar is loaded. */
  get indexes(): Workspaces | null {
    return this.workspaces;
  }

  /** The workspace folder (absolute POSIX path) a document belongs to: evidence paths are relative to it. */
  folderOf(uri: string): string | null {
    return this.paths.folderOf(uri);
  }

  get folderPaths(): readonly string[] {
    return this.paths.folderPaths;
  }

  /** The workspace folder the client listed first (absolute POSIX path), or null. */
  get firstFolder(): string | null {
    return this.paths.firstFolder;
  }

  /** A file changed on disk (or was created or deleted): cached analyses may depend on it. */
  fileChanged(uri: string, kind: 'changed' | 'created' | 'deleted'): void {
    const file = uriToPath(uri);
    if (!file || !this.workspaces) return;
    this.workspaces.fileChanged(file, kind);
    this.invalidate();
  }

  setSettings(settings: Settings): void {
    if (JSON.stringify(settings) === JSON.stringify(this.currentSettings)) return;
    this.currentSettings = settings;
    this.workspaces?.setSettings(settings);
    this.invalidate();
  }

  setWorkspaceFolders(folders: readonly FolderRef[]): void {
    this.paths.setFolders(folders);
    this.workspaces?.retain(this.paths.folderPaths);
    this.invalidate();
  }

  /** The document store reports each change before applying it, so the tree can follow. */
  recordChange(uri: string, oldText: string, change: TextChange): void {
    try {
      this.trees?.edit(uri, oldText, change);
    } catch (error) {
      // A tree that missed an edit must not be reused: the next parse starts from scratch.
      this.log.error(`could not edit the tree of ${uri}; reparsing in full`, error);
      this.trees?.delete(uri);
    }
  }

  /** The analysis of the document's current version, or null (not Python, or no parser). */
  get(document: TextDocument): FileAnalysis | null {
    if (!this.parsing || !this.trees || !isPython(document)) return null;
    // An analysis reads the workspace index, which an unsettled edit has yet to update.
    this.settle();
    const text = document.getText();
    // The text too: a client that repeats a version number for new text must not get the old analysis.
    const cached = this.cache.get(document.uri);
    if (cached?.version === document.version && cached.text === text) return cached.analysis;
    const started = performance.now();
    const tree = this.trees.get(document.uri, document.version, text);
    const inputs = { path: this.paths.analysisPath(document.uri), text, tree, queries: this.parsing.queries, ...this.inputsFor(document.uri) };
    const reparse = this.trees.lastReparse(document.uri);
    // An edit inside one test is re-analysed alone when the previous analysis allows it (`analyze-edit.ts`).
    const previous = cached && reparse?.fromVersion === cached.version && reparse.toVersion === document.version ? cached.edits() : null;
    const edited = previous ? analyzeEdit({ ...inputs, basis: previous.basis, edit: editBetween(cached!.text, text), changedRanges: reparse!.changedRanges }, previous.state) : null;
    let entry: CachedAnalysis;
    if (edited) {
      // What the edit left to settle is made after the diagnostics are published, or when first needed.
      const path = inputs.path;
      const { settle } = edited;
      this.unsettled.add(settle);
      // Once the diagnostics are sent (the JSON-RPC writer sends on setImmediate) and what the client sent
      // meanwhile is read: a keystroke that follows at once then settles this within its own debounce.
      setTimeout(() => this.settle(), SETTLE_DELAY_MS);
      entry = { version: document.version, text, analysis: deferredAnalysis(path, edited.diagnostics, () => settle().analysis), edits: () => settle() };
    } else {
      const { analysis, basis } = analyzeTreeWithBasis(inputs);
      // The state edits need is made on the first edit, not here: opening a file must not wait for it.
      const edits = isEditable(basis) ? { basis, state: null } : null;
      entry = { version: document.version, text, analysis, edits: () => edits };
    }
    this.cache.set(document.uri, entry);
    this.log.debug(`analyzed ${entry.analysis.path} v${document.version}${edited ? ' (the edited test alone)' : ''} in ${(performance.now() - started).toFixed(1)} ms`);
    return entry.analysis;
  }

  /** The settings in effect for a document: its folder's (with `pyproject.toml`), else the editor's. */
  settingsFor(uri: string): Settings {
    const folder = this.paths.folderOf(uri);
    return folder && this.workspaces ? this.workspaces.settingsFor(folder) : this.currentSettings;
  }

  /** What triage reads a finding's line with, from the tree of the document's current version. */
  syntaxOf(document: TextDocument): TriageSyntax | null {
    if (!this.parsing || !this.trees || !isPython(document)) return null;
    const text = document.getText();
    return collectTriageSyntax(this.trees.get(document.uri, document.version, text), this.parsing.queries, text);
  }

  /**
   * Analyses a file that need not be open (its buffer if it is, else the disk), the way an open
   * document would be, with the syntax triage needs; or says why it cannot. Nothing is cached.
   */
  analyzeFile(absolutePath: string): { readonly analysis: FileAnalysis; readonly syntax: TriageSyntax } | { readonly missing: string } {
    if (!this.parsing) return { missing: 'the Python grammar is not loaded' };
    this.settle();
    const uri = pathToFileURL(absolutePath).toString();
    const open = this.openText(absolutePath);
    const source = open ? { ok: true as const, text: open.text } : readPythonSource(absolutePath);
    if (!source.ok) return { missing: `${absolutePath}: ${source.reason}` };
    const tree = this.parsing.parse(source.text);
    try {
      const analysis = analyzeTree({ path: this.paths.analysisPath(uri), text: source.text, tree, queries: this.parsing.queries, ...this.inputsFor(uri) });
      return { analysis, syntax: collectTriageSyntax(tree, this.parsing.queries, source.text) };
    } finally {
      tree.delete();
    }
  }

  private inputsFor(uri: string): Pick<Parameters<typeof analyzeTree>[0], 'settings' | 'workspace'> {
    const folder = this.paths.folderOf(uri);
    return {
      settings: folder && this.workspaces ? this.workspaces.settingsFor(folder) : this.currentSettings,
      workspace: folder && this.workspaces ? this.workspaces.contextFor(folder) : undefined,
    };
  }

  drop(uri: string): void {
    this.cache.delete(uri);
    this.trees?.delete(uri);
  }

  /** Settles every edit left unsettled, oldest first: each updates the workspace index with its file's summary. */
  settle(): void {
    for (const settle of this.unsettled) {
      this.unsettled.delete(settle);
      try {
        settle();
      } catch (error) {
        // The diagnostics already published stand; the next analysis of the file starts afresh.
        this.log.error('could not settle an edit\'s analysis', error);
        this.cache.clear();
      }
    }
  }

  /** Frees every tree (`shutdown`). */
  dispose(): void {
    this.cache.clear();
    this.trees?.clear();
  }

  private invalidate(): void {
    this.cache.clear();
    this.invalidated.fire();
  }
}

interface CachedAnalysis {
  readonly version: number;
  readonly text: string;
  readonly analysis: FileAnalysis;
  /**
   * What an edit inside one test needs to be re-analysed alone; null for files that are not test code.
   * A function because an edit's may still be unsettled: asking settles it.
   */
  readonly edits: () => { readonly basis: AnalysisBasis; readonly state: EditState | null } | null;
}

function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.pyi?$/i.test(document.uri);
}
