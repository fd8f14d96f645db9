/**
 * Derives what a fixture, helper or test double does from source: follows the calls its setup
 * code makes (own methods with dynamic dispatch, base classes, child fixtures, workspace functions,
 * callables a library runs such as thread targets) to a bounded depth and matches them, and item
 * assignments like `dependency_overrides[dep]`, against the knowledge base. Every fact comes with
 * the line that establishes it; what cannot be followed is reported as a reason, never guessed.
 */
import type { ArgumentValue, ModuleConstant } from '../model/syntax';
import type { Evidence, FactName, Facts } from '../model/types';
import type { CallSummary, ClassSummary, FunctionSummary, ModuleSummary } from '../model/workspace';
import {
  BUILT_IN_KNOWLEDGE,
  isAuthenticationCheck,
  isAuthorizationCheck,
  type KnowledgeBase,
  patchPrimitive,
  type KnowledgeEntry,
  type KnowledgeFacts,
  type PatchPrimitive,
  entryInBody,
} from './knowledge';
import { methodNamed } from './class-methods';
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
  /** For a value built by a call, the callee through the imports (`requests.Session`). */
  readonly valueCallee?: string | null;
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
  /** The knowledge base with the workspace's own entries (default: the built-in one). */
  readonly knowledge?: KnowledgeBase;
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

/** The part of a `Set` a derivation uses: which functions and classes it has visited. */
interface VisitedKeys {
  has(key: string): boolean;
  add(key: string): unknown;
}

/** The part of a `Map` a derivation uses for the root instance's attributes. */
interface AttributeStore {
  get(name: string): AttributeRecord | undefined;
  set(name: string, record: AttributeRecord): unknown;
}

interface Sink {
  claims: FactClaim[];
  patches: PatchRecord[];
  attributes: AttributeStore;
  gaps: string[];
  visited: VisitedKeys;
  /**
   * Whether `cls` is the class being derived: only its own `self.x = …` become attributes. Asked,
   * never read off a field, so that a recorded visit knows which answers it depended on.
   */
  isRoot(cls: ClassSummary): boolean;
  /** Values read from test modules (`fake_policy.policy_data`): test-chosen configuration. */
  testData: Evidence[];
}

/** A sink that starts a derivation: it owns its sets, and its attributes become the derivation's. */
interface RootSink extends Sink {
  attributes: Map<string, AttributeRecord>;
  visited: Set<string>;
}

const DEFAULT_MAX_DEPTH = 3;

/** Recorded visits of one function in one context kept at most (they differ by what the caller visited first). */
const MAX_VISIT_VARIANTS = 4;

/** Different dispatch outcomes of one base setUp kept at most (mixins can make a few). */
const MAX_SETUP_VARIANTS = 8;

interface Lookup {
  readonly name: string;
  readonly fn: FunctionSummary | null;
  readonly owner: ClassSummary | null;
}

interface Recording {
  readonly root: ClassSummary;
  readonly lookups: Lookup[];
  isReusable: boolean;
}

interface Mro {
  readonly classes: ClassRef[];
  readonly external: Array<{ base: string; qualified: string; reason: string | null; entry: KnowledgeEntry | null }>;
}

export class FactDeriver {
  private readonly index: WorkspaceIndex;
  readonly knowledge: KnowledgeBase;
  private readonly maxDepth: number;
  /**
   * Class derivations by class and bindings, for one index generation: they read other modules
   * through resolution (bases, child fixtures, helpers), and the deriver lives as long as the
   * workspace while the editor's text replaces summaries.
   */
  private classCache = new Map<string, Derivation>();
  private classCacheGeneration = -1;
  /** Patch wrappers by summary: a function's own calls and its module's imports decide, so a new summary asks again. */
  private readonly wrapperCache = new WeakMap<ModuleSummary, WeakMap<FunctionSummary, PatchWrapper | null>>();
  private readonly setupCache = new WeakMap<FunctionSummary, { readonly generation: number; readonly variants: ReadonlyArray<{ readonly lookups: readonly Lookup[]; readonly derivation: Derivation }> }>();
  /** Set while `deriveInheritedSetup` derives: the method lookups made on the test class. */
  private recording: Recording | null = null;
  /** Recorded visits of called functions by function, then by context (`visitMemoKey`); one index generation. */
  private visitMemo = new WeakMap<FunctionSummary, Map<string, readonly VisitRecord[]>>();
  private visitMemoGeneration = -1;
  private readonly objectIds = new ObjectIds();
  /** MROs by class, valid for one index generation: a test file asks for its base classes' MRO per test. */
  private readonly mroCache = new WeakMap<ClassSummary, { readonly generation: number; readonly mro: Mro }>();

