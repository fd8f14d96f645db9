/**
 * LSP positions in fixture texts, computed the way a client does (UTF-16 code units, lines ending at
 * `\n`), so the tests state expected ranges by the text they cover rather than by hand-counted numbers.
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver-protocol';

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + position.character;
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range of `needle` in the first line containing `lineMarker` (default: the needle itself). */
export function rangeOf(text: string, needle: string, lineMarker = needle): Range {
  const lineStart = text.lastIndexOf('\n', text.indexOf(lineMarker)) + 1;
  const start = text.indexOf(needle, lineStart);
  if (text.indexOf(lineMarker) === -1 || start === -1) throw new Error(`"${needle}" not found near "${lineMarker}"`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** Applies edits to one document, as a client applying a `WorkspaceEdit` would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const byStartDescending = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  return byStartDescending.reduce(
    (current, edit) =>
      current.slice(0, offsetAt(current, edit.range.start)) + edit.newText + current.slice(offsetAt(current, edit.range.end)),
    text,
  );
}
