/**
 * Reads a Python file as text, refusing what is not text: binary content, invalid UTF-8, files
 * too large to be source. Returns a reason instead of throwing, so callers can report and go on.
 */
import * as fs from 'node:fs';

export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

export type SourceRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export function readPythonSource(absolutePath: string): SourceRead {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(absolutePath);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > MAX_SOURCE_BYTES) return { ok: false, reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB` };
    bytes = fs.readFileSync(absolutePath);
  } catch (error) {
    return { ok: false, reason: describeIoError(error) };
  }
  return decodeSource(bytes);
}

/** Decodes bytes as UTF-8 source (BOM allowed), or says why they are not. */
export function decodeSource(bytes: Uint8Array): SourceRead {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error)?.message ?? String(error);
}
