/**
 * Summarises one module for the workspace index: imports (relative ones made absolute), top-level
 * classes and functions with the calls and assignments their bodies make, module-level code.
 * Keeps strings and numbers only, so the tree can be freed at once.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { ArgumentValue, ImportBinding } from '../model/syntax';
import type {
  AssignmentSummary,
  CallSummary,
  ClassSummary,
  DecoratorSummary,
  FunctionSummary,
  ModuleSummary,
  ParameterSummary,
  PytestFixtureOptions,
} from '../model/workspace';
import { queryGroup, type Queries } from '../parsing/queries';
import { matchCalls, type CallMatch } from './calls';
import { collectImports } from './imports';
import { matchTogether, queryMatches, type CaptureMap } from './matches';
import { argumentValue, callArguments, compactText, spanOf } from './nodes';
import { ValueSharing } from './shared-values';
import { decideTestContext } from './test-context';
import { collectTestStructure, type TestStructure } from './test-structure';

export interface SummarizeInput {
  readonly tree: Tree;
  readonly queries: Queries;
  readonly text: string;
  readonly modulePath: string;
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly isPackage: boolean;
  readonly testGlobs: readonly string[];
  /**
   * Imports (as written, before making them absolute) and structure already read from this same
   * tree by the caller, so an analysed file does not run those queries twice.
   */
  readonly syntax?: { readonly imports: readonly ImportBinding[]; readonly structure: TestStructure; readonly calls?: readonly CallMatch[] };
  /** The tree's root node as the caller holds it: queries the caller ran together on it are not run again. */
  readonly root?: Node;
}

