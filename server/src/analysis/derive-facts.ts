/**
 * Derives what a fixture, helper or test double does from source: follows the calls its setup
 * code makes (own methods with dynamic dispatch, base classes, child fixtures, workspace functions)
 * to a bounded depth and matches them against the knowledge base. Every fact comes with the line
 * that establishes it; what cannot be followed is reported as a reason, never guessed.
 */
import type { ArgumentValue } from '../model/syntax';
import type { Evidence, FactName, Facts } from '../model/types';
import type { CallSummary, ClassSummary, FunctionSummary, ModuleSummary } from '../model/workspace';
import {
  entryForBase,
  entryForCall,
  entryForMethod,
  entryForPatchTarget,
  isAuthorizationCheck,
  patchPrimitive,
  type KnowledgeEntry,
  type KnowledgeFacts,
  type PatchPrimitive,
} from './knowledge';
import { bindEntryFor, bindHost, connectHost, isAllInterfaces, isLoopback } from './endpoints';
import { qualifyInModule, type Resolution, type WorkspaceIndex } from './workspace-index';

/** Methods that run when a fixture or test case is set up. Docstrings and other methods are not evidence. */
export const SETUP_METHODS = ['__init__', 'setUp', '_setUp', 'setup', 'setup_method', 'asyncSetUp', '__enter__', '__aenter__', 'start'] as const;

export interface ClassRef {
  readonly module: ModuleSummary;
  readonly cls: ClassSummary;
}

/** One piece of evidence for one fact value. */
export interface FactClaim {
  readonly fact: Exclude<FactName, 'reachableFromProduction'>;
  readonly value: string;
  readonly evidence: Evidence;
  /** Knowledge entry or derivation step that gives the line its meaning. */
  readonly because: string;
  readonly kind: string | null;
}

export interface PatchRecord {
  /** Dotted target as written or qualified (`keystonemiddleware.auth_token.filter_factory`). */
  readonly target: string;
  readonly via: string;
  readonly evidence: Evidence;
  readonly isAuthorizationCheck: boolean;
  /** True when the target resolves into non-test workspace code (a production stub). */
  readonly replacesProductionCode: boolean;
  /** What the replacement is: `return_value=True`, a lambda, the fixture's own method, … */
  readonly replacement: string | null;
}

export interface AttributeRecord {
  readonly name: string;
  readonly value: ArgumentValue;
  readonly evidence: Evidence;
  /** The class or knowledge entry the value is an instance of, when known. */
  readonly valueClass: ClassRef | null;
  readonly valueEntry: KnowledgeEntry | null;
}

export interface Derivation {
  readonly claims: readonly FactClaim[];
  readonly patches: readonly PatchRecord[];
  readonly attributes: ReadonlyMap<string, AttributeRecord>;
  /** Why some facts could not be established (unresolved bases, depth limit, …). */
  readonly gaps: readonly string[];
}

export interface DeriveOptions {
  readonly index: WorkspaceIndex;
  /** How many calls deep to follow (fixture → helper → library call is 2). */
  readonly maxDepth?: number;
}

interface Frame {
  readonly module: ModuleSummary;
  /** The instance's most derived class, for `self.method()` dispatch. */
  readonly selfClass: ClassRef | null;
  /** Parameters and `self.<attr>` names bound to classes (`test` → the calling test case). */
  readonly bindings: ReadonlyMap<string, ClassRef>;
  readonly depth: number;
}

interface Sink {
  claims: FactClaim[];
  patches: PatchRecord[];
  attributes: Map<string, AttributeRecord>;
  gaps: string[];
  visited: Set<string>;
  /** The class being derived: only its own `self.x = …` become attributes. */
  root: ClassRef | null;
  /** Values read from test modules (`fake_policy.policy_data`): test-chosen configuration. */
  testData: Evidence[];
}

const DEFAULT_MAX_DEPTH = 3;

export class FactDeriver {
  private readonly index: WorkspaceIndex;
  private readonly maxDepth: number;
  private readonly classCache = new Map<string, Derivation>();
  private readonly wrapperCache = new Map<string, PatchWrapper | null>();

