/**
 * One-step value flow over the model for FL203/FL207/FL208: which function a position is in, what a
 * local name was last assigned, which string a path or URL expression spells, which doubles cover a
 * test. Reads the model only; an expression it cannot follow resolves to null (unknown), never a guess.
 */
import { networkHostOfUrl } from '../analysis/endpoints';
import { interceptorCovers } from '../analysis/interceptors';
import { qualifyName } from '../analysis/imports';
import type { ArgumentValue, Assignment, CallArgument, CallSite, FunctionDef } from '../model/syntax';
import type { Interceptor, Point, Span, TestDouble } from '../model/types';
import type { RuleContext } from './rule';

/** How far a name is followed back through assignments (`a = b; b = c; …`). */
const MAX_DEPTH = 4;

export function isBefore(a: Point, b: Point): boolean {
  return a.row < b.row || (a.row === b.row && a.column < b.column);
}

export function samePoint(a: Point, b: Point): boolean {
  return a.row === b.row && a.column === b.column;
}

export function spanContains(outer: Span, inner: Span): boolean {
  return !isBefore(inner.start, outer.start) && !isBefore(outer.end, inner.end);
}

/** The innermost function whose body holds `point`, or null at module or class level. */
export function innermostFunction(context: RuleContext, point: Point): FunctionDef | null {
  const nesting = functionNesting(context.functions);
  for (let i = lastStartingBy(nesting, point); i >= 0; i = nesting.parent[i]) {
    if (spanContains(nesting.order[i].span, { start: point, end: point })) return nesting.order[i];
  }
  return null;
}

/**
 * The test scope of a position, spelled as doubles spell it (`Class.method`, `function`,
 * `<module>`): nested functions belong to the outermost one, the test that runs them.
 */
export function testScopeAt(context: RuleContext, point: Point): string {
  const nesting = functionNesting(context.functions);
  let i = lastStartingBy(nesting, point);
  while (i >= 0 && !spanContains(nesting.order[i].span, { start: point, end: point })) i = nesting.parent[i];
  if (i < 0) return '<module>';
  while (nesting.parent[i] >= 0) i = nesting.parent[i];
  const outer = nesting.order[i];
  return outer.className ? `${outer.className}.${outer.name}` : outer.name;
}

/**
 * A file's functions in order of their start, each with the innermost function enclosing it (or
 * -1), built once per list: value flow asks which function holds a position for every assignment it
 * weighs, and a scan of every function per question made FL208 quadratic on a large test module.
 */
interface FunctionNesting {
  readonly order: readonly FunctionDef[];
  readonly parent: readonly number[];
}

const nestings = new WeakMap<readonly FunctionDef[], FunctionNesting>();
function functionNesting(functions: readonly FunctionDef[]): FunctionNesting {
  let nesting = nestings.get(functions);
  if (!nesting) {
    // Of functions starting at the same point, the first in the list comes last, to be found first (as a scan finds it).
    const listed = new Map(functions.map((fn, i) => [fn, i]));
    const order = [...functions].sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column || (listed.get(b) ?? 0) - (listed.get(a) ?? 0));
    const parent: number[] = [];
    const open: number[] = [];
    order.forEach((fn, i) => {
      while (open.length && !spanContains(order[open[open.length - 1]].span, fn.span)) open.pop();
      parent.push(open.length ? open[open.length - 1] : -1);
      open.push(i);
    });
    nestings.set(functions, (nesting = { order, parent }));
  }
  return nesting;
}

/**
 * The last function (in `order`) starting at or before `point`. Spans nest, so every function
 * holding `point` is it or encloses it: the innermost one is the first on its chain of parents
 * that holds the point.
 */
