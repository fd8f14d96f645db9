/**
 * Re-analyses a file after an edit inside one test function, reusing the previous analysis for the
 * rest: a keystroke in a 30,000-line test file must not re-derive its thousand other tests.
 *
 * The edited test is re-read alone (syntax facts, its summary, its doubles and authorization, the
 * rules' hits in it); what lies outside any test function (imports, classes, set-up and helper
 * methods) is kept and re-checked by the rules; every other test keeps its results, moved by the
 * lines the edit added or removed. This is the same answer a full analysis gives only while no other
 * part of the file can depend on the edited test, so the edit is taken here only when:
 * - the file is test code with a summary, and the edit lies inside the body of a test function (a
 *   `test*` function of the module or method of a module-level class) whose name appears nowhere
 *   else in the file (nothing calls it, no fixture is requested by its name), or of a helper (any
 *   other such function, but those run by their name: set-up, tear-down, hooks, dunders, `_setUp`,
 *   `start`, `isRunByName`) whose
 *   name appears only inside tests and such helpers: those tests (`dependentsOf`, at most
 *   MAX_DEPENDENTS functions in all) are re-read whole with it (their doubles, authorization scope
 *   and rules' hits), the helpers' doubles and hits found again, their text unchanged;
 * - the tree outside that function did not change, and the function's name and place did not;
 * - the function neither had nor has imports, pytest fixture definitions, `self.`/`cls.`
 *   assignments (which other tests' rules may read), and file accesses of shared temporary paths
 *   (FL207 pairs them across tests).
 * FL206 lists, at a bypass outside the tests, every bypassed test that claims an authorization
 * outcome: its hits outside the tests are found again, reading for the other tests the denial
 * assertions kept between edits (`EditState.denialRows`). An inert line (below) states nothing FL206
 * reads; the findings beside it are found again (their suppression fixes read the line above them).
 * Apart from these, a line that states no fact (INERT_LINE) added or removed in any function only
 * moves the rows after it (`analyzeInertEdit`).
 * Anything else returns null, and the caller analyses the whole file. `test/unit/analyze-edit.test.ts`
 * checks the answer against a full analysis after each of many edits.
 */
import type { Edit, Node, Point, Range, Tree } from 'web-tree-sitter';
import type { Assignment, FunctionDef } from '../model/syntax';
import type { AuthorizationScope, FileAnalysis, Finding, Span, TestDouble } from '../model/types';
import type { ClassSummary, FunctionSummary, ModuleSummary } from '../model/workspace';
import { hasLoneCarriageReturn } from '../parsing/parser';
import { exceedsIndentLimit } from '../parsing/indentation-guard';
import type { Queries } from '../parsing/queries';
import { fileAccesses } from '../rules/file-access';
import { denialCallRowsOf } from '../rules/fl206-vacuous-authorization-test';
import { isBefore, samePoint } from '../rules/local-values';
import { isSharedTempPath } from '../rules/placeholders';
import type { RuleContext } from '../rules/rule';
import type { Settings } from '../settings';
import { collectComments, findingsOf, ruleContextFor, sortBySpan, treeLineLayout, type AnalysisBasis, type RuleSyntax } from './analyze-file';
import { collectAssignments } from './assignments';
import { collectCalls, matchCalls } from './calls';
import { SETUP_METHODS } from './derive-facts';
import { collectImports } from './imports';
import { collectPatchSites } from './patch-sites';
import { collectFixtureDefinitions, collectFixtureParameters } from './pytest-fixtures';
import { computeAuthorizationScopes, resolveDoubles, type FunctionRef, type WorkspaceContext } from './resolve-doubles';
import { shiftRows, type RowShift } from './shift-rows';
import { collectStringBindings } from './string-bindings';
import { collectStringLiterals } from './string-literals';
import { summarizeFunctionAt } from './summarize-module';
import { decideTestContext } from './test-context';
import { collectTestGroups } from './test-groups';
import { collectTestStructure } from './test-structure';
import { collectUseFixtureCalls } from './use-fixture-calls';
import { spanOf } from './nodes';

/**
 * Rules whose hits outside the tests may change with a test's body: the double hints (FL104 names
 * the tests a policy covers), FL202 (whether helpers are reported depends on every interceptor) and
 * FL206 (a bypass lists the tests it makes vacuous).
 */
const READS_TESTS: ReadonlySet<string> = new Set(['FL101', 'FL102', 'FL103', 'FL104', 'FL202', 'FL206']);

/** An AWS access key id makes a 40-character value within three lines of it a secret (FL201), across tests. */
const AWS_KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}/;
const AWS_NEAR_LINES = 3;

export interface EditInput {
  /** The analysis of the text before the edit. */
  readonly basis: AnalysisBasis;
  /** The one change made to that text. */
  readonly edit: Edit;
  /** Where the new tree differs from the old one's (`Tree.getChangedRanges`). */
  readonly changedRanges: readonly Range[];
  readonly text: string;
  readonly tree: Tree;
  readonly queries: Queries;
  readonly settings: Settings;
  readonly workspace?: WorkspaceContext;
}

/**
 * What the previous analysis left outside its test functions, kept between edits: the lookups the
 * rules need when they re-check the edited test (plus every `self.`/`cls.` assignment, which rules
 * follow across methods), and where the tests are.
 */
export interface EditState {
  readonly shared: Pick<RuleSyntax, 'calls' | 'strings' | 'literals' | 'assignments' | 'comments'>;
  /** Rows (0-based) of file accesses of shared temporary paths, anywhere in the file. */
  readonly sharedTempAccessRows: readonly number[];
  /** Each test's first call asserting a denial (FL206 reads it for every bypassed test), in row order. */
  readonly denialRows: readonly DenialRow[];
}

/** A test's `def` row and the row of its first call asserting a denial (`denialCallRowsOf`); rows as `{ row }` so `shiftRows` moves them. */
interface DenialRow {
  readonly test: { readonly row: number };
  readonly denial: { readonly row: number } | null;
}

/**
 * The re-analysis after an edit. The diagnostics are known at once; the rest (`settle`) may be left
 * to be made when first asked for: after an inert line, moving every row below the edit is most of
 * the edit's cost, and publishing the diagnostics need not wait for it. `settle` reads neither the
 * tree nor anything the next edit changes, so it can run after the caller has published.
 */
export interface EditResult {
  /** The new text's diagnostics, equal to `settle().analysis.diagnostics`. */
  readonly diagnostics: readonly Finding[];
  /** The whole result, made on the first call and the same object after it. */
  readonly settle: () => SettledEdit;
  /** What was re-read, for the server's log: `the edited test alone`, a helper with the functions depending on it, or a line that states no fact. */
  readonly scope: string;
}

export interface SettledEdit {
  readonly analysis: FileAnalysis;
  readonly basis: AnalysisBasis;
  readonly state: EditState;
}

/**
 * A file's analysis whose path and diagnostics are known and whose other fields are made by `settle`
 * when first read (an edit's `EditResult.settle`). The fields are enumerable getters, so spreading,
 * comparing or serialising the analysis reads them like plain ones.
 */
