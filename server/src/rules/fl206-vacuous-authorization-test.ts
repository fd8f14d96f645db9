/**
 * FL206: a test whose name or assertions are about authorization runs with the check it tests
 * patched to allow. Reported at the bypass in this file (decorator, `with`, setUp fixture), else at
 * the test, listing the tests it covers; the bypass may live in a conftest.py or a fixture module.
 */
import type { ArgumentValue, CallSite, FunctionDef } from '../model/syntax';
import type { AuthorizationScope, Evidence, Span, TestDouble } from '../model/types';
import { ref, uniqueEvidence, useSiteSpan } from './double-hints';
import { evidenceAt, type Rule, type RuleContext, type RuleHit } from './rule';

/** Words in a test's name that claim an authorization outcome. */
const AUTHZ_NAME = /forbidden|denied|permission|polic(y|ies)|rbac|unauthori[sz]ed|not_?authori[sz]ed|(^|_)40[13](_|$)/i;
/** `tenant` names an identifier as often as a boundary (`by_tenant`): it claims isolation only with one of these. */
const TENANT_BOUNDARY = /tenant.*(other|another|cross|foreign|different|wrong|isolat)|(other|another|cross|foreign|different|wrong|all)_?tenant|tenant_?isolation/i;
/** Inspections of a mock's calls: the test checks that the patched check is (or is not) called. */
const CALL_INSPECTION = /([\w.]+)\.(assert_\w+\(|call_count\b|call_args(_list)?\b|called\b|mock_calls\b|await_count\b)/g;
/** Values an assertion compares with when it expects a denial. */
const DENIAL_VALUE = /(^|\W)(HTTP_)?40[13](\W|$)|FORBIDDEN|UNAUTHORI[SZ]ED/i;
/** Exceptions that mean "denied". */
const DENIAL_EXCEPTION = /Forbidden|PermissionDenied|NotAuthori[sz]ed|Unauthori[sz]ed|AccessDenied|PolicyNotAuthorized|PermissionError|NotAllowed/;
/** How many lines a statement setting a mock's behaviour is followed over. */
const MAX_CONTINUATION_LINES = 5;
/** `mock_enf.side_effect = …`, `self.mock_can.return_value = …`: the receiver, which, and what follows `=`. */
const MOCK_BEHAVIOUR = /^\s*([\w.]+)\.(side_effect|return_value)\s*=(?!=)(.*)$/;
const ASSERTION = /(^|\.)(assert\w*|fail\w*|raises|expect\w*)$/i;
const PATCH_FORMS: ReadonlySet<TestDouble['form']> = new Set(['patch-decorator', 'patch-context', 'patch-start', 'patcher', 'patch-fixture', 'monkeypatch-setattr', 'stub-out', 'use-fixture', 'pytest-parameter', 'helper-call']);

export const fl206VacuousAuthorizationTest: Rule = {
  id: 'FL206',
  title: 'Authorization test made vacuous',
  defaultSeverity: 'warning',
  explanation: [
    'A test claims an authorization outcome (its name says `forbidden`, `denied`, `permission`,',
    '`policy`, `rbac`, `unauthorized`, `403`/`401` or `other_tenant`/`cross_tenant`, or it asserts a 403/401 status or a',
    '`Forbidden`/`PermissionDenied`/`NotAuthorized` exception), but the authorization check it exercises',
    'is patched to allow for that test: by a decorator, a class decorator, a `with` block, a fixture',
    'installed in `setUp`, or an autouse fixture in a `conftest.py` that covers the file.',
    '',
    '**Why it matters.** The test is the evidence that the check denies the right callers. With the',
    'check replaced by `return_value=True` (or a lambda that allows), a regression in the real check',
    'goes unseen: the test either fails for another reason or passes without testing anything.',
    'This is the one case where "the check lives in production code" does not save a test (condition',
    'C of the argument): the check is not running.',
    '',
    '**How to fix.** Remove the bypass from the scope of authorization tests (move the autouse',
    'fixture to the folder that needs it, use the real policy fixture), or use a spy',
    '(`wraps=check`) when the test only needs to see the check called.',
    '',
    '**Not reported.** A spy (`wraps=` the real check). A test that inspects the mock\'s calls',
    '(`mock_can.assert_called_once_with(rule)`, `call_args_list`): it tests that the check is called',
    '(or skipped), which the mock proves. A test that makes the mock deny before it asserts',
    '(`mock_enf.side_effect = exception.Forbidden`, a list of effects with an exception, a function',
    'of the file that raises, `mock_can.return_value = False`): the mock stands for a check that says',
    'no, and the test checks what the denial does. A test that bypasses one check on purpose inside a `with`',
    'block to prove that a later layer denies (a lock, a quota), unless its name claims an',
    'authorization outcome. A patched function whose name looks like a check in a test that claims',
    'nothing about authorization (a payment `authorize`).',
    '',
    '**False positives.** Assertions made in helper methods are not followed. Suppress with',
    '`# fixture-lens: ignore[FL206] <why>`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const groups = new Map<string, { span: Span; tests: Array<{ scope: AuthorizationScope; fn: FunctionDef; claim: string }>; bypass: Bypass }>();
    for (const scope of context.authorization) {
      if (scope.authz !== 'bypassed') continue;
      const fn = testFunction(context, scope);
      const bypassStep = [...scope.steps].reverse().find((s) => s.authz === 'bypassed');
      if (!fn || !bypassStep) continue;
      const bypass = locateBypass(context, scope, bypassStep);
      const claim = authorizationClaim(context, fn, bypass.isWithBlock);
      // A test that inspects the mock's calls tests that the check is called (or skipped), and one that
      // makes the mock deny tests what a denial does: neither is vacuous.
      if (!claim || inspectsTheMock(context, fn, bypass) || makesTheMockDeny(context, fn, bypass)) continue;
      const span = bypass.double ? useSiteSpan(context, bypass.double) : bypass.inFile ? lineSpan(context, bypassStep.line - 1) : fn.nameSpan;
      const key = `${span.start.row}:${span.start.column}`;
      const group = groups.get(key) ?? { span, tests: [], bypass };
      group.tests.push({ scope, fn, claim });
      groups.set(key, group);
    }
    return [...groups.values()].map((group) => hitFor(context, group));
  },
};

interface Bypass {
  /** The deciding step: the last one that sets authorization for the test. */
  readonly step: AuthorizationScope['steps'][number];
  /** The double in this file that installs it (the fixture or patch use site), when there is one. */
  readonly double: TestDouble | null;
  readonly inFile: boolean;
  readonly isWithBlock: boolean;
  /** The patched check, when the evidence names it. */
  readonly target: string | null;
}

function locateBypass(context: RuleContext, scope: AuthorizationScope, step: AuthorizationScope['steps'][number]): Bypass {
  const inFile = step.path === context.path;
  const [className] = scope.test.includes('.') ? scope.test.split('.') : [null];
  // The test's own doubles, and its class's and that class's set-up and helper methods' (not other tests').
  const { doublesByScope, setupDoublesByClass, doubleOrder } = lookupsOf(context);
  const related = [...(doublesByScope.get(scope.test) ?? []), ...(className !== null ? [...(doublesByScope.get(className) ?? []), ...(setupDoublesByClass.get(className) ?? [])] : [])];
  // In the context's order: the first that matches below is the bypass.
  const candidates = related.filter((d) => d.facts.authz === 'bypassed' && PATCH_FORMS.has(d.form)).sort((a, b) => (doubleOrder.get(a) ?? 0) - (doubleOrder.get(b) ?? 0));
  const double =
    (inFile ? candidates.find((d) => d.span.start.row === step.line - 1) : undefined) ??
    candidates.find((d) => d.evidence.some((e) => e.fact === 'authz' && e.path === step.path && e.line === step.line)) ??
    null;
  const target = double?.target ?? /^(\S+) \(an authorization check\)/.exec(step.because)?.[1] ?? null;
  return { step, double, inFile, isWithBlock: double?.form === 'patch-context' && double.scope === scope.test, target };
}

/** The `def` of the test a scope describes. */
function testFunction(context: RuleContext, scope: AuthorizationScope): FunctionDef | null {
  const [first, second] = scope.test.split('.');
  const name = second ?? first;
  const className = second ? first : null;
  const named = lookupsOf(context).functionsByName.get(`${className ?? ''}.${name}`) ?? [];
  return named.find((f) => f.span.start.row === scope.line - 1) ?? named[0] ?? null;
}

interface Lookups {
  /** Functions by `Class.name` (`.name` at module level), in file order. */
  readonly functionsByName: ReadonlyMap<string, readonly FunctionDef[]>;
  /** Calls sorted by their first row, for the calls inside one test. */
  readonly callsByRow: readonly CallSite[];
  /** Doubles by their scope (`Class.test`, `Class`, `function`), in the context's order. */
  readonly doublesByScope: ReadonlyMap<string, readonly TestDouble[]>;
  /** Doubles of a class's methods that are not tests (`setUp`, helpers), by class name. */
  readonly setupDoublesByClass: ReadonlyMap<string, readonly TestDouble[]>;
  /** Each double's index in `context.doubles`. */
  readonly doubleOrder: ReadonlyMap<TestDouble, number>;
}

// A file with thousands of bypassed tests asks per test; scanning every function and call each time was quadratic.
const lookups = new WeakMap<RuleContext, Lookups>();

function lookupsOf(context: RuleContext): Lookups {
  let found = lookups.get(context);
  if (!found) {
    const functionsByName = new Map<string, FunctionDef[]>();
    for (const fn of context.functions) {
      const key = `${fn.className ?? ''}.${fn.name}`;
      const list = functionsByName.get(key);
      if (list) list.push(fn);
      else functionsByName.set(key, [fn]);
    }
    const doublesByScope = new Map<string, TestDouble[]>();
    const setupDoublesByClass = new Map<string, TestDouble[]>();
    const add = (map: Map<string, TestDouble[]>, key: string, double: TestDouble): void => {
      const list = map.get(key);
      if (list) list.push(double);
      else map.set(key, [double]);
    };
    const doubleOrder = new Map<TestDouble, number>();
    for (const double of context.doubles) {
      doubleOrder.set(double, doubleOrder.size);
      add(doublesByScope, double.scope, double);
      const dot = double.scope.indexOf('.');
      if (dot > 0 && !double.scope.slice(dot + 1).startsWith('test')) add(setupDoublesByClass, double.scope.slice(0, dot), double);
    }
    found = { functionsByName, callsByRow: [...context.calls].sort((a, b) => a.span.start.row - b.span.start.row), doublesByScope, setupDoublesByClass, doubleOrder };
    lookups.set(context, found);
  }
  return found;
}

/** Calls whose first row is in `(after, last]`. */
function callsInRows(context: RuleContext, after: number, last: number): CallSite[] {
  return callsBetween(lookupsOf(context).callsByRow, after, last);
}

/** Of `calls` sorted by their first row, those whose first row is in `(after, last]`. */
function callsBetween(calls: readonly CallSite[], after: number, last: number): CallSite[] {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (calls[middle].span.start.row <= after) low = middle + 1;
    else high = middle;
  }
  const found: CallSite[] = [];
  for (let i = low; i < calls.length && calls[i].span.start.row <= last; i++) found.push(calls[i]);
  return found;
}

