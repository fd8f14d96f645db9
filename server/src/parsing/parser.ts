/**
 * Loads web-tree-sitter and the Python grammar from a grammars directory and parses text.
 * Owns wasm location (bundled or not); knows nothing about what the trees mean.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { blankTooDeepLines } from './indentation-guard';
import { loadQueries, type Queries } from './queries';

/** The web-tree-sitter runtime wasm; its name changed across 0.2x releases (STYLE: pin exactly). */
export const RUNTIME_WASM = 'tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface PythonParsing {
  readonly language: Language;
  readonly queries: Queries;
  /** Parses `text`; `oldTree` (already edited) makes it incremental. */
  parse(text: string, oldTree?: Tree | null): Tree;
}

let runtimeReady: Promise<void> | undefined;
/** The options object the runtime adopts as its Emscripten module: its `HEAP8` views the wasm memory. */
let runtimeModule: RuntimeModuleOptions | undefined;

interface RuntimeModuleOptions {
  readonly locateFile: (name: string) => string;
  readonly HEAP8?: Int8Array;
}

/**
 * Initialises the runtime once per process. `locateFile` points it at `grammarsDir`, because
 * bundling moves this module away from web-tree-sitter's own folder.
 */
function initRuntime(grammarsDir: string): Promise<void> {
  if (!runtimeReady) {
    const moduleOptions: RuntimeModuleOptions = {
      locateFile: (name: string) => path.join(grammarsDir, name === RUNTIME_WASM ? RUNTIME_WASM : name),
    };
    runtimeModule = moduleOptions;
    runtimeReady = Parser.init(moduleOptions);
  }
  return runtimeReady;
}

/**
 * Bytes of wasm linear memory the parser runtime holds (0 before it starts). Wasm memory only
 * grows, so this is the high-water mark of trees and parser state, counted in the process's RSS.
 */
export function parserMemoryBytes(): number {
  return runtimeModule?.HEAP8?.buffer.byteLength ?? 0;
}

/** Loads grammar and queries from `grammarsDir` (holding both wasm files and `queries/`). Fails fast. */
export async function createPythonParsing(grammarsDir: string): Promise<PythonParsing> {
  for (const file of [RUNTIME_WASM, PYTHON_WASM]) {
    if (!fs.existsSync(path.join(grammarsDir, file))) {
      throw new Error(`missing ${file} in ${grammarsDir}: run "npm run build" to copy the grammars`);
    }
  }
  await initRuntime(grammarsDir);
  const language = await Language.load(path.join(grammarsDir, PYTHON_WASM));
  const queries = loadQueries(language, path.join(grammarsDir, 'queries'));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    language,
    queries,
    parse(text, oldTree) {
      const unified = unifyLoneCarriageReturns(text);
      const guarded = blankTooDeepLines(unified ?? text);
      // A rewritten text no longer matches the old tree's edits: parse it from scratch.
      const rewritten = guarded ?? unified;
      const tree = rewritten === null ? parser.parse(text, oldTree ?? null) : parser.parse(rewritten);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}

/**
 * A lone `\r` ends a line for LSP clients and for Python (universal newlines), but tree-sitter counts
 * rows at `\n` only, so rows past it would name the wrong line. Returns the text with each lone `\r`
 * turned into `\n` (same length, so every index stays valid), or null when there is none.
 * https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocuments
 */
export function unifyLoneCarriageReturns(text: string): string | null {
  return hasLoneCarriageReturn(text) ? text.replace(LONE_CR, '\n') : null;
}

const LONE_CR = /\r(?!\n)/g;

export function hasLoneCarriageReturn(text: string): boolean {
  if (!text.includes('\r')) return false;
  LONE_CR.lastIndex = 0;
  return LONE_CR.test(text);
}

/**
 * Finds the grammars directory from a module's location: next to a bundle (`dist/grammars`) or
 * at the repository root when running from `out/` (tests).
 */
export function findGrammarsDir(fromDir: string): string {
  let dir = fromDir;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'grammars');
    if (fs.existsSync(path.join(candidate, PYTHON_WASM))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`no grammars directory with ${PYTHON_WASM} above ${fromDir}: run "npm run build"`);
}
