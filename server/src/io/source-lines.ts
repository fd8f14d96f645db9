/**
 * Reads single lines of workspace files for evidence at a definition (claim verdicts quote them).
 * Each file is read once per reader; anything unreadable reads as null, never as an error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceLineReader } from '../triage/types';

/** The text of a file (absolute path), or null; the editor passes one that prefers open buffers. */
export type TextReader = (absolutePath: string) => string | null;

export function readFromDisk(absolutePath: string): string | null {
  try {
    return fs.readFileSync(absolutePath, 'utf8');
  } catch {
    return null;
  }
}

/** Lines of root-relative paths (1-based), cached per file. */
export function createSourceLineReader(root: string, read: TextReader = readFromDisk): SourceLineReader {
  const cache = new Map<string, string[] | null>();
  return (relative, line) => {
    if (!cache.has(relative)) cache.set(relative, read(path.resolve(root, relative))?.split(/\r\n|\r|\n/) ?? null);
    return cache.get(relative)?.[line - 1] ?? null;
  };
}
