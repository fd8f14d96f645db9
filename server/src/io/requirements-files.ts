/**
 * Reads the pip requirements files of a workspace root (`requirements.txt`, `test-requirements.txt`,
 * `requirements/test.txt`, …) for the distributions they declare. A file that cannot be read, or
 * is larger than any requirements file is, is left out: it only ever adds knowledge.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRequirementsFile, REQUIREMENTS_FILE, REQUIREMENTS_FOLDER, type DeclaredPackage } from '../config/declared-packages';

const MAX_BYTES = 1024 * 1024;

/** Whether `relativePath` (POSIX, from the root) is a requirements file this module reads. */
export function isRequirementsFile(relativePath: string): boolean {
  const parts = relativePath.split('/');
  if (parts.length === 1) return REQUIREMENTS_FILE.test(parts[0]);
  return parts.length === 2 && parts[0] === REQUIREMENTS_FOLDER && parts[1].endsWith('.txt');
}

export function readDeclaredRequirements(root: string): DeclaredPackage[] {
  const files = [...listFiles(root, ''), ...listFiles(path.join(root, REQUIREMENTS_FOLDER), `${REQUIREMENTS_FOLDER}/`)].filter(isRequirementsFile).sort();
  return files.flatMap((relative) => {
    try {
      const file = path.join(root, ...relative.split('/'));
      if (fs.statSync(file).size > MAX_BYTES) return [];
      return readRequirementsFile(fs.readFileSync(file, 'utf8'), relative);
    } catch {
      return [];
    }
  });
}

function listFiles(dir: string, prefix: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${prefix}${e.name}`);
  } catch {
    return [];
  }
}
