/**
 * The workspace symbol index: module path ↔ file, summaries loaded once per file version through
 * a host, and name resolution through imports, re-exports (`from .x import *`) and submodules.
 * Pure: every read goes through `IndexHost`, so tests run on in-memory workspaces.
 */
import type { ClassSummary, FunctionSummary, AssignmentSummary, ModuleEntry, ModuleSummary } from '../model/workspace';

/** An import statement in a module outside the test globs (a production candidate). */
export interface ImportLine {
  readonly importer: ModuleEntry;
  readonly line: number;
  readonly text: string;
  /** Absolute module imported from (`from a.b import c` → `a.b`), or the module imported. */
  readonly module: string;
  /** Imported name, or null for `import a.b`. */
  readonly name: string | null;
}

export interface IndexHost {
  /** Entries of the workspace folders (walked eagerly: conftest discovery and reachability need them all). */
  readonly workspaceEntries: readonly ModuleEntry[];
  /** Looks a module up in the environments (site-packages, extra paths), on demand. */
  findEnvironmentModule(modulePath: string): ModuleEntry | null;
  /** Parses and summarises a module (the host caches by file version). Null when unreadable. */
  loadSummary(entry: ModuleEntry): ModuleSummary | null;
  /** The summary already made of exactly `text` for this module, if the host has one; never parses. */
  summaryOfText?(entry: ModuleEntry, text: string): ModuleSummary | null;
  /** Import lines of workspace modules outside the test globs, read without parsing (cached). */
  productionImportLines(): readonly ImportLine[];
  /** True when a root-relative path matches the test globs. */
  isTestPath(path: string): boolean;
  /** Forgets what the host cached about a file. */
  invalidate?(absolutePath: string): void;
  /** Drops what the host holds of a file that did not change, to be read again when asked for. */
  release?(absolutePath: string): void;
}

export type Resolution =
  | { readonly kind: 'module'; readonly module: ModuleSummary }
  | { readonly kind: 'class'; readonly module: ModuleSummary; readonly cls: ClassSummary }
  | { readonly kind: 'function'; readonly module: ModuleSummary; readonly fn: FunctionSummary }
  | { readonly kind: 'method'; readonly module: ModuleSummary; readonly cls: ClassSummary; readonly fn: FunctionSummary }
  | { readonly kind: 'assignment'; readonly module: ModuleSummary; readonly assignment: AssignmentSummary }
  | { readonly kind: 'unresolved'; readonly reason: string; readonly externalPackage: string | null };

/** Re-export chains longer than this are treated as cycles. */
const MAX_HOPS = 16;

export class WorkspaceIndex {
  private readonly byModule = new Map<string, ModuleEntry>();
  private readonly byPath = new Map<string, ModuleEntry>();
  private readonly summaries = new Map<string, ModuleSummary | null>();
  /**
   * Top-level resolutions by dotted name. Whole-suite runs ask for the same names (a base class's
   * setUp, the same fixtures) in every file; a result only changes when a summary it may have read
   * is replaced, so replacing one clears them all (`generation` tells dependents to do the same).
   */
  private readonly resolutions = new Map<string, Resolution>();
  private currentGeneration = 0;
  private importGroups: { lines: readonly ImportLine[]; fromTests: ImportLine[]; bySource: Map<string, ImportLine[]>; order: Map<ImportLine, number> } | undefined;

  constructor(private readonly host: IndexHost) {
    for (const entry of host.workspaceEntries) {
      // The first root wins, as on sys.path; a package's __init__ and a same-named module never both exist.
      if (!this.byModule.has(entry.modulePath)) this.byModule.set(entry.modulePath, entry);
      if (!this.byPath.has(entry.path)) this.byPath.set(entry.path, entry);
    }
  }

  get workspaceEntries(): readonly ModuleEntry[] {
    return this.host.workspaceEntries;
  }