export function summarizeModule(input: SummarizeInput): ModuleSummary {
  const root = input.root ?? input.tree.rootNode;
  if (!input.syntax) matchTogether(root, queryGroup(input.queries, 'summary'));
  const lines = input.text.split(/\r\n|\r|\n/);
  const lineText = lineTextOf(lines);
  const imports = (input.syntax?.imports ?? collectImports(root, input.queries)).map((binding) => absolutize(binding, input.modulePath, input.isPackage));
  const structure = input.syntax?.structure ?? collectTestStructure(root, input.queries);
  const test = decideTestContext({ path: input.path, imports, classes: structure.classes, functions: structure.functions, testGlobs: input.testGlobs });
  const shared = new ValueSharing();

  // One pass over calls and assignments, bucketed by the body that runs them.
  const bodies = new Map<number, BodyParts>();
  const bodyOf = (owner: Node | null): BodyParts => {
    const key = owner ? owner.id : -1;
    let parts = bodies.get(key);
    if (!parts) bodies.set(key, (parts = { calls: [], assignments: [], returns: [], yields: [] }));
    return parts;
  };
  const bodyMatches = queryMatches(input.queries['module-bodies'], root);
  const scopes = new ScopeFinder(bodyMatches);
  // Statements with their sides read once, and what each bound value is bound to (`x = call()`,
  // `with call() as x`), so that a call need not ask for its parent (a descent from the root).
  const statements: Array<{ node: Node; type: string; left: Node | null; right: Node | null }> = [];
  const boundTo = new Map<number, string | null>();
  for (const match of bodyMatches) {
    const node = match.get('body.statement');
    if (node) {
      const type = node.type;
      const left = type === 'assignment' ? node.childForFieldName('left') : null;
      const right = type === 'assignment' ? node.childForFieldName('right') : null;
      if (right) boundTo.set(right.id, left ? compactText(left) : null);
      statements.push({ node, type, left, right });
    }
    const binding = match.get('body.binding');
    if (binding) {
      const alias = binding.childForFieldName('alias');
      const name = alias ? compactText(alias) : null;
      for (const child of binding.namedChildren) if (child && child.id !== alias?.id && !boundTo.has(child.id)) boundTo.set(child.id, name);
    }
  }
  for (const match of input.syntax?.calls ?? matchCalls(root, input.queries)) {
    const owner = scopes.ownerOf(match.call);
    if (owner === 'deferred') continue;
    bodyOf(owner).calls.push(callSummary(match, boundTo.get(match.call.id) ?? null, lineText, shared));
  }
  scopes.restart();
  for (const { node, type, left, right } of statements) {
    const owner = scopes.ownerOf(node);
    if (owner === 'deferred') continue;
    const parts = bodyOf(owner);
    if (type === 'assignment') {
      // Item assignments are kept with their target as written (`app.dependency_overrides[get_user]`).
      if (!left || !right || (left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript')) continue;
      parts.assignments.push({ target: compactText(left), value: shared.value(argumentValue(right)), line: node.startPosition.row + 1, text: lineText(node.startPosition.row), valueSpan: spanOf(right) });
    } else {
      const value = node.namedChildren[0];
      const list = type === 'yield' ? parts.yields : parts.returns;
      list.push(shared.value(value ? argumentValue(value) : { kind: 'name', name: 'None' }));
    }
  }

  const classes: ClassSummary[] = [];
  const functions: FunctionSummary[] = [];
  const scratch: Scratch = { bodyOf, lineText, shared };
  for (const { definition, decorators } of moduleLevelDefinitions(root)) {
    if (definition.type === 'class_definition') {
      classes.push(summarizeClass(definition, decorators, scratch));
    } else if (definition.type === 'function_definition') {
      functions.push(summarizeFunction(definition, decorators, scratch));
    }
  }
  const moduleBody = bodyOf(null);
  return internStrings({
    modulePath: input.modulePath,
    path: input.path,
    isPackage: input.isPackage,
    isTest: test.isTest,
    imports: settled(imports),
    classes: settled(classes),
    functions: settled(functions),
    assignments: settled(moduleBody.assignments),
    calls: settled(moduleBody.calls),
  });
}

/**
 * The summary of one function of a module, as `summarizeModule` would give it: what the editor needs
 * after an edit inside that function alone. `calls` are the call matches found inside `outer`.
 */
export function summarizeFunctionAt(input: { readonly outer: Node; readonly lines: readonly string[]; readonly calls: readonly CallMatch[] }): FunctionSummary | null {
  const definition = input.outer.type === 'decorated_definition' ? input.outer.childForFieldName('definition') : input.outer;
  if (definition?.type !== 'function_definition') return null;
  const decorators = input.outer.type === 'decorated_definition' ? input.outer.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
  const lineText = lineTextOf(input.lines);
  const shared = new ValueSharing();
  const parts: BodyParts = { calls: [], assignments: [], returns: [], yields: [] };
  const unused: BodyParts = { calls: [], assignments: [], returns: [], yields: [] };
  // Only what the function's own body runs: nested functions and lambdas are someone else's.
  const bodyOf = (owner: Node | null): BodyParts => (owner?.id === definition.id ? parts : unused);
  for (const match of input.calls) {
    const owner = ownerOf(match.call);
    if (owner === 'deferred') continue;
    bodyOf(owner).calls.push(callSummary(match, assignedTo(match.call), lineText, shared));
  }
  for (const node of definition.descendantsOfType(['assignment', 'return_statement', 'yield'])) {
    if (!node) continue;
    const owner = ownerOf(node);
    if (owner === 'deferred') continue;
    collectBodyPart(node, bodyOf(owner), lineText, shared);
  }
  return internStrings(summarizeFunction(definition, decorators, { bodyOf, lineText, shared }));
}

/**
 * Replaces, in place, each string in freshly built plain data with one copy per distinct value that
 * owns its characters. Node and line texts are V8 sliced strings that keep the whole file's text
 * alive, and a summary lives as long as the workspace index. In place, because copied objects take
 * more memory than the texts they free; equal strings become one because a summary repeats its callees and
 * line texts. Only the strings change: every value stays equal.
 */
export function internStrings<T>(value: T, strings = new Map<string, string>(), seen = new Set<object>()): T {
  if (typeof value === 'string') {
    let interned = strings.get(value);
    if (interned === undefined) strings.set(value, (interned = flatCopy(value)));
    return interned as T;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'string' || (typeof item === 'object' && item !== null)) record[key] = internStrings(item, strings, seen);
  }
  return value;
}

/**
 * A copy of `text` that owns its characters. Slicing a concatenation flattens it into a copy, but
 * V8 returns a slice of 13 characters or more as a sliced string (32 bytes of header over that
 * copy): a third of a million of them on nova. JSON round-trips exactly (lone surrogates too) and
 * returns a plain string (V8's `SlicedString::kMinLength` is 13).
 */
function flatCopy(text: string): string {
  if (text.length === 0) return text;
  return text.length < MIN_SLICED_LENGTH ? ` ${text}`.slice(1) : (JSON.parse(JSON.stringify(text)) as string);
}

const MIN_SLICED_LENGTH = 13;

/** The empty list every summary shares: most functions have no decorators, returns or yields. */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * `items` without spare capacity: an array grown by `push` keeps room for about 16 more items, and
 * a summary's lists live as long as the index. Called once a list is complete.
 */
function settled<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? NO_ITEMS : items.slice();
}

