/**
 * Maps document URIs to the path the analysis sees: relative to the innermost workspace folder that
 * contains the file (POSIX separators), else the file's own path. No I/O.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FolderRef {
  readonly uri: string;
}

export class WorkspacePaths {
  /** Folder paths (POSIX), longest first so the innermost folder wins. */
  private folders: string[] = [];
  private first: string | null = null;

  setFolders(folders: readonly FolderRef[]): void {
    const paths = folders
      .map((folder) => uriToPath(folder.uri))
      .filter((p): p is string => p !== null)
      .map((p) => p.replace(/\/+$/, ''));
    this.first = paths[0] ?? null;
    this.folders = [...paths].sort((a, b) => b.length - a.length);
  }

  /** The innermost workspace folder (absolute POSIX path) containing `uri`, or null. */
  folderOf(uri: string): string | null {
    const file = uriToPath(uri);
    if (file === null) return null;
    return this.folders.find((f) => file.startsWith(`${f}/`)) ?? null;
  }

  get folderPaths(): readonly string[] {
    return this.folders;
  }

  /** The folder the client listed first (the default root for relative paths), or null. */
  get firstFolder(): string | null {
    return this.first;
  }

  /** The analysis path of `uri`: folder-relative when inside a folder, else the full path. */
  analysisPath(uri: string): string {
    const file = uriToPath(uri) ?? fallbackPath(uri);
    const folder = this.folders.find((f) => file.startsWith(`${f}/`));
    return folder === undefined ? file : file.slice(folder.length + 1);
  }
}

/** The POSIX file-system path of a `file:` URI, or null for other schemes and malformed URIs. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri).split(path.sep).join('/');
  } catch {
    return null;
  }
}

/** For `untitled:` and other schemes: the decoded path part, which still ends in the file name. */
function fallbackPath(uri: string): string {
  const rest = uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/]*)?/i, '');
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}
