/**
 * Analyses of open documents, cached per URI and version so repeated requests are free, and the
 * inputs they depend on (parsing, settings, workspace folders). Turns nothing into LSP types.
 */
import { Emitter, type Event } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Edit, Range, Tree } from 'web-tree-sitter';
import { analysisWhileBroken, endsLineAfterDot, isEditedStatementBroken } from '../analysis/analysis-while-broken';
import { analyzeEdit, deferredAnalysis, isEditable, type EditState } from '../analysis/analyze-edit';
import { analyzeTree, analyzeTreeWithBasis, type AnalysisBasis } from '../analysis/analyze-file';
import type { WorkspaceContext } from '../analysis/resolve-doubles';
import type { ModuleEntry } from '../model/workspace';
import { collectTriageSyntax } from '../analysis/triage-syntax';
import { readPythonSource } from '../io/read-source';
import { digestOf } from '../io/workspace-host';
import type { Log } from '../log';
import type { FileAnalysis, Finding } from '../model/types';
import type { PythonParsing } from '../parsing/parser';
import { editBetween, reparseEdit, TreeCache, type TextChange } from '../parsing/trees';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { TriageSyntax } from '../triage/types';
import { uriToPath, WorkspacePaths, type FolderRef } from './workspace-paths';
import { Workspaces, type OpenText, type ProjectConfigRead } from './workspaces';

/**
 * How long a text that does not parse is shown its last parsed text's analysis, moved, before it is
 * analysed as it is: long enough that the typing (an open bracket, a half-typed call) has stopped.
 */
const HELD_IDLE_MS = 2000;

/** How long after an edit's diagnostics its deferred bookkeeping waits for the server to be idle. */
const SETTLE_DELAY_MS = 20;

/**
 * Test files at least this large are analysed ahead of their opening: on nova, opening a 1.5 MB file
 * takes about 1.3 s to first diagnostics, so from about this size on an open would exceed 150 ms.
 */
const AHEAD_MIN_BYTES = 384 * 1024;
/** At most this many (the largest): getting ready must not take a suite of huge files' whole analysis. */
const AHEAD_MAX_FILES = 16;

export class Analyses {
  private parsing: PythonParsing | null = null;
  private trees: TreeCache | null = null;
  private currentSettings: Settings = DEFAULT_SETTINGS;
  private readonly paths = new WorkspacePaths();
  private readonly cache = new Map<string, CachedAnalysis>();
  /** Analyses yet to be settled (`EditResult.settle`, opened files analysed ahead), in the order they were made. */
  private readonly unsettled = new Map<() => unknown, Unsettled>();
  /** Diagnostics of large test files analysed before they were opened (`analyseAhead`), by absolute path. */
  private readonly ahead = new Map<string, AnalysedAhead>();
  private readonly invalidated = new Emitter<void>();
  private readonly caughtUp = new Emitter<string>();
  /** Timers of `catchUpWhenIdle`, by URI. */
  private readonly catchUps = new Map<string, NodeJS.Timeout>();
  private readonly configRead = new Emitter<ProjectConfigRead>();
  private workspaces: Workspaces | null = null;
  private openText: OpenText = () => null;

  constructor(private readonly log: Log) {}

  /** Fires when every cached analysis went stale (settings or folders changed): re-publish. */
  get onDidInvalidate(): Event<void> {
    return this.invalidated.event;
  }

  /** Fires with a document's URI when its analysis changed without an edit (`catchUpWhenIdle`): re-publish it. */
  get onDidCatchUp(): Event<string> {
    return this.caughtUp.event;
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
    // The typing goes on: the next analysis decides whether the text is still to be caught up with.
    clearTimeout(this.catchUps.get(uri));
    this.catchUps.delete(uri);
    // A document's analysis left to be made reads the tree of its text before this change.
    if ([...this.unsettled.values()].some((about) => about.uri === uri && about.readsTree)) this.settle();
    // Told once (it reads the text up to the change) for both trees that follow the document.
    const edit = reparseEdit(oldText, change, this.trees?.isInString(uri, change.startIndex) ?? false);
    const cached = this.cache.get(uri);
    const kept = cached?.measuredFrom ?? cached;
    if (kept?.tree) {
      try {
        kept.tree.edit(edit);
      } catch (error) {
        // Then it no longer tells what the edits changed: the next edit that parses is analysed in full.
        this.log.error(`could not edit the kept tree of ${uri}`, error);
        kept.tree.delete();
        kept.tree = null;
      }
    }
    try {
      this.trees?.edit(uri, edit);
    } catch (error) {
      // A tree that missed an edit must not be reused: the next parse starts from scratch.
      this.log.error(`could not edit the tree of ${uri}; reparsing in full`, error);
      this.trees?.delete(uri);
    }
  }