export function deferredAnalysis(path: string, diagnostics: readonly Finding[], settle: () => FileAnalysis): FileAnalysis {
  const field = <K extends keyof FileAnalysis>(key: K): PropertyDescriptor => ({ enumerable: true, get: () => settle()[key] });
  return Object.defineProperties({} as FileAnalysis, {
    path: { enumerable: true, value: path },
    test: field('test'),
    testGroups: field('testGroups'),
    doubles: field('doubles'),
    diagnostics: { enumerable: true, value: diagnostics },
    hasSyntaxErrors: field('hasSyntaxErrors'),
    authorization: field('authorization'),
  });
}

/** Whether edits after this analysis can ever be re-analysed alone: test code with a summary. */
export function isEditable(basis: AnalysisBasis): boolean {
  return basis.summary !== null && basis.analysis.test.isTest;
}

/**
 * The re-analysis after `input.edit`, or null when the whole file must be analysed. `previous` is the
 * state an earlier edit returned; null after a full analysis (it is then made from the basis).
 */
export function analyzeEdit(received: EditInput, previous: EditState | null): EditResult | null {
  const summary = received.basis.summary;
  // Texts the parser sees rewritten (lone carriage returns, too-deep indentation) were parsed anew: no edit to follow.
  if (!summary || !isEditable(received.basis) || hasLoneCarriageReturn(received.text) || exceedsIndentLimit(received.text)) return null;
  const aligned = alignedToLineStart(received);
  const given = aligned ? { ...received, edit: aligned } : received;
  const inert = inertLine(given);
  if (inert) return analyzeInertEdit(given, previous, inert);
  // Lines added after a test's last line are found starting on the line after it: told from that line's end, they are in the test.
  const direct = editedTest(given);
  const slid = direct ? null : beforeLineBreak(given);
  const input = slid ? { ...given, edit: slid } : given;
  // Looked for at the test's last character: once the lines after it are removed, the test ends where the edit starts.
  const target = direct ?? (slid ? editedTest(input, { row: slid.startPosition.row, column: Math.max(0, slid.startPosition.column - 1) }) : null);
  if (!target) return null;
  const { basis, edit } = input;
  const { outer, definition, old, isHelper, dependents } = target;
  // Decorators stay with the rows around the test when the edit is after the name (they did not change); an edit in them re-reads them too.
  const fromRow = target.isInDecorators ? outer.startPosition.row : definition.startPosition.row;
  const afterRow = old.span.end.row;
  const delta = edit.newEndPosition.row - edit.oldEndPosition.row;
  // The test spans the edited rows, or ends above blank lines typed after it (a line break and indentation, so far).
  const endsAt = definition.endPosition.row;
  if (endsAt !== afterRow + delta && !(endsAt < afterRow + delta && pastBlanks(input.text, definition.endIndex, definition.endPosition).row > afterRow + delta)) return null;
  const shift: RowShift = { path: basis.path, fromRow, afterRow, delta };
  const inOld = (row: number): boolean => row >= fromRow && row <= afterRow;
  const newAfterRow = afterRow + delta;
  const inNew = (row: number): boolean => row >= fromRow && row <= newAfterRow;
  // The functions that depend on an edited helper are re-read, their text unchanged but moved.
  const inOldDependent = (row: number): boolean => dependents.some((d) => isOldRowOf(d)(row));
  const inNewDependent = (row: number): boolean => dependents.some((d) => isNewRowOf(d)(row));
  const inOldAny = (row: number): boolean => inOld(row) || inOldDependent(row);
  const inNewAny = (row: number): boolean => inNew(row) || inNewDependent(row);
  const state = previous ?? initialState(basis, input.settings, input.workspace);

  const root = input.tree.rootNode;
  const { queries } = input;
  const own = <T>(items: readonly T[], rowOf: (item: T) => number): T[] => items.filter((item) => rowOf(item) >= fromRow);
  const windowImports = own(collectImports(outer, queries), (b) => b.line - 1);
  const oldImports = basis.imports.filter((b) => inOld(b.line - 1));
  if (!sameList(oldImports.map(importKey), windowImports.map(importKey))) return null;
  if (collectFixtureDefinitions(outer, queries).length > 0 || basis.fixtureDefinitions.some((f) => inOld(f.span.start.row))) return null;
  if (state.sharedTempAccessRows.some(inOldAny)) return null;

  const windowAssignments = own(collectAssignments(outer, queries), (a) => a.span.start.row);
  // The test's `self.` assignments, each at its row in the new text: one the edit only moved (it starts
  // after the edited text) is the same assignment; one in the edited text must read the same as before.
  const selfAssignments = (list: readonly Assignment[], rowOf: (a: Assignment) => number): string[] =>
    list.filter((a) => isAttributeOfInstance(a.target)).map((a) => `${rowOf(a)}|${a.target}|${JSON.stringify(a.value)}`);
  const movedRow = (a: Assignment): number => (isBefore(a.span.start, edit.oldEndPosition) ? a.span.start.row : a.span.start.row + delta);
  if (!sameList(selfAssignments(state.shared.assignments.filter((a) => inOld(a.span.start.row)), movedRow), selfAssignments(windowAssignments, (a) => a.span.start.row))) return null;

  const lines = spliceLines(basis.lines, input.text, edit);
  const near = (list: readonly string[], first: number, last: number): boolean => AWS_KEY_ID.test(list.slice(Math.max(0, first - AWS_NEAR_LINES), last + AWS_NEAR_LINES + 1).join('\n'));
  if (near(basis.lines, fromRow, afterRow) || near(lines, fromRow, afterRow + delta) || dependents.some((d) => near(basis.lines, d.oldFrom, d.oldTo))) return null;
  const imports = [...basis.imports.filter((b) => b.line - 1 < fromRow), ...windowImports, ...shiftRows(basis.imports.filter((b) => b.line - 1 > afterRow), shift)];
  const structure = collectTestStructure(outer, queries);
  const classes = spliceByRow(basis.classes, (c) => c.span.start.row, own(structure.classes, (c) => c.span.start.row), shift).map((c) => (c.span.start.row < fromRow && c.span.end.row >= afterRow + delta ? { ...c, span: enclosingSpan(outer, c.span) } : c));
  const functions = spliceByRow(basis.functions, (f) => f.span.start.row, own(structure.functions, (f) => f.span.start.row), shift);
  const test = decideTestContext({ path: basis.path, imports, classes, functions, testGlobs: input.settings.testGlobs });
  if (!test.isTest) return null;
  const fixtureDefinitions = shiftRows(basis.fixtureDefinitions, shift);
  const constants = shiftRows(basis.constants, shift);

  const callMatches = matchCalls(outer, queries);
  const windowFn = summarizeFunctionAt({ outer, lines, calls: callMatches });
  const newSummary = windowFn ? spliceSummary(summary, target.ref, old, windowFn, shift) : null;
  if (!newSummary) return null;
  const entry = input.workspace?.index.entryAt(basis.path);
  if (entry) input.workspace?.index.remember(entry, newSummary);

  const read = { imports, classes, fixtureDefinitions, summary: newSummary };
  const windowDoubles = doublesOf(outer, target.ref, (row) => row >= fromRow, input, read);
  const dependentDoubles = dependents.flatMap((d) => doublesOf(d.outer, d.ref, isNewRowOf(d), input, read));
  const keptDoubles = dependents.length ? basis.analysis.doubles.filter((d) => !inOldDependent(d.span.start.row)) : basis.analysis.doubles;
  const doubles = sortBySpan<TestDouble>(spliceByRow(keptDoubles, (d) => d.span.start.row, [...windowDoubles, ...dependentDoubles], shift));
  let authorization: AuthorizationScope[] | null = [];
  if (input.workspace) {
    const { workspace } = input;
    // Scopes are made for `test*` functions only: a helper has none, and the tests depending on it get theirs anew.
    const anew = (isOld: (row: number) => boolean, ref: FunctionRef) => ({ inOld: isOld, fresh: computeAuthorizationScopes(workspace, newSummary, doubles, ref) });
    const replaced = isHelper ? dependents.filter((d) => d.isTest).map((d) => anew(isOldRowOf(d), d.ref)) : [anew(inOld, target.ref)];
    authorization = spliceScopes(basis.analysis.authorization, replaced, shift);
  }
  if (!authorization) return null;

  const window = functionSyntax(outer, queries, imports, callMatches, (row) => row >= fromRow, windowAssignments);
  // A helper's rows are kept between edits (they lie outside the tests): its new syntax replaces them.
  const helperRows = <T>(list: readonly T[]): readonly T[] => (isHelper ? list : []);
  const shared = {
    calls: spliceByRow(state.shared.calls, (c) => c.span.start.row, helperRows(window.calls), shift),
    strings: spliceByRow(state.shared.strings, (s) => s.span.start.row, helperRows(window.strings), shift),
    literals: spliceByRow(state.shared.literals, (l) => l.span.start.row, helperRows(window.literals), shift),
    // The edited test's own `self.` assignments are equal before and after (checked above): keep the new ones.
    assignments: spliceByRow(state.shared.assignments, (a) => a.span.start.row, isHelper ? window.assignments : window.assignments.filter((a) => isAttributeOfInstance(a.target)), shift),
    comments: spliceByRow(state.shared.comments, (c) => c.row, helperRows(window.comments), shift),
  };
  let ruleSyntax: FunctionSyntax = isHelper ? shared : withFunctionSyntax(shared, window, fromRow, inNew);
  // A helper's rows are in the kept syntax already (moved); a test's are read from its node.
  for (const d of dependents.filter((dependent) => dependent.isTest)) {
    const isOwnRow = isNewRowOf(d);
    ruleSyntax = withFunctionSyntax(ruleSyntax, functionSyntax(d.outer, queries, imports, matchCalls(d.outer, queries), isOwnRow), d.newFrom, isOwnRow);
  }
  const lookups: RuleSyntax = { imports, classes, functions, constants, ...ruleSyntax };
  // The edited test's denial assertions are read from its calls; the other tests' were kept.
  const denialRows = spliceByRow(state.denialRows, (d) => d.test.row, denialRowsOf(window.calls, functions.filter((f) => inNew(f.span.start.row))), shift);
  const context = ruleContextFor({ path: basis.path, test, syntax: lookups, doubles, authorization, summary: newSummary, lines, settings: input.settings, workspace: input.workspace, denialCallRows: denialCallRowsOutside(denialRows, inNewAny) });
  if (sharedTempAccessRows({ ...context, wants: inNew }).some(inNew)) return null;

  // The edited test's hits are found anew, and outside the tests those of the rules that read the
  // tests' doubles and authorization; all other hits are kept (moved with the rows).
  const isOtherTestRow = rowSet(testRowRanges(functions, fromRow, newAfterRow).filter((r) => !inNewDependent(r.start)), lines.length);
  const layout = treeLineLayout(root, lines, lookups.comments);
  const fresh = findingsOf(context, input.settings, layout, lookups.comments, (ruleId, row) => inNewAny(row) || (READS_TESTS.has(ruleId) && !isOtherTestRow(row)));
  const isOldTestRow = rowSet(testRowRanges(basis.functions, fromRow, afterRow), basis.lines.length);
  const kept = shiftRows(basis.analysis.diagnostics.filter((d) => !inOldAny(d.span.start.row) && (isOldTestRow(d.span.start.row) || !READS_TESTS.has(d.ruleId))), shift);
  const diagnostics = sortBySpan<Finding>([...kept, ...fresh]);

  const analysis: FileAnalysis = {
    path: basis.path,
    test,
    testGroups: collectTestGroups(classes, functions),
    doubles,
    diagnostics,
    hasSyntaxErrors: root.hasError,
    authorization,
  };
  const settled: SettledEdit = {
    analysis,
    // Its syntax lists hold only the lookups (the other tests' are not re-read): it goes with `state`.
    basis: { ...lookups, path: basis.path, modulePath: basis.modulePath, lines, fixtureDefinitions, summary: newSummary, analysis },
    state: { shared, sharedTempAccessRows: shiftRows(state.sharedTempAccessRows.map((row) => ({ row })), shift).map((r) => r.row), denialRows },
  };
  // The edited test's rules read the moved lookups, so nothing is left to do later.
  const scope = isHelper ? `the edited helper with the ${dependents.length} function${dependents.length === 1 ? '' : 's'} depending on it` : 'the edited test alone';
  return { diagnostics, settle: () => settled, scope };
}