  /** The workspace module at a root-relative path (the first, as `workspaceEntries.find` would give). */
  entryAt(relativePath: string): ModuleEntry | undefined {
    return this.byPath.get(relativePath);
  }

  findModule(modulePath: string): ModuleEntry | null {
    return this.byModule.get(modulePath) ?? this.host.findEnvironmentModule(modulePath);
  }

  summary(entry: ModuleEntry): ModuleSummary | null {
    if (!this.summaries.has(entry.absolutePath)) this.summaries.set(entry.absolutePath, this.host.loadSummary(entry));
    return this.summaries.get(entry.absolutePath) ?? null;
  }

  /**
   * The module's current summary when it was made of exactly `text`, else null. Opening a file the
   * index has summarised from disk then costs no summary, and no resolution is forgotten.
   */
  summaryMadeOf(entry: ModuleEntry, text: string): ModuleSummary | null {
    const current = this.summaries.get(entry.absolutePath);
    if (!current) return null;
    return this.host.summaryOfText?.(entry, text) === current ? current : null;
  }

  /**
   * Keeps the summary an analysis just made of a file's current text, so the file is parsed once
   * per version even when it is both analysed and used by other files.
   */
  remember(entry: ModuleEntry, summary: ModuleSummary): void {
    // The summary it already holds (reused for the same text): nothing changed.
    if (this.summaries.get(entry.absolutePath) === summary) return;
    // A summary seen for the first time cannot be behind any cached resolution: no need to forget them.
    if (this.summaries.has(entry.absolutePath)) this.forgetResolutions();
    this.summaries.set(entry.absolutePath, summary);
  }

  /** Changes whenever a summary was replaced or dropped: caches built on resolutions compare it. */
  get generation(): number {
    return this.currentGeneration;
  }

  summaryOf(modulePath: string): ModuleSummary | null {
    const entry = this.findModule(modulePath);
    return entry ? this.summary(entry) : null;
  }

  /** Reads the production import lines now (background indexing) rather than on the first reachability question. */
  readProductionImports(): void {
    this.host.productionImportLines();
  }

  /**
   * Non-test modules that import `definition` by name (`from x import Name`), directly or through
   * a re-export, with the import line as evidence. Module imports (`import x`) are not name-level.
   */
  productionImportersOf(definition: { path: string; line: number }): Array<{ path: string; line: number; text: string }> {
    const result: Array<{ path: string; line: number; text: string }> = [];
    for (const line of this.importLinesFrom(definition.path)) {
      const resolved = this.resolve(`${line.module}.${line.name}`);
      if (resolved.kind === 'unresolved' || resolved.kind === 'module' || resolved.module.path !== definition.path) continue;
      const defLine = resolved.kind === 'class' ? resolved.cls.line : resolved.kind === 'assignment' ? resolved.assignment.line : resolved.fn.line;
      if (defLine !== definition.line) continue;
      const importer = this.summary(line.importer);
      // Only production code counts: a support module that is test code by its content is not.
      if (importer?.isTest) continue;
      result.push({ path: line.importer.path, line: line.line, text: line.text });
    }
    return result;
  }

  /**
   * The name imports that can reach a definition in the module at `path`: those from test modules
   * (a re-export may lead anywhere in test code) and from the module itself, in scan order.
   * Grouped once per scan: every double of every test asks, and production imports run to tens of thousands.
   */
  private importLinesFrom(path: string): readonly ImportLine[] {
    const lines = this.host.productionImportLines();
    if (this.importGroups?.lines !== lines) {
      const fromTests: ImportLine[] = [];
      const bySource = new Map<string, ImportLine[]>();
      for (const line of lines) {
        if (line.name === null) continue;
        const source = this.findModule(line.module);
        if (!source) continue;
        if (this.host.isTestPath(source.path)) fromTests.push(line);
        else {
          const group = bySource.get(source.path);
          if (group) group.push(line);
          else bySource.set(source.path, [line]);
        }
      }
      this.importGroups = { lines, fromTests, bySource, order: new Map(lines.map((line, i) => [line, i])) };
    }
    const { fromTests, bySource, order } = this.importGroups;
    const own = bySource.get(path);
    if (!own) return fromTests;
    return [...fromTests, ...own].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }

  isTestPath(path: string): boolean {
    return this.host.isTestPath(path);
  }

  /**
   * Drops the summaries of test modules that no summarised module imports, and returns how many.
   * Nothing resolves a name through them until their own file is analysed (which summarises it
   * again), or a patch target names them (read again then): on nova they are 686 of 1,515 modules
   * and a third of the index's memory. Kept: `conftest.py` (pytest reads it without an import) and
   * packages. Nothing changed, so no cached resolution is forgotten.
   */
  releaseUnimportedTestSummaries(): number {
    const imported = new Set<string>();
    for (const summary of this.summaries.values()) {
      for (const binding of summary?.imports ?? []) {
        // `from a.b import c` may import the module a.b.c or the name c of a.b: keep both, and their packages.
        for (let at = binding.qualifiedName.indexOf('.'); at !== -1; at = binding.qualifiedName.indexOf('.', at + 1)) imported.add(binding.qualifiedName.slice(0, at));
        imported.add(binding.qualifiedName);
      }
    }
    let released = 0;
    for (const entry of this.host.workspaceEntries) {
      if (entry.isPackage || !this.summaries.has(entry.absolutePath) || !this.host.isTestPath(entry.path)) continue;
      if (imported.has(entry.modulePath) || /(^|\/)conftest\.py$/.test(entry.path)) continue;
      this.summaries.delete(entry.absolutePath);
      this.host.release?.(entry.absolutePath);
      released++;
    }
    return released;
  }

  /** Forgets a file's summary after it changed on disk or in the editor. */
  invalidate(absolutePath: string): void {
    this.summaries.delete(absolutePath);
    this.host.invalidate?.(absolutePath);
    this.forgetResolutions();
  }

  /** Resolves a dotted name (`nova.tests.fixtures.OSAPIFixture`) to its definition. */
  resolve(dotted: string): Resolution {
    const cached = this.resolutions.get(dotted);
    if (cached) return cached;
    const resolution = this.resolveDotted(dotted, new Set());
    this.resolutions.set(dotted, resolution);
    return resolution;
  }

  private forgetResolutions(): void {
    this.resolutions.clear();
    this.currentGeneration++;
  }

  private resolveDotted(dotted: string, seen: Set<string>): Resolution {
    if (seen.has(dotted) || seen.size > MAX_HOPS) return unresolved(`import cycle or chain too long at ${dotted}`, null);
    seen.add(dotted);
    const parts = dotted.split('.').filter(Boolean);
    for (let i = parts.length; i >= 1; i--) {
      const entry = this.findModule(parts.slice(0, i).join('.'));
      if (entry) return this.resolveInModule(entry, parts.slice(i), seen);
    }
    const top = parts[0] ?? dotted;
    return unresolved(`defined in package \`${top}\`, which is not in the workspace or its environments`, top);
  }