function lastStartingBy(nesting: FunctionNesting, point: Point): number {
  let low = 0;
  let high = nesting.order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(point, nesting.order[middle].span.start)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** Set-up methods whose doubles stay active for every test of their class. */
const CLASS_SETUP = /^(setUp|setUpClass|asyncSetUp|setup_method|setup_class|setup)$/;

/** Doubles active for a test scope: its own, its class's (decorator or set-up) and the module's. */
export function doublesCovering(context: RuleContext, scope: string): TestDouble[] {
  const cls = scope.includes('.') ? scope.slice(0, scope.indexOf('.')) : null;
  return context.doubles.filter((d) => {
    if (d.scope === scope || d.scope === '<module>') return true;
    if (!cls) return false;
    if (d.scope === cls) return true;
    const [owner, method] = d.scope.split('.');
    return owner === cls && method !== undefined && CLASS_SETUP.test(method);
  });
}

/** The dotted name a callee spells through the file's imports (`ET.parse` → `xml.etree.ElementTree.parse`). */
export function qualify(context: RuleContext, dotted: string): string {
  return qualifyName(dotted, context.imports) ?? dotted;
}

/**
 * The assignment `name` had at `at`: the last one before it in the same function; for `self.x`,
 * one anywhere in the class (usually `setUp`); else a module-level one.
 */
export function assignmentOf(context: RuleContext, name: string, at: Point): Assignment | null {
  const fn = innermostFunction(context, at);
  const candidates = assignmentsTo(context.assignments, name).filter((a) => !spanContains(a.valueSpan, { start: at, end: at }));
  if (fn) {
    const local = candidates.filter((a) => spanContains(fn.span, a.span) && isBefore(a.span.start, at) && innermostFunction(context, a.span.start) === fn);
    if (local.length > 0) return local[local.length - 1];
    if (/^(self|cls)\./.test(name) && fn.className) {
      const cls = context.classes.find((c) => c.name === fn.className && spanContains(c.span, fn.span));
      const inClass = cls ? candidates.filter((a) => spanContains(cls.span, a.span)) : [];
      const setUp = inClass.find((a) => CLASS_SETUP.test(innermostFunction(context, a.span.start)?.name ?? ''));
      if (setUp ?? inClass[0]) return setUp ?? inClass[0];
    }
  }
  const moduleLevel = candidates.filter((a) => innermostFunction(context, a.span.start) === null && !context.classes.some((c) => spanContains(c.span, a.span)));
  return moduleLevel.length > 0 ? moduleLevel[moduleLevel.length - 1] : null;
}

/**
 * A file's assignments by target, in file order, built once per list: rules follow names back
 * call after call, and a large test module has thousands of assignments.
 */
const assignmentsByTarget = new WeakMap<readonly Assignment[], ReadonlyMap<string, readonly Assignment[]>>();
function assignmentsTo(assignments: readonly Assignment[], target: string): readonly Assignment[] {
  let byTarget = assignmentsByTarget.get(assignments);
  if (!byTarget) {
    const built = new Map<string, Assignment[]>();
    for (const assignment of assignments) {
      const list = built.get(assignment.target);
      if (list) list.push(assignment);
      else built.set(assignment.target, [assignment]);
    }
    assignmentsByTarget.set(assignments, (byTarget = built));
  }
  return byTarget.get(target) ?? [];
}

/** An argument by locator: `arg0`, `arg1`, `kw:url`; the first locator present wins. */
export function argumentAt(call: { readonly arguments: readonly CallArgument[] }, locators: readonly string[]): CallArgument | undefined {
  const positional = call.arguments.filter((a) => a.keyword === null);
  for (const locator of locators) {
    const found = locator.startsWith('kw:') ? call.arguments.find((a) => a.keyword === locator.slice(3)) : positional[Number(locator.slice(3))];
    if (found) return found;
  }
  return undefined;
}

/** Calls whose span lies inside `span` (the calls an expression makes), in the list's order. */
export function callsWithin(context: RuleContext, span: Span): CallSite[] {
  const calls = context.calls;
  const order = callOrderByStart(calls);
  // In order of their start, the calls inside start between the span's ends: found by bisection.
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(calls[order[middle]].span.start, span.start)) low = middle + 1;
    else high = middle;
  }
  const within: number[] = [];
  for (let i = low; i < order.length && !isBefore(span.end, calls[order[i]].span.start); i++) {
    if (spanContains(span, calls[order[i]].span)) within.push(order[i]);
  }
  return within.sort((a, b) => a - b).map((i) => calls[i]);
}

/**
 * Indices of the calls in order of their start, made once per list. The calls query mostly yields
 * calls in that order, but not always (test_driver.py in nova had some out of place), and the
 * linear scan that took over then cost a third of a second on that file.
 */
const callOrders = new WeakMap<readonly CallSite[], Uint32Array>();
function callOrderByStart(calls: readonly CallSite[]): Uint32Array {
  let order = callOrders.get(calls);
  if (order === undefined) {
    order = Uint32Array.from(calls.keys());
    // A stable sort: calls starting at the same point keep the list's order.
    if (!calls.every((call, i) => i === 0 || !isBefore(call.span.start, calls[i - 1].span.start))) {
      order = Uint32Array.from([...calls.keys()].sort((a, b) => (isBefore(calls[a].span.start, calls[b].span.start) ? -1 : isBefore(calls[b].span.start, calls[a].span.start) ? 1 : 0)));
    }
    callOrders.set(calls, order);
  }
  return order;
}

/** A value a string expression spells, and the rows it came through (constant, local assignment). */
export interface ResolvedString {
  readonly value: string;
  /** 0-based rows of the assignments or constants followed, nearest first. */
  readonly via: readonly number[];
}

