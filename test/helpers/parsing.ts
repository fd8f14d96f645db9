/** One parser per test process, loaded from the repository's `grammars/` (filled by `npm run build`). */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { analyzeText } from '../../server/src/analysis/analyze-file';
import type { FileAnalysis } from '../../server/src/model/types';
import { createPythonParsing, findGrammarsDir, type PythonParsing } from '../../server/src/parsing/parser';
import type { TreeCache } from '../../server/src/parsing/trees';
import { parseSettings, type Settings } from '../../server/src/settings';

let parsing: Promise<PythonParsing> | undefined;

export function getParsing(): Promise<PythonParsing> {
  parsing ??= createPythonParsing(findGrammarsDir(__dirname));
  return parsing;
}

export async function analyzeSource(text: string, relativePath = 'tests/test_sample.py', settings: Settings = parseSettings({})): Promise<FileAnalysis> {
  return analyzeText(await getParsing(), { path: relativePath, text, settings });
}

/** Repository root, from `out/test/helpers/`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** Asserts that the tree `cache` holds for `text` (an incremental reparse) is node for node a fresh parse of it. */
export function assertReparseEqualsFreshParse(parsing: PythonParsing, cache: TreeCache, uri: string, version: number, text: string): void {
  const incremental = cache.get(uri, version, text);
  const fresh = parsing.parse(text);
  try {
    assert.deepEqual(dumpTree(incremental.rootNode), dumpTree(fresh.rootNode), JSON.stringify(text));
  } finally {
    fresh.delete();
  }
}

/** Every node with its type and points: reused nodes must carry the positions of the new text. */
function dumpTree(node: Node): string[] {
  const { startPosition: s, endPosition: e } = node;
  return [`${node.type} ${s.row}:${s.column}-${e.row}:${e.column}`, ...node.children.flatMap((child) => (child ? dumpTree(child) : []))];
}