interface BodyParts {
  calls: CallSummary[];
  assignments: AssignmentSummary[];
  returns: ArgumentValue[];
  yields: ArgumentValue[];
}

type BodyLookup = (owner: Node | null) => BodyParts;
type LineText = (row: number) => string;

/** What summarising one module's definitions reads from: bodies' parts, line texts, shared values. */
interface Scratch {
  readonly bodyOf: BodyLookup;
  readonly lineText: LineText;
  readonly shared: ValueSharing;
}

interface Scope {
  readonly node: Node;
  readonly kind: 'function' | 'class' | 'lambda';
  readonly startIndex: number;
  readonly endIndex: number;
}

/**
 * `ownerOf` for nodes asked in document order, from the scopes the module-bodies query found: a
 * sweep with a stack of open scopes instead of a walk up the parents (each `parent` descends
 * from the root again in tree-sitter, and a large test module has tens of thousands of calls).
 */
class ScopeFinder {
  private readonly scopes: Scope[] = [];
  private readonly open: Scope[] = [];
  private next = 0;

  constructor(bodyMatches: readonly CaptureMap[]) {
    for (const match of bodyMatches) {
      for (const kind of ['function', 'class', 'lambda'] as const) {
        const node = match.get(`body.scope.${kind}`);
        if (node) this.scopes.push({ node, kind, startIndex: node.startIndex, endIndex: node.endIndex });
      }
    }
  }

  /** Starts another pass over the document. */
  restart(): void {
    this.next = 0;
    this.open.length = 0;
  }

  ownerOf(node: Node): Node | null | 'deferred' {
    const start = node.startIndex;
    if (start < (this.open[this.open.length - 1]?.startIndex ?? 0) || (this.next > 0 && start < this.scopes[this.next - 1].startIndex)) return ownerOf(node);
    while (this.next < this.scopes.length && this.scopes[this.next].startIndex <= start) this.open.push(this.scopes[this.next++]);
    while (this.open.length && this.open[this.open.length - 1].endIndex <= start) this.open.pop();
    const innermost = this.open[this.open.length - 1];
    if (!innermost) return null;
    // A scope starting where the node does could lie inside it: the parent walk decides then.
    if (innermost.startIndex === start || node.endIndex > innermost.endIndex) return ownerOf(node);
    return innermost.kind === 'lambda' ? 'deferred' : innermost.kind === 'function' ? innermost.node : null;
  }
}

/** A source line, trimmed and cut at 160 characters: the evidence text summaries keep. */
function lineTextOf(lines: readonly string[]): LineText {
  return (row) => {
    const text = (lines[row] ?? '').trim();
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  };
}

function callSummary({ call, callee, written, arguments: args }: CallMatch, assigned: string | null, lineText: LineText, shared: ValueSharing): CallSummary {
  return { callee: written, arguments: shared.arguments(args), line: call.startPosition.row + 1, text: lineText(call.startPosition.row), assignedTo: assigned, calleeSpan: spanOf(callee) };
}

