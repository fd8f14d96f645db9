/**
 * Protects the parser from indentation nesting that crashes tree-sitter's wasm build (a stack
 * overflow near 1,000 levels). CPython rejects more than 100 levels (MAXINDENT in its tokenizer),
 * so such a file is never valid Python: lines deeper than the limit are blanked, with positions
 * kept, and the rest of the file is analysed as usual.
 */

export const MAX_INDENT_LEVELS = 100;

/**
 * Whether some line's indentation could reach past MAX_INDENT_LEVELS levels: each level is at least
 * one column wider than the one it is in, so only a line indented wider than the limit can, or one
 * whose indentation holds a tab or form feed (which may widen it by more than a column). A scan of
 * line starts: splitting a 1.5 MB file into lines on every keystroke costs 15 ms.
 */
function mayNestTooDeep(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    let at = start;
    while (text.charCodeAt(at) === 32 && at - start <= MAX_INDENT_LEVELS) at++;
    const code = text.charCodeAt(at);
    if (at - start > MAX_INDENT_LEVELS || code === 9 || code === 12) return true;
    const end = text.indexOf('\n', at);
    if (end < 0) return false;
    start = end + 1;
  }
  return false;
}

/**
 * The last text found unable to nest too deep: the server asks twice per keystroke (parsing, then the
 * analysis of the edit) about the same 1.5 MB string, and the second answer is then an identity check.
 */
let lastSafeText: string | null = null;

/** Returns the text with too-deep lines blanked, or null when the text needs no change. */
export function blankTooDeepLines(text: string): string | null {
  if (text === lastSafeText) return null;
  if (!mayNestTooDeep(text)) {
    lastSafeText = text;
    return null;
  }
  const lines = text.split(/(?<=\n)/);
  const stack: number[] = [0];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const width = indentWidth(line);
    if (width === null) continue;
    while (stack.length > 1 && width < stack[stack.length - 1]) stack.pop();
    if (width > stack[stack.length - 1]) stack.push(width);
    if (stack.length - 1 > MAX_INDENT_LEVELS) {
      // Same length in UTF-16 units, line breaks kept: every later position stays valid.
      lines[i] = line.replace(/[^\r\n]/g, ' ');
      changed = true;
    }
  }
  return changed ? lines.join('') : null;
}

/** Indentation width of a code line (tabs to multiples of 8), or null for blank and comment lines. */
function indentWidth(line: string): number | null {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (ch === '\f') width = 0;
    else return ch === '#' || ch === '\n' || ch === '\r' ? null : width;
  }
  return null;
}

/** True when the text nests deeper than Python allows: such a file is a syntax error. */
export function exceedsIndentLimit(text: string): boolean {
  return blankTooDeepLines(text) !== null;
}