  /** The analysis of the document's current version, or null (not Python, or no parser). */
  get(document: TextDocument): FileAnalysis | null {
    return this.analyse(document, true);
  }

  /**
   * Analyses the document's current version now when that takes no whole-file analysis (an edit
   * re-analysed alone, a text that does not parse, a text analysed before), so that `get` answers
   * from the cache; returns whether it did. The editor's diagnostics wait for the typing to pause,
   * and this lets the analysis run while they wait rather than after: a whole-file analysis, which
   * can take seconds, is still left until the pause.
   */
  prepare(document: TextDocument): boolean {
    return this.analyse(document, false) !== null;
  }

  private analyse(document: TextDocument, orWholeFile: boolean): FileAnalysis | null {
    if (!this.parsing || !this.trees || !isPython(document)) return null;
    // An analysis reads the workspace index, which an unsettled edit has yet to update.
    this.settle();
    const text = document.getText();
    // The text too: a client that repeats a version number for new text must not get the old analysis.
    const cached = this.cache.get(document.uri);
    if (cached?.version === document.version && cached.text === text) return cached.analysis;
    if (!cached && !orWholeFile) return null;
    const started = performance.now();
    const ahead = cached ? null : this.analysedAhead(document.uri, text);
    if (ahead) return this.openAnalysedAhead(document, text, ahead, started);
    // While the text does not parse (and after blank lines typed), edits are measured from an earlier text (`measuredFrom`).
    const since = cached?.measuredFrom ?? cached;
    const isUnchanged = since?.text === text;
    const edit = since && !isUnchanged ? editBetween(since.text, text) : null;
    // Known without reparsing the file, whose error recovery costs 50–850 ms on a 33,000-line file.
    const broken = since && edit ? this.brokenAlone(since, document.version, text, edit) : null;
    if (broken) {
      this.replaceEntry(document.uri, broken);
      this.catchUpWhenIdle(document.uri, broken);
      this.log.debug(`analyzed ${broken.analysis.path} v${document.version} (its edited statement does not parse: its last analysis that did, moved) in ${(performance.now() - started).toFixed(1)} ms`);
      return broken.analysis;
    }
    const tree = this.trees.get(document.uri, document.version, text);
    const inputs = { path: this.paths.analysisPath(document.uri), text, tree, queries: this.parsing.queries, ...this.inputsFor(document.uri) };
    // `self.` typed above another statement parses (as an attribute of the next line's name) but is not Python.
    const endsAfterDot = edit !== null && !tree.rootNode.hasError && endsLineAfterDot(tree, edit);
    const isBroken = tree.rootNode.hasError || endsAfterDot;
    const changedRanges = since && edit && !endsAfterDot ? this.changedRangesSince(document.uri, document.version, since, since !== cached, tree) : null;
    // An edit inside one test is re-analysed alone when the previous analysis allows it (`analyze-edit.ts`).
    const previous = since && changedRanges ? since.edits() : null;
    const edited = previous && edit ? analyzeEdit({ ...inputs, basis: previous.basis, edit, changedRanges: changedRanges! }, previous.state) : null;
    // A text that does not parse keeps the last one that did: the next edits are measured from it. So
    // do blank lines typed in a test (a line break and indentation, before what goes on the new line),
    // which no statement holds yet: measured from before them, that statement is a new line of the test.
    const measuredFrom = since?.tree && (isBroken || (edited && addsBlankLines(text, edit!))) ? since : undefined;
    let entry: CachedAnalysis;
    let how = '';
    if (edited) {
      // What the edit left to settle is made after the diagnostics are published, or when first needed.
      const path = inputs.path;
      const { settle } = edited;
      this.defer(settle, { uri: document.uri, updatesIndex: true, readsTree: false });
      entry = { version: document.version, text, analysis: deferredAnalysis(path, edited.diagnostics, () => settle().analysis), edits: () => settle(), tree: parsedCopy(tree), measuredFrom };
      how = ` (${edited.scope})`;
    } else if (since && isUnchanged) {
      // Back to the text of the last analysis (a broken line typed and taken back): that analysis still holds.
      entry = { ...since, version: document.version };
      how = ' (the text of its last analysis)';
    } else if (measuredFrom) {
      // Half typed: the last analysis of a text that parsed, moved with the edits, until the text parses again or the typing stops.
      entry = brokenEntry(measuredFrom, document.version, text, edit ?? editBetween(measuredFrom.text, text));
      how = ' (does not parse: its last analysis that did, moved)';
      this.catchUpWhenIdle(document.uri, entry);
    } else if (orWholeFile) {
      entry = fullEntry(document.version, inputs);
    } else {
      return null;
    }
    this.replaceEntry(document.uri, entry);
    this.log.debug(`analyzed ${entry.analysis.path} v${document.version}${how} in ${(performance.now() - started).toFixed(1)} ms`);
    return entry.analysis;
  }

