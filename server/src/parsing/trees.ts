/**
 * Parse trees of open documents, keyed by URI and version: edits the previous tree and reparses
 * incrementally, and frees (`delete()`) every tree it replaces or drops. Knows nothing about LSP.
 */
import type { Edit, Node, Point, Range, Tree } from 'web-tree-sitter';
import type { PythonParsing } from './parser';

/**
 * One replacement made to a text: `[startIndex, oldEndIndex)` of the old text became `newText`.
 * Indices count UTF-16 code units, which is also web-tree-sitter's unit for indices and columns
 * (`lib/tree-sitter.c` halves the UTF-16 byte offsets before they reach JavaScript).
 */
export interface TextChange {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newText: string;
}

interface Entry {
  tree: Tree;
  /** The version of the text `tree` was parsed from. */
  readonly version: number;
  /** True once changes past `version` were applied with `tree.edit`: reparse before use. */
  isEdited: boolean;
}

/** How the last incremental reparse of a document changed its tree. */
export interface Reparse {
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Where the new tree's structure differs from the edited old tree's (`Tree.getChangedRanges`). */
  readonly changedRanges: readonly Range[];
}

export class TreeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly reparses = new Map<string, Reparse>();

  constructor(private readonly parsing: PythonParsing) {}

  /** The tree of `text` at `version`: cached, reparsed from the edited tree, or parsed anew. */
  get(uri: string, version: number, text: string): Tree {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && !entry.isEdited) return entry.tree;
    // An unedited tree of another version does not describe `text`; only an edited one may be reused.
    const tree = this.parsing.parse(text, entry?.isEdited ? entry.tree : null);
    if (entry?.isEdited) this.reparses.set(uri, { fromVersion: entry.version, toVersion: version, changedRanges: entry.tree.getChangedRanges(tree) });
    else this.reparses.delete(uri);
    entry?.tree.delete();
    this.entries.set(uri, { tree, version, isEdited: false });
    return tree;
  }

  /** Records one change, as `reparseEdit` tells it; call once per change, in the order they were made. */
  edit(uri: string, edit: Edit): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.tree.edit(edit);
    entry.isEdited = true;
  }

  /**
   * Whether `index` of the document's current text lies inside a string literal (after its opening
   * quote), as its tree says; false without a tree. An edited tree still places the text before the
   * edit, which is where changes start.
   */
  isInString(uri: string, index: number): boolean {
    const tree = this.entries.get(uri)?.tree;
    return tree ? isInStringAt(tree, index) : false;
  }

  /** The last incremental reparse of `uri`, if its tree came from one. */
  lastReparse(uri: string): Reparse | null {
    return this.reparses.get(uri) ?? null;
  }

  delete(uri: string): void {
    this.entries.get(uri)?.tree.delete();
    this.entries.delete(uri);
    this.reparses.delete(uri);
  }

  clear(): void {
    for (const uri of [...this.entries.keys()]) this.delete(uri);
  }
}

/**
 * The same change, told as starting at the last non-blank character before it when only blanks and at
 * least one line break separate the two; otherwise `change` itself. Both describe the same new text
 * (the widened part is replaced by itself), but tree-sitter reparses them at very different cost: an edit
 * that starts in a line's indentation (a line typed or deleted at the top of a block) made
 * tree-sitter-python re-read up to the whole rest of a 33,000-line file (100–250 ms), and the same edit
 * starting at the previous line's last token took 4–18 ms (`bench/parse-edits.js`).
 */
export function fromPreviousToken(oldText: string, change: TextChange): TextChange {
  let start = change.startIndex;
  let crossesLine = false;
  while (start > 0) {
    const char = oldText.charCodeAt(start - 1);
    if (char === 10 || char === 13) crossesLine = true;
    else if (char !== 32 && char !== 9 && char !== 12) break;
    start--;
  }
  if (!crossesLine || start === 0) return change;
  // The whole character: both halves of a surrogate pair.
  start -= start > 1 && isLowSurrogate(oldText.charCodeAt(start - 1)) && isHighSurrogate(oldText.charCodeAt(start - 2)) ? 2 : 1;
  return { startIndex: start, oldEndIndex: change.oldEndIndex, newText: oldText.slice(start, change.startIndex) + change.newText };
}

/**
 * The same change, told the way tree-sitter-python reparses fastest. An edit on the last line of an
 * indented block (a statement typed at the end of a test, before the dedent) made it re-read much of
 * the rest of the file, about 200 ms a keystroke on a 33,500-line file, however the edit started; told
 * as starting at the previous line's first token and ending one character past the edit, the same
 * keystrokes reparse in 8–15 ms (`bench/parse-edits.js`). Everywhere else, `fromPreviousToken`, and
 * so inside a string (`isInString`, from the tree): there the next line's indentation ends no block,
 * and told the other way a keystroke in a multi-line string above a line indented less (nova's XML
 * fixtures) cost 160 ms, against 10 ms.
 */
