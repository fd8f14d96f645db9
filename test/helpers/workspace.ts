/**
 * Workspaces for tests: the fixture workspaces under `test/fixtures/workspaces/`, small ones written
 * to a temporary folder, and temporary copies with files removed. Loads them the way the CLI does
 * (file-system host, index, deriver) and analyses files in them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/analysis/analyze-file';
import type { ClassRef } from '../../server/src/analysis/derive-facts';
import { createWorkspaceContext, type WorkspaceContext } from '../../server/src/analysis/resolve-doubles';
import { WorkspaceIndex } from '../../server/src/analysis/workspace-index';
import { createFileSystemHost, type FileSystemHost } from '../../server/src/io/workspace-host';
import type { FileAnalysis, TestDouble } from '../../server/src/model/types';
import type { FunctionSummary, ModuleSummary } from '../../server/src/model/workspace';
import { parseSettings } from '../../server/src/settings';
import { FIXTURES, getParsing } from './parsing';

export const WORKSPACES = path.join(FIXTURES, 'workspaces');

export interface LoadedWorkspace {
  readonly root: string;
  readonly host: FileSystemHost;
  readonly index: WorkspaceIndex;
  readonly context: WorkspaceContext;
  /** Analyses a root-relative file as the CLI does. */
  analyze(relativePath: string): FileAnalysis;
  /** The index's summary of a root-relative file (throws when it is not a workspace module). */
  summary(relativePath: string): ModuleSummary;
  /** A class by root-relative file and name. */
  classRef(relativePath: string, name: string): ClassRef;
  /** A module-level function by root-relative file and name. */
  functionOf(relativePath: string, name: string): { module: ModuleSummary; fn: FunctionSummary };
}

export async function loadWorkspace(root: string, options: { extraPaths?: string[] } = {}): Promise<LoadedWorkspace> {
  const parsing = await getParsing();
  const settings = parseSettings({});
  const host = createFileSystemHost({ root, parsing, testGlobs: settings.testGlobs, extraPaths: options.extraPaths });
  const index = new WorkspaceIndex(host);
  const context = createWorkspaceContext(index);
  const summary = (relativePath: string): ModuleSummary => {
    const entry = index.workspaceEntries.find((e) => e.path === relativePath);
    const loaded = entry ? index.summary(entry) : null;
    if (!loaded) throw new Error(`${relativePath} is not a module of ${root}`);
    return loaded;
  };
  return {
    root,
    host,
    index,
    context,
    analyze: (relativePath) => analyzeText(parsing, { path: relativePath, text: fs.readFileSync(path.join(root, relativePath), 'utf8'), settings, workspace: context }),
    summary,
    classRef(relativePath, name) {
      const module = summary(relativePath);
      const cls = module.classes.find((c) => c.name === name);
      if (!cls) throw new Error(`no class ${name} in ${relativePath}`);
      return { module, cls };
    },
    functionOf(relativePath, name) {
      const module = summary(relativePath);
      const fn = module.functions.find((f) => f.name === name);
      if (!fn) throw new Error(`no function ${name} in ${relativePath}`);
      return { module, fn };
    },
  };
}

/** Writes `files` (root-relative path → text) under a fresh temporary folder and returns it. */
export function writeTempWorkspace(files: Readonly<Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-ws-'));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** Copies a fixture workspace to a temporary folder, without the `remove`d root-relative files. */
export function copyWorkspace(source: string, remove: readonly string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-copy-'));
  fs.cpSync(source, root, { recursive: true });
  for (const relative of remove) fs.rmSync(path.join(root, relative), { force: true });
  return root;
}

export function removeTemp(root: string): void {
  if (root.startsWith(os.tmpdir())) fs.rmSync(root, { recursive: true, force: true });
}

/** Joins lines into Python source (keeps fixture code readable inside tests). */
export function py(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The double of `analysis` at a 1-based line, optionally by name and form. */
export function doubleAt(analysis: FileAnalysis, line: number, name?: string, form?: TestDouble['form']): TestDouble {
  const found = analysis.doubles.filter((d) => d.span.start.row + 1 === line && (!name || d.name === name) && (!form || d.form === form));
  if (found.length !== 1) {
    const listing = analysis.doubles.map((d) => `${d.span.start.row + 1} ${d.form} ${d.name}`).join('; ');
    throw new Error(`expected one double at ${analysis.path}:${line}${name ? ` named ${name}` : ''}, found ${found.length} (${listing})`);
  }
  return found[0];
}

/** `path:line` of each piece of evidence for `fact` (all evidence when `fact` is omitted). */
export function evidenceOf(double: Pick<TestDouble, 'evidence'>, fact?: string): string[] {
  return double.evidence.filter((e) => !fact || e.fact === fact).map((e) => `${e.path}:${e.line}`);
}