/** An assignment, `return` or `yield` of a body, into its parts. */
function collectBodyPart(node: Node, parts: BodyParts, lineText: LineText, shared: ValueSharing): void {
  if (node.type === 'assignment') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    // Item assignments are kept with their target as written (`app.dependency_overrides[get_user]`).
    if (!left || !right || (left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript')) return;
    parts.assignments.push({ target: compactText(left), value: shared.value(argumentValue(right)), line: node.startPosition.row + 1, text: lineText(node.startPosition.row), valueSpan: spanOf(right) });
  } else {
    const value = node.namedChildren[0];
    const list = node.type === 'yield' ? parts.yields : parts.returns;
    list.push(shared.value(value ? argumentValue(value) : { kind: 'name', name: 'None' }));
  }
}

/** The function whose body runs `node`, null at module (or class body) level, or `deferred` inside a lambda. */
function ownerOf(node: Node): Node | null | 'deferred' {
  let current = node.parent;
  while (current) {
    if (current.type === 'lambda') return 'deferred';
    if (current.type === 'function_definition') return current;
    if (current.type === 'class_definition') return null;
    current = current.parent;
  }
  return null;
}

/** Top-level definitions, including those under module-level `if`/`try` (version switches). */
function moduleLevelDefinitions(root: Node): Array<{ definition: Node; decorators: Node[] }> {
  const result: Array<{ definition: Node; decorators: Node[] }> = [];
  const visit = (block: Node): void => {
    for (const statement of block.namedChildren) {
      if (!statement) continue;
      if (statement.type === 'class_definition' || statement.type === 'function_definition') {
        result.push({ definition: statement, decorators: [] });
      } else if (statement.type === 'decorated_definition') {
        const definition = statement.childForFieldName('definition');
        if (definition) result.push({ definition, decorators: statement.namedChildren.filter((c): c is Node => c?.type === 'decorator') });
      } else if (['if_statement', 'try_statement', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'block'].includes(statement.type)) {
        visit(statement);
      }
    }
  };
  visit(root);
  return result;
}

function summarizeClass(node: Node, decorators: Node[], scratch: Scratch): ClassSummary {
  const bases = node.childForFieldName('superclasses');
  const body = node.childForFieldName('body');
  const methods: FunctionSummary[] = [];
  const attributes: AssignmentSummary[] = [];
  for (const statement of body?.namedChildren ?? []) {
    if (!statement) continue;
    if (statement.type === 'function_definition') methods.push(summarizeFunction(statement, [], scratch));
    else if (statement.type === 'decorated_definition') {
      const definition = statement.childForFieldName('definition');
      const own = statement.namedChildren.filter((c): c is Node => c?.type === 'decorator');
      if (definition?.type === 'function_definition') methods.push(summarizeFunction(definition, own, scratch));
    } else if (statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment') {
      const assignment = statement.namedChildren[0];
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type === 'identifier' && right) {
        attributes.push({ target: left.text, value: scratch.shared.value(argumentValue(right)), line: assignment.startPosition.row + 1, text: scratch.lineText(assignment.startPosition.row), valueSpan: spanOf(right) });
      }
    }
  }
  return {
    name: node.childForFieldName('name')?.text ?? '',
    line: node.startPosition.row + 1,
    nameSpan: spanOf(node.childForFieldName('name') ?? node),
    bases: settled(bases ? bases.namedChildren.flatMap((b) => (b && b.type !== 'keyword_argument' && b.type !== 'comment' ? [compactText(b)] : [])) : []),
    decorators: settled(decorators.map((d) => summarizeDecorator(d, scratch))),
    methods: settled(methods),
    attributes: settled(attributes),
  };
}

