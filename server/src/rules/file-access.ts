/**
 * File system accesses of a file with the path each one names (from `knowledge/file-operations.json`):
 * `open(p, 'w')`, `os.makedirs(p)`, `Path(p).read_text()`, …. FL207 pairs writes with reads of shared
 * temporary paths, FL208 finds reads from outside the repository, FL105 leaves used paths alone.
 */
import type { ArgumentValue, CallSite } from '../model/syntax';
import type { Span } from '../model/types';
import table from '../knowledge/file-operations.json';
import { argumentAt, assignmentOf, qualify, receiverCallOf, resolveString, type StringOptions } from './local-values';
import { isWanted, type RuleContext } from './rule';

export type Access = 'write' | 'read' | 'both';

export interface FileAccess {
  readonly call: CallSite;
  /** What the call is, for messages (`open`, `os.makedirs`, `Path.write_text`). */
  readonly operation: string;
  readonly access: Access;
  /** The path the call names, resolved through literals, names and joins. */
  readonly path: string;
  /** The path expression in the call (an argument, or the `Path(...)` a method is called on). */
  readonly pathSpan: Span;
  /** 0-based rows of the constants and assignments the path came through. */
  readonly via: readonly number[];
}

interface CallEntry {
  readonly name: string;
  readonly path: readonly string[];
  readonly access?: string;
  readonly mode?: readonly string[];
  readonly defaultMode?: string;
}

const CALLS: readonly CallEntry[] = table.calls;
const PATH_METHODS: Readonly<Record<string, string>> = table.pathMethods;
export const PATH_OPTIONS: StringOptions = { joiners: table.joiners, constructors: table.constructors, roots: table.tempRoots };

/** Every file access whose path and mode the file spells out; the rest are unknown and left out. */
export function fileAccesses(context: RuleContext): FileAccess[] {
  const accesses: FileAccess[] = [];
  for (const call of context.calls) {
    if (!isWanted(context, call.span.start.row)) continue;
    for (const entry of CALLS) {
      if (entry.name !== call.qualifiedCallee) continue;
      const argument = argumentAt(call, entry.path);
      const access = entry.access ? (entry.access as Access) : modeAccess(call, entry.mode ?? [], entry.defaultMode ?? 'r');
      if (!argument || !access) continue;
      const path = resolveString(context, argument.value, call.span.start, PATH_OPTIONS);
      if (path) accesses.push({ call, operation: entry.name, access, path: path.value, pathSpan: argument.span, via: path.via });
    }
    const method = pathMethodAccess(context, call);
    if (method) accesses.push(method);
  }
  return accesses;
}

/** `Path('/tmp/x').write_text(...)` or `p.read_text()` with `p = Path('/tmp/x')`. */
function pathMethodAccess(context: RuleContext, call: CallSite): FileAccess | null {
  const dot = call.callee.lastIndexOf('.');
  if (dot < 0) return null;
  const method = call.callee.slice(dot + 1);
  const kind = PATH_METHODS[method];
  if (!kind) return null;
  const receiver = call.callee.slice(0, dot);
  let value: ArgumentValue | null = null;
  let pathSpan: Span = call.calleeSpan;
  if (receiver.endsWith(')')) {
    const inner = receiverCallOf(context, call);
    if (!inner || !table.constructors.includes(inner.qualifiedCallee)) return null;
    value = { kind: 'call', callee: inner.callee, arguments: inner.arguments.map(({ keyword, value: v }) => ({ keyword, value: v })) };
    pathSpan = inner.span;
  } else if (/^[\w.]+$/.test(receiver)) {
    // Only names bound to a path object count: `s.read_text` on an arbitrary object is not a file.
    const assignment = assignmentOf(context, receiver, call.span.start);
    if (assignment?.value.kind !== 'call') return null;
    if (!table.constructors.includes(qualify(context, assignment.value.callee))) return null;
    value = { kind: 'name', name: receiver };
    if (call.calleeSpan.start.row === call.calleeSpan.end.row && call.callee.length === call.calleeSpan.end.column - call.calleeSpan.start.column) {
      pathSpan = { start: call.calleeSpan.start, end: { row: call.calleeSpan.end.row, column: call.calleeSpan.start.column + receiver.length } };
    }
  }
  if (!value) return null;
  const access = kind === 'mode' ? modeAccess(call, ['arg0', 'kw:mode'], 'r') : (kind as Access);
  if (!access) return null;
  const path = resolveString(context, value, call.span.start, PATH_OPTIONS);
  return path ? { call, operation: `Path.${method}`, access, path: path.value, pathSpan, via: path.via } : null;
}

/** The access an open mode means (`'rb'` read, `'w'`/`'a'`/`'x'` write, `'+'` both); null when not a literal. */
function modeAccess(call: CallSite, locators: readonly string[], defaultMode: string): Access | null {
  const argument = argumentAt(call, locators);
  if (argument && argument.value.kind !== 'string') return null;
  const mode = argument?.value.kind === 'string' ? argument.value.value : defaultMode;
  if (mode.includes('+')) return 'both';
  return /[wax]/.test(mode) ? 'write' : 'read';
}

/** True for a path outside any checkout: absolute or in the home directory. */
export function isOutsideRepository(path: string): boolean {
  return path.startsWith('/') || path.startsWith('~');
}