/**
 * A line that states no fact: `name = 123` alone on its line in a function body, `name` used nowhere
 * else in the file. Only the function's summary (its local assignments) and the assignment lookups
 * hold it; no double, authorization scope, call, string or rule hit can come from it, so adding or
 * removing it (a statement typed and deleted again in a helper or `setUp` as much as in a test) only
 * moves the rows after it.
 */
const INERT_LINE = /^( +)([A-Za-z_]\w*) = \d+$/;

interface InertLine {
  /** The row (0-based) of the line added, or of the line removed (before the edit). */
  readonly row: number;
  readonly isAdded: boolean;
  readonly name: string;
  /** The added statement, in the new tree. */
  readonly added: Node | null;
  /** The outermost function holding the line, in the new tree, and as the previous analysis saw it. */
  readonly outer: Node;
  readonly old: FunctionDef;
  readonly ref: FunctionRef;
}

/** The edit, when it adds or removes one inert line in a statement block of a function (not its last statement). */
function inertLine(input: EditInput): InertLine | null {
  const { edit, basis } = input;
  const row = edit.startPosition.row;
  // The smallest edit between two texts (`editBetween`) may start inside the line: inserting `    x = 1\n`
  // before `    y()` is found as `x = 1\n    ` inserted after its indentation. Taken as whole lines when the
  // text it slides over (`column` characters before it) equals its last characters.
  const column = edit.startPosition.column;
  const lineStart = edit.startIndex - column;
  const isAdded = edit.oldEndIndex === edit.startIndex && edit.newEndPosition.row === row + 1 && edit.newEndPosition.column === column
    && input.text.slice(edit.newEndIndex - column, edit.newEndIndex) === input.text.slice(lineStart, edit.startIndex);
  const isRemoved = edit.newEndIndex === edit.startIndex && edit.oldEndPosition.row === row + 1 && edit.oldEndPosition.column === column
    && (basis.lines[row] ?? '').slice(0, column) === (basis.lines[row + 1] ?? '').slice(0, column);
  if (!isAdded && !isRemoved) return null;
  const line = isAdded ? input.text.slice(lineStart, edit.newEndIndex - column - 1) : (basis.lines[row] ?? '');
  if (isRemoved && edit.oldEndIndex - edit.startIndex !== line.length + 1) return null;
  const match = INERT_LINE.exec(line);
  if (!match) return null;
  const [, indent, name] = match;
  // The name is read nowhere: no rule, double or summary of another function looks it up.
  if (countWord(input.text, name) !== (isAdded ? 1 : 0)) return null;
  // The line that follows (in the new text) must start the line's next sibling in the same block, and a
  // statement must follow in that block: then the line is a statement of the block, inside no bracket or
  // string, and ends no span of the file.
  const root = input.tree.rootNode;
  const added = isAdded ? statementAt(root, row, indent.length) : null;
  const next = statementAt(root, isAdded ? row + 1 : row, indent.length);
  if (isAdded && (added?.type !== 'expression_statement' || added.text !== line.trimStart() || added.nextNamedSibling?.id !== next?.id)) return null;
  let following = next;
  while (following?.type === 'comment') following = following.nextNamedSibling;
  // Not a docstring either side of the edit.
  if (!next || !following || (following.type === 'expression_statement' && following.firstNamedChild?.type === 'string')) return null;
  let owner: Node | null = next.parent;
  while (owner && owner.type !== 'function_definition' && owner.type !== 'class_definition' && owner.type !== 'lambda') owner = owner.parent;
  if (owner?.type !== 'function_definition') return null;
  let definition: Node = owner;
  for (let node: Node | null = owner.parent; node; node = node.parent) if (node.type === 'function_definition') definition = node;
  const found = topLevelFunction(definition, basis, definition.startPosition);
  if (!found || row <= found.old.span.start.row) return null;
  const { outer, old } = found;
  // The tree changed only inside the function, which parses without errors: it is the old one plus the line.
  if (outer.hasError || input.changedRanges.some((r) => r.startPosition.row < outer.startPosition.row || r.endPosition.row > outer.endPosition.row)) return null;
  return { row, isAdded, name, added, outer, old, ref: { className: old.className, name: old.name } };
}

