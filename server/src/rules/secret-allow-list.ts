/**
 * The FL201 allow-list (`allow-secrets` in `[tool.fixture-lens]`): known test keys a project has
 * decided are not credentials. An entry is an exact value, or a regular expression written between
 * slashes (`/^sk_test_[0-9a-zA-Z]{24}$/`, flags after the closing slash), matched against the value.
 */

/** Compiles one entry: a string to compare, a pattern to test, or the reason it is not valid. */
export function parseAllowEntry(entry: string): { value: string } | { pattern: RegExp } | { error: string } {
  const slashed = /^\/(.+)\/([a-z]*)$/s.exec(entry);
  if (!slashed) return entry.length ? { value: entry } : { error: 'is empty' };
  // `g` and `y` make `test` stateful between calls: refused rather than silently wrong.
  if (/[gy]/.test(slashed[2])) return { error: `uses the flag "g" or "y", which a match against one value does not need` };
  try {
    return { pattern: new RegExp(slashed[1], slashed[2]) };
  } catch (error) {
    return { error: `is not a valid regular expression (${(error as Error).message})` };
  }
}

/** A predicate over candidate values; invalid entries (reported when the config was read) match nothing. */
export function compileAllowList(entries: readonly string[]): (value: string) => boolean {
  if (entries.length === 0) return () => false;
  const values = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of entries) {
    const parsed = parseAllowEntry(entry);
    if ('value' in parsed) values.add(parsed.value);
    else if ('pattern' in parsed) patterns.push(parsed.pattern);
  }
  return (value) => values.has(value) || patterns.some((p) => p.test(value));
}
