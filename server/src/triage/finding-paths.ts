/**
 * Turns the paths scanners write (relative, `./`-prefixed, absolute, Windows, `file://` URIs,
 * SARIF `uriBaseId`s) into root-relative POSIX paths. Pure string work: no file system.
 */

/** Where a relative or absolute path is resolved from: the analysis root, absolute, POSIX. */
export interface PathBase {
  readonly root: string;
}

/**
 * Root-relative POSIX path for `raw`, or the normalised absolute path when it lies outside the
 * root (so the verdict can say where it is).
 */
export function toRootRelative(raw: string, base: PathBase): string {
  let value = raw.trim().replace(/\\/g, '/');
  if (/^file:/i.test(value)) value = fileUriToPath(value);
  const root = trimSlash(base.root.replace(/\\/g, '/'));
  if (isAbsolute(value)) {
    const normalised = normalise(value);
    const rootNorm = normalise(root);
    if (normalised === rootNorm) return '.';
    const prefix = rootNorm.endsWith('/') ? rootNorm : `${rootNorm}/`;
    return sameStart(normalised, prefix) ? normalised.slice(prefix.length) : normalised;
  }
  return normalise(value);
}

/**
 * Resolves a SARIF `artifactLocation` against the run's `originalUriBaseIds` (SARIF 2.1.0 §3.4.4,
 * §3.14.14): a chain of bases ending in an absolute URI, or a base the log leaves undefined, which
 * means "the root the tool ran in" and so our root.
 */
export function resolveArtifactUri(
  uri: string,
  uriBaseId: string | undefined,
  bases: Readonly<Record<string, { uri?: unknown; uriBaseId?: unknown }>> | undefined,
  base: PathBase,
): string {
  let value = decodeUri(uri);
  let baseId = uriBaseId;
  const seen = new Set<string>();
  while (baseId && !isAbsolute(value) && !/^file:/i.test(value)) {
    if (seen.has(baseId)) break;
    seen.add(baseId);
    const entry = bases?.[baseId];
    if (!entry || typeof entry.uri !== 'string') break;
    const prefix = decodeUri(entry.uri);
    value = prefix.endsWith('/') ? `${prefix}${value}` : `${prefix}/${value}`;
    baseId = typeof entry.uriBaseId === 'string' ? entry.uriBaseId : undefined;
  }
  return toRootRelative(value, base);
}

function fileUriToPath(uri: string): string {
  // file:///abs/path, file://host/share/path (UNC), file:/abs/path; Windows drive letters keep their colon.
  const withoutScheme = uri.replace(/^file:/i, '');
  let pathPart = withoutScheme.startsWith('//') ? withoutScheme.replace(/^\/\/[^/]*/, '') : withoutScheme;
  pathPart = decodeUri(pathPart);
  if (/^\/[A-Za-z]:\//.test(pathPart)) pathPart = pathPart.slice(1);
  return pathPart;
}

function decodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isAbsolute(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:\//.test(value);
}

/** Collapses `.`, `..` and repeated slashes; keeps a leading `/` or drive. */
function normalise(value: string): string {
  const absolute = value.startsWith('/');
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

function trimSlash(value: string): string {
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

/** Case-insensitive on Windows drive paths, exact elsewhere. */
function sameStart(value: string, prefix: string): boolean {
  if (/^[A-Za-z]:\//.test(prefix)) return value.toLowerCase().startsWith(prefix.toLowerCase());
  return value.startsWith(prefix);
}