/**
 * A function defined at module level or in a module-level class, with its outermost node (its
 * `decorated_definition`, if any) and the function as the previous analysis saw it, starting at
 * `oldStart`; null for any other function, or when a class of its name is defined twice (the
 * previous analysis could not tell which holds it).
 */
function topLevelFunction(definition: Node, basis: AnalysisBasis, oldStart: Point): { readonly outer: Node; readonly old: FunctionDef } | null {
  const outer = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const container = outer.parent;
  const cls = container?.type === 'block' && container.parent?.type === 'class_definition' ? container.parent : null;
  const classOuter = cls?.parent?.type === 'decorated_definition' ? cls.parent : cls;
  if (cls ? classOuter?.parent?.type !== 'module' : container?.type !== 'module') return null;
  const name = definition.childForFieldName('name')?.text;
  const className = cls?.childForFieldName('name')?.text ?? null;
  const old = name ? basis.functions.find((f) => f.name === name && f.className === className && samePoint(f.span.start, oldStart)) : undefined;
  if (!old || basis.classes.filter((c) => c.name === className).length > (className ? 1 : 0)) return null;
  return { outer, old };
}

/** The statement of a block that starts at `row`, `column`, if any. */
function statementAt(root: Node, row: number, column: number): Node | null {
  for (let node: Node | null = root.descendantForPosition({ row, column }); node; node = node.parent) {
    if (node.startPosition.row !== row || node.startPosition.column !== column) return null;
    if (node.parent?.type === 'block') return node;
  }
  return null;
}

/**
 * The re-analysis after an inert line was added or removed: the previous one with the rows after it
 * moved. What decides whether the edit can be taken, and the diagnostics, are made at once (they read
 * the tree); moving the rest of the analysis, the summary and the lookups is left to `settle`.
 */
function analyzeInertEdit(input: EditInput, previous: EditState | null, inert: InertLine): EditResult | null {
  const { basis } = input;
  const summary = basis.summary;
  if (!summary) return null;
  const { row, isAdded } = inert;
  // Rows from `row` on move down by one after an added line; rows after `row` move up after a removed one.
  const shift: RowShift = isAdded ? { path: basis.path, fromRow: row, afterRow: row - 1, delta: 1 } : { path: basis.path, fromRow: row, afterRow: row, delta: -1 };
  const oldEnd = inert.old.span.end.row;
  const inFunction = (r: number): boolean => r >= inert.old.span.start.row && r <= oldEnd;
  const state = previous ?? initialState(basis, input.settings, input.workspace);
  if (state.sharedTempAccessRows.some(inFunction)) return null;
  const lines = spliceLines(basis.lines, input.text, input.edit);
  // Secrets near an AWS key id depend on the distance in lines (FL201).
  const near = (list: readonly string[], r: number): boolean => AWS_KEY_ID.test(list.slice(Math.max(0, r - AWS_NEAR_LINES - 1), r + AWS_NEAR_LINES + 2).join('\n'));
  if (near(basis.lines, row) || near(lines, row)) return null;
  // Suppression fixes read the line above a finding: the findings next to the line are found again (in the function, which holds them).
  const neighbours = { first: row - 1, last: isAdded ? row : row + 1 };
  const touches = (start: number, end: number): boolean => start <= neighbours.last && end >= neighbours.first;
  const touched = basis.analysis.diagnostics.filter((d) => touches(d.span.start.row, d.span.end.row) || d.fixes.some((f) => touches(f.edit.row, f.edit.row)));
  if (touched.some((d) => !inFunction(d.span.start.row) || !inFunction(d.span.end.row) || d.fixes.some((f) => !inFunction(f.edit.row)))) return null;

  const windowFn = summarizeFunctionAt({ outer: inert.outer, lines, calls: matchCalls(inert.outer, input.queries) });
  if (!windowFn || !editedFunctionIn(summary, inert.ref, inert.old, shift)) return null;
  // The added line's assignment where a full analysis lists it (among the shared lookups outside tests); the removed line's dropped.
  const isInTest = inert.ref.name.startsWith('test');
  const added = inert.added && !isInTest ? collectAssignments(inert.added, input.queries) : [];
  const hasSyntaxErrors = input.tree.rootNode.hasError;
  const moved = shiftRows(basis.analysis.diagnostics, shift);
  const { settings, workspace } = input;

  // Everything but the diagnostics, moved past the line: made once, when first needed.
  let parts: ReturnType<typeof settleParts> | null = null;
  const settleParts = () => {
    const newSummary = spliceSummary(summary, inert.ref, inert.old, windowFn, shift);
    if (!newSummary) throw new Error(`the summary of ${basis.path} lost ${inert.ref.name} between two readings`);
    const entry = workspace?.index.entryAt(basis.path);
    if (entry) workspace?.index.remember(entry, newSummary);
    const sharedAssignments = shiftRows(state.shared.assignments.filter((a) => isAdded || a.span.start.row !== row), shift);
    const shared = {
      calls: shiftRows(state.shared.calls, shift),
      strings: shiftRows(state.shared.strings, shift),
      literals: shiftRows(state.shared.literals, shift),
      assignments: insertWindow(sharedAssignments, added, (a) => a.span.start.row, row),
      comments: shiftRows(state.shared.comments, shift),
    };
    const classes = shiftRows(basis.classes, shift);
    const functions = shiftRows(basis.functions, shift);
    // As after an edited test, the basis holds only the lookups: the other tests' syntax goes with `state`.
    const imports = shiftRows(basis.imports, shift);
    const lookups: RuleSyntax = { ...shared, imports, classes, functions, constants: shiftRows(basis.constants, shift) };
    const test = decideTestContext({ path: basis.path, imports, classes, functions, testGlobs: settings.testGlobs });
    return { newSummary, shared, lookups, test, doubles: shiftRows(basis.analysis.doubles, shift), authorization: shiftRows(basis.analysis.authorization, shift) };
  };
  const partsNow = (): NonNullable<typeof parts> => (parts ??= settleParts());
  const settleWith = (diagnostics: readonly Finding[]): SettledEdit => {
    const { newSummary, shared, lookups, test, doubles, authorization } = partsNow();
    const analysis: FileAnalysis = { path: basis.path, test, testGroups: collectTestGroups(lookups.classes, lookups.functions), doubles, diagnostics, hasSyntaxErrors, authorization };
    return {
      analysis,
      basis: { ...lookups, path: basis.path, modulePath: basis.modulePath, lines, fixtureDefinitions: shiftRows(basis.fixtureDefinitions, shift), summary: newSummary, analysis },
      state: { shared, sharedTempAccessRows: shiftRows(state.sharedTempAccessRows.map((r) => ({ row: r })), shift).map((r) => r.row), denialRows: shiftRows(state.denialRows, shift) },
    };
  };

  const denialCallRows = (): ReadonlyMap<number, number | null> => denialCallRowsOutside(shiftRows(state.denialRows, shift), (r) => r >= inert.outer.startPosition.row && r <= inert.outer.endPosition.row);
  const diagnostics = touched.length ? withNeighboursFoundAgain(input, inert, moved, new Set(shiftRows(touched, shift).map((d) => d.span.start.row)), { ...partsNow(), denialCallRows: denialCallRows() }, lines) : moved;
  let settled: SettledEdit | null = null;
  return { diagnostics, settle: () => (settled ??= settleWith(diagnostics)), scope: 'a line that states no fact: the rows after it moved' };
}