  /**
   * Where the tree of the document's text differs from that of `since`'s: from the tree cache's last
   * reparse when `since` is the previous version, else from `since`'s own tree (edited along since).
   */
  private changedRangesSince(uri: string, version: number, since: CachedAnalysis, isHeld: boolean, tree: Tree): readonly Range[] | null {
    if (isHeld) return since.tree ? since.tree.getChangedRanges(tree) : null;
    const reparse = this.trees?.lastReparse(uri);
    return reparse?.fromVersion === since.version && reparse.toVersion === version ? reparse.changedRanges : null;
  }

  /**
   * The entry for `text` when the statement `edit` changed since `measuredFrom` (the last text that
   * parsed, the one before blank lines, or the previous version) does not parse alone, found without
   * reparsing the whole file (`isEditedStatementBroken`); null when the file must be reparsed to know.
   */
  private brokenAlone(measuredFrom: CachedAnalysis, version: number, text: string, edit: Edit): CachedAnalysis | null {
    const parsing = this.parsing;
    if (!parsing || !measuredFrom.tree) return null;
    return isEditedStatementBroken(measuredFrom.tree, text, edit, (part) => parsing.parse(part)) ? brokenEntry(measuredFrom, version, text, edit) : null;
  }

  /**
   * Once the typing stopped (`HELD_IDLE_MS` without a newer analysis) on a text that does not parse,
   * analyses that text in full after all, and says so (`onDidCatchUp`): a syntax error left in place
   * must not keep every later edit's results waiting.
   */
  private catchUpWhenIdle(uri: string, held: CachedAnalysis): void {
    clearTimeout(this.catchUps.get(uri));
    const timer = setTimeout(() => {
      this.catchUps.delete(uri);
      if (this.cache.get(uri) !== held || !this.parsing || !this.trees) return;
      this.settle();
      const started = performance.now();
      const tree = this.trees.get(uri, held.version, held.text);
      const entry = fullEntry(held.version, { path: this.paths.analysisPath(uri), text: held.text, tree, queries: this.parsing.queries, ...this.inputsFor(uri) });
      this.replaceEntry(uri, entry);
      this.log.debug(`analyzed ${entry.analysis.path} v${held.version} (did not parse since ${HELD_IDLE_MS} ms) in ${(performance.now() - started).toFixed(1)} ms`);
      this.caughtUp.fire(uri);
    }, HELD_IDLE_MS);
    this.catchUps.set(uri, timer);
  }

  /** Caches `entry` as the document's analysis (none: forgets it), freeing the trees only the one it replaces held. */
  private replaceEntry(uri: string, entry: CachedAnalysis | null): void {
    const old = this.cache.get(uri);
    if (entry) this.cache.set(uri, entry);
    else this.cache.delete(uri);
    const kept = new Set([entry?.tree, entry?.measuredFrom?.tree]);
    for (const tree of [old?.tree, old?.measuredFrom?.tree]) if (tree && !kept.has(tree)) tree.delete();
  }

  /** Forgets every cached analysis and frees the trees they kept. */
  private clearEntries(): void {
    for (const uri of [...this.cache.keys()]) this.replaceEntry(uri, null);
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
    // A closed document's full analysis is not needed; an edit's update of the index still is.
    for (const [settle, about] of this.unsettled) if (about.uri === uri && !about.updatesIndex) this.unsettled.delete(settle);
    clearTimeout(this.catchUps.get(uri));
    this.catchUps.delete(uri);
    this.replaceEntry(uri, null);
    this.trees?.delete(uri);
  }

