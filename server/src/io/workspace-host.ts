/**
 * The file-system side of the workspace index: finds module files under the analysis root and the
 * Python environments in it, and loads summaries (parse, summarise, free the tree) once per file
 * version. Open editor buffers override disk through `overlay`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modulePathOf } from '../analysis/module-path';
import { internStrings, summarizeModule } from '../analysis/summarize-module';
import picomatch from 'picomatch';
import { absolutize } from '../analysis/summarize-module';
import type { ImportLine, IndexHost } from '../analysis/workspace-index';
import type { ModuleEntry, ModuleSummary, SourceRootKind } from '../model/workspace';
import type { PythonParsing } from '../parsing/parser';
import { readPythonSource } from './read-source';

/** Folders never walked for workspace modules: VCS data, caches, environments (probed separately). */
const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.venv', 'venv', 'env', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.eggs', 'build', 'dist']);

export interface FileSystemHostOptions {
  /** Absolute analysis root (the workspace folder). */
  readonly root: string;
  readonly parsing: PythonParsing;
  readonly testGlobs: readonly string[];
  /** Extra import roots (absolute), searched after the environments. */
  readonly extraPaths?: readonly string[];
  /** Text of open documents by absolute path, with a version; preferred over disk. */
  readonly overlay?: (absolutePath: string) => { text: string; version: number } | null;
}

export interface FileSystemHost extends IndexHost {
  readonly environmentRoots: readonly string[];
}

export function createFileSystemHost(options: FileSystemHostOptions): FileSystemHost {
  const root = path.resolve(options.root);
  const sourceRoots = [root, ...srcLayoutRoots(root)];
  const workspaceEntries = sourceRoots.flatMap((sourceRoot) => walkModules(sourceRoot, root, 'workspace'));
  const environmentRoots = findEnvironmentRoots(root);
  const probeRoots: Array<{ dir: string; kind: SourceRootKind }> = [
    ...environmentRoots.map((dir) => ({ dir, kind: 'environment' as const })),
    ...(options.extraPaths ?? []).map((dir) => ({ dir: path.resolve(root, dir), kind: 'extra' as const })),
  ];
  /** `digest`: of the text summarised, for workspace modules (the ones an editor opens). */
  const cache = new Map<string, { stamp: string; summary: ModuleSummary | null; digest: string | null }>();
  const isTestPath = picomatch([...options.testGlobs], { dot: true });
  const testPaths = new Map<string, boolean>();
  let importLines: ImportLine[] | null = null;
  const environmentModules = new Map<string, ModuleEntry | null>();
  const listings = new DirectoryListings();

  return {
    workspaceEntries,
    environmentRoots,
    findEnvironmentModule(modulePath) {
      // Resolution asks for the same names (and the same misses) thousands of times per suite.
      if (environmentModules.has(modulePath)) return environmentModules.get(modulePath) ?? null;
      const relative = modulePath.split('.').join(path.sep);
      let found: ModuleEntry | null = null;
      probe: for (const { dir, kind } of probeRoots) {
        for (const [candidate, isPackage] of [[path.join(dir, relative, '__init__.py'), true], [path.join(dir, `${relative}.py`), false]] as const) {
          if (listings.isFileUnder(dir, candidate)) {
            found = entryFor(candidate, root, modulePath, kind, isPackage);
            break probe;
          }
        }
      }
      environmentModules.set(modulePath, found);
      return found;
    },
    // Memoised: reachability asks about the same few paths for every double of every test.
    isTestPath: (relativePath: string) => {
      let isTest = testPaths.get(relativePath);
      if (isTest === undefined) testPaths.set(relativePath, (isTest = isTestPath(relativePath)));
      return isTest;
    },
    invalidate: () => {
      importLines = null;
      environmentModules.clear();
      listings.clear();
    },
    release: (absolutePath: string) => {
      cache.delete(absolutePath);
    },
    productionImportLines() {
      importLines ??= workspaceEntries.filter((e) => !isTestPath(e.path)).flatMap((entry) => scanImportLines(entry, options.overlay));
      return importLines;
    },
    loadSummary(entry) {
      const open = options.overlay?.(entry.absolutePath) ?? null;
      const stamp = open ? `v${open.version}` : statStamp(entry.absolutePath);
      const cached = cache.get(entry.absolutePath);
      if (cached && cached.stamp === stamp) return cached.summary;
      let summary: ModuleSummary | null = null;
      let digest: string | null = null;
      const source = open ? { ok: true as const, text: open.text } : readPythonSource(entry.absolutePath);
      if (source.ok) {
        const tree = options.parsing.parse(source.text);
        try {
          summary = summarizeModule({
            tree,
            queries: options.parsing.queries,
            text: source.text,
            modulePath: entry.modulePath,
            path: entry.path,
            isPackage: entry.isPackage,
            testGlobs: options.testGlobs,
          });
        } finally {
          tree.delete();
        }
        if (entry.rootKind === 'workspace') digest = digestOf(source.text);
      }
      cache.set(entry.absolutePath, { stamp, summary, digest });
      return summary;
    },
    summaryOfText(entry, text) {
      const cached = cache.get(entry.absolutePath);
      return cached?.summary && cached.digest !== null && cached.digest === digestOf(text) ? cached.summary : null;
    },
  };
}

function entryFor(absolutePath: string, analysisRoot: string, modulePath: string, rootKind: SourceRootKind, isPackage: boolean): ModuleEntry {
  return { modulePath, absolutePath, path: toPosix(path.relative(analysisRoot, absolutePath)), rootKind, isPackage };
}