/**
 * Why the test is about authorization: its name, or an assertion that expects a denial. A bypass in
 * a `with` block of the test itself proves something else denies, unless the name claims otherwise.
 */
function authorizationClaim(context: RuleContext, fn: FunctionDef, isWithBlock: boolean): string | null {
  const word = AUTHZ_NAME.exec(fn.name)?.[0] ?? TENANT_BOUNDARY.exec(fn.name)?.[0];
  if (word) return `its name says "${word.replace(/^_|_$/g, '')}"`;
  if (isWithBlock) return null;
  const row = denialAssertion(context, fn);
  return row === null ? null : `it asserts a denial (line ${row + 1})`;
}

/**
 * Whether the test inspects the calls of the mock that replaces the check (`mock_can.assert_called_with(rule)`,
 * `context_can.call_args_list`): the mock is the one the decorator passes in, the `with … as` name, or a
 * name that ends in the check's own name (`self.mock_can` for `RequestContext.can`).
 */
function inspectsTheMock(context: RuleContext, fn: FunctionDef, bypass: Bypass): boolean {
  const names = mockNames(context, fn, bypass);
  const checkName = bypass.target?.split('.').pop() ?? null;
  for (let row = fn.span.start.row + 1; row <= fn.span.end.row; row++) {
    const line = (context.lines[row] ?? '').replace(/#.*$/, '');
    for (const match of line.matchAll(CALL_INSPECTION)) {
      if (isTheMock(match[1], names, checkName)) return true;
    }
  }
  return false;
}

/**
 * Whether the test makes the mock that replaces the check deny (`mock_enf.side_effect =
 * exception.Forbidden`, `mock_can.return_value = False`, `side_effect = self._deny` with a body that
 * raises): the mock stands for a check that says no, and the test asserts what follows. Read from
 * the lines, as `inspectsTheMock`: a statement may span lines (`= (\n exception.Forbidden())`).
 */
function makesTheMockDeny(context: RuleContext, fn: FunctionDef, bypass: Bypass): boolean {
  const names = mockNames(context, fn, bypass);
  const checkName = bypass.target?.split('.').pop() ?? null;
  for (let row = fn.span.start.row + 1; row <= fn.span.end.row; row++) {
    const setting = MOCK_BEHAVIOUR.exec((context.lines[row] ?? '').replace(/#.*$/, ''));
    if (!setting) continue;
    if (!isTheMock(setting[1], names, checkName)) continue;
    const value = continuedStatement(context, row, setting[3]);
    if (setting[2] === 'return_value' ? /^\s*\(?\s*False\s*\)?\s*$/.test(value) : raises(context, value)) return true;
  }
  return false;
}

/** `text` (the rest of `row` from some point) with the lines that continue its statement: open brackets, a trailing backslash. */
function continuedStatement(context: RuleContext, row: number, text: string): string {
  let statement = text;
  const depth = (t: string): number => (t.match(/[([{]/g)?.length ?? 0) - (t.match(/[)\]}]/g)?.length ?? 0);
  for (let next = row + 1; next <= row + MAX_CONTINUATION_LINES && (depth(statement) > 0 || /\\\s*$/.test(statement)); next++) {
    statement = `${statement.replace(/\\\s*$/, '')} ${(context.lines[next] ?? '').replace(/#.*$/, '').trim()}`;
  }
  return statement;
}

/** A side effect that raises: an exception (class, instance, or in a list of effects), or a function of the file whose body raises. */
function raises(context: RuleContext, value: string): boolean {
  if (DENIAL_EXCEPTION.test(value) || /\w(Error|Exception)\b/.test(value)) return true;
  const name = /^\s*(?:self\.|cls\.)?(\w+)\s*$/.exec(value)?.[1];
  const fn = name ? context.functions.find((f) => f.name === name) : undefined;
  return fn !== undefined && context.lines.slice(fn.span.start.row + 1, fn.span.end.row + 1).some((line) => /^\s*raise\b/.test(line));
}

/**
 * Whether `receiver` is the mock that replaces the check: a name the test has for it (`mockNames`),
 * or a name that ends in the check's own name (`self.mock_can` for `RequestContext.can`).
 */
function isTheMock(receiver: string, names: ReadonlySet<string>, checkName: string | null): boolean {
  const last = receiver.split('.').pop() ?? receiver;
  return names.has(receiver) || names.has(last) || (checkName !== null && `_${last}_`.includes(`_${checkName}_`));
}

/** Names the test has for the bypass mock: the decorator's argument, or the `with … as` target. */
function mockNames(context: RuleContext, fn: FunctionDef, bypass: Bypass): Set<string> {
  const names = new Set<string>();
  const double = bypass.double;
  // A patch of an attribute of an object the test holds (`patch.object(self.controller.policy, 'enforce')`)
  // has no resolved double: its `with … as` name is on the step's line.
  const row = double ? double.span.start.row : bypass.inFile ? bypass.step.line - 1 : null;
  if (row === null) return names;
  const alias = /\bas\s+(\w+)\s*:?\s*$/.exec((context.lines[row] ?? '').replace(/#.*$/, '').trimEnd());
  if (alias) names.add(alias[1]);
  if (!double) return names;
  if (double.form === 'patch-decorator') {
    // Decorators pass their mocks bottom-up, after `self`.
    const decorators = (lookupsOf(context).doublesByScope.get(double.scope) ?? []).filter((d) => d.form === 'patch-decorator' && d.span.start.row < fn.span.start.row);
    const order = decorators.sort((a, b) => b.span.start.row - a.span.start.row).indexOf(double);
    const parameters = fn.parameters.filter((p) => p.name !== 'self' && p.name !== 'cls');
    if (order >= 0 && parameters[order]) names.add(parameters[order].name);
  }
  return names;
}

/** The first row in the test where an assertion expects a 403/401 or a denial exception. */
function denialAssertion(context: RuleContext, fn: FunctionDef): number | null {
  const rows: number[] = [];
  const known = context.denialCallRows?.get(fn.span.start.row);
  const callRow = known !== undefined ? known : firstDenialCall(callsInRows(context, fn.span.start.row, fn.span.end.row));
  if (callRow !== null) rows.push(callRow);
  for (let row = fn.span.start.row + 1; row <= fn.span.end.row; row++) {
    const line = context.lines[row] ?? '';
    if (/^\s*assert\b/.test(line) && DENIAL_VALUE.test(line.replace(/#.*$/, ''))) rows.push(row);
  }
  return rows.length ? Math.min(...rows) : null;
}

/** The row of the first of `calls` (in row order) that asserts a denial, or null. */
function firstDenialCall(calls: readonly CallSite[]): number | null {
  for (const call of calls) if (isDenialAssertion(call)) return call.span.start.row;
  return null;
}

/**
 * For each function among `tests`, by the row of its `def`: the row of the first call in it that
 * asserts a denial, or null. What `RuleContext.denialCallRows` holds, made from all of a file's calls.
 */
export function denialCallRowsOf(calls: readonly CallSite[], tests: readonly FunctionDef[]): Map<number, number | null> {
  const sorted = [...calls].sort((a, b) => a.span.start.row - b.span.start.row);
  return new Map(tests.map((fn) => [fn.span.start.row, firstDenialCall(callsBetween(sorted, fn.span.start.row, fn.span.end.row))]));
}

function isDenialAssertion(call: CallSite): boolean {
  const expectsStatus = call.arguments.some((a) => a.keyword !== null && /status/i.test(a.keyword) && DENIAL_VALUE.test(valueText(a.value)));
  if (expectsStatus) return true;
  if (!ASSERTION.test(call.callee)) return false;
  return call.arguments.some((a) => {
    const text = valueText(a.value);
    return a.value.kind === 'number' ? a.value.value === 403 || a.value.value === 401 : DENIAL_VALUE.test(text) || DENIAL_EXCEPTION.test(text);
  });
}

function valueText(value: ArgumentValue): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'name':
      return value.name;
    case 'call':
      return `${value.callee}(${value.arguments.map((a) => valueText(a.value)).join(',')})`;
    case 'tuple':
      return value.items.map(valueText).join(',');
    case 'lambda':
    case 'other':
      return value.text;
  }
}

function hitFor(context: RuleContext, group: { span: Span; tests: Array<{ scope: AuthorizationScope; fn: FunctionDef; claim: string }>; bypass: Bypass }): RuleHit {
  const { bypass, tests } = group;
  const step = bypass.step;
  const check = bypass.target ? `the authorization check ${bypass.target}` : 'the authorization check';
  const how = bypass.double && step.path !== context.path ? ` by ${bypass.double.name} (${ref(step)})` : ` (${ref(step)})`;
  const covered = tests.map((t) => `${t.scope.test} (${t.claim})`).join(', ');
  const definition = bypass.target ? context.workspace?.definitionOf(bypass.target) : null;
  const related: Evidence[] = [
    ...tests.map((t) => evidenceAt(context, t.fn.nameSpan.start.row)),
    ...(bypass.double ? [evidenceAt(context, bypass.double.span.start.row, 'authz')] : []),
    { fact: 'authz', path: step.path, line: step.line, text: step.text },
    ...(definition ? [{ path: definition.path, line: definition.line, text: `${bypass.target} is defined here` }] : []),
  ];
  return {
    span: group.span,
    message: `Authorization test made vacuous: ${check} is patched to allow${how} for ${tests.length > 1 ? 'tests' : 'test'} ${covered}; the check under test never runs, so a regression would go unseen`,
    evidence: [{ fact: 'authz', path: step.path, line: step.line, text: step.text }],
    related: uniqueEvidence(related),
  };
}

function lineSpan(context: RuleContext, row: number): Span {
  const text = context.lines[row] ?? '';
  const start = text.length - text.trimStart().length;
  return { start: { row, column: start }, end: { row, column: text.trimEnd().length } };
}
