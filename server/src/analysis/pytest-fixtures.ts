/**
 * pytest fixtures seen in one file: `@pytest.fixture` definitions and the parameters of tests and
 * fixtures that request them. Resolution through the `conftest.py` hierarchy is the index's job (#3).
 */
import type { Node } from 'web-tree-sitter';
import type { ClassDef, PytestFixtureDef } from '../model/syntax';
import { UNKNOWN_FACTS, type TestDouble } from '../model/types';
import type { Queries } from '../parsing/queries';
import { compactText, scopeOf, spanOf, stringValue } from './nodes';
import { queryMatches } from './matches';
import { readParameters } from './test-structure';

export function collectFixtureDefinitions(root: Node, queries: Queries): PytestFixtureDef[] {
  const definitions: PytestFixtureDef[] = [];
  for (const match of queryMatches(queries['fixture-definitions'], root)) {
    const def = match.get('fixture.def');
    const nameNode = match.get('fixture.name');
    const params = match.get('fixture.params');
    const decorator = match.get('fixture.decorator');
    if (!def || !nameNode || !params || !decorator) continue;
    const options = decoratorKeywords(decorator);
    const renamed = options.get('name');
    const body = def.childForFieldName('definition')?.childForFieldName('body');
    definitions.push({
      name: renamed ?? nameNode.text,
      span: spanOf(def),
      nameSpan: spanOf(nameNode),
      scope: options.get('scope') ?? null,
      autouse: options.get('autouse') === 'True',
      requests: readParameters(params).map((p) => p.name).filter((n) => n !== 'self' && n !== 'cls'),
      isYieldFixture: body ? containsYield(body) : false,
    });
  }
  return definitions;
}

/** `@pytest.fixture(scope="module", autouse=True)` → {scope: module, autouse: True}. */
function decoratorKeywords(decorator: Node): Map<string, string> {
  const result = new Map<string, string>();
  const call = decorator.namedChildren[0];
  const args = call?.type === 'call' ? call.childForFieldName('arguments') : null;
  for (const arg of args?.namedChildren ?? []) {
    if (arg?.type !== 'keyword_argument') continue;
    const key = arg.childForFieldName('name')?.text;
    const value = arg.childForFieldName('value');
    if (key && value) result.set(key, stringValue(value) ?? compactText(value));
  }
  return result;
}

/** A `yield` in the fixture's own body, not in a nested function. */
function containsYield(body: Node): boolean {
  const stack: Node[] = [body];
  while (stack.length) {
    const node = stack.pop() as Node;
    if (node.type === 'yield') return true;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

export interface FixtureParameterInput {
  readonly root: Node;
  /** With queries, functions come from the walk the caller shares (`matchTogether`), not a walk of their own. */
  readonly queries?: Queries;
  readonly path: string;
  readonly classes: readonly ClassDef[];
  readonly definitions: readonly PytestFixtureDef[];
}

/**
 * Parameters of pytest tests and fixtures that name fixtures. Skips `self`/`cls`, names bound
 * by `@pytest.mark.parametrize`, and methods of unittest classes (pytest injects nothing there).
 */
export function collectFixtureParameters(input: FixtureParameterInput): TestDouble[] {
  const doubles: TestDouble[] = [];
  const unittestClasses = new Set(input.classes.filter((c) => c.bases.some((b) => /TestCase$|TestBase$/.test(b))).map((c) => c.name));
  const functions = input.queries
    ? queryMatches(input.queries['function-definitions'], input.root).map((match) => match.get('definition.function') ?? null)
    : input.root.descendantsOfType('function_definition');
  for (const fn of functions) {
    if (!fn) continue;
    const name = fn.childForFieldName('name')?.text ?? '';
    const params = fn.childForFieldName('parameters');
    if (!params) continue;
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
    const isFixture = decorated !== null && decorated.namedChildren.some((d) => d?.type === 'decorator' && /^@?\s*(pytest\.)?fixture\b/.test(d.text.replace(/^@\s*/, '')));
    const owner = methodOwner(fn);
    const isTest = name.startsWith('test') && (owner === null || (/^Test/.test(owner) && !unittestClasses.has(owner)));
    if (!isFixture && !isTest) continue;
    const parametrized = decorated ? parametrizedNames(decorated) : new Set<string>();
    for (const param of readParameters(params)) {
      if (param.name === 'self' || param.name === 'cls' || parametrized.has(param.name)) continue;
      const local = input.definitions.find((d) => d.name === param.name);
      doubles.push({
        name: param.name,
        qualifiedName: null,
        form: 'pytest-parameter',
        kind: 'pytest-fixture',
        span: param.span,
        target: null,
        scope: scopeOf(params),
        definedAt: local ? { path: input.path, line: local.nameSpan.start.row + 1 } : null,
        facts: UNKNOWN_FACTS,
        evidence: [],
        unresolved: local
          ? 'defined in this file; its facts are derived only with a workspace'
          : 'not defined in this file; conftest.py, plugin and builtin fixtures are resolved only with a workspace',
      });
    }
  }
  return doubles;
}

function methodOwner(fn: Node): string | null {
  let parent = fn.parent;
  if (parent?.type === 'decorated_definition') parent = parent.parent;
  if (parent?.type === 'block') parent = parent.parent;
  return parent?.type === 'class_definition' ? (parent.childForFieldName('name')?.text ?? null) : null;
}

/** Argument names of `@pytest.mark.parametrize("a, b", ...)` / `(("a", "b"), ...)` on a definition. */
function parametrizedNames(decorated: Node): Set<string> {
  const names = new Set<string>();
  for (const decorator of decorated.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const call = decorator.namedChildren[0];
    if (call?.type !== 'call' || !/(^|\.)parametrize$/.test(compactText(call.childForFieldName('function') ?? call))) continue;
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (!first) continue;
    const single = stringValue(first);
    const items = single !== null ? single.split(',') : first.namedChildren.map((c) => (c ? (stringValue(c) ?? '') : ''));
    for (const item of items) if (item.trim()) names.add(item.trim());
  }
  return names;
}
