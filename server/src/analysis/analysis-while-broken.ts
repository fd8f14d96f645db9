/**
 * What the editor shows while a file does not parse: the analysis of its last text that did, moved
 * by the rows the edits since added or removed, and marked as made of a text with syntax errors.
 *
 * Why not analyse the broken text: while a string or bracket is open (`self.assertEqual(` half
 * typed), tree-sitter's recovery may change the tree far past the edited test, so every keystroke
 * would cost a whole-file analysis (1.2–1.4 s on nova's largest test file) for an answer about a text
 * that is about to change again, and whose tests the recovery may have swallowed. The last answer
 * that parsed, moved with the text, is both cheaper and closer to what the file says once it parses.
 */
import type { Edit, Node, Tree } from 'web-tree-sitter';
import type { FileAnalysis, Finding, Span, TestDouble } from '../model/types';
import { deferredAnalysis } from './analyze-edit';
import { shiftRows, type RowShift } from './shift-rows';

/**
 * `analysis` (of `oldText`, the text before `edit`) moved past `edit`: the diagnostics at once, the
 * other fields when first read. What lay on the rows the edit changed is left out (its text is not
 * what it was about, and its columns may not exist any more); rows after them move by the rows added.
 */
export function analysisWhileBroken(analysis: FileAnalysis, oldText: string, edit: Edit): FileAnalysis {
  const shift = rowShiftOf(analysis.path, oldText, edit);
  const isEdited = (row: number): boolean => row >= shift.fromRow && row <= shift.afterRow;
  const touches = (span: Span): boolean => isEdited(span.start.row) || isEdited(span.end.row);
  const isKept = (finding: Finding): boolean => !touches(finding.span) && !finding.fixes.some((fix) => isEdited(fix.edit.row));
  let moved: FileAnalysis | null = null;
  const diagnostics = shiftRows(analysis.diagnostics.filter(isKept), shift);
  return deferredAnalysis(analysis.path, diagnostics, () => (moved ??= {
    path: analysis.path,
    test: shiftRows(analysis.test, shift),
    testGroups: shiftRows(analysis.testGroups, shift),
    doubles: shiftRows(analysis.doubles.filter((double: TestDouble) => !touches(double.span)), shift),
    diagnostics,
    hasSyntaxErrors: true,
    authorization: shiftRows(analysis.authorization, shift),
  }));
}

/**
 * The rows `edit` of `oldText` changed (`fromRow` to `afterRow`, none when `afterRow` is less) and how
 * far the rows after them moved. Lines inserted or removed in a line's indentation, with the code
 * after them at the same column, change no row: that row's code moves whole.
 */
export function rowShiftOf(path: string, oldText: string, edit: Edit): RowShift {
  const { startPosition: start, oldEndPosition: oldEnd, newEndPosition: newEnd } = edit;
  const endRowMovesWhole = newEnd.column === oldEnd.column && /^[ \t\f]*$/.test(oldText.slice(edit.oldEndIndex - oldEnd.column, edit.oldEndIndex));
  return { path, fromRow: start.row, afterRow: endRowMovesWhole ? oldEnd.row - 1 : oldEnd.row, delta: newEnd.row - oldEnd.row };
}

/** Statements longer than this are not parsed alone: that would cost about what reparsing the file does. */
const MAX_STATEMENT_CHARS = 64 * 1024;

/**
 * Whether the statement that holds the start of `edit` (found in `tree`, the last parsed text's tree,
 * edited along with the text since) has syntax errors when its new text, up to the end of the edit's
 * last line, is parsed alone. That statement is the innermost function holding the edit, or else the
 * module-level statement, or the statement of a module-level class's body (a method with its
 * decorators, a class attribute), holding it. While a bracket or string is open, reparsing a whole
 * 33,000-line file costs tree-sitter's error recovery 50–850 ms per keystroke; the statement alone
 * about a millisecond. False when no such statement holds the edit or it is too long: the caller then
 * reparses the file to know.
 */
export function isEditedStatementBroken(tree: Tree, text: string, edit: Edit, parse: (text: string) => Tree): boolean {
  // At the last character before the edit that is not blank: typing on a new line after a test's last line is in that test.
  let at = edit.startIndex;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  const outer = statementHolding(tree.rootNode.descendantForIndex(Math.max(0, at - 1), Math.max(0, at - 1)));
  if (!outer) return false;
  const lineStart = text.lastIndexOf('\n', outer.startIndex - 1) + 1;
  const indentation = text.slice(lineStart, outer.startIndex);
  const lastLineEnd = text.indexOf('\n', Math.max(outer.endIndex, edit.newEndIndex));
  const end = lastLineEnd === -1 ? text.length : lastLineEnd;
  if (!/^[ \t]*$/.test(indentation) || outer.startIndex > edit.startIndex || end - lineStart > MAX_STATEMENT_CHARS) return false;
  // At the left margin, as a module of its own: lines inside strings that are indented less stay as they are.
  const lines = text.slice(lineStart, end).split('\n');
  const alone = parse(lines.map((line) => (line.startsWith(indentation) ? line.slice(indentation.length) : line)).join('\n'));
  try {
    return alone.rootNode.hasError;
  } finally {
    alone.delete();
  }
}

/**
 * The innermost function holding `node` (with its decorators), or else the statement holding it that
 * is the module's or a module-level class body's: the class body's statement rather than the class
 * itself, as a test class is often too long to parse alone.
 */
function statementHolding(node: Node | null): Node | null {
  let statement: Node | null = null;
  for (let current = node; current; current = current.parent) {
    if (current.type === 'function_definition') return current.parent?.type === 'decorated_definition' ? current.parent : current;
    const parent = current.parent;
    if (statement) continue;
    if (parent?.type === 'module') statement = current;
    else if (parent?.type === 'block' && parent.parent?.type === 'class_definition' && isModuleLevel(parent.parent)) statement = current;
  }
  return statement;
}

function isModuleLevel(definition: Node): boolean {
  const outer = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  return outer.parent?.type === 'module';
}

/** Brackets inside which Python joins lines, so a line may end after a dot. */
const JOINING_BRACKETS: ReadonlySet<string> = new Set([
  'argument_list', 'parenthesized_expression', 'generator_expression', 'list', 'list_comprehension', 'tuple',
  'dictionary', 'dictionary_comprehension', 'set', 'set_comprehension', 'subscript', 'parameters',
]);

/**
 * Whether the edit's last character lies in an attribute whose dot ends a line outside any bracket
 * (`self.` typed above `mock_run.assert_called()`). Python rejects that line, but tree-sitter-python
 * reads on into the next one (`self.mock_run.assert_called()`) without an error, and a test seems to
 * call, or assign, what it does not.
 */
export function endsLineAfterDot(tree: Tree, edit: Edit): boolean {
  let broken: Node | null = null;
  for (let node: Node | null = tree.rootNode.descendantForIndex(Math.max(0, edit.newEndIndex - 1)); node; node = node.parent) {
    // Within brackets (around the attribute or the edit) Python joins the lines.
    if (JOINING_BRACKETS.has(node.type)) return false;
    if (broken || node.type !== 'attribute') continue;
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    // A backslash at the line's end joins it to the next, as Python allows.
    if (object && attribute && attribute.startPosition.row > object.endPosition.row && !node.text.includes('\\')) broken = node;
  }
  return broken !== null;
}