/**
 * The diagnostics after an inert line, with those starting on `rows` (next to the line, in its
 * function) found again by the rules: where their suppressions go depends on the lines around them.
 * The rules read the function's own syntax, which the lookups kept between edits lack for a test.
 */
function withNeighboursFoundAgain(
  input: EditInput,
  inert: InertLine,
  moved: readonly Finding[],
  rows: ReadonlySet<number>,
  parts: { readonly newSummary: ModuleSummary; readonly lookups: RuleSyntax; readonly test: FileAnalysis['test']; readonly doubles: readonly TestDouble[]; readonly authorization: readonly AuthorizationScope[]; readonly denialCallRows: ReadonlyMap<number, number | null> },
  lines: readonly string[],
): Finding[] {
  const { outer } = inert;
  const { queries } = input;
  const first = outer.startPosition.row;
  const last = outer.endPosition.row;
  const inside = (r: number): boolean => r >= first && r <= last;
  const { lookups } = parts;
  // A helper's syntax is among the lookups already; a test's is read from the tree.
  const syntax: RuleSyntax = inert.ref.name.startsWith('test')
    ? { ...lookups, ...withFunctionSyntax(lookups, functionSyntax(outer, queries, lookups.imports, matchCalls(outer, queries), inside), first, inside) }
    : lookups;
  const context = ruleContextFor({ path: input.basis.path, test: parts.test, syntax, doubles: parts.doubles, authorization: parts.authorization, summary: parts.newSummary, lines, settings: input.settings, workspace: input.workspace, denialCallRows: parts.denialCallRows });
  const layout = treeLineLayout(input.tree.rootNode, lines, syntax.comments);
  const fresh = findingsOf(context, input.settings, layout, syntax.comments, (_, r) => rows.has(r));
  return sortBySpan<Finding>([...moved.filter((d) => !rows.has(d.span.start.row)), ...fresh]);
}

interface EditedTest {
  /** The function's outermost node in the new tree (its `decorated_definition`, if any). */
  readonly outer: Node;
  readonly definition: Node;
  /** The function as the previous analysis saw it. */
  readonly old: FunctionDef;
  readonly ref: FunctionRef;
  /** The edit lies in the decorators (before the `def`). */
  readonly isInDecorators: boolean;
  /** A helper (not a `test*` function), re-analysed with the functions that depend on it. */
  readonly isHelper: boolean;
  /** The functions that depend on the helper, re-analysed with it (none for a test). */
  readonly dependents: readonly DependentFunction[];
}

/**
 * A function whose text the edit did not touch but whose results may change with it (it names the
 * edited helper, or a helper that does): its rows from its decorators to its end, before and after
 * the edit. A test is re-read whole; a helper's syntax is kept (it lies outside the tests), its doubles
 * and the rules' hits in it are found again.
 */
interface DependentFunction {
  readonly outer: Node;
  readonly ref: FunctionRef;
  readonly isTest: boolean;
  readonly oldFrom: number;
  readonly oldTo: number;
  readonly newFrom: number;
  readonly newTo: number;
}

/** Whether a row of the old text is one of the dependent function's. */
function isOldRowOf(dependent: DependentFunction): (row: number) => boolean {
  return (row) => row >= dependent.oldFrom && row <= dependent.oldTo;
}

/** Whether a row of the new text is one of the dependent function's. */
function isNewRowOf(dependent: DependentFunction): (row: number) => boolean {
  return (row) => row >= dependent.newFrom && row <= dependent.newTo;
}

/**
 * Helpers with more dependent functions than this are analysed in full with the file: each is
 * re-derived, and past a few dozen the splice costs what a whole-file analysis does.
 */
const MAX_DEPENDENTS = 24;
/** How far helpers naming the edited helper are followed (a helper naming a helper naming it is 2). */
const HELPER_CHAIN_DEPTH = 3;

/**
 * Functions a framework (or the analysis, following one) runs by their name, so nothing in the file
 * needs to name them: set-up and tear-down in every spelling, dunders, pytest hooks, the set-up methods
 * the derivation follows (`SETUP_METHODS`: a fixture's `_setUp`, a patcher's `start`), and the
 * unittest and Django methods that run a test.
 */
const RUN_BY_NAME = /^(?:__\w+__|setup|teardown|asyncsetup|asyncteardown|pytest_|load_tests$)/i;
const RUN_BY_NAME_METHODS: ReadonlySet<string> = new Set<string>([
  ...SETUP_METHODS,
  '_tearDown',
  'stop',
  'cleanUp',
  'run',
  'debug',
  'doCleanups',
  '_callSetUp',
  '_callTestMethod',
  '_callTearDown',
  '_callCleanup',
  '_pre_setup',
  '_post_teardown',
  '_fixture_setup',
  '_fixture_teardown',
]);

function isRunByName(name: string): boolean {
  return RUN_BY_NAME.test(name) || RUN_BY_NAME_METHODS.has(name);
}