  constructor(options: DeriveOptions) {
    this.index = options.index;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /**
   * What constructing and setting up `ref` does. `bindings` maps `__init__` parameters to classes
   * (a fixture built with `NeutronFixture(self)` gets the test case as `test`).
   */
  deriveClass(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef> = new Map(), depth = 0): Derivation {
    const key = `${ref.module.modulePath}.${ref.cls.name}|${[...bindings.entries()].map(([k, v]) => `${k}=${v.cls.name}`).join(',')}`;
    const cached = this.classCache.get(key);
    if (cached) return cached;
    const sink = newSink(ref);
    this.visitClass(ref, bindings, depth, sink);
    const derivation = freeze(sink);
    this.classCache.set(key, derivation);
    return derivation;
  }

  /** What calling `fn` (defined in `module`) does, with parameters bound to classes. */
  deriveFunction(module: ModuleSummary, fn: FunctionSummary, bindings: ReadonlyMap<string, ClassRef> = new Map(), selfClass: ClassRef | null = null): Derivation {
    const sink = newSink(selfClass);
    this.visitFunction(fn, { module, selfClass, bindings, depth: 0 }, sink);
    return freeze(sink);
  }

  /** Method resolution order of a class through workspace bases (external bases end the walk). */
  mro(ref: ClassRef): { classes: ClassRef[]; external: Array<{ base: string; qualified: string; reason: string | null; entry: KnowledgeEntry | null }> } {
    const classes: ClassRef[] = [];
    const external: Array<{ base: string; qualified: string; reason: string | null; entry: KnowledgeEntry | null }> = [];
    const seen = new Set<string>();
    const visit = (current: ClassRef, depth: number): void => {
      const key = `${current.module.modulePath}.${current.cls.name}`;
      if (seen.has(key) || depth > 20) return;
      seen.add(key);
      classes.push(current);
      for (const base of current.cls.bases) {
        if (base === 'object') continue;
        const resolved = this.index.resolveNameIn(current.module, base);
        if (resolved.kind === 'class') visit({ module: resolved.module, cls: resolved.cls }, depth + 1);
        else {
          const qualified = qualifyInModule(current.module, base) ?? base;
          const entry = entryForBase(qualified);
          external.push({ base, qualified, reason: resolved.kind === 'unresolved' && resolved.externalPackage && !entry ? resolved.reason : null, entry });
        }
      }
    };
    visit(ref, 0);
    return { classes, external };
  }

  /** Finds `name` on the instance's class or its workspace bases, first in MRO order. */
  findMethod(ref: ClassRef, name: string): { owner: ClassRef; fn: FunctionSummary } | null {
    for (const owner of this.mro(ref).classes) {
      const fn = owner.cls.methods.find((m) => m.name === name);
      if (fn) return { owner, fn };
    }
    return null;
  }

  /**
   * Visits a class in a sink of its own, so that what is true of this fixture (a policy engine fed
   * with test data) is settled before its claims join the caller's.
   */
  private visitClass(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef>, depth: number, sink: Sink): void {
    const key = `class:${ref.module.modulePath}.${ref.cls.name}`;
    if (sink.visited.has(key)) return;
    sink.visited.add(key);
    const own: Sink = { ...newSink(sink.root), visited: sink.visited, attributes: sink.attributes };
    this.visitClassBody(ref, bindings, depth, own);
    const settled = freeze(own);
    sink.claims.push(...settled.claims);
    sink.patches.push(...settled.patches);
    sink.gaps.push(...settled.gaps);
  }

  private visitClassBody(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef>, depth: number, sink: Sink): void {
    const { classes, external } = this.mro(ref);
    for (const base of external) {
      if (base.entry) {
        const evidence = evidenceFrom(ref.module, ref.cls.line, `class ${ref.cls.name}(${ref.cls.bases.join(', ')})`);
        addEntryClaims(sink, base.entry, base.entry.facts, evidence);
        for (const [name, attribute] of Object.entries(base.entry.attributes ?? {})) {
          sink.attributes.set(name, { name, value: { kind: 'name', name: `${base.qualified}.${name}` }, evidence, valueClass: null, valueEntry: { ...base.entry, kind: attribute.kind, facts: attribute.facts } });
        }
      } else if (base.reason) {
        sink.gaps.push(`base ${base.base} of ${ref.cls.name}: ${base.reason}`);
      }
    }
    // Setup methods in MRO order; `self.x()` dispatches on the most derived class (template methods).
    const frameBindings = new Map(bindings);
    for (const owner of classes) {
      for (const name of SETUP_METHODS) {
        const fn = owner.cls.methods.find((m) => m.name === name);
        if (!fn) continue;
        const frame: Frame = { module: owner.module, selfClass: ref, bindings: frameBindings, depth };
        if (name === '__init__') bindSelfAttributes(fn, frameBindings);
        this.visitFunction(fn, frame, sink);
      }
    }
  }

  private visitFunction(fn: FunctionSummary, frame: Frame, sink: Sink): void {
    const key = `fn:${frame.module.modulePath}:${fn.line}:${frame.selfClass?.cls.name ?? ''}`;
    if (sink.visited.has(key)) return;
    sink.visited.add(key);
    for (const call of fn.calls) this.visitCall(call, frame, sink);
    for (const call of fn.calls) this.noteTestData(call, frame, sink);
    for (const assignment of fn.assignments) {
      if (!assignment.target.startsWith('self.') || assignment.target.split('.').length !== 2) continue;
      if (!sink.root || !frame.selfClass || frame.selfClass.cls !== sink.root.cls) continue;
      const name = assignment.target.slice(5);
      const valueClass = assignment.value.kind === 'call' ? this.classOfCall(assignment.value.callee, frame) : null;
      const valueEntry = assignment.value.kind === 'call' ? entryForCall(qualifyInModule(frame.module, assignment.value.callee) ?? assignment.value.callee) : null;
      sink.attributes.set(name, { name, value: assignment.value, evidence: evidenceFrom(frame.module, assignment.line, assignment.text), valueClass, valueEntry });
    }
  }

  /** Sockets a call listens on or connects to: the transport, from the bind and client tables. */
  private noteEndpoint(call: CallSummary, qualified: string, frame: Frame, sink: Sink, evidence: Evidence): void {
    const shape = { callee: call.callee, qualifiedCallee: qualified, arguments: call.arguments };
    const constants = frame.module.assignments.map((a) => ({ name: a.target, value: a.value, line: a.line }));
    const bind = bindEntryFor(shape);
    if (bind) {
      const host = bindHost(bind, shape, constants);
      if (!host) {
        sink.gaps.push(`${bind.what} at ${evidence.path}:${evidence.line} binds a host that cannot be read statically`);
      } else if (isAllInterfaces(host.value)) {
        sink.claims.push({ fact: 'transport', value: 'network', evidence: { ...evidence, fact: 'transport' }, because: `${bind.what} binds all interfaces (${host.value || "''"}): reachable from the network`, kind: 'network-server' });
      } else if (isLoopback(host.value)) {
        sink.claims.push({ fact: 'transport', value: 'loopback', evidence: { ...evidence, fact: 'transport' }, because: `${bind.what} binds the loopback address ${host.value}`, kind: 'loopback-server' });
      } else {
        sink.claims.push({ fact: 'transport', value: 'network', evidence: { ...evidence, fact: 'transport' }, because: `${bind.what} binds ${host.value}, a non-loopback address`, kind: 'network-server' });
      }
      return;
    }
    const connect = connectHost(shape, constants);
    if (connect === undefined) return;
    if (connect === null) {
      sink.gaps.push(`${qualified} at ${evidence.path}:${evidence.line} connects to a host that cannot be read statically`);
      return;
    }
    const loopback = isLoopback(connect.value);
    sink.claims.push({
      fact: 'transport',
      value: loopback ? 'loopback' : 'network',
      evidence: { ...evidence, fact: 'transport' },
      because: `${qualified} connects to ${connect.value}${loopback ? ' (loopback)' : ''}`,
      kind: loopback ? null : 'network-client',
    });
  }

  /** Arguments that read module-level values of test modules (`jsonutils.loads(fake_policy.policy_data)`). */
  private noteTestData(call: CallSummary, frame: Frame, sink: Sink): void {
    for (const { value } of call.arguments) {
      if (value.kind !== 'name' || !value.name.includes('.') || value.name.startsWith('self.')) continue;
      const resolved = this.index.resolveNameIn(frame.module, value.name);
      if (resolved.kind === 'assignment' && resolved.module.isTest) {
        sink.testData.push(evidenceFrom(resolved.module, resolved.assignment.line, resolved.assignment.text));
      }
    }
  }

  private visitCall(call: CallSummary, frame: Frame, sink: Sink): void {
    const evidence = evidenceFrom(frame.module, call.line, call.text);
    const qualified = qualifyInModule(frame.module, call.callee);
    const name = qualified ?? call.callee;

    const entry = entryForCall(name);
    if (entry) addEntryClaims(sink, entry, entry.facts, evidence);
    const methodName = call.callee.split('.').pop() ?? call.callee;
    const methodEntry = call.callee.includes('.') ? entryForMethod(methodName) : null;
    if (methodEntry) addEntryClaims(sink, methodEntry, methodEntry.facts, evidence);

    this.noteEndpoint(call, name, frame, sink, evidence);
    const primitive = patchPrimitive(name) ?? (call.callee.startsWith('monkeypatch.') ? patchPrimitive(call.callee) : null);
    if (primitive) {
      this.recordPatch(sink, frame, primitive.name, patchTargetOf(primitive, call.arguments, frame.module), replacementOf(primitive, call.arguments), evidence);
      return;
    }
    if (entry || frame.depth >= this.maxDepth) {
        return;
    }

    // `self.useFixture(X(...))`: the child fixture's setup runs now.
    if (/(^|\.)useFixture$/.test(call.callee)) {
      const child = call.arguments[0]?.value;
      if (child?.kind === 'call') {
        const ref = this.classOfCall(child.callee, frame);
        if (ref) this.visitClass(ref, this.constructorBindings(ref, child.arguments, frame), frame.depth + 1, sink);
      }
      return;
    }
    const target = this.resolveCallee(call.callee, frame);
    if (!target) return;
    if (target.kind === 'function' || target.kind === 'method') {
      const wrapper = this.patchWrapper(target.module, target.fn);
      if (wrapper) {
        const argument = call.arguments.filter((a) => a.keyword === null)[wrapper.targetIndex]?.value ?? call.arguments.find((a) => a.keyword === wrapper.targetName)?.value;
        const replacement = call.arguments.filter((a) => a.keyword === null)[wrapper.newIndex]?.value ?? null;
        const via = `${target.owner ? `${target.owner.cls.name}.` : ''}${target.fn.name} (${target.module.path}:${target.fn.line}, which calls ${wrapper.primitive})`;
        this.recordPatch(sink, frame, via, argument ? dottedValue(argument) : null, replacement ? describeValue(replacement) : null, evidence);
        return;
      }
      const bindings = this.argumentBindings(target.fn, call.arguments, frame, target.kind === 'method');
      this.visitFunction(target.fn, { module: target.module, selfClass: target.owner && target.bound ? frame.selfClass : (target.owner ?? null), bindings, depth: frame.depth + 1 }, sink);
    } else if (target.kind === 'class') {
      // Constructing a workspace class runs its __init__ (setUp runs only when used as a fixture).
      const init = this.findMethod(target.ref, '__init__');
      if (init) this.visitFunction(init.fn, { module: init.owner.module, selfClass: target.ref, bindings: this.constructorBindings(target.ref, call.arguments as never, frame), depth: frame.depth + 1 }, sink);
    }
  }

  private recordPatch(sink: Sink, frame: Frame, via: string, target: string | null, replacement: string | null, evidence: Evidence): void {
    if (!target) {
      sink.gaps.push(`patch target of ${via} is not a literal (${evidence.path}:${evidence.line})`);
      return;
    }
    const resolved = this.index.resolve(target);
    const module = resolved.kind === 'unresolved' ? null : resolved.module;
    const replacesProductionCode = module !== null && !module.isTest && resolved.kind !== 'module';
    const isAuthz = isAuthorizationCheck(target);
    sink.patches.push({ target, via, evidence, isAuthorizationCheck: isAuthz, replacesProductionCode, replacement });
    const entry = entryForPatchTarget(target);
    if (entry) addEntryClaims(sink, entry, entry.facts, evidence);
    if (isAuthz && allowsEverything(replacement)) {
      sink.claims.push({ fact: 'authz', value: 'bypassed', evidence, because: `${target} (an authorization check) is replaced by ${replacement}`, kind: 'policy-bypass' });
    }
    if (replacesProductionCode && !entry && !isAuthz) {
      sink.claims.push({ fact: 'data', value: 'fake', evidence: { ...evidence, fact: 'data' }, because: `replaces production code ${target} with ${replacement ?? 'a test double'}`, kind: 'fake-service' });
      // A lambda, a canned value or a mock answers in this process; a replacement function may do anything.
      if (isSelfContained(replacement)) {
        sink.claims.push({ fact: 'transport', value: 'in-process', evidence: { ...evidence, fact: 'transport' }, because: `calls to ${target} are answered in this process by ${replacement}`, kind: 'fake-service' });
      }
    }
    void frame;
  }

  /** Resolves a callee in a frame: `self.m`, `self.attr.m` / `param.m` bound to a class, or a module name. */
  private resolveCallee(callee: string, frame: Frame): ResolvedCallee | null {
    const parts = callee.split('.');
    if (parts[0] === 'self' && parts.length === 2 && frame.selfClass) {
      const found = this.findMethod(frame.selfClass, parts[1]);
      return found ? { kind: 'method', module: found.owner.module, fn: found.fn, owner: found.owner, bound: true } : null;
    }
    const receiver = parts[0] === 'self' && parts.length === 3 ? frame.bindings.get(`self.${parts[1]}`) : parts.length === 2 ? frame.bindings.get(parts[0]) : undefined;
    if (receiver) {
      const found = this.findMethod(receiver, parts[parts.length - 1]);
      return found ? { kind: 'method', module: found.owner.module, fn: found.fn, owner: receiver, bound: false } : null;
    }
    if (parts[0] === 'self' || parts[0] === 'super' || parts[0].startsWith('super(')) return null;
    const resolved = this.index.resolveNameIn(frame.module, callee);
    return toCallee(resolved);
  }

  private classOfCall(callee: string, frame: Frame): ClassRef | null {
    if (callee.startsWith('self.')) return null;
    const resolved = this.index.resolveNameIn(frame.module, callee);
    return resolved.kind === 'class' ? { module: resolved.module, cls: resolved.cls } : null;
  }

  /** Binds `__init__` parameters to the caller's classes: `Fixture(self)` passes the test case. */
  private constructorBindings(ref: ClassRef, args: ReadonlyArray<{ keyword: string | null; value: ArgumentValue }>, frame: Frame): Map<string, ClassRef> {
    const init = this.findMethod(ref, '__init__');
    return init ? this.argumentBindings(init.fn, args, frame, true) : new Map();
  }

  private argumentBindings(fn: FunctionSummary, args: ReadonlyArray<{ keyword: string | null; value: ArgumentValue }>, frame: Frame, isMethod: boolean): Map<string, ClassRef> {
    const bindings = new Map<string, ClassRef>();
    const params = fn.parameters.slice(isMethod && fn.parameters[0]?.name === 'self' ? 1 : 0);
    const positional = args.filter((a) => a.keyword === null);
    const bind = (param: string | undefined, value: ArgumentValue | undefined): void => {
      if (!param || value?.kind !== 'name') return;
      const bound = value.name === 'self' ? frame.selfClass : (frame.bindings.get(value.name) ?? null);
      if (bound) bindings.set(param, bound);
    };
    positional.forEach((arg, i) => bind(params[i]?.name, arg.value));
    for (const arg of args) if (arg.keyword) bind(arg.keyword, arg.value);
    return bindings;
  }

  /**
   * A workspace function that patches whatever its caller names (nova's `stub_out(self, old, new)`
   * is `self.useFixture(fixtures.MonkeyPatch(old, new))`): derived from its body, never from its name.
   */
  patchWrapper(module: ModuleSummary, fn: FunctionSummary): PatchWrapper | null {
    const key = `${module.modulePath}:${fn.line}`;
    if (this.wrapperCache.has(key)) return this.wrapperCache.get(key) ?? null;
    let wrapper: PatchWrapper | null = null;
    const params = fn.parameters.filter((p, i) => !(i === 0 && (p.name === 'self' || p.name === 'cls')));
    for (const call of fn.calls) {
      const primitive = patchPrimitive(qualifyInModule(module, call.callee) ?? call.callee);
      if (!primitive) continue;
      const first = call.arguments.find((a) => a.keyword === null)?.value;
      if (first?.kind !== 'name') continue;
      const targetIndex = params.findIndex((p) => p.name === first.name);
      if (targetIndex < 0) continue;
      const second = call.arguments.filter((a) => a.keyword === null)[1]?.value;
      const newIndex = second?.kind === 'name' ? params.findIndex((p) => p.name === second.name) : -1;
      wrapper = { targetIndex, targetName: first.name, newIndex, primitive: primitive.name };
      break;
    }
    this.wrapperCache.set(key, wrapper);
    return wrapper;
  }
}

interface PatchWrapper {
  readonly targetIndex: number;
  readonly targetName: string;
  readonly newIndex: number;
  readonly primitive: string;
}

type ResolvedCallee =
  | { kind: 'function' | 'method'; module: ModuleSummary; fn: FunctionSummary; owner: ClassRef | null; bound: boolean }
  | { kind: 'class'; module: ModuleSummary; ref: ClassRef };

function toCallee(resolved: Resolution): ResolvedCallee | null {
  switch (resolved.kind) {
    case 'function':
      return { kind: 'function', module: resolved.module, fn: resolved.fn, owner: null, bound: false };
    case 'method':
      return { kind: 'method', module: resolved.module, fn: resolved.fn, owner: { module: resolved.module, cls: resolved.cls }, bound: false };
    case 'class':
      return { kind: 'class', module: resolved.module, ref: { module: resolved.module, cls: resolved.cls } };
    default:
      return null;
  }
}

/** `self.test = test` in `__init__`: the attribute carries the parameter's binding. */
function bindSelfAttributes(init: FunctionSummary, bindings: Map<string, ClassRef>): void {
  for (const assignment of init.assignments) {
    if (assignment.value.kind !== 'name' || !assignment.target.startsWith('self.')) continue;
    const bound = bindings.get(assignment.value.name);
    if (bound) bindings.set(assignment.target, bound);
  }
}

function patchTargetOf(primitive: PatchPrimitive, args: CallSummary['arguments'], module: ModuleSummary): string | null {
  const positional = args.filter((a) => a.keyword === null).map((a) => a.value);
  for (const form of primitive.target.split('|')) {
    if (form === 'arg0') {
      const first = positional[0];
      if (first?.kind === 'string') return first.value;
      if (first?.kind === 'name' && primitive.name.endsWith('.dict')) return qualifyInModule(module, first.name) ?? first.name;
    } else if (form === 'arg0.arg1') {
      const [object, attribute] = positional;
      if (object?.kind === 'name' && attribute?.kind === 'string') return `${qualifyInModule(module, object.name) ?? object.name}.${attribute.value}`;
    }
  }
  return null;
}

function replacementOf(primitive: PatchPrimitive, args: CallSummary['arguments']): string | null {
  const positional = args.filter((a) => a.keyword === null).map((a) => a.value);
  for (const where of primitive.new.flatMap((w) => w.split('|'))) {
    if (where.startsWith('kw:')) {
      const found = args.find((a) => a.keyword === where.slice(3));
      if (found) return `${where.slice(3)}=${describeValue(found.value)}`;
    } else {
      const value = positional[Number(where.slice(3))];
      if (value) return describeValue(value);
    }
  }
  return null;
}

/** Replacements that answer without running other code: lambdas, canned values, mocks. */
function isSelfContained(replacement: string | null): boolean {
  if (replacement === null) return true;
  return /^lambda\b|^(return_value|new)=|Mock\(|^["'\d]|^(None|True|False)$/.test(replacement);
}

/** True for replacements that grant: `return_value=True`, `lambda *a: True`, `new=lambda: None` is not. */
function allowsEverything(replacement: string | null): boolean {
  if (replacement === null) return true; // a bare MagicMock is truthy: every check passes
  return /return_value=True\b|^lambda[^:]*:\s*True\b|return_value=None\b|^lambda[^:]*:\s*None\b|MagicMock|Mock\(\)/.test(replacement);
}

function describeValue(value: ArgumentValue): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
      return String(value.value);
    case 'name':
      return value.name;
    case 'call':
      return `${value.callee}(…)`;
    case 'lambda':
    case 'other':
      return value.text;
    case 'tuple':
      return '(…)';
  }
}

function dottedValue(value: ArgumentValue): string | null {
  return value.kind === 'string' ? value.value : null;
}

function evidenceFrom(module: ModuleSummary, line: number, text: string, fact?: Evidence['fact']): Evidence {
  return { ...(fact ? { fact } : {}), path: module.path, line, text };
}

function addEntryClaims(sink: Sink, entry: KnowledgeEntry, facts: KnowledgeFacts, evidence: Evidence): void {
  for (const [fact, value] of Object.entries(facts) as Array<[FactClaim['fact'], string]>) {
    sink.claims.push({ fact, value, evidence: { ...evidence, fact }, because: entry.because, kind: entry.kind ?? null });
  }
  if (Object.keys(facts).length === 0 && entry.kind) {
    sink.claims.push({ fact: 'data', value: 'unknown', evidence, because: entry.because, kind: entry.kind });
  }
}

function newSink(root: ClassRef | null): Sink {
  return { claims: [], patches: [], attributes: new Map(), gaps: [], visited: new Set(), root, testData: [] };
}

/**
 * Freezes what was found. A policy engine fed with rules from test modules says nothing about the
 * real policy: authorization becomes unknown, with the engine and the test data as evidence.
 */
function freeze(sink: Sink): Derivation {
  const claims = [...sink.claims];
  const gaps = [...sink.gaps];
  if (sink.testData.length && claims.some((c) => c.fact === 'authz' && c.value === 'enforced')) {
    const data = sink.testData[0];
    claims.push({ fact: 'authz', value: 'unknown', evidence: { ...data, fact: 'authz' }, because: `the policy engine runs with rules read from test data (${data.path}:${data.line})`, kind: 'policy' });
    gaps.push(`authorization: the policy engine runs, but its rules come from test data (${data.path}:${data.line})`);
  }
  return { claims, patches: sink.patches, attributes: sink.attributes, gaps: [...new Set(gaps)] };
}

/** Precedence when several values are claimed: the riskier transport and identity win. */
const PRECEDENCE: Record<string, readonly string[]> = {
  transport: ['network', 'loopback', 'in-process', 'none'],
  authn: ['bypassed', 'simulated', 'real', 'none'],
  data: ['real', 'recorded', 'fake'],
};

/** Kinds in order of what they say about reachability first. */
const KIND_ORDER = ['network-server', 'loopback-server', 'in-process-api', 'in-process-client', 'intercepted-http', 'fake-service', 'recorded-http', 'policy', 'policy-bypass', 'auth-simulated', 'clock', 'temp-dir', 'monkeypatch', 'pytest-builtin'];

export interface FactSummary {
  readonly kind: string | null;
  readonly facts: Facts;
  readonly evidence: readonly Evidence[];
}

/**
 * Settles each fact from its claims. For authorization the last claim in setup order wins (a
 * later RealPolicyFixture replaces an earlier permissive one); both stay in the evidence.
 */
export function summarizeClaims(claims: readonly FactClaim[], reachableFromProduction: boolean | null = null): FactSummary {
  const pick = (fact: FactClaim['fact']): string => {
    const values = claims.filter((c) => c.fact === fact && c.value !== 'unknown').map((c) => c.value);
    if (fact === 'authz') {
      const last = claims.filter((c) => c.fact === 'authz').pop();
      return last ? last.value : 'unknown';
    }
    if (values.length === 0) return 'unknown';
    const order = PRECEDENCE[fact] ?? [];
    return [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
  };
  const kinds = claims.map((c) => c.kind).filter((k): k is string => k !== null);
  const kind = KIND_ORDER.find((k) => kinds.includes(k)) ?? kinds[0] ?? null;
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const claim of claims) {
    const key = `${claim.fact}|${claim.evidence.path}|${claim.evidence.line}`;
    if ((claim.value === 'unknown' && claim.fact !== 'authz') || seen.has(key)) continue;
    seen.add(key);
    evidence.push({ ...claim.evidence, fact: claim.fact });
  }
  return {
    kind,
    facts: {
      transport: pick('transport') as Facts['transport'],
      authn: pick('authn') as Facts['authn'],
      authz: pick('authz') as Facts['authz'],
      data: pick('data') as Facts['data'],
      reachableFromProduction,
    },
    evidence,
  };
}