  /**
   * Analyses ahead of their opening the test files of `roots` that are large enough for an analysis
   * to keep the editor waiting (`AHEAD_MIN_BYTES`), the largest `AHEAD_MAX_FILES` first, yielding between files; keeps only
   * their diagnostics. Opening one of them with the same text, settings and index then publishes
   * those at once and makes the rest of the analysis afterwards (`openAnalysedAhead`).
   */
  async analyseAhead(roots: readonly string[], isCancelled: () => boolean): Promise<{ files: number; ms: number }> {
    const started = performance.now();
    const parsing = this.parsing;
    if (!parsing || !this.workspaces || !this.currentSettings.server.analyseAhead) return { files: 0, ms: 0 };
    const candidates: Array<{ root: string; entry: ModuleEntry; file: string; bytes: number }> = [];
    for (const root of roots) {
      const index = this.workspaces.contextFor(root).index;
      for (const entry of index.workspaceEntries) {
        if (!index.isTestPath(entry.path)) continue;
        const bytes = fileSize(entry.absolutePath);
        if (bytes >= AHEAD_MIN_BYTES) candidates.push({ root, entry, file: entry.absolutePath, bytes });
      }
    }
    candidates.sort((a, b) => b.bytes - a.bytes);
    let files = 0;
    for (const { root, entry, file } of candidates.slice(0, AHEAD_MAX_FILES)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (isCancelled()) break;
      const uri = pathToFileURL(file).toString();
      // An open document is analysed as it is edited; a buffer that differs from the disk is not what the disk says.
      if (this.cache.has(uri) || this.openText(file)) continue;
      const source = readPythonSource(file);
      if (!source.ok) continue;
      const settings = this.workspaces.settingsFor(root);
      const context = this.workspaces.contextFor(root);
      // Through the index (which may have released it): the analyses of its opening then reuse this summary, and no resolution is forgotten.
      context.index.summary(entry);
      const tree = parsing.parse(source.text);
      try {
        const { analysis } = analyzeTreeWithBasis({ path: this.paths.analysisPath(uri), text: source.text, tree, queries: parsing.queries, settings, workspace: context });
        if (!analysis.test.isTest) continue;
        this.ahead.set(file, { digest: digestOf(source.text), settings, context, generation: context.index.generation, diagnostics: analysis.diagnostics });
        files++;
      } finally {
        tree.delete();
      }
    }
    return { files, ms: performance.now() - started };
  }

  /** What the analysis ahead of `uri`'s opening found, while its text and everything it read are the same. */
  private analysedAhead(uri: string, text: string): AnalysedAhead | null {
    const file = uriToPath(uri);
    const found = file === null ? undefined : this.ahead.get(file);
    if (!found) return null;
    const { settings, workspace } = this.inputsFor(uri);
    const isCurrent = found.settings === settings && found.context === workspace && found.generation === workspace?.index.generation && found.digest === digestOf(text);
    return isCurrent ? found : null;
  }

  /** The analysis of a document opened as it was analysed ahead: its diagnostics now, the rest deferred. */
  private openAnalysedAhead(document: TextDocument, text: string, ahead: AnalysedAhead, started: number): FileAnalysis {
    const { uri, version } = document;
    const path = this.paths.analysisPath(uri);
    let made: { readonly analysis: FileAnalysis; readonly edits: { readonly basis: AnalysisBasis; readonly state: null } | null } | null = null;
    const full = (): NonNullable<typeof made> => {
      if (made) return made;
      const parsing = this.parsing as PythonParsing;
      // The document's tree while this is still its analysis; a tree of its own once it was closed or changed.
      const isCurrent = this.cache.get(uri) === entry;
      const tree = isCurrent && this.trees ? this.trees.get(uri, version, text) : parsing.parse(text);
      try {
        const { analysis, basis } = analyzeTreeWithBasis({ path, text, tree, queries: parsing.queries, ...this.inputsFor(uri) });
        made = { analysis, edits: editsAfter(basis) };
        if (isCurrent) entry.tree = parsedCopy(tree);
      } finally {
        if (!isCurrent) tree.delete();
      }
      return made;
    };
    const entry: CachedAnalysis = { version, text, analysis: deferredAnalysis(path, ahead.diagnostics, () => full().analysis), edits: () => full().edits, tree: null };
    this.replaceEntry(uri, entry);
    this.defer(full, { uri, updatesIndex: false, readsTree: true });
    this.log.debug(`published ${path} v${version} as analysed ahead in ${(performance.now() - started).toFixed(1)} ms`);
    return entry.analysis;
  }