/**
 * The same edit told from the start of its line, when it adds or removes whole lines there but was
 * told from a prefix they share with the line below (`self.assertTrue(x)` inserted above
 * `self.flag = 1`: the smallest edit between the texts, `editBetween`, starts after `self.`). Told so,
 * that line (and an assignment starting on it) only moved down; null for any other edit.
 */
function alignedToLineStart(input: EditInput): Edit | null {
  const { edit, basis, text } = input;
  const shared = edit.startPosition.column;
  const { row } = edit.startPosition;
  const spansLines = edit.oldEndPosition.row > row || edit.newEndPosition.row > row;
  if (shared === 0 || !spansLines || edit.oldEndPosition.column !== shared || edit.newEndPosition.column !== shared) return null;
  const prefix = text.slice(edit.startIndex - shared, edit.startIndex);
  // Both ends must follow the same prefix, in the old text and in the new one (CRLF lines: the prefix holds no line break).
  const isOldAligned = edit.oldEndPosition.row === row || (basis.lines[edit.oldEndPosition.row] ?? '').slice(0, shared) === prefix;
  const isNewAligned = edit.newEndPosition.row === row || text.slice(edit.newEndIndex - shared, edit.newEndIndex) === prefix;
  if (!isOldAligned || !isNewAligned || (basis.lines[row] ?? '').slice(0, shared) !== prefix) return null;
  const atLineStart = (point: Point): Point => ({ row: point.row, column: 0 });
  return {
    startIndex: edit.startIndex - shared,
    oldEndIndex: edit.oldEndIndex - shared,
    newEndIndex: edit.newEndIndex - shared,
    startPosition: atLineStart(edit.startPosition),
    oldEndPosition: atLineStart(edit.oldEndPosition),
    newEndPosition: atLineStart(edit.newEndPosition),
  };
}

/**
 * The same edit told one line break earlier, when it adds or removes whole lines at a line's start:
 * `    x()\n` inserted after the line break that ends a test's last line is also `\n    x()` inserted
 * before it (the smallest edit between two texts, `editBetween`, finds the first). Null otherwise, and
 * for CRLF line ends, which this would split.
 */
function beforeLineBreak(input: EditInput): Edit | null {
  const { edit, basis, text } = input;
  const { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd } = edit;
  if (start < 2 || edit.startPosition.column !== 0 || text.charCodeAt(start - 2) === 13) return null;
  const isAdded = oldEnd === start && newEnd > start && text.charCodeAt(newEnd - 1) === 10;
  const isRemoved = newEnd === start && oldEnd > start && edit.oldEndPosition.column === 0;
  if (!isAdded && !isRemoved) return null;
  const lineEnd = (row: number): Point => ({ row, column: (basis.lines[row] ?? '').length });
  const at = lineEnd(edit.startPosition.row - 1);
  if (isAdded) {
    const newEndRow = edit.newEndPosition.row - 1;
    const column = newEnd - 1 - (text.lastIndexOf('\n', newEnd - 2) + 1);
    return { startIndex: start - 1, oldEndIndex: start - 1, newEndIndex: newEnd - 1, startPosition: at, oldEndPosition: at, newEndPosition: { row: newEndRow, column } };
  }
  return { startIndex: start - 1, oldEndIndex: oldEnd - 1, newEndIndex: start - 1, startPosition: at, oldEndPosition: lineEnd(edit.oldEndPosition.row - 1), newEndPosition: at };
}

/**
 * The test function whose body holds the whole edit, when nothing else in the file can depend on it;
 * looked for at `at` (the edit's start, or the last character before it when that start ends a line).
 */
function editedTest(input: EditInput, at: Point = input.edit.startPosition): EditedTest | null {
  const { edit, basis } = input;
  const root = input.tree.rootNode;
  let definition: Node | null = null;
  let decorated: Node | null = null;
  for (let node = root.descendantForPosition(at); node; node = node.parent) {
    if (node.type === 'function_definition') definition = node;
    if (node.type === 'decorated_definition') decorated ??= node;
  }
  // In a decorator of a function that no other function holds.
  const decoratedFunction = decorated?.childForFieldName('definition');
  const isInDecorators = !definition && decoratedFunction?.type === 'function_definition' && isBefore(decorated?.startPosition ?? edit.startPosition, edit.startPosition);
  if (isInDecorators) definition = decoratedFunction;
  if (!definition) return null;
  const name = definition.childForFieldName('name');
  const body = definition.childForFieldName('body');
  if (!name || !body) return null;
  const isHelper = !name.text.startsWith('test');
  if (isHelper && isRunByName(name.text)) return null;
  // An edit in the decorators moved the `def` by the rows it added or removed.
  const delta = isInDecorators ? edit.newEndPosition.row - edit.oldEndPosition.row : 0;
  const found = topLevelFunction(definition, basis, { row: definition.startPosition.row - delta, column: definition.startPosition.column });
  if (!found) return null;
  const { outer, old } = found;
  const className = old.className;
  // The edit lies in the body (after the name, so the function keeps it) and within the old function, or wholly in its decorators.
  if (isInDecorators ? isBefore(old.span.start, edit.oldEndPosition) || isBefore(definition.startPosition, edit.newEndPosition) : isBefore(edit.startPosition, name.endPosition) || isBefore(old.span.end, edit.oldEndPosition)) return null;
  // The tree outside changed nowhere but in the blanks after the function (the line break its last line lost or gained).
  const end = pastBlanks(input.text, definition.endIndex, definition.endPosition);
  if (input.changedRanges.some((r) => isBefore(r.startPosition, outer.startPosition) || isBefore(end, r.endPosition))) return null;
  const dependents = isHelper ? dependentsOf(input, name.text, outer) : countWord(input.text, name.text) === 1 ? [] : null;
  if (!dependents) return null;
  return { outer, definition, old, ref: { className, name: name.text }, isInDecorators, isHelper, dependents };
}

/**
 * What depends on the edited helper named `word` (defined by `helper`): the tests that name it, and
 * the helpers that name it with what depends on them in turn (HELPER_CHAIN_DEPTH deep); null when
 * anything else names one of them (a set-up method, a class body, the module: what runs there is not
 * re-read) or too many do. A name in a string or a comment counts too (`patch.object(self, '_helper')`).
 */
