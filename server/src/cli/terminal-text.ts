/**
 * CLI output carries file-derived text (paths, literals, review titles) to a terminal or a CI log,
 * which act on control characters (ANSI escape sequences can rewrite the screen or hide lines).
 * Everything printed goes through here; it never changes what the text says otherwise.
 */

/** C0 controls except tab and newline, DEL, and the C1 range (U+009B is a one-character CSI). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Shows control characters as `\uXXXX`. In JSON output they can only occur inside strings (C1 is
 * not escaped by `JSON.stringify`), where that spelling is a valid escape of the same character.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