function walkModules(sourceRoot: string, analysisRoot: string, kind: SourceRootKind): ModuleEntry[] {
  const entries: ModuleEntry[] = [];
  const visit = (dir: string): void => {
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const item of items) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) {
        if (!SKIPPED.has(item.name) && !(dir === analysisRoot && item.name === 'src' && sourceRoot === analysisRoot)) visit(full);
      } else if (item.isFile() && item.name.endsWith('.py')) {
        const relative = toPosix(path.relative(sourceRoot, full));
        entries.push(entryFor(full, analysisRoot, modulePathOf(relative), kind, item.name === '__init__.py'));
      }
    }
  };
  visit(sourceRoot);
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** `src/` layouts: `src/pkg/__init__.py` imports as `pkg`, not `src.pkg`. */
function srcLayoutRoots(root: string): string[] {
  const src = path.join(root, 'src');
  return isDirectory(src) ? [src] : [];
}

/** `.venv`, `venv`, `env` and `.tox/*` site-packages folders inside the root. */
export function findEnvironmentRoots(root: string): string[] {
  const environments = ['.venv', 'venv', 'env', ...listDirs(path.join(root, '.tox')).map((d) => path.join('.tox', d))];
  const result: string[] = [];
  for (const environment of environments) {
    const lib = path.join(root, environment, 'lib');
    for (const python of listDirs(lib).filter((d) => /^python\d/.test(d)).sort()) {
      const sitePackages = path.join(lib, python, 'site-packages');
      if (isDirectory(sitePackages)) result.push(sitePackages);
    }
  }
  return result;
}

function listDirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

/** Identifies a text without keeping it: a summary is reused only for the very text it was made of. */
/** The digest summaries of workspace modules are kept with, so a text can be recognised as the one summarised. */
export function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether files exist under a root, answered from one listing per folder, walked down from the
 * root: resolution probes the environments for tens of thousands of names, most of them misses
 * that the root's own listing already answers (no `nova` in site-packages), and a stat per probe
 * was a second of a nova run. Symbolic links are stat'ed, as before.
 */
class DirectoryListings {
  private readonly listings = new Map<string, Map<string, fs.Dirent> | null>();

  isFileUnder(root: string, file: string): boolean {
    const parts = path.relative(root, file).split(path.sep);
    if (parts[0] === '..' || path.isAbsolute(parts[0])) return isFile(file);
    let dir = root;
    for (const [i, name] of parts.entries()) {
      const entry = this.listingOf(dir)?.get(name);
      if (!entry) return false;
      const full = path.join(dir, name);
      if (i === parts.length - 1) return entry.isFile() || (entry.isSymbolicLink() && isFile(full));
      if (!entry.isDirectory() && !(entry.isSymbolicLink() && isDirectory(full))) return false;
      dir = full;
    }
    return false;
  }

  clear(): void {
    this.listings.clear();
  }

  private listingOf(dir: string): Map<string, fs.Dirent> | null {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      listing = listDirectory(dir);
      this.listings.set(dir, listing);
    }
    return listing;
  }
}

function listDirectory(dir: string): Map<string, fs.Dirent> | null {
  try {
    return new Map(fs.readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
  } catch {
    return null;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function statStamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return 'missing';
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^#\n]+)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^#\n]+)/gm;

/**
 * Import lines read with a regular expression, not the parser: reachability needs every production
 * module, and a full parse of each would cost seconds on a large workspace. Imports inside strings
 * may be over-reported; they are only candidates, confirmed by resolution.
 */
function scanImportLines(entry: ModuleEntry, overlay: FileSystemHostOptions['overlay']): ImportLine[] {
  const open = overlay?.(entry.absolutePath);
  const source = open ? { ok: true as const, text: open.text } : readPythonSource(entry.absolutePath);
  if (!source.ok || !/\bimport\b/.test(source.text)) return [];
  const text = source.text;
  const lines: ImportLine[] = [];
  // Import lines live as long as the index: their strings must not be slices that keep `text` alive.
  const strings = new Map<string, string>();
  const own = (value: string): string => internStrings(value, strings);
  // Split once per file, not per import line found (scanning nova's production modules: 196 → 95 ms).
  const textLines = text.split('\n');
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (index: number): number => {
    let low = 0;
    let high = lineStarts.length;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (lineStarts[middle] <= index) low = middle;
      else high = middle;
    }
    return low + 1;
  };
  const lineText = (index: number): string => (textLines[lineAt(index) - 1] ?? '').trim();
  for (const match of text.matchAll(FROM_IMPORT)) {
    const from = absolutize({ alias: '', qualifiedName: match[1], line: 0, isWildcard: false }, entry.modulePath, entry.isPackage).qualifiedName;
    for (const part of match[2].replace(/[()\\\n]/g, ' ').split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]?.trim();
      if (name && /^\w+$/.test(name)) lines.push({ importer: entry, line: lineAt(match.index ?? 0), text: own(lineText(match.index ?? 0)), module: own(from), name: own(name) });
    }
  }
  for (const match of text.matchAll(PLAIN_IMPORT)) {
    for (const part of match[1].split(',')) {
      const module = part.trim().split(/\s+as\s+/)[0]?.trim();
      if (module && /^[\w.]+$/.test(module)) lines.push({ importer: entry, line: lineAt(match.index ?? 0), text: own(lineText(match.index ?? 0)), module: own(module), name: null });
    }
  }
  return lines;
}
