/**
 * Markdown for text taken from the analysed file, which is untrusted: names go in code spans whose
 * fence outgrows any backtick run inside, prose is backslash-escaped. Our own rule docs pass as is.
 */

/** Longer file-derived values are cut: a hover is not the place for a 10 MB string literal. */
const MAX_SHOWN = 200;

/** A CommonMark code span that shows `text` literally, whatever backticks it holds. */
export function code(text: string): string {
  const flat = clip(text.replace(/[\r\n]+/g, ' '));
  const longestRun = (flat.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
  const fence = '`'.repeat(longestRun + 1);
  // The renderer strips one space each side; it keeps a leading or trailing backtick off the fence.
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Escapes one line of prose: inline markup and HTML anywhere, block markers (`#`, `-`, `+`, `1.`)
 * at the start. Only what could change the rendering, so clients showing raw markdown still read it.
 */
export function escape(text: string): string {
  const inline = text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>&~|]/g, (c) => `\\${c}`);
  return inline.replace(/^(\s*)([#+-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