export interface StringOptions {
  /** Joiner functions (`os.path.join`) and path constructors (`pathlib.Path`) whose arguments concatenate. */
  readonly joiners?: readonly string[];
  readonly constructors?: readonly string[];
  /** Calls that stand for a fixed directory (`tempfile.gettempdir` → the shared temp root). */
  readonly roots?: Readonly<Record<string, string>>;
  /** Accept the literal head of an f-string (`f'https://host/{x}'` → `https://host/`): enough for a URL's host. */
  readonly allowPrefix?: boolean;
}

/** The string an expression spells at `at`: a literal, a followed name, a join of those; else null. */
export function resolveString(context: RuleContext, value: ArgumentValue, at: Point, options: StringOptions = {}, depth = 0): ResolvedString | null {
  if (depth > MAX_DEPTH) return null;
  switch (value.kind) {
    case 'string':
      return { value: value.value, via: [] };
    case 'name': {
      if (!/^[A-Za-z_][\w.]*$/.test(value.name)) return null;
      const assignment = assignmentOf(context, value.name, at);
      if (assignment) {
        const inner = resolveString(context, assignment.value, assignment.span.start, options, depth + 1);
        return inner ? { value: inner.value, via: [assignment.span.start.row, ...inner.via] } : null;
      }
      const constant = context.constants.find((c) => c.name === value.name);
      if (!constant) return null;
      const inner = resolveString(context, constant.value, { row: constant.line - 1, column: 0 }, options, depth + 1);
      return inner ? { value: inner.value, via: [constant.line - 1, ...inner.via] } : null;
    }
    case 'call': {
      // `'https://localhost:{}/'.format(port)`: the literal head, when a prefix is enough.
      const template = options.allowPrefix ? /^[rRuU]?(['"]{1,3})([^{'"]*)\{[^'"]*\1\.format$/.exec(value.callee)?.[2] : undefined;
      if (template) return { value: template, via: [] };
      const callee = qualify(context, value.callee);
      const root = options.roots?.[callee];
      if (root !== undefined) return { value: root, via: [] };
      const isJoin = options.joiners?.includes(callee) ?? false;
      const isConstructor = options.constructors?.includes(callee) || callee === 'str';
      if (!isJoin && !isConstructor) return null;
      const parts: ResolvedString[] = [];
      for (const argument of value.arguments) {
        if (argument.keyword !== null) return null;
        const part = resolveString(context, argument.value, at, options, depth + 1);
        if (!part) return null;
        parts.push(part);
      }
      if (parts.length === 0) return null;
      return { value: joinPath(parts.map((p) => p.value)), via: parts.flatMap((p) => p.via) };
    }
    case 'other': {
      if (!options.allowPrefix) return null;
      const text = value.text.trim();
      // `API + '/path'` or `f'{API}/path'`: the constant in front fixes the host.
      const name = /^([A-Za-z_][\w.]*)\s*\+/.exec(text)?.[1] ?? /^[rR]?[fF][rR]?['"]{1,3}\{([A-Za-z_][\w.]*)\}/.exec(text)?.[1];
      if (name) return resolveString(context, { kind: 'name', name }, at, options, depth + 1);
      const head = /^[rR]?[fF][rR]?(['"]{1,3})([^{'"]*)\{/.exec(text)?.[2] ?? /^[rRuU]?(['"]{1,3})([^%'"]*)%[^%]/.exec(text)?.[2];
      return head ? { value: head, via: [] } : null;
    }
    default:
      return null;
  }
}

/** `os.path.join` semantics: an absolute part restarts the path. */
function joinPath(parts: readonly string[]): string {
  let joined = '';
  for (const part of parts) {
    if (part.startsWith('/') || joined === '') joined = part;
    else joined = joined.endsWith('/') ? joined + part : `${joined}/${part}`;
  }
  return joined;
}

/** The host a URL expression connects to, following names and f-string heads; null when unknown (or a scheme no client opens). */
export function hostOfUrlValue(context: RuleContext, value: ArgumentValue, at: Point): { host: string; via: readonly number[] } | null {
  const resolved = resolveString(context, value, at, { allowPrefix: true });
  if (!resolved) return null;
  const host = networkHostOfUrl(resolved.value);
  return host === null ? null : { host, via: resolved.via };
}

/** The leading identifier of an expression (`resp.json()['x']` → `resp`), for following it back. */
export function rootNames(value: ArgumentValue): string[] {
  switch (value.kind) {
    case 'name':
      return [value.name.split('.')[0]];
    case 'call': {
      const root = /^[A-Za-z_]\w*/.exec(value.callee)?.[0];
      return [...(root ? [root] : []), ...value.arguments.flatMap((a) => rootNames(a.value))];
    }
    case 'tuple':
      return value.items.flatMap(rootNames);
    case 'other': {
      const root = /^[A-Za-z_]\w*/.exec(value.text.trim())?.[0];
      return root && !/^[rRbBuUfF]{1,2}$/.test(root) ? [root] : [];
    }
    default:
      return [];
  }
}

/** True when `call` sits inside a mock assertion (`m.assert_called_with(..., verify=False)`, `mock.call(...)`). */
export function isInsideMockAssertion(context: RuleContext, call: CallSite): boolean {
  return callsNamed(context.calls, MOCK_ASSERTION).some((outer) => outer !== call && spanContains(outer.span, call.span));
}

const MOCK_ASSERTION = /(^|\.)(assert_\w*called\w*|assert_has_calls|call)$/;

/**
 * The calls whose callee matches `pattern`, in list order, found once per list and pattern: rules
 * ask whether a call sits inside one for call after call, and each asking tested every call of the file.
 */
const callsByPattern = new WeakMap<readonly CallSite[], Map<RegExp, readonly CallSite[]>>();
export function callsNamed(calls: readonly CallSite[], pattern: RegExp): readonly CallSite[] {
  let byPattern = callsByPattern.get(calls);
  if (!byPattern) callsByPattern.set(calls, (byPattern = new Map()));
  let named = byPattern.get(pattern);
  if (!named) byPattern.set(pattern, (named = calls.filter((call) => pattern.test(call.callee))));
  return named;
}

/**
 * The calls starting at `point`, in list order (a call's receiver call, `Session().get` → `Session()`,
 * starts where the outer call does), indexed once per list instead of a scan of every call per question.
 */
const callsByStart = new WeakMap<readonly CallSite[], ReadonlyMap<number, readonly CallSite[]>>();
export function callsStartingAt(calls: readonly CallSite[], point: Point): readonly CallSite[] {
  let byStart = callsByStart.get(calls);
  if (!byStart) {
    const built = new Map<number, CallSite[]>();
    for (const call of calls) {
      const key = pointKey(call.span.start);
      const list = built.get(key);
      if (list) list.push(call);
      else built.set(key, [call]);
    }
    callsByStart.set(calls, (byStart = built));
  }
  return byStart.get(pointKey(point)) ?? [];
}

/**
 * The call that created a method call's receiver: inline (`requests.Session().get`) or through a
 * name bound before it (`s = requests.Session()`, `with httpx.Client() as c`, `self.session` in setUp).
 */
export function receiverOriginOf(context: RuleContext, call: CallSite): CallSite | null {
  const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
  if (receiver.endsWith(')')) return receiverCallOf(context, call);
  if (!/^[\w.]+$/.test(receiver)) return null;
  const assignment = assignmentOf(context, receiver, call.span.start);
  if (assignment?.value.kind !== 'call') return null;
  return callsStartingAt(context.calls, assignment.valueSpan.start).find((c) => samePoint(c.span.end, assignment.valueSpan.end)) ?? null;
}

/** The assignment (or `with … as`) whose whole value is `call` (`site = web.TCPSite(runner)`), if any. */
export function assignmentOfCall(context: RuleContext, call: CallSite): Assignment | null {
  return context.assignments.find((a) => samePoint(a.valueSpan.start, call.span.start) && samePoint(a.valueSpan.end, call.span.end)) ?? null;
}

/** The call an inline receiver makes (`requests.Session().get(…)` → `requests.Session()`): it starts where the callee does, inside it. */
export function receiverCallOf(context: RuleContext, call: CallSite): CallSite | null {
  return callsStartingAt(context.calls, call.calleeSpan.start).find((c) => c !== call && spanContains(call.calleeSpan, c.span)) ?? null;
}

/** A position as one number (rows and columns both stay far below 2^26 in any source file). */
export function pointKey(point: Point): number {
  return point.row * 2 ** 26 + point.column;
}

/**
 * True when an interceptor in effect at `at` (the test's own, its class's, the file's, within its
 * `with` rows) keeps a call of `callee` to `host` off the network: the same judgement as FL202.
 */
export function isInterceptedAt(context: RuleContext, at: Point, request: { readonly callee: string; readonly host: string | null }): boolean {
  const scope = testScopeAt(context, at);
  const cls = scope.includes('.') ? scope.slice(0, scope.indexOf('.')) : null;
  const active = context.interceptors().filter(
    (i: Interceptor) => (i.scope === scope || (cls !== null && i.scope === cls) || i.scope === '<module>') && (!i.rows || (at.row >= i.rows.start && at.row <= i.rows.end)),
  );
  return active.some((i) => interceptorCovers(i, { callee: request.callee, host: (request.host ?? '').toLowerCase() }));
}