function summarizeFunction(node: Node, decorators: Node[], scratch: Scratch): FunctionSummary {
  const name = node.childForFieldName('name')?.text ?? '';
  const parts = scratch.bodyOf(node);
  const decoratorSummaries = settled(decorators.map((d) => summarizeDecorator(d, scratch)));
  return {
    name,
    line: node.startPosition.row + 1,
    parameters: settled(summarizeParameters(node.childForFieldName('parameters'), scratch.shared)),
    decorators: decoratorSummaries,
    fixture: fixtureOptions(name, decoratorSummaries, parts.yields.length > 0),
    calls: settled(parts.calls),
    assignments: settled(parts.assignments),
    returns: settled(parts.returns),
    yields: settled(parts.yields),
  };
}

function summarizeParameters(params: Node | null, shared: ValueSharing): ParameterSummary[] {
  const result: ParameterSummary[] = [];
  for (const param of params?.namedChildren ?? []) {
    if (!param) continue;
    if (param.type === 'identifier') result.push({ name: param.text, default: null });
    else if (param.type === 'typed_parameter') {
      const name = param.namedChildren[0];
      if (name?.type === 'identifier') result.push({ name: name.text, default: null });
    } else if (param.type === 'default_parameter' || param.type === 'typed_default_parameter') {
      const name = param.childForFieldName('name');
      const value = param.childForFieldName('value');
      if (name?.type === 'identifier') result.push({ name: name.text, default: value ? shared.value(argumentValue(value)) : null });
    }
  }
  return result;
}

function summarizeDecorator(decorator: Node, { lineText, shared }: Scratch): DecoratorSummary {
  const expression = decorator.namedChildren[0];
  const line = decorator.startPosition.row + 1;
  if (expression?.type === 'call') {
    const callee = expression.childForFieldName('function');
    const args = expression.childForFieldName('arguments');
    return {
      callee: callee ? compactText(callee) : '',
      arguments: shared.arguments(args?.type === 'argument_list' ? callArguments(args) : []),
      line,
      text: lineText(decorator.startPosition.row),
    };
  }
  return { callee: expression ? compactText(expression) : '', arguments: shared.arguments([]), line, text: lineText(decorator.startPosition.row) };
}

function fixtureOptions(name: string, decorators: readonly DecoratorSummary[], hasYield: boolean): PytestFixtureOptions | null {
  const decorator = decorators.find((d) => /^(pytest\.)?fixture$/.test(d.callee));
  if (!decorator) return null;
  const keyword = (key: string): ArgumentValue | undefined => decorator.arguments.find((a) => a.keyword === key)?.value;
  const rename = keyword('name');
  const scope = keyword('scope');
  const autouse = keyword('autouse');
  return {
    name: rename?.kind === 'string' ? rename.value : name,
    scope: scope?.kind === 'string' ? scope.value : null,
    autouse: autouse?.kind === 'name' && autouse.name === 'True',
    isYieldFixture: hasYield,
  };
}

/** `x = call()`, `self.x = call()`, `with call() as x` → the bound name. */
function assignedTo(call: Node): string | null {
  const parent = call.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id) {
    const left = parent.childForFieldName('left');
    return left ? compactText(left) : null;
  }
  if (parent?.type === 'as_pattern') {
    const alias = parent.childForFieldName('alias');
    return alias ? compactText(alias) : null;
  }
  return null;
}

/**
 * Makes a relative import absolute: in package `a.b` (its `__init__.py`), `from .c import d`
 * is `a.b.c.d`; in module `a.b.m`, it is `a.b.c.d` too.
 */
export function absolutize<T extends { readonly qualifiedName: string }>(binding: T, modulePath: string, isPackage: boolean): T {
  const match = /^(\.+)(.*)$/.exec(binding.qualifiedName);
  if (!match) return binding;
  const levels = match[1].length;
  const packageParts = modulePath.split('.').filter(Boolean);
  if (!isPackage) packageParts.pop();
  for (let i = 1; i < levels; i++) packageParts.pop();
  const rest = match[2];
  return { ...binding, qualifiedName: [...packageParts, ...(rest ? [rest] : [])].join('.') };
}