  /**
   * Leaves `settle` to run once the diagnostics are sent (the JSON-RPC writer sends on setImmediate)
   * and what the client sent meanwhile is read: a keystroke that follows at once then settles it
   * within its own debounce. Anything that needs it settles it first.
   */
  private defer(settle: () => unknown, about: Unsettled): void {
    this.unsettled.set(settle, about);
    setTimeout(() => this.settle(), SETTLE_DELAY_MS);
  }

  /** Settles everything left unsettled, oldest first: an edit's updates the workspace index with its file's summary. */
  settle(): void {
    for (const settle of this.unsettled.keys()) {
      this.unsettled.delete(settle);
      try {
        settle();
      } catch (error) {
        // The diagnostics already published stand; the next analysis of the file starts afresh.
        this.log.error('could not settle a deferred analysis', error);
        this.clearEntries();
      }
    }
  }

  /** Frees every tree (`shutdown`). */
  dispose(): void {
    for (const timer of this.catchUps.values()) clearTimeout(timer);
    this.catchUps.clear();
    this.clearEntries();
    this.trees?.clear();
  }

  private invalidate(): void {
    this.clearEntries();
    // Stale now (they name the settings and context they were made with), and they would keep those alive.
    this.ahead.clear();
    this.invalidated.fire();
  }
}

interface Unsettled {
  readonly uri: string;
  /** Settling updates the workspace index (an edit's new summary): it must run even after the document closes. */
  readonly updatesIndex: boolean;
  /** Settling reads the document's tree: it must run before the tree follows an edit. */
  readonly readsTree: boolean;
}

/** What a file's analysis ahead of its opening found, and what it depended on. */
interface AnalysedAhead {
  readonly digest: string;
  readonly settings: Settings;
  readonly context: WorkspaceContext | undefined;
  /** The index generation the analysis resolved against: any summary replaced since may change it. */
  readonly generation: number | undefined;
  readonly diagnostics: readonly Finding[];
}

interface CachedAnalysis {
  readonly version: number;
  readonly text: string;
  readonly analysis: FileAnalysis;
  /**
   * A copy of the tree of `text` when it parsed (else null), edited along with the document since:
   * once edits that did not parse are followed by one that does, it tells what they all changed.
   */
  tree: Tree | null;
  /**
   * The analysis the next edit is measured from, when it is not this one: the last text that parsed
   * while this one does not (this analysis is that one's, moved), or the text before blank lines just
   * typed in a test (the statement typed on them is then a new line of the test).
   */
  readonly measuredFrom?: CachedAnalysis;
  /**
   * What an edit inside one test needs to be re-analysed alone; null for files that are not test code.
   * A function because an edit's may still be unsettled: asking settles it.
   */
  readonly edits: () => { readonly basis: AnalysisBasis; readonly state: EditState | null } | null;
}

/** What the first edit after a full analysis starts from; null when edits are always analysed in full. */
function editsAfter(basis: AnalysisBasis): { readonly basis: AnalysisBasis; readonly state: null } | null {
  return isEditable(basis) ? { basis, state: null } : null;
}

/** The entry of a text at `version` that does not parse: `measuredFrom`'s analysis moved past `edit`, its edits measured from `measuredFrom`. */
function brokenEntry(measuredFrom: CachedAnalysis, version: number, text: string, edit: Edit): CachedAnalysis {
  return { version, text, analysis: analysisWhileBroken(measuredFrom.analysis, measuredFrom.text, edit), edits: () => null, tree: null, measuredFrom };
}

/** A full analysis of the document's text at `version`, and what its edits start from. */
function fullEntry(version: number, inputs: Parameters<typeof analyzeTreeWithBasis>[0]): CachedAnalysis {
  const { analysis, basis } = analyzeTreeWithBasis(inputs);
  // The state edits need is made on the first edit, not here: opening a file must not wait for it.
  const edits = editsAfter(basis);
  return { version, text: inputs.text, analysis, edits: () => edits, tree: parsedCopy(inputs.tree) };
}

/** Whether `edit`, which made `newText`, only added line breaks and blanks: a new line not typed yet. */
function addsBlankLines(newText: string, edit: Edit): boolean {
  return edit.oldEndIndex === edit.startIndex && edit.newEndPosition.row > edit.startPosition.row && /^[ \t\r\n]*$/.test(newText.slice(edit.startIndex, edit.newEndIndex));
}

/** A tree of its own for an analysis to keep, when the text parsed. */
function parsedCopy(tree: Tree): Tree | null {
  return tree.rootNode.hasError ? null : tree.copy();
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.pyi?$/i.test(document.uri);
}
