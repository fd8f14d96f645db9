/**
 * Inline caret expectations: a comment line `#   ^^^^ FL105` marks the span on the nearest line
 * above that is not itself an expectation. Add `suppressed` after the rule id for a finding that
 * must be present but suppressed.
 */
export interface CaretExpectation {
  readonly row: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly ruleId: string;
  readonly suppressed: boolean;
}

const CARET_LINE = /^(\s*#\s*)(\^+)\s+(FL\d{3})(\s+suppressed)?\s*$/;

export function parseCaretExpectations(text: string): CaretExpectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: CaretExpectation[] = [];
  let target = -1;
  for (const [row, line] of lines.entries()) {
    const match = CARET_LINE.exec(line);
    if (!match) {
      target = row;
      continue;
    }
    if (target < 0) throw new Error(`caret line ${row + 1} has no line above it`);
    const startColumn = match[1].length;
    expectations.push({ row: target, startColumn, endColumn: startColumn + match[2].length, ruleId: match[3], suppressed: Boolean(match[4]) });
  }
  return expectations;
}
