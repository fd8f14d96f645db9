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
const AUTHZ_NAME = /forbidden|denied|permission|polic(y|ies)|rbac|unauthori[sz]ed|not_?authori[sz]ed|tenant|(^|_)40[13](_|$)/i;
/** Values an assertion compares with when it expects a denial. */
const DENIAL_VALUE = /(^|\W)(HTTP_)?40[13](\W|$)|FORBIDDEN|UNAUTHORI[SZ]ED/i;
/** Exceptions that mean "denied". */
const DENIAL_EXCEPTION = /Forbidden|PermissionDenied|NotAuthori[sz]ed|Unauthori[sz]ed|AccessDenied|PolicyNotAuthorized|PermissionError|NotAllowed/;
const ASSERTION = /(^|\.)(assert\w*|fail\w*|raises|expect\w*)$/i;
const PATCH_FORMS: ReadonlySet<TestDouble['form']> = new Set(['patch-decorator', 'patch-context', 'patch-start', 'patcher', 'patch-fixture', 'monkeypatch-setattr', 'stub-out', 'use-fixture', 'pytest-parameter', 'helper-call']);

export const fl206VacuousAuthorizationTest: Rule = {
  id: 'FL206',
  title: 'Authorization test made vacuous',
  defaultSeverity: 'warning',
  explanation: [
    'A test claims an authorization outcome (its name says `forbidden`, `denied`, `permission`,',
    '`policy`, `rbac`, `unauthorized`, `tenant`, `403`/`401`, or it asserts a 403/401 status or a',
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
    '**False positives.** A test that bypasses one check on purpose to prove that a later layer denies',
    '(a lock, a quota) inside a `with` block and asserts that other denial: it is not reported unless',
    'its name claims an authorization outcome. Suppress with `# fixture-lens: ignore[FL206] <why>`.',
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
      if (!claim) continue;
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
  const related = (d: TestDouble): boolean => d.scope === scope.test || (className !== null && (d.scope === className || (d.scope.startsWith(`${className}.`) && !d.scope.slice(className.length + 1).startsWith('test'))));
  const candidates = context.doubles.filter((d) => d.facts.authz === 'bypassed' && PATCH_FORMS.has(d.form) && related(d));
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
  return context.functions.find((f) => f.name === name && f.className === className && f.span.start.row === scope.line - 1) ?? context.functions.find((f) => f.name === name && f.className === className) ?? null;
}

/**
 * Why the test is about authorization: its name, or an assertion that expects a denial. A bypass in
 * a `with` block of the test itself proves something else denies, unless the name claims otherwise.
 */
function authorizationClaim(context: RuleContext, fn: FunctionDef, isWithBlock: boolean): string | null {
  const word = AUTHZ_NAME.exec(fn.name)?.[0];
  if (word) return `its name says "${word.replace(/^_|_$/g, '')}"`;
  if (isWithBlock) return null;
  const row = denialAssertion(context, fn);
  return row === null ? null : `it asserts a denial (line ${row + 1})`;
}

/** The first row in the test where an assertion expects a 403/401 or a denial exception. */
function denialAssertion(context: RuleContext, fn: FunctionDef): number | null {
  const inside = (row: number): boolean => row > fn.span.start.row && row <= fn.span.end.row;
  const rows: number[] = [];
  for (const call of context.calls) {
    if (inside(call.span.start.row) && isDenialAssertion(call)) rows.push(call.span.start.row);
  }
  for (let row = fn.span.start.row + 1; row <= fn.span.end.row; row++) {
    const line = context.lines[row] ?? '';
    if (/^\s*assert\b/.test(line) && DENIAL_VALUE.test(line.replace(/#.*$/, ''))) rows.push(row);
  }
  return rows.length ? Math.min(...rows) : null;
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