export function forReparse(oldText: string, change: TextChange, isInString = false): TextChange {
  if (isInString || !endsIndentedBlock(oldText, change)) return fromPreviousToken(oldText, change);
  const lineStart = oldText.lastIndexOf('\n', change.startIndex - 1) + 1;
  const previousLine = lineStart > 0 ? oldText.lastIndexOf('\n', lineStart - 2) + 1 : 0;
  const start = Math.min(previousLine + indentationAt(oldText, previousLine), change.startIndex);
  // One character past the edit, or both halves of a surrogate pair.
  const end = Math.min(oldText.length, change.oldEndIndex + (isHighSurrogate(oldText.charCodeAt(change.oldEndIndex)) ? 2 : 1));
  return { startIndex: start, oldEndIndex: end, newText: oldText.slice(start, change.startIndex) + change.newText + oldText.slice(change.oldEndIndex, end) };
}

/** Whether `index` lies inside a string literal of `tree`, after its opening quote (`forReparse`'s `isInString`). */
export function isInStringAt(tree: Tree, index: number): boolean {
  for (let node: Node | null = tree.rootNode.descendantForIndex(index); node; node = node.parent) {
    if (node.type === 'string') return index > node.startIndex && index < node.endIndex;
  }
  return false;
}

/** One change as the trees of a document are edited with it (`forReparse`), in tree-sitter's terms. */
export function reparseEdit(oldText: string, change: TextChange, isInString = false): Edit {
  return toEdit(oldText, forReparse(oldText, change, isInString));
}

/** Whether the change's line is indented and the next line that is not blank (if any) is indented less. */
function endsIndentedBlock(text: string, change: TextChange): boolean {
  const lineStart = text.lastIndexOf('\n', change.startIndex - 1) + 1;
  const indentation = indentationAt(text, lineStart);
  if (indentation === 0) return false;
  for (let next = text.indexOf('\n', change.oldEndIndex); next !== -1; next = text.indexOf('\n', next + 1)) {
    const width = indentationAt(text, next + 1);
    const after = text.charCodeAt(next + 1 + width);
    // A blank line (or the end of the text) says nothing: look further.
    if (Number.isNaN(after) || after === 10 || after === 13) continue;
    return width < indentation;
  }
  return true;
}

function indentationAt(text: string, index: number): number {
  let width = 0;
  while (text.charCodeAt(index + width) === 32 || text.charCodeAt(index + width) === 9) width++;
  return width;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Describes a change as tree-sitter wants it: indices plus points, both in UTF-16 code units. */
export function toEdit(oldText: string, change: TextChange): Edit {
  const startPosition = pointAt(oldText, change.startIndex);
  return {
    startIndex: change.startIndex,
    oldEndIndex: change.oldEndIndex,
    newEndIndex: change.startIndex + change.newText.length,
    startPosition,
    oldEndPosition: advance(startPosition, oldText.slice(change.startIndex, change.oldEndIndex)),
    newEndPosition: advance(startPosition, change.newText),
  };
}

/**
 * One edit that turns `oldText` into `newText`: the span between their common prefix and suffix.
 * Several changes typed between two analyses become one, which covers them all.
 */
export function editBetween(oldText: string, newText: string): Edit {
  const shorter = Math.min(oldText.length, newText.length);
  // Halving by whole-slice comparisons (native, fast) rather than a character loop over a 1.5 MB file.
  let prefix = 0;
  for (let span = shorter; span > 0; span >>= 1) {
    while (prefix + span <= shorter && oldText.slice(prefix, prefix + span) === newText.slice(prefix, prefix + span)) prefix += span;
  }
  let suffix = 0;
  const most = shorter - prefix;
  for (let span = most; span > 0; span >>= 1) {
    while (suffix + span <= most && oldText.slice(oldText.length - suffix - span, oldText.length - suffix) === newText.slice(newText.length - suffix - span, newText.length - suffix)) suffix += span;
  }
  return toEdit(oldText, { startIndex: prefix, oldEndIndex: oldText.length - suffix, newText: newText.slice(prefix, newText.length - suffix) });
}

/** The point of `index`; rows end at `\n` only, as tree-sitter counts them (a lone `\r` is not one). */
function pointAt(text: string, index: number): Point {
  return advance({ row: 0, column: 0 }, text.slice(0, index));
}

function advance(from: Point, text: string): Point {
  let row = from.row;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i;
  }
  return lineStart === -1 ? { row, column: from.column + text.length } : { row, column: text.length - lineStart - 1 };
}
