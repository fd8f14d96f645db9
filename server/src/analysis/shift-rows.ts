/**
 * Moves what an analysis says about a file's rows past an edit that added or removed lines, so the
 * parts an edit did not touch can be kept instead of recomputed. Works on the model's plain data by
 * its conventions: `{ row, column }` points and `{ start, end }` spans (0-based rows), numeric
 * `line` fields (1-based; on an object with a `path`, only when the path is this file's), the
 * `row` of a line edit, `{ start, end }` row ranges, and the line numbers messages quote about this
 * file ("line 12", "tests/test_x.py:12").
 */

export interface RowShift {
  /** The edited file's root-relative path: evidence elsewhere never moves. */
  readonly path: string;
  /**
   * The edited rows (0-based, before the edit): `fromRow` to `afterRow`; rows after them moved by `delta`.
   * `afterRow` = `fromRow - 1` says no row was edited: lines were inserted before `fromRow`.
   */
  readonly fromRow: number;
  readonly afterRow: number;
  readonly delta: number;
}

/** A copy of `value` with every row past the edit moved; `value` itself is not changed. */
export function shiftRows<T>(value: T, shift: RowShift): T {
  if (shift.delta === 0) return value;
  let quoted = QUOTED_LINES.get(shift);
  if (!quoted) QUOTED_LINES.set(shift, (quoted = new QuotedLines(shift)));
  return shiftValue(value, shift, quoted) as T;
}

/** One `QuotedLines` (a compiled pattern) per shift: an edit shifts many small values with the same shift. */
const QUOTED_LINES = new WeakMap<RowShift, QuotedLines>();

/** Fields the analysis writes itself, which may say "line 12" of this file. */
const MESSAGE_FIELDS = new Set(['message', 'because', 'unresolved', 'explanation', 'title', 'newText']);

/**
 * Objects (and arrays) known to hold nothing any shift could move: no span, row, line number or
 * text that may quote one. Argument values, facts and the like are shared by many items and reach
 * every shift unchanged (copy on write keeps them), so after the first visit they are skipped: a
 * keystroke in a 30,000-line file moves the summaries of a thousand tests.
 */
const HOLDS_NO_POSITION = new WeakSet<object>();
/** Whether the value being visited (or a part of it already visited) holds something a shift could move. */
let sawPosition = false;

// Copy on write: whatever holds no moved row is returned as it was, so shifting mostly unchanged data allocates little.
function shiftValue(value: unknown, shift: RowShift, quoted: QuotedLines): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (HOLDS_NO_POSITION.has(value)) return value;
  const outer = sawPosition;
  sawPosition = false;
  const result = Array.isArray(value) ? shiftArray(value, shift, quoted) : shiftRecord(value as Record<string, unknown>, shift, quoted);
  if (!sawPosition) HOLDS_NO_POSITION.add(value);
  sawPosition = outer || sawPosition;
  return result;
}

function shiftArray(value: readonly unknown[], shift: RowShift, quoted: QuotedLines): unknown[] {
  let copy: unknown[] | null = null;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item !== 'object' || item === null) continue;
    const moved = shiftValue(item, shift, quoted);
    if (moved !== item) (copy ??= value.slice())[i] = moved;
  }
  return copy ?? (value as unknown[]);
}

function shiftRecord(record: Record<string, unknown>, shift: RowShift, quoted: QuotedLines): Record<string, unknown> {
  if (isPoint(record.start) && isPoint(record.end)) {
    sawPosition = true;
    return shiftSpan(record, shift, quoted);
  }
  if (typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 2) {
    sawPosition = true;
    return shiftRowRange(record as { start: number; end: number }, shift);
  }
  const isElsewhere = typeof record.path === 'string' && record.path !== shift.path;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    const item = record[key];
    let moved: unknown = item;
    if (typeof item === 'object') {
      if (item !== null) moved = shiftValue(item, shift, quoted);
    } else if (key === 'line' && typeof item === 'number') {
      sawPosition = true;
      moved = !isElsewhere && item - 1 > shift.afterRow ? item + shift.delta : item;
    } else if (key === 'row' && typeof item === 'number' && typeof record.column !== 'number') {
      sawPosition = true;
      moved = item > shift.afterRow ? item + shift.delta : item;
    } else if (typeof item === 'string' && (key === 'text' || MESSAGE_FIELDS.has(key))) {
      // A text that may quote a line ("line 12", "path:12"), of this file or, for another shift, of another.
      if (item.includes(':') || item.includes('line ')) sawPosition = true;
      // Quoted source text (and literal values) stay as written; only references to this file's lines move.
      moved = key === 'text' ? quoted.shiftPathReferences(item) : quoted.inMessage(item);
    }
    if (moved !== item) (copy ??= { ...record })[key] = moved;
  }
  return copy ?? record;
}

/** A span starting past the edit moves whole; one that encloses the edited rows (a class) moves its end only. */
function shiftSpan(record: Record<string, unknown>, shift: RowShift, quoted: QuotedLines): Record<string, unknown> {
  const start = record.start as Point;
  const end = record.end as Point;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const item = record[key];
    let moved: unknown;
    if (key === 'start') moved = start.row > shift.afterRow ? { row: start.row + shift.delta, column: start.column } : start;
    else if (key === 'end') moved = movesEnd(start.row, end.row, shift) ? { row: end.row + shift.delta, column: end.column } : end;
    else moved = shiftValue(item, shift, quoted);
    if (moved !== item) (copy ??= { ...record })[key] = moved;
  }
  return copy ?? record;
}

function movesEnd(startRow: number, endRow: number, shift: RowShift): boolean {
  // A span ending on the last edited row grows with the edit when it starts before it (a class around the edited test).
  return endRow > shift.afterRow || (endRow === shift.afterRow && startRow < shift.fromRow && shift.fromRow <= shift.afterRow);
}

function shiftRowRange(range: { start: number; end: number }, shift: RowShift): { start: number; end: number } {
  const start = range.start > shift.afterRow ? range.start + shift.delta : range.start;
  const end = movesEnd(range.start, range.end, shift) ? range.end + shift.delta : range.end;
  return start === range.start && end === range.end ? range : { start, end };
}

interface Point {
  readonly row: number;
  readonly column: number;
}

function isPoint(value: unknown): value is Point {
  return typeof value === 'object' && value !== null && typeof (value as Point).row === 'number' && typeof (value as Point).column === 'number';
}

/** Line numbers in messages: "line 12" always means this file's line; "path:12" only with this file's path. */
class QuotedLines {
  private readonly pathReference: RegExp;

  constructor(private readonly edit: RowShift) {
    this.pathReference = new RegExp(`${escapeRegExp(edit.path)}:(\\d+)`, 'g');
  }

  inMessage(text: string): string {
    const lines = text.includes('line ') ? text.replace(/\bline (\d+)/g, (_, n: string) => `line ${this.moved(Number(n))}`) : text;
    // `replace` returns a new string even when nothing moved: keep the original then (copy on write).
    const moved = this.shiftPathReferences(lines);
    return moved === text ? text : moved;
  }

  shiftPathReferences(text: string): string {
    if (!text.includes(this.edit.path)) return text;
    const moved = text.replace(this.pathReference, (_, n: string) => `${this.edit.path}:${this.moved(Number(n))}`);
    return moved === text ? text : moved;
  }

  private moved(line: number): number {
    return line - 1 > this.edit.afterRow ? line + this.edit.delta : line;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
