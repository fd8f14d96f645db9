/** Expands CLI path arguments into Python files, skipping tool and environment folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from './read-source';

/** Folders that hold no project tests: VCS data, caches, virtual environments, dependencies. */
const SKIPPED_DIRECTORIES = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.venv', 'venv', '.mypy_cache',
  '.pytest_cache', '.ruff_cache', 'site-packages', '.eggs',
]);

export interface CollectedFiles {
  /** Absolute paths of Python files, sorted, without duplicates. */
  readonly files: readonly string[];
  /** Arguments that could not be used, with the reason. */
  readonly problems: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
}

export function collectPythonFiles(args: readonly string[], cwd: string): CollectedFiles {
  const files = new Set<string>();
  const problems: Array<{ path: string; reason: string }> = [];
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push({ path: arg, reason: describeIoError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.size;
      walk(absolute, files);
      if (files.size === before) problems.push({ path: arg, reason: 'directory contains no Python files' });
    } else {
      // An explicitly named file is analysed whatever its extension; reading decides if it is text.
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), problems };
}

function walk(directory: string, into: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, into);
    } else if (entry.isFile() && /\.py$/.test(entry.name)) {
      into.add(full);
    }
  }
}