  constructor(options: DeriveOptions) {
    this.index = options.index;
    this.knowledge = options.knowledge ?? BUILT_IN_KNOWLEDGE;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /**
   * What constructing and setting up `ref` does. `bindings` maps `__init__` parameters to classes
   * (a fixture built with `NeutronFixture(self)` gets the test case as `test`).
   */
  deriveClass(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef> = new Map(), depth = 0): Derivation {
    // Bound classes by their full path: two test modules may both define `_BaseTestCase`, and a
    // fixture built with one of them must not be answered with the other's derivation.
    const key = `${ref.module.modulePath}.${ref.cls.name}|${[...bindings.entries()].map(([k, v]) => `${k}=${v.module.modulePath}.${v.cls.name}`).join(',')}`;
    if (this.classCacheGeneration !== this.index.generation) {
      this.classCache = new Map();
      this.classCacheGeneration = this.index.generation;
    }
    const cached = this.classCache.get(key);
    if (cached) return cached;
    const sink = newSink(ref);
    this.visitClass(ref, bindings, depth, sink);
    const derivation = freeze(sink);
    this.classCache.set(key, derivation);
    return derivation;
  }

  /**
   * What calling `fn` (defined in `module`) does, with parameters bound to classes. For a method,
   * `attributes` are the instance's, as its setup left them (`self.session = requests.Session()`).
   */
  deriveFunction(
    module: ModuleSummary,
    fn: FunctionSummary,
    bindings: ReadonlyMap<string, ClassRef> = new Map(),
    selfClass: ClassRef | null = null,
    attributes: ReadonlyMap<string, AttributeRecord> = new Map(),
  ): Derivation {
    const sink = newSink(selfClass);
    for (const [name, record] of attributes) sink.attributes.set(name, record);
    this.visitFunction(fn, { module, selfClass, bindings, depth: 0 }, sink);
    return freeze(sink);
  }

  /** What a class gets from its library bases alone (a live server, a test client attribute), without its own setup. */
  deriveBases(ref: ClassRef): Derivation {
    const sink = newSink(ref);
    const { classes, external } = this.mro(ref);
    this.visitExternalBases(ref, classes, external, sink);
    return freeze(sink);
  }

  /** Method resolution order of a class through workspace bases (external bases end the walk). */
  mro(ref: ClassRef): Mro {
    // What a class's MRO decides (bases, class attributes) is not captured by method lookups.
    if (this.recording && ref.cls === this.recording.root) this.recording.isReusable = false;
    return this.cachedMro(ref);
  }

  private cachedMro(ref: ClassRef): Mro {
    const cached = this.mroCache.get(ref.cls);
    // Fresh arrays: callers may reorder them.
    if (cached && cached.generation === this.index.generation && cached.mro.classes[0].module === ref.module) {
      return { classes: [...cached.mro.classes], external: [...cached.mro.external] };
    }
    const mro = this.computeMro(ref);
    this.mroCache.set(ref.cls, { generation: this.index.generation, mro: { classes: [...mro.classes], external: [...mro.external] } });
    return mro;
  }

  private computeMro(ref: ClassRef): Mro {
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
          const entry = this.knowledge.entryForBase(qualified);
          external.push({ base, qualified, reason: resolved.kind === 'unresolved' && resolved.externalPackage && !entry ? resolved.reason : null, entry });
        }
      }
    };
    visit(ref, 0);
    return { classes, external };
  }

  /** Finds `name` on the instance's class or its workspace bases, first in MRO order. */
  findMethod(ref: ClassRef, name: string): { owner: ClassRef; fn: FunctionSummary } | null {
    let found: { owner: ClassRef; fn: FunctionSummary } | null = null;
    for (const owner of this.cachedMro(ref).classes) {
      const fn = methodNamed(owner.cls, name);
      if (fn) {
        found = { owner, fn };
        break;
      }
    }
    if (this.recording && ref.cls === this.recording.root) this.recording.lookups.push({ name, fn: found?.fn ?? null, owner: found?.owner.cls ?? null });
    return found;
  }

  /**
   * `deriveFunction` of a base class's setup method run for a test class (`self` is `selfClass`).
   * nova's `TestCase.setUp` runs for thousands of test classes and does the same for nearly all: a
   * derivation is reused for another class when every method lookup on `self` it made finds the same
   * method there (dynamic dispatch is the only way the subclass enters), and never when it read the
   * class's MRO directly.
   */
  deriveInheritedSetup(module: ModuleSummary, fn: FunctionSummary, selfClass: ClassRef): Derivation {
    const generation = this.index.generation;
    const cached = this.setupCache.get(fn);
    const variants = cached?.generation === generation ? cached.variants : [];
    for (const variant of variants) {
      const isSame = variant.lookups.every((lookup) => {
        const found = this.findMethod(selfClass, lookup.name);
        return (found?.fn ?? null) === lookup.fn && (found?.owner.cls ?? null) === lookup.owner;
      });
      if (isSame) return variant.derivation;
    }
    const previous = this.recording;
    const recording: Recording = { root: selfClass.cls, lookups: [], isReusable: true };
    this.recording = recording;
    let derivation: Derivation;
    try {
      derivation = this.deriveFunction(module, fn, new Map(), selfClass);
    } finally {
      this.recording = previous;
    }
    if (recording.isReusable && variants.length < MAX_SETUP_VARIANTS) {
      this.setupCache.set(fn, { generation, variants: [...variants, { lookups: recording.lookups, derivation }] });
    }
    return derivation;
  }

  /**
   * Visits a class in a sink of its own, so that what is true of this fixture (a policy engine fed
   * with test data) is settled before its claims join the caller's.
   */
  private visitClass(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef>, depth: number, sink: Sink): void {
    const key = `class:${ref.module.modulePath}.${ref.cls.name}`;
    if (sink.visited.has(key)) return;
    sink.visited.add(key);
    const own: Sink = { claims: [], patches: [], gaps: [], testData: [], visited: sink.visited, attributes: sink.attributes, isRoot: sink.isRoot };
    this.visitClassBody(ref, bindings, depth, own);
    const settled = settle(own);
    sink.claims.push(...settled.claims);
    sink.patches.push(...own.patches);
    sink.gaps.push(...settled.gaps);
  }

  private visitClassBody(ref: ClassRef, bindings: ReadonlyMap<string, ClassRef>, depth: number, sink: Sink): void {
    const { classes, external } = this.mro(ref);
    this.visitExternalBases(ref, classes, external, sink);
    // Setup methods in MRO order; `self.x()` dispatches on the most derived class (template methods).
    const frameBindings = new Map(bindings);
    for (const owner of classes) {
      for (const name of SETUP_METHODS) {
        const fn = methodNamed(owner.cls, name);
        if (!fn) continue;
        const frame: Frame = { module: owner.module, selfClass: ref, bindings: frameBindings, depth };
        if (name === '__init__') bindSelfAttributes(fn, frameBindings);
        this.visitFunction(fn, frame, sink);
      }
    }
  }

  private visitExternalBases(ref: ClassRef, classes: readonly ClassRef[], external: ReturnType<FactDeriver['mro']>['external'], sink: Sink): void {
    for (const base of external) {
      if (base.entry) {
        const evidence = evidenceFrom(ref.module, ref.cls.line, `class ${ref.cls.name}(${ref.cls.bases.join(', ')})`);
        const host = base.entry.hostAttribute ? this.classAttribute(classes, base.entry.hostAttribute) : null;
        const facts = host ? withoutTransport(base.entry.facts) : base.entry.facts;
        addEntryClaims(sink, base.entry, facts, evidence);
        if (host) this.noteHostAttribute(host, base.entry, sink);
        for (const [name, attribute] of Object.entries(base.entry.attributes ?? {})) {
          sink.attributes.set(name, { name, value: { kind: 'name', name: `${base.qualified}.${name}` }, evidence, valueClass: null, valueEntry: { ...base.entry, kind: attribute.kind, facts: attribute.facts } });
        }
      } else if (base.reason) {
        sink.gaps.push(`base ${base.base} of ${ref.cls.name}: ${base.reason}`);
      }
    }
  }

  private visitFunction(fn: FunctionSummary, frame: Frame, sink: Sink): void {
    const key = `fn:${frame.module.modulePath}:${fn.line}:${frame.selfClass?.cls.name ?? ''}`;
    if (sink.visited.has(key)) return;
    sink.visited.add(key);
    // A test body is visited once; what it calls (a driver's constructor, a shared helper) is called
    // by test after test, and deriving it afresh each time was most of a large test file's analysis.
    // Method lookups made while recording must all happen, so nothing is replayed then.
    if (frame.depth === 0 || this.recording) {
      this.visitFunctionBody(fn, frame, sink);
      return;
    }
    const memoKey = this.visitMemoKey(frame);
    let byContext = this.visitMemo.get(fn);
    if (!byContext) this.visitMemo.set(fn, (byContext = new Map()));
    const records = byContext.get(memoKey) ?? [];
    for (const record of records) if (replayVisit(record, sink)) return;
    const recorder = new SinkRecorder(sink);
    this.visitFunctionBody(fn, frame, recorder);
    const record = recorder.record();
    if (records.length < MAX_VISIT_VARIANTS) byContext.set(memoKey, [...records, record]);
    replayVisit(record, sink);
  }

  /**
   * What a visit's outcome depends on besides the sink: the function (the memo's key), its module,
   * the instance and bindings, and the depth left (the root class is a recorded answer instead:
   * most called code never meets it, and a key with it would keep a record per test class).
   */
  private visitMemoKey(frame: Frame): string {
    if (this.visitMemoGeneration !== this.index.generation) {
      this.visitMemo = new WeakMap();
      this.visitMemoGeneration = this.index.generation;
    }
    const bindings = frame.bindings.size ? [...frame.bindings].map(([name, ref]) => `${name}=${this.objectIds.of(ref.cls)}`).join(',') : '';
    const classId = (ref: ClassRef | null): string => (ref ? `${this.objectIds.of(ref.module)}.${this.objectIds.of(ref.cls)}` : '');
    return `${this.objectIds.of(frame.module)}|${classId(frame.selfClass)}|${frame.depth}|${bindings}`;
  }

  private visitFunctionBody(fn: FunctionSummary, frame: Frame, sink: Sink): void {
    // Local names bound to known library objects (`c = Client()`), for methods that need their receiver.
    const locals = new Map<string, string>();
    for (const call of fn.calls) {
      const entry = call.assignedTo ? this.knowledge.entryForCall(qualifyInModule(frame.module, call.callee) ?? call.callee) : null;
      if (entry && call.assignedTo) locals.set(call.assignedTo, entry.id);
    }
    // Parameters and local names shadow module-level names: `client` in `def client(app)` is not the fixture.
    const shadowed = new Set([
      ...fn.parameters.flatMap((p) => (p.name === 'self' || p.name === 'cls' ? [] : [p.name])),
      ...fn.calls.flatMap((c) => (c.assignedTo && /^\w+$/.test(c.assignedTo) ? [c.assignedTo] : [])),
      ...fn.assignments.flatMap((a) => (/^\w+$/.test(a.target) ? [a.target] : [])),
    ]);
    for (const call of fn.calls) this.visitCall(call, frame, sink, locals, shadowed, fn);
    for (const call of fn.calls) this.noteTestData(call, frame, sink);
    for (const assignment of fn.assignments) this.noteItemAssignment(assignment, frame, sink);
    for (const assignment of fn.assignments) {
      if (!assignment.target.startsWith('self.') || assignment.target.split('.').length !== 2 || assignment.target.includes('[')) continue;
      if (!frame.selfClass || !sink.isRoot(frame.selfClass.cls)) continue;
      const name = assignment.target.slice(5);
      const valueClass = assignment.value.kind === 'call' ? this.classOfCall(assignment.value.callee, frame) : null;
      const valueCallee = assignment.value.kind === 'call' ? (qualifyInModule(frame.module, assignment.value.callee) ?? null) : null;
      const valueEntry = assignment.value.kind === 'call' ? this.knowledge.entryForCall(valueCallee ?? assignment.value.callee, assignment.value.arguments) : null;
      sink.attributes.set(name, { name, value: assignment.value, evidence: evidenceFrom(frame.module, assignment.line, assignment.text), valueClass, valueEntry, valueCallee });
    }
  }

  /** Sockets a call listens on or connects to: the transport, from the bind and client tables. */
  private noteEndpoint(call: CallSummary, qualified: string, frame: Frame, sink: Sink, evidence: Evidence): void {
    const shape = { callee: call.callee, qualifiedCallee: qualified, arguments: call.arguments };
    const constants = moduleConstantsOf(frame.module);
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
    const because = `${qualified} connects to ${connect.value}${loopback ? ' (loopback)' : ''}`;
    sink.claims.push({ fact: 'transport', value: loopback ? 'loopback' : 'network', evidence: { ...evidence, fact: 'transport' }, because, kind: loopback ? null : 'network-client' });
    // The host came through a module constant: its line is evidence too.
    const constant = connect.constant ? frame.module.assignments.find((a) => a.line === connect.constant?.line && a.target === connect.constant.name) : undefined;
    if (constant) {
      sink.claims.push({ fact: 'transport', value: loopback ? 'loopback' : 'network', evidence: evidenceFrom(frame.module, constant.line, constant.text, 'transport'), because, kind: loopback ? null : 'network-client' });
    }
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

  private visitCall(call: CallSummary, frame: Frame, sink: Sink, locals: ReadonlyMap<string, string> = new Map(), shadowed: ReadonlySet<string> = new Set(), body?: FunctionSummary): void {
    const evidence = evidenceFrom(frame.module, call.line, call.text);
    const head = call.callee.split('.')[0];
    const isLocal = shadowed.has(head) && !frame.bindings.has(head);
    // `self.session.get(...)` with `self.session = requests.Session()`: the method of a library class.
    const attribute = /^self\.(\w+)\.(\w+)$/.exec(call.callee);
    const receiverCallee = attribute ? sink.attributes.get(attribute[1])?.valueCallee : null;
    const qualified = (isLocal ? null : qualifyInModule(frame.module, call.callee)) ?? (attribute && receiverCallee ? `${receiverCallee}.${attribute[2]}` : null);
    const name = qualified ?? call.callee;

    const entry = this.knowledge.entryForCall(name, call.arguments);
    if (entry) addEntryClaims(sink, entry, entry.facts, evidence);
    const methodName = call.callee.split('.').pop() ?? call.callee;
    const knownMethod = call.callee.includes('.') ? this.knowledge.entryForMethod(methodName, this.receiverEntry(call.callee, locals, sink), call.arguments) : null;
    // Derived code (a fixture, a helper) is used for what it leaves behind.
    const methodEntry = knownMethod && body ? entryInBody(knownMethod, call, body, true) : knownMethod;
    if (methodEntry) addEntryClaims(sink, methodEntry, methodEntry.facts, evidence);

    this.noteEndpoint(call, name, frame, sink, evidence);
    const primitive = patchPrimitive(name) ?? (call.callee.startsWith('monkeypatch.') ? patchPrimitive(call.callee) : null);
    if (primitive) {
      const target = patchTargetOf(primitive, call.arguments, frame.module);
      this.recordPatch(sink, frame, primitive.name, target?.target ?? null, replacementOf(primitive, call.arguments, target?.form ?? 0), evidence);
      return;
    }
    if (frame.depth >= this.maxDepth) return;
    // Callables a library runs for the test (`threading.Thread(target=serve)`): their bodies run too.
    for (const runnable of entry?.runs ? runnablesOf(entry.runs, call.arguments) : []) {
      const target = this.resolveCallee(runnable, frame);
      if (target && target.kind !== 'class') {
        this.visitFunction(target.fn, { module: target.module, selfClass: target.owner && target.bound ? frame.selfClass : (target.owner ?? null), bindings: frame.bindings, depth: frame.depth + 1 }, sink);
      }
    }
    if (entry) return;

    // `self.useFixture(X(...))`: the child fixture's setup runs now.
    if (/(^|\.)useFixture$/.test(call.callee)) {
      const child = call.arguments[0]?.value;
      if (child?.kind === 'call') {
        const ref = this.classOfCall(child.callee, frame);
        if (ref) this.visitClass(ref, this.constructorBindings(ref, child.arguments, frame), frame.depth + 1, sink);
      }
      return;
    }
    if (isLocal) return;
    const target = this.resolveCallee(call.callee, frame);
    if (!target) {
      const missing = this.missingWorkspaceName(call.callee, frame);
      if (missing) sink.gaps.push(`${call.callee} (${evidence.path}:${evidence.line}) cannot be followed: ${missing}`);
      return;
    }
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
    const entry = this.knowledge.entryForPatchTarget(target);
    if (entry) addEntryClaims(sink, entry, entry.facts, evidence);
    const check = patchedCheck(target, replacement, evidence, entry !== null);
    sink.claims.push(...check.claims);
    if (replacesProductionCode && !entry && !check.isCheck && !isSpy(replacement)) {
      sink.claims.push({ fact: 'data', value: 'fake', evidence: { ...evidence, fact: 'data' }, because: `replaces production code ${target} with ${replacement ?? 'a test double'}`, kind: 'fake-service' });
      // A lambda, a canned value or a mock answers in this process; a replacement function may do anything.
      if (isSelfContained(replacement)) {
        sink.claims.push({ fact: 'transport', value: 'in-process', evidence: { ...evidence, fact: 'transport' }, because: `calls to ${target} are answered in this process by ${replacement}`, kind: 'fake-service' });
      }
    }
    void frame;
  }

  /** The knowledge entry of a method call's receiver: a local (`c = Client()`) or an attribute (`self.client`). */
  private receiverEntry(callee: string, locals: ReadonlyMap<string, string>, sink: Sink): string | null {
    const receiver = callee.slice(0, callee.lastIndexOf('.'));
    if (locals.has(receiver)) return locals.get(receiver) ?? null;
    const attribute = /^self\.(\w+)$/.exec(receiver)?.[1];
    return attribute ? (sink.attributes.get(attribute)?.valueEntry?.id ?? null) : null;
  }

  /** A class-level string attribute, first in MRO order (`host = '0.0.0.0'` on a live-server test case). */
  private classAttribute(classes: readonly ClassRef[], name: string): { owner: ClassRef; value: string; line: number; text: string } | null {
    for (const owner of classes) {
      const attribute = [...owner.cls.attributes].reverse().find((a) => a.target === name);
      if (attribute) return attribute.value.kind === 'string' ? { owner, value: attribute.value.value, line: attribute.line, text: attribute.text } : null;
    }
    return null;
  }

  private noteHostAttribute(host: { owner: ClassRef; value: string; line: number; text: string }, entry: KnowledgeEntry, sink: Sink): void {
    const evidence = evidenceFrom(host.owner.module, host.line, host.text, 'transport');
    const value = isLoopback(host.value) ? 'loopback' : 'network';
    const where = isAllInterfaces(host.value) ? 'all interfaces' : isLoopback(host.value) ? 'the loopback address' : 'a non-loopback address';
    sink.claims.push({ fact: 'transport', value, evidence, because: `${entry.title} binds ${where} (${host.value || "''"}) set by ${host.owner.cls.name}.${entry.hostAttribute}`, kind: value === 'loopback' ? 'loopback-server' : 'network-server' });
  }

  /**
   * `app.dependency_overrides[dep] = fake`: the override is known (knowledge base); what it simulates
   * comes from `dep` itself (an authentication dependency), and a replaced production dependency
   * answers with test data.
   */
  private noteItemAssignment(assignment: FunctionSummary['assignments'][number], frame: Frame, sink: Sink): void {
    const match = /^(.+)\.(\w+)\[(.+)\]$/.exec(assignment.target);
    const entry = match ? this.knowledge.entryForSubscriptAssignment(match[2]) : null;
    if (!match || !entry) return;
    const evidence = evidenceFrom(frame.module, assignment.line, assignment.text);
    addEntryClaims(sink, entry, entry.facts, evidence);
    const key = match[3];
    const resolved = this.index.resolveNameIn(frame.module, key);
    if (resolved.kind !== 'function') {
      sink.gaps.push(`${key} overridden at ${evidence.path}:${evidence.line}: ${resolved.kind === 'unresolved' ? resolved.reason : `a ${resolved.kind}, not a dependency function`}`);
      return;
    }
    const scheme = this.authenticationScheme(resolved.module, resolved.fn, entry.dependencyMarkers ?? [], 0);
    const replacement = describeValue(assignment.value);
    if (scheme) {
      sink.claims.push({ fact: 'authn', value: 'simulated', evidence: { ...evidence, fact: 'authn' }, because: `${key} authenticates with ${scheme.name} (${scheme.path}:${scheme.line}); the test replaces it with ${replacement}`, kind: 'auth-simulated' });
    }
    if (!resolved.module.isTest) {
      sink.claims.push({ fact: 'data', value: 'fake', evidence: { ...evidence, fact: 'data' }, because: `replaces production dependency ${key} with ${replacement}`, kind: scheme ? 'auth-simulated' : 'fake-service' });
      const returned = assignment.value.kind === 'lambda' ? /^lambda[^:]*:\s*([A-Za-z_][\w.]*)\s*$/.exec(assignment.value.text)?.[1] : undefined;
      const data = returned ? this.index.resolveNameIn(frame.module, returned) : null;
      if (data?.kind === 'assignment' && data.module.isTest) {
        sink.claims.push({ fact: 'data', value: 'fake', evidence: evidenceFrom(data.module, data.assignment.line, data.assignment.text, 'data'), because: `the override returns ${returned}, a value defined in test code`, kind: null });
      }
    }
  }

  /**
   * The security scheme a dependency function authenticates with, through its parameters' dependency
   * markers (`token = Depends(oauth2_scheme)`), following dependencies on other functions a few levels.
   */
  private authenticationScheme(module: ModuleSummary, fn: FunctionSummary, markers: readonly string[], depth: number): { name: string; path: string; line: number } | null {
    if (depth > 3) return null;
    for (const param of fn.parameters) {
      const value = param.default;
      if (value?.kind !== 'call' || !markers.includes(qualifyInModule(module, value.callee) ?? value.callee)) continue;
      const dependency = value.arguments.find((a) => a.keyword === null || a.keyword === 'dependency')?.value;
      if (dependency?.kind === 'call') {
        const entry = this.knowledge.entryForCall(qualifyInModule(module, dependency.callee) ?? dependency.callee);
        if (entry?.kind === 'auth-scheme') return { name: entry.title, path: module.path, line: fn.line };
      }
      if (dependency?.kind !== 'name') continue;
      const resolved = this.index.resolveNameIn(module, dependency.name);
      if (resolved.kind === 'assignment' && resolved.assignment.value.kind === 'call') {
        const callee = resolved.assignment.value.callee;
        const entry = this.knowledge.entryForCall(qualifyInModule(resolved.module, callee) ?? callee);
        if (entry?.kind === 'auth-scheme') return { name: qualifyInModule(resolved.module, callee) ?? callee, path: resolved.module.path, line: resolved.assignment.line };
      } else if (resolved.kind === 'function') {
        const found = this.authenticationScheme(resolved.module, resolved.fn, markers, depth + 1);
        if (found) return found;
      }
    }
    return null;
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

  /**
   * Why a call into the workspace's own modules cannot be followed (its definition is missing), or
   * null: names from third-party packages are the knowledge base's business, not a gap.
   */
  private missingWorkspaceName(callee: string, frame: Frame): string | null {
    if (/^(self|cls|super)\b/.test(callee) || qualifyInModule(frame.module, callee) === null) return null;
    const resolved = this.index.resolveNameIn(frame.module, callee);
    return resolved.kind === 'unresolved' && resolved.externalPackage === null ? resolved.reason : null;
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
    let byFunction = this.wrapperCache.get(module);
    if (!byFunction) this.wrapperCache.set(module, (byFunction = new WeakMap()));
    const cached = byFunction.get(fn);
    if (cached !== undefined) return cached;
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
    byFunction.set(fn, wrapper);
    return wrapper;
  }
}

/**
 * What visiting a function added to a sink, and every answer it read from the sink before: replayed
 * into another sink that gives the same answers, it leaves that sink as visiting again would.
 */
export interface VisitRecord {
  readonly claims: readonly FactClaim[];
  readonly patches: readonly PatchRecord[];
  readonly gaps: readonly string[];
  readonly testData: readonly Evidence[];
  readonly visitedKeys: readonly string[];
  readonly attributeWrites: ReadonlyArray<readonly [string, AttributeRecord]>;
  readonly visitedReads: ReadonlyMap<string, boolean>;
  readonly attributeReads: ReadonlyMap<string, AttributeRecord | undefined>;
  readonly rootReads: ReadonlyMap<ClassSummary, boolean>;
}

/** A sink over another that keeps what is added to it apart and notes what it read through. */
export class SinkRecorder implements Sink {
  readonly claims: FactClaim[] = [];
  readonly patches: PatchRecord[] = [];
  readonly gaps: string[] = [];
  readonly testData: Evidence[] = [];
  readonly isRoot: (cls: ClassSummary) => boolean;
  readonly visited: VisitedKeys;
  readonly attributes: AttributeStore;
  private readonly visitedKeys = new Set<string>();
  private readonly visitedReads = new Map<string, boolean>();
  private readonly ownAttributes = new Map<string, AttributeRecord>();
  private readonly attributeWrites: Array<readonly [string, AttributeRecord]> = [];
  private readonly attributeReads = new Map<string, AttributeRecord | undefined>();
  private readonly rootReads = new Map<ClassSummary, boolean>();

  constructor(parent: Sink) {
    this.isRoot = (cls) => {
      let answer = this.rootReads.get(cls);
      if (answer === undefined) this.rootReads.set(cls, (answer = parent.isRoot(cls)));
      return answer;
    };
    this.visited = {
      has: (key) => {
        if (this.visitedKeys.has(key)) return true;
        let answer = this.visitedReads.get(key);
        if (answer === undefined) this.visitedReads.set(key, (answer = parent.visited.has(key)));
        return answer;
      },
      add: (key) => this.visitedKeys.add(key),
    };
    this.attributes = {
      get: (name) => {
        if (this.ownAttributes.has(name)) return this.ownAttributes.get(name);
        if (!this.attributeReads.has(name)) this.attributeReads.set(name, parent.attributes.get(name));
        return this.attributeReads.get(name);
      },
      set: (name, record) => {
        this.ownAttributes.set(name, record);
        this.attributeWrites.push([name, record]);
      },
    };
  }

  record(): VisitRecord {
    const { claims, patches, gaps, testData, attributeWrites, visitedReads, attributeReads, rootReads } = this;
    return { claims, patches, gaps, testData, visitedKeys: [...this.visitedKeys], attributeWrites, visitedReads, attributeReads, rootReads };
  }
}

/** Adds a recorded visit to `sink` when the sink answers as it did when recorded; false otherwise. */
export function replayVisit(record: VisitRecord, sink: Sink): boolean {
  for (const [key, answer] of record.visitedReads) if (sink.visited.has(key) !== answer) return false;
  for (const [name, value] of record.attributeReads) if (sink.attributes.get(name) !== value) return false;
  for (const [cls, answer] of record.rootReads) if (sink.isRoot(cls) !== answer) return false;
  for (const key of record.visitedKeys) sink.visited.add(key);
  for (const [name, value] of record.attributeWrites) sink.attributes.set(name, value);
  // Element by element: a spread of thousands of claims would overflow the call stack.
  for (const claim of record.claims) sink.claims.push(claim);
  for (const patch of record.patches) sink.patches.push(patch);
  for (const gap of record.gaps) sink.gaps.push(gap);
  for (const data of record.testData) sink.testData.push(data);
  return true;
}

/** Small numbers for objects, for cache keys that must tell equal-looking summaries apart. */
class ObjectIds {
  private readonly ids = new WeakMap<object, number>();
  private next = 0;

  of(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) this.ids.set(object, (id = this.next++));
    return id;
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

/** The patched target, and which of the primitive's `|` alternatives it was written in. */
export function patchTargetOf(primitive: PatchPrimitive, args: CallSummary['arguments'], module: ModuleSummary): { target: string; form: number } | null {
  const positional = args.filter((a) => a.keyword === null).map((a) => a.value);
  const forms = primitive.target.split('|');
  for (let index = 0; index < forms.length; index++) {
    if (forms[index] === 'arg0') {
      const first = positional[0];
      if (first?.kind === 'string') return { target: first.value, form: index };
      if (first?.kind === 'name' && primitive.name.endsWith('.dict')) return { target: qualifyInModule(module, first.name) ?? first.name, form: index };
    } else if (forms[index] === 'arg0.arg1') {
      const [object, attribute] = positional;
      if (object?.kind === 'name' && attribute?.kind === 'string') return { target: `${qualifyInModule(module, object.name) ?? object.name}.${attribute.value}`, form: index };
    }
  }
  return null;
}

/** What replaces the target, as written (`return_value=True`, `lambda *a: True`, `wraps=views.can_edit`). */
export function replacementOf(primitive: PatchPrimitive, args: CallSummary['arguments'], form = 0): string | null {
  const positional = args.filter((a) => a.keyword === null).map((a) => a.value);
  // `new` alternatives follow the target's: `setattr('a.b', v)` has v in arg1, `setattr(obj, 'b', v)` in arg2.
  for (const where of primitive.new.map((w) => w.split('|')).map((alternatives) => alternatives[form] ?? alternatives[0])) {
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

/** A spy: `wraps=` calls the original, so the patched check still decides. */
export function isSpy(replacement: string | null): boolean {
  return replacement !== null && /^wraps=/.test(replacement);
}

/** What patching an authorization check with `replacement` does to authorization, or null when it cannot tell. */
export function authorizationEffect(target: string, replacement: string | null): { value: 'bypassed' | 'enforced'; because: string } | null {
  if (isSpy(replacement)) return { value: 'enforced', because: `${target} (an authorization check) is wrapped by a spy (${replacement}): the real check still runs` };
  if (allowsEverything(replacement)) return { value: 'bypassed', because: `${target} (an authorization check) is replaced by ${replacement ?? 'a MagicMock (truthy)'}` };
  return null;
}

/**
 * What patching `target` decides when the target is a check, with the claims that say so: an
 * authorization check bypassed (or, by a spy, enforced), or an authentication check made to answer
 * yes (authentication simulated; not when a knowledge entry (`known`) already says what the target
 * is). `isCheck`: a patched check stands for a decision, not for a service (no "fake service" claim).
 * Shared by the derivation of fixtures and helpers and by the resolution of a test's own patches.
 */
export function patchedCheck(target: string, replacement: string | null, evidence: Evidence, known: boolean): { readonly claims: FactClaim[]; readonly authz: ReturnType<typeof authorizationEffect>; readonly authn: ReturnType<typeof authenticationEffect>; readonly isCheck: boolean } {
  const isAuthz = isAuthorizationCheck(target);
  const authz = isAuthz ? authorizationEffect(target, replacement) : null;
  const authn = !isAuthz && !known && isAuthenticationCheck(target) ? authenticationEffect(target, replacement) : null;
  const claims: FactClaim[] = [];
  if (authz) claims.push({ fact: 'authz', value: authz.value, evidence: { ...evidence, fact: 'authz' }, because: authz.because, kind: authz.value === 'bypassed' ? 'policy-bypass' : 'spy' });
  if (authn) claims.push({ fact: 'authn', value: authn.value, evidence: { ...evidence, fact: 'authn' }, because: authn.because, kind: 'auth-simulated' });
  return { claims, authz, authn, isCheck: isAuthz || authn !== null };
}

/**
 * What patching an authentication check with `replacement` does, or null when it cannot tell: it
 * simulates authentication when the mock answers yes or with a fixed identity (a bare MagicMock,
 * `return_value=True`, `return_value=user`), not when it answers no (`False`, `None`) or raises.
 */
export function authenticationEffect(target: string, replacement: string | null): { value: 'simulated'; because: string } | null {
  if (isSpy(replacement)) return null;
  const answers = replacement === null || /^return_value=(?!(False|None|0)$)|^lambda[^:]*:\s*(?!(False|None)\b)\S|MagicMock|Mock\(\)/.test(replacement);
  return answers ? { value: 'simulated', because: `${target} (an authentication check) is replaced by ${replacement ?? 'a MagicMock (truthy)'}: the test chooses who is authenticated` } : null;
}

/** True for replacements that grant: `return_value=True`, `lambda *a: True`, `new=lambda: None` is not. */
function allowsEverything(replacement: string | null): boolean {
  if (replacement === null) return true; // a bare MagicMock is truthy: every check passes
  return /return_value=True\b|^lambda[^:]*:\s*True\b|return_value=None\b|^lambda[^:]*:\s*None\b|MagicMock|Mock\(\)/.test(replacement);
}

/** Names of callables in the arguments a primitive runs (`target=serve`, `target=self._serve`). */
function runnablesOf(locators: readonly string[], args: CallSummary['arguments']): string[] {
  const positional = args.filter((a) => a.keyword === null);
  const found: string[] = [];
  for (const locator of locators) {
    const value = locator.startsWith('kw:') ? args.find((a) => a.keyword === locator.slice(3))?.value : positional[Number(locator.slice(3))]?.value;
    if (value?.kind === 'name' && !found.includes(value.name)) found.push(value.name);
  }
  return found;
}

function withoutTransport(facts: KnowledgeFacts): KnowledgeFacts {
  const { transport: _transport, ...rest } = facts;
  return rest;
}

export function describeValue(value: ArgumentValue): string {
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

function newSink(root: ClassRef | null): RootSink {
  return { claims: [], patches: [], attributes: new Map(), gaps: [], visited: new Set(), isRoot: (cls) => cls === root?.cls, testData: [] };
}

/**
 * Freezes what was found. A policy engine fed with rules from test modules says nothing about the
 * real policy: authorization becomes unknown, with the engine and the test data as evidence.
 */
function freeze(sink: RootSink): Derivation {
  return { ...settle(sink), patches: sink.patches, attributes: sink.attributes };
}

function settle(sink: Sink): { claims: FactClaim[]; gaps: string[] } {
  const claims = [...sink.claims];
  const gaps = [...sink.gaps];
  if (sink.testData.length && claims.some((c) => c.fact === 'authz' && c.value === 'enforced')) {
    const data = sink.testData[0];
    claims.push({ fact: 'authz', value: 'unknown', evidence: { ...data, fact: 'authz' }, because: `the policy engine runs with rules read from test data (${data.path}:${data.line})`, kind: 'policy' });
    gaps.push(`authorization: the policy engine runs, but its rules come from test data (${data.path}:${data.line})`);
  }
  return { claims, gaps: [...new Set(gaps)] };
}

/** Precedence when several values are claimed: the riskier transport and identity win. */
const PRECEDENCE: Record<string, readonly string[]> = {
  transport: ['network', 'loopback', 'in-process', 'none'],
  authn: ['bypassed', 'simulated', 'real', 'none'],
  data: ['real', 'recorded', 'fake'],
};

/** Kinds in order of what they say about reachability first. */
const KIND_ORDER = ['network-server', 'loopback-server', 'in-process-api', 'in-process-client', 'request-factory', 'intercepted-http', 'fake-service', 'recorded-http', 'policy', 'policy-bypass', 'auth-simulated', 'clock', 'temp-dir', 'monkeypatch', 'pytest-builtin'];

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

/**
 * A module's assignments as the endpoint tables read them, once per summary (summaries are never
 * mutated): every call of every test asked for them, a copy of thousands of rows in a large test module.
 */
const moduleConstants = new WeakMap<ModuleSummary, readonly ModuleConstant[]>();
function moduleConstantsOf(module: ModuleSummary): readonly ModuleConstant[] {
  let constants = moduleConstants.get(module);
  if (!constants) moduleConstants.set(module, (constants = module.assignments.map((a) => ({ name: a.target, value: a.value, line: a.line }))));
  return constants;
}
