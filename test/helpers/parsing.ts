/** One parser per test process, loaded from the repository's `grammars/` (filled by `npm run build`). */
import * as path from 'node:path';
import { analyzeText } from '../../server/src/analysis/analyze-file';
import type { FileAnalysis } from '../../server/src/model/types';
import { createPythonParsing, findGrammarsDir, type PythonParsing } from '../../server/src/parsing/parser';
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