  private resolveInModule(entry: ModuleEntry, rest: readonly string[], seen: Set<string>): Resolution {
    const module = this.summary(entry);
    if (!module) return unresolved(`${entry.path} could not be read as Python source`, null);
    if (rest.length === 0) return { kind: 'module', module };
    const [name, ...tail] = rest;
    const cls = lastByName(module.classes, name);
    if (cls) {
      if (tail.length === 0) return { kind: 'class', module, cls };
      const method = lastByName(cls.methods, tail[0]);
      if (method && tail.length === 1) return { kind: 'method', module, cls, fn: method };
      return unresolved(`${module.modulePath}.${name} has no method ${tail.join('.')} (attributes are traced elsewhere)`, null);
    }
    const fn = lastByName(module.functions, name);
    if (fn) return tail.length === 0 ? { kind: 'function', module, fn } : unresolved(`${module.modulePath}.${name} is a function`, null);
    // Explicit imports (`from .nova import OSAPIFixture`, `import x as name`): follow them.
    const binding = [...module.imports].reverse().find((b) => !b.isWildcard && b.alias === name);
    if (binding) return this.resolveDotted([binding.qualifiedName, ...tail].join('.'), seen);
    const assignment = [...module.assignments].reverse().find((a) => a.target === name);
    if (assignment) {
      // `Alias = other.Thing` re-binds a name; anything else is a plain value.
      if (assignment.value.kind === 'name' && tail.length === 0) {
        const aliased = this.resolveNameIn(module, assignment.value.name, seen);
        if (aliased.kind !== 'unresolved') return aliased;
      }
      return { kind: 'assignment', module, assignment };
    }
    const submodule = this.findModule(`${module.modulePath}.${name}`);
    if (submodule) return this.resolveInModule(submodule, tail, seen);
    // `from x import *` exports public names only (no `__all__` handling: an honest superset).
    const wildcards = name.startsWith('_') ? [] : module.imports.filter((b) => b.isWildcard);
    for (const wildcard of wildcards) {
      const source = this.findModule(wildcard.qualifiedName);
      if (!source) continue;
      const found = this.resolveInModule(source, rest, seen);
      if (found.kind !== 'unresolved') return found;
    }
    return unresolved(`${name} is not defined in ${module.modulePath} (${module.path})`, null);
  }

  /** Resolves a name as code in `module` sees it: its own definitions first, then its imports. */
  resolveNameIn(module: ModuleSummary, dotted: string, seen?: Set<string>): Resolution {
    const qualified = qualifyInModule(module, dotted);
    if (qualified === null) return unresolved(`${dotted.split('.')[0]} is not defined or imported in ${module.modulePath}`, null);
    // Inside a chain `seen` decides cycles, so only a fresh lookup may come from the cache.
    return seen ? this.resolveDotted(qualified, seen) : this.resolve(qualified);
  }
}

/**
 * The dotted name a name written in `module` stands for: imported names through their import,
 * names the module defines under its own path. Null for unknown heads (locals, `self`, builtins).
 */
export function qualifyInModule(module: ModuleSummary, dotted: string): string | null {
  const [head, ...rest] = dotted.split('.');
  const qualifiedHead = qualifiedHeadsOf(module).get(head);
  return qualifiedHead === undefined ? null : [qualifiedHead, ...rest].join('.');
}

/**
 * What each name bound at a module's top level stands for, built once per summary: deriving a
 * test qualifies every callee through its module, and a scan of a 33,000-line module's imports and
 * definitions per call was a tenth of an edit's analysis. Summaries are never mutated, so a
 * summary object's table stays right; a changed file gets a new summary and so a new table.
 */
const qualifiedHeads = new WeakMap<ModuleSummary, ReadonlyMap<string, string>>();
function qualifiedHeadsOf(module: ModuleSummary): ReadonlyMap<string, string> {
  let heads = qualifiedHeads.get(module);
  if (heads) return heads;
  const table = new Map<string, string>();
  // Definitions first, so an import of the same name replaces them (imports win, the last one most).
  for (const named of [...module.classes.map((c) => c.name), ...module.functions.map((f) => f.name), ...module.assignments.map((a) => a.target)]) {
    table.set(named, `${module.modulePath}.${named}`);
  }
  for (const binding of module.imports) if (!binding.isWildcard) table.set(binding.alias, binding.qualifiedName);
  heads = table;
  qualifiedHeads.set(module, heads);
  return heads;
}

function lastByName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (items[i].name === name) return items[i];
  return undefined;
}

function unresolved(reason: string, externalPackage: string | null): Resolution {
  return { kind: 'unresolved', reason, externalPackage };
}
