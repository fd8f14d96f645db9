/**
 * Where an evidence link may lead: the panel opens only files inside the workspace folders or the
 * analysed file itself, whatever path a (possibly hostile) model or webview message carries.
 * vscode-free and pure, so the rule is unit-tested.
 */
import * as path from 'node:path';

export interface EvidenceScope {
  /** Absolute path relative evidence paths start from (the document's workspace folder), or null. */
  readonly root: string | null;
  /** Absolute paths of the workspace folders. */
  readonly folders: readonly string[];
  /** Absolute path of the analysed document, always allowed. */
  readonly document: string | null;
}

/** The absolute file an evidence path names, or null when it lies outside every allowed place. */
export function resolveEvidenceTarget(evidencePath: string, scope: EvidenceScope): string | null {
  if (evidencePath.includes('\0')) return null;
  const absolute = path.isAbsolute(evidencePath)
    ? path.normalize(evidencePath)
    : scope.root !== null
      ? path.resolve(scope.root, evidencePath)
      : null;
  if (absolute === null) return null;
  if (scope.document !== null && absolute === path.normalize(scope.document)) return absolute;
  return scope.folders.some((folder) => isInside(absolute, folder)) ? absolute : null;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.normalize(folder), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