function dependentsOf(input: EditInput, word: string, helper: Node): DependentFunction[] | null {
  const { text, edit, basis } = input;
  const root = input.tree.rootNode;
  const delta = edit.newEndPosition.row - edit.oldEndPosition.row;
  const found: DependentFunction[] = [];
  // The functions already found, the helper first: a name inside one of them needs no walk up the tree
  // (each `parent` is found from the root in tree-sitter), so every walk finds another function, or ends the search.
  const spans = [{ start: helper.startIndex, end: helper.endIndex }];
  const named: Array<{ readonly word: string; readonly depth: number }> = [{ word, depth: 0 }];
  for (let next = named.shift(); next; next = named.shift()) {
    for (let at = text.indexOf(next.word); at !== -1; at = text.indexOf(next.word, at + next.word.length)) {
      if (isIdentifierChar(text.charCodeAt(at - 1)) || isIdentifierChar(text.charCodeAt(at + next.word.length))) continue;
      if (spans.some((span) => at >= span.start && at < span.end)) continue;
      // The outermost function around the name: a nested function or a decorator belongs to the function that holds it.
      let definition: Node | null = null;
      for (let node: Node | null = root.descendantForIndex(at); node; node = node.parent) {
        if (node.type === 'function_definition') definition = node;
        else if (node.type === 'decorated_definition') {
          const decorated = node.childForFieldName('definition');
          if (decorated?.type === 'function_definition') definition = decorated;
        }
      }
      const name = definition?.childForFieldName('name')?.text;
      if (!definition || !name || isRunByName(name)) return null;
      const moved = definition.startIndex >= helper.endIndex ? delta : 0;
      const top = topLevelFunction(definition, basis, { row: definition.startPosition.row - moved, column: definition.startPosition.column });
      if (!top) return null;
      const isTest = name.startsWith('test');
      spans.push({ start: top.outer.startIndex, end: top.outer.endIndex });
      found.push({
        outer: top.outer,
        ref: { className: top.old.className, name },
        isTest,
        oldFrom: top.outer.startPosition.row - moved,
        oldTo: top.old.span.end.row,
        newFrom: top.outer.startPosition.row,
        newTo: top.old.span.end.row + moved,
      });
      if (found.length > MAX_DEPENDENTS) return null;
      if (!isTest) {
        if (next.depth + 1 >= HELPER_CHAIN_DEPTH) return null;
        named.push({ word: name, depth: next.depth + 1 });
      }
    }
  }
  return found;
}

/** The point after the blanks (spaces, tabs, line breaks) from `index` (at `point`) on: no node starts before it. */
function pastBlanks(text: string, index: number, point: Point): Point {
  let { row, column } = point;
  for (let i = index; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10) {
      row++;
      column = 0;
    } else if (char === 32 || char === 9 || char === 12 || char === 13) column++;
    else break;
  }
  return { row, column };
}

/** The lookups the rules need besides the edited test, from a full analysis (made on the first edit after it). */
function initialState(basis: AnalysisBasis, settings: Settings, workspace: WorkspaceContext | undefined): EditState {
  const isInTest = rowSet(testRowRanges(basis.functions, -1, -1), basis.lines.length);
  const isShared = (row: number): boolean => !isInTest(row);
  const context = ruleContextFor({ path: basis.path, test: basis.analysis.test, syntax: basis, doubles: basis.analysis.doubles, authorization: basis.analysis.authorization, summary: basis.summary, lines: basis.lines, settings, workspace });
  return {
    shared: {
      calls: basis.calls.filter((c) => isShared(c.span.start.row)),
      strings: basis.strings.filter((s) => isShared(s.span.start.row)),
      literals: basis.literals.filter((l) => isShared(l.span.start.row)),
      assignments: basis.assignments.filter((a) => isShared(a.span.start.row) || isAttributeOfInstance(a.target)),
      comments: basis.comments.filter((c) => isShared(c.row)),
    },
    sharedTempAccessRows: sharedTempAccessRows(context),
    denialRows: denialRowsOf(basis.calls, basis.functions),
  };
}

/** The denial rows of the `test*` functions among `functions`, whose calls are among `calls`. */
function denialRowsOf(calls: RuleSyntax['calls'], functions: readonly FunctionDef[]): DenialRow[] {
  const rows = denialCallRowsOf(calls, functions.filter((f) => f.name.startsWith('test')));
  return [...rows].sort((a, b) => a[0] - b[0]).map(([test, denial]) => ({ test: { row: test }, denial: denial === null ? null : { row: denial } }));
}

/** `RuleContext.denialCallRows` of the tests whose `def` row `isOwn` does not accept (their calls are not in the context). */
function denialCallRowsOutside(rows: readonly DenialRow[], isOwn: (row: number) => boolean): Map<number, number | null> {
  return new Map(rows.filter((d) => !isOwn(d.test.row)).map((d) => [d.test.row, d.denial?.row ?? null]));
}

/** Rows of the file accesses (among those the context wants) that name a shared temporary path. */
function sharedTempAccessRows(context: RuleContext): number[] {
  return fileAccesses(context).filter((a) => isSharedTempPath(a.path.replace(/\/+$/, ''))).map((a) => a.call.span.start.row);
}

/** The lookups a function's own rows contribute (a test's are not kept between edits). */
type FunctionSyntax = Pick<RuleSyntax, 'calls' | 'strings' | 'literals' | 'assignments' | 'comments'>;

/** A function's own syntax facts, read from its node in the new tree, on the rows `keep` accepts. */
function functionSyntax(outer: Node, queries: Queries, imports: RuleSyntax['imports'], callMatches: ReturnType<typeof matchCalls>, keep: (row: number) => boolean, assignments?: readonly Assignment[]): FunctionSyntax {
  return {
    calls: collectCalls(outer, queries, imports, callMatches).filter((c) => keep(c.span.start.row)),
    strings: collectStringBindings(outer, queries).filter((b) => keep(b.span.start.row)),
    literals: collectStringLiterals(outer, queries).filter((l) => keep(l.span.start.row)),
    assignments: assignments ?? collectAssignments(outer, queries).filter((a) => keep(a.span.start.row)),
    comments: collectComments(outer, queries).filter((c) => keep(c.row)),
  };
}

/**
 * The kept lookups with a function's own syntax put in row order at `fromRow`. Its assignments
 * replace the kept ones on its rows (`self.` assignments are kept between edits for other tests' rules).
 */
function withFunctionSyntax(kept: FunctionSyntax, own: FunctionSyntax, fromRow: number, isOwnRow: (row: number) => boolean): FunctionSyntax {
  return {
    calls: insertWindow(kept.calls, own.calls, (c) => c.span.start.row, fromRow),
    strings: insertWindow(kept.strings, own.strings, (s) => s.span.start.row, fromRow),
    literals: insertWindow(kept.literals, own.literals, (l) => l.span.start.row, fromRow),
    assignments: insertWindow(kept.assignments.filter((a) => !isOwnRow(a.span.start.row)), own.assignments, (a) => a.span.start.row, fromRow),
    comments: insertWindow(kept.comments, own.comments, (c) => c.row, fromRow),
  };
}

/** Row ranges of the file's outermost `test*` functions (from `def` to end), except one lying within `fromRow`..`toRow`. */
function testRowRanges(functions: readonly FunctionDef[], fromRow: number, toRow: number): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let lastEnd = -1;
  for (const fn of functions) {
    if (fn.span.start.row <= lastEnd || !fn.name.startsWith('test')) continue;
    lastEnd = fn.span.end.row;
    if (fn.span.start.row >= fromRow && fn.span.end.row <= toRow) continue;
    ranges.push({ start: fn.span.start.row, end: fn.span.end.row });
  }
  return ranges;
}

/** Membership of rows in ranges, in constant time: a 30,000-line file has a thousand tests. */
function rowSet(ranges: ReadonlyArray<{ start: number; end: number }>, rows: number): (row: number) => boolean {
  const marks = new Uint8Array(rows + 1);
  for (const r of ranges) marks.fill(1, Math.max(0, r.start), Math.min(rows, r.end) + 1);
  return (row) => marks[row] === 1;
}

/** Items before the edited rows as they were, `inserted` in their place, items after them moved. */
function spliceByRow<T>(items: readonly T[], rowOf: (item: T) => number, inserted: readonly T[], shift: RowShift): T[] {
  const before: T[] = [];
  const after: T[] = [];
  for (const item of items) {
    const row = rowOf(item);
    if (row < shift.fromRow) before.push(item);
    else if (row > shift.afterRow) after.push(item);
  }
  return [...shiftRows(before, shift), ...inserted, ...shiftRows(after, shift)];
}

/** `window` (items of the edited rows, new positions) put in row order among `kept` (which has none there). */
function insertWindow<T>(kept: readonly T[], window: readonly T[], rowOf: (item: T) => number, fromRow: number): T[] {
  const at = kept.findIndex((item) => rowOf(item) >= fromRow);
  return at < 0 ? [...kept, ...window] : [...kept.slice(0, at), ...window, ...kept.slice(at)];
}

/**
 * The previous scopes with each re-read test's replaced by its fresh one (same place in the list),
 * the others moved; null unless each re-read test had one scope and has one.
 */
function spliceScopes(previous: readonly AuthorizationScope[], replaced: ReadonlyArray<{ readonly inOld: (row: number) => boolean; readonly fresh: readonly AuthorizationScope[] }>, shift: RowShift): AuthorizationScope[] | null {
  const freshAt = new Map<number, AuthorizationScope>();
  for (const { inOld, fresh } of replaced) {
    const index = previous.findIndex((s) => inOld(s.line - 1));
    if (fresh.length !== 1 || index < 0 || previous.filter((s) => inOld(s.line - 1)).length !== 1) return null;
    freshAt.set(index, fresh[0]);
  }
  // Not by position in the list: a scope before the edited one may name lines after it (its class's base defined later).
  return previous.map((scope, index) => freshAt.get(index) ?? shiftRows(scope, shift));
}

/** A function's doubles read anew: its use sites from its node (`outer`), resolved for it alone, on the rows `isOwnRow` accepts. */
function doublesOf(
  outer: Node,
  ref: FunctionRef,
  isOwnRow: (row: number) => boolean,
  input: EditInput,
  read: { readonly imports: RuleSyntax['imports']; readonly classes: RuleSyntax['classes']; readonly fixtureDefinitions: AnalysisBasis['fixtureDefinitions']; readonly summary: ModuleSummary },
): TestDouble[] {
  const { queries, basis, workspace } = input;
  const { imports, classes } = read;
  const syntactic = [
    ...collectUseFixtureCalls({ root: outer, queries, path: basis.path, modulePath: basis.modulePath, imports, classes }),
    ...collectPatchSites({ root: outer, queries, imports }),
    ...collectFixtureParameters({ root: outer, path: basis.path, classes, definitions: read.fixtureDefinitions }),
  ].filter((d) => isOwnRow(d.span.start.row));
  const resolved = workspace ? resolveDoubles({ context: workspace, module: read.summary, doubles: syntactic, only: ref }) : syntactic;
  return resolved.filter((d) => isOwnRow(d.span.start.row));
}

/**
 * Where the edited function is in the summary: the index of its owner class (null for a module-level
 * function) and its index among that owner's functions; null when the summary does not hold it.
 */
function editedFunctionIn(summary: ModuleSummary, ref: FunctionRef, old: FunctionDef, shift: RowShift): { readonly owner: number | null; readonly index: number } | null {
  const oldLine = old.span.start.row + 1;
  const indexIn = (functions: readonly FunctionSummary[]): number => functions.findIndex((f) => f.name === ref.name && f.line === oldLine);
  if (ref.className === null) {
    const index = indexIn(summary.functions);
    return index < 0 ? null : { owner: null, index };
  }
  const owner = summary.classes.findIndex((c) => c.name === ref.className && c.line - 1 < shift.fromRow);
  const index = owner < 0 ? -1 : indexIn(summary.classes[owner].methods);
  return index < 0 ? null : { owner, index };
}

/** The module summary with the edited function's summary replaced and everything after it moved. */
function spliceSummary(summary: ModuleSummary, ref: FunctionRef, old: FunctionDef, fresh: FunctionSummary, shift: RowShift): ModuleSummary | null {
  const at = editedFunctionIn(summary, ref, old, shift);
  if (!at) return null;
  const replaceIn = (functions: readonly FunctionSummary[]): FunctionSummary[] => [...functions.slice(0, at.index), fresh, ...shiftRows(functions.slice(at.index + 1), shift)];
  const isAfter = (line: number): boolean => line - 1 > shift.afterRow;
  let classes: ClassSummary[];
  let functions: FunctionSummary[];
  if (at.owner === null) {
    functions = replaceIn(summary.functions);
    classes = summary.classes.map((c) => (isAfter(c.line) ? shiftRows(c, shift) : c));
  } else {
    const cls = summary.classes[at.owner];
    const methods = replaceIn(cls.methods);
    classes = summary.classes.map((c, i) =>
      i === at.owner ? { ...cls, methods, attributes: cls.attributes.map((a) => (isAfter(a.line) ? shiftRows(a, shift) : a)) } : isAfter(c.line) ? shiftRows(c, shift) : c,
    );
    functions = summary.functions.map((f) => (isAfter(f.line) ? shiftRows(f, shift) : f));
  }
  return {
    ...summary,
    imports: summary.imports.map((b) => (isAfter(b.line) ? shiftRows(b, shift) : b)),
    classes,
    functions,
    assignments: summary.assignments.map((a) => (isAfter(a.line) ? shiftRows(a, shift) : a)),
    calls: summary.calls.map((c) => (isAfter(c.line) ? shiftRows(c, shift) : c)),
  };
}

/** The old lines with the edited ones replaced by the new text's. */
function spliceLines(old: readonly string[], text: string, edit: Edit): string[] {
  const start = edit.startIndex - edit.startPosition.column;
  let end = text.indexOf('\n', edit.newEndIndex);
  if (end < 0) end = text.length;
  const rows = text.slice(start, end).replace(/\r$/, '').split(/\r\n|\r|\n/);
  // `concat` copies the 30,000 kept lines of a large file in bulk; spreading them costs several milliseconds.
  return old.slice(0, edit.startPosition.row).concat(rows, old.slice(edit.oldEndPosition.row + 1));
}

/** The span of the class node that encloses `outer` (its end moved with the edit). */
function enclosingSpan(outer: Node, fallback: Span): Span {
  for (let node = outer.parent; node; node = node.parent) if (node.type === 'class_definition' && node.startPosition.row === fallback.start.row) return spanOf(node);
  return fallback;
}

function isAttributeOfInstance(target: string): boolean {
  return /^(self|cls)\./.test(target);
}

function importKey(binding: { alias: string; qualifiedName: string; isWildcard: boolean }): string {
  return `${binding.alias}|${binding.qualifiedName}|${binding.isWildcard}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** How often `word` occurs in `text` as a whole identifier. */
function countWord(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
    if (!isIdentifierChar(text.charCodeAt(at - 1)) && !isIdentifierChar(text.charCodeAt(at + word.length))) count++;
  }
  return count;
}

function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

