/**
 * Resolves the doubles of one test file against the workspace: definitions, derived kind and
 * facts with evidence, and the doubles only resolution can see (attributes of fixtures such as
 * `api_fixture.admin_api`, helper functions and classes that install stubs or open connections,
 * library clients, decorators, and what library base classes provide: `self.client`, live servers).
 */
import type { AuthorizationScope, Evidence, Facts, TestDouble } from '../model/types';
import { UNKNOWN_FACTS } from '../model/types';
import type { ArgumentValue } from '../model/syntax';
import type { CallSummary, ClassSummary, FunctionSummary, ModuleEntry, ModuleSummary } from '../model/workspace';
import { CLASS_SETUP_METHODS, methodNamed } from './class-methods';
import { describeValue, FactDeriver, isSpy, patchedCheck, patchTargetOf, replacementOf, summarizeClaims, type ClassRef, type Derivation, type FactClaim } from './derive-facts';
import { BUILT_IN_KNOWLEDGE, entryInBody, patchPrimitive, type KnowledgeBase, type KnowledgeEntry, type KnowledgeFacts } from './knowledge';
import { pointKey } from '../rules/local-values';
import type { DeclaredPackage } from '../config/declared-packages';
import { pluginFixtureEntry, pluginPresence } from './pytest-plugins';
import { qualifyInModule, type Resolution, type WorkspaceIndex } from './workspace-index';

export interface WorkspaceContext {
  readonly index: WorkspaceIndex;
  readonly deriver: FactDeriver;
  /** The built-in knowledge base with the workspace's own entries in front. */
  readonly knowledge: KnowledgeBase;
  /** The distributions the workspace's pyproject.toml and requirements files declare (pytest plugins among them). */
  readonly declaredPackages: readonly DeclaredPackage[];
}

export function createWorkspaceContext(index: WorkspaceIndex, knowledge: KnowledgeBase = BUILT_IN_KNOWLEDGE, declaredPackages: readonly DeclaredPackage[] = []): WorkspaceContext {
  return { index, deriver: new FactDeriver({ index, knowledge }), knowledge, declaredPackages };
}

export interface ResolveInput {
  readonly context: WorkspaceContext;
  /** Summary of the file under analysis (same text and version as the doubles). */
  readonly module: ModuleSummary;
  readonly doubles: readonly TestDouble[];
  /**
   * Only this function's doubles (the editor re-analysing one edited test): discovery looks at its
   * body alone and leaves the doubles of classes and of other functions to the previous analysis.
   */
  readonly only?: FunctionRef;
}

/** A module-level function (`className` null) or a method of a module-level class. */
export interface FunctionRef {
  readonly className: string | null;
  readonly name: string;
}

export function resolveDoubles(input: ResolveInput): TestDouble[] {
  const resolver = new Resolver(input.context, input.module);
  const resolved = input.doubles.map((d) => resolver.resolve(d));
  return [...resolved, ...resolver.discover(resolved, input.only)].map((d) => withReachability(d, input.context.index));
}

/**
 * Whether production code can reach a double defined in test code: a non-test module imports its
 * definition by name. Doubles defined elsewhere (knowledge base, patched production code) stay null.
 */
function withReachability(double: TestDouble, index: WorkspaceIndex): TestDouble {
  const definedAt = double.definedAt;
  if (!definedAt || !('path' in definedAt) || double.form === 'pytest-parameter' && !index.isTestPath(definedAt.path) && !definedAt.path.endsWith('conftest.py')) return double;
  if (!index.isTestPath(definedAt.path) && !isTestModule(index, definedAt.path)) return double;
  const importers = index.productionImportersOf(definedAt);
  const evidence: Evidence[] = importers.map((i) => ({ fact: 'reachableFromProduction', path: i.path, line: i.line, text: i.text }));
  return { ...double, facts: { ...double.facts, reachableFromProduction: importers.length > 0 }, evidence: [...double.evidence, ...evidence] };
}

function isTestModule(index: WorkspaceIndex, path: string): boolean {
  const entry = index.entryAt(path);
  return entry ? (index.summary(entry)?.isTest ?? false) : false;
}

interface CallLookup {
  /** By `pointKey` of the callee's end. */
  readonly byCalleeEnd: ReadonlyMap<number, CallSummary>;
  readonly textByLine: ReadonlyMap<number, string>;
  readonly moduleCallsByCalleeEnd: ReadonlyMap<number, CallSummary>;
  readonly decoratorsByLine: ReadonlyMap<number, ReadonlyArray<FunctionSummary['decorators'][number]>>;
}

class Resolver {
  private readonly index: WorkspaceIndex;
  private readonly deriver: FactDeriver;
  private readonly knowledge: KnowledgeBase;
  private functions: ReadonlyArray<{ cls: ClassSummary | null; fn: FunctionSummary }> | undefined;
  private calls: CallLookup | undefined;
  /**
   * Answers per callee as written, for this file's analysis (the index does not change during it):
   * discovery asks about every call of every function, and a test module calls the same few names
   * (`self.assertEqual`, `mock.patch.object`, its helpers) thousands of times.
   */
  private readonly qualifiedCallees = new Map<string, string | null>();
  private readonly calleeResolutions = new Map<string, Resolution>();
  private readonly helperTargets = new Map<string, HelperTarget | null>();
  /** Methods that build an object carrying an identity (`identityOnBuilt`): calls of no other name are passed over at once. */
  private buildingMethods: ReadonlySet<string> | null = null;
  /** Derivations of workspace helper functions by function, then by the parameters bound to the test class. */
  private readonly helperDerivations = new Map<FunctionSummary, Array<{ readonly bindings: ReadonlyArray<readonly [string, ClassSummary]>; readonly derivation: Derivation }>>();

  constructor(
    private readonly context: WorkspaceContext,
    private readonly module: ModuleSummary,
  ) {
    this.index = context.index;
    this.deriver = context.deriver;
    this.knowledge = context.knowledge;
  }

  resolve(double: TestDouble): TestDouble {
    switch (double.form) {
      case 'use-fixture':
        return this.resolveUseFixture(double);
      case 'pytest-parameter':
        return this.resolveFixtureParameter(double);
      case 'stub-out':
        return this.resolveStubOut(double);
      case 'patch-decorator':
      case 'patch-context':
      case 'patch-start':
      case 'patcher':
      case 'patch-fixture':
      case 'monkeypatch-setattr':
        return this.resolveWorkspacePatchLookalike(double) ?? this.resolvePatch(double, double.qualifiedName ?? double.name);
      default:
        return double;
    }
  }

  private resolveUseFixture(given: TestDouble): TestDouble {
    const double = given.qualifiedName ? given : this.traceLocalFixture(given);
    if (!double.qualifiedName) return double;
    const entry = this.knowledge.entryForCall(double.qualifiedName, this.callAt(double));
    if (entry) return withKnowledge(double, entry);
    const resolution = this.index.resolve(double.qualifiedName);
    if (resolution.kind === 'unresolved') return { ...double, unresolved: resolution.reason };
    if (resolution.kind !== 'class') return { ...double, definedAt: definitionOf(resolution.module, lineOf(resolution)), unresolved: `${double.qualifiedName} is a ${resolution.kind}, not a fixture class` };
    const ref = { module: resolution.module, cls: resolution.cls };
    const call = this.callAt(double);
    const testClass = this.classOfScope(double.scope);
    const bindings = new Map<string, ClassRef>();
    const init = this.deriver.findMethod(ref, '__init__');
    if (init && call && testClass) {
      const params = init.fn.parameters.slice(init.fn.parameters[0]?.name === 'self' ? 1 : 0);
      call.forEach((arg, i) => {
        if (arg.keyword === null && arg.value.kind === 'name' && arg.value.name === 'self' && params[i]) bindings.set(params[i].name, testClass);
        if (arg.keyword && arg.value.kind === 'name' && arg.value.name === 'self') bindings.set(arg.keyword, testClass);
      });
    }
    return withDerivation(double, definitionOf(ref.module, ref.cls.line), this.deriver.deriveClass(ref, bindings));
  }

  private resolveFixtureParameter(double: TestDouble): TestDouble {
    const found = this.findFixture(double.name);
    if (found) {
      const derivation = this.deriver.deriveFunction(found.module, found.fn);
      const derived = withDerivation(double, definitionOf(found.module, found.fn.line), derivation, 'pytest-fixture');
      return { ...derived, qualifiedName: `${found.module.modulePath}.${found.fn.name}` };
    }
    const entry = pluginFixtureEntry(this.knowledge, double.name, this.context);
    if (entry) {
      // A plugin known only from its declaration says where: that line is why the fixture is taken as the plugin's.
      const declaredAt = entry.requiresPlugin ? pluginPresence(this.context, entry.requiresPlugin)?.declaredAt : null;
      const resolved = withKnowledge(double, entry);
      if (!declaredAt) return resolved;
      return { ...resolved, explanation: `${entry.because} ${entry.requiresPlugin} is not in the workspace; ${declaredAt.path}:${declaredAt.line} declares it (${declaredAt.text}), so ${double.name} is taken as its fixture.` };
    }
    return { ...double, unresolved: `no fixture named ${double.name} in this file, its conftest.py files or the known pytest builtins and plugins` };
  }

  fixtureNamed(name: string): { module: ModuleSummary; fn: FunctionSummary } | null {
    return this.findFixture(name);
  }

  /** Autouse fixtures covering this file: conftest.py files from the root down, then the file itself. */
  autouseFixtures(): Array<{ module: ModuleSummary; fn: FunctionSummary }> {
    const result: Array<{ module: ModuleSummary; fn: FunctionSummary }> = [];
    const parts = this.module.path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const entry = this.entryByPath([...parts.slice(0, depth), 'conftest.py'].join('/'));
      const summary = entry ? this.index.summary(entry) : null;
      for (const fn of summary?.functions ?? []) if (fn.fixture?.autouse) result.push({ module: summary as ModuleSummary, fn });
    }
    for (const fn of this.module.functions) if (fn.fixture?.autouse) result.push({ module: this.module, fn });
    return result;
  }

  /** The nearest definition: this file, then `conftest.py` files from its folder up to the root. */
  private findFixture(name: string): { module: ModuleSummary; fn: FunctionSummary } | null {
    const own = this.module.functions.find((f) => f.fixture?.name === name);
    if (own) return { module: this.module, fn: own };
    const parts = this.module.path.split('/');
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const conftestPath = [...parts.slice(0, depth), 'conftest.py'].join('/');
      const entry = this.entryByPath(conftestPath);
      const summary = entry ? this.index.summary(entry) : null;
      const fn = summary?.functions.find((f) => f.fixture?.name === name);
      if (summary && fn) return { module: summary, fn };
    }
    return null;
  }

  private entryByPath(relativePath: string): ModuleEntry | undefined {
    return this.index.entryAt(relativePath);
  }

  private resolveStubOut(double: TestDouble): TestDouble {
    const testClass = this.classOfScope(double.scope);
    const method = testClass ? this.deriver.findMethod(testClass, 'stub_out') : null;
    if (!method) return { ...double, unresolved: 'stub_out is not defined in the test class or its workspace bases' };
    const wrapper = this.deriver.patchWrapper(method.owner.module, method.fn);
    const definedAt = definitionOf(method.owner.module, method.fn.line);
    if (!wrapper) return { ...double, definedAt, unresolved: `${method.owner.cls.name}.stub_out does not call a known patch primitive with its argument` };
    const args = this.argumentsAt(double);
    const replacement = args ? (args.filter((a) => a.keyword === null)[wrapper.newIndex]?.value ?? null) : undefined;
    return this.resolvePatch({ ...double, definedAt }, wrapper.primitive, `${method.owner.cls.name}.stub_out calls ${wrapper.primitive} (${method.owner.module.path}:${method.fn.line})`, replacement);
  }

  /** What replaces a patch's target, read from the call or decorator at the double's use site. */
  private replacementAt(double: TestDouble, primitiveName: string): string | null {
    const primitive = patchPrimitive(primitiveName);
    const args = this.argumentsAt(double);
    if (!primitive || !args) return null;
    return replacementOf(primitive, args, patchTargetOf(primitive, args, this.module)?.form ?? 0);
  }

  /**
   * What the test body makes a patch decorator's mock answer, written as a replacement would be
   * (`mock_has_perms.return_value = False` → `return_value=False`): a bare `@patch('…has_perm')` whose
   * mock the test then sets to deny is no bypass. The decorators pass their mocks bottom-up, as the
   * first parameters after `self`; a decorator given its replacement (`new`) passes none.
   */
  private answerGivenInTest(double: TestDouble): string | null {
    if (double.form !== 'patch-decorator') return null;
    const [owner, method] = double.scope.includes('.') ? double.scope.split('.') : [null, double.scope];
    const fn = owner === null ? this.module.functions.find((f) => f.name === method) : this.module.classes.find((c) => c.name === owner)?.methods.find((f) => f.name === method);
    if (!fn) return null;
    const passingMocks = fn.decorators.filter((d) => {
      const primitive = patchPrimitive(qualifyInModule(this.module, d.callee) ?? d.callee);
      if (!primitive || !primitive.new.length) return false;
      const newSlot = Number(primitive.new[0].replace(/^arg/, ''));
      return !d.arguments.some((a) => a.keyword === 'new') && d.arguments.filter((a) => a.keyword === null).length <= newSlot;
    });
    const position = [...passingMocks].reverse().findIndex((d) => d.line === double.span.start.row + 1);
    const parameters = fn.parameters.filter((p, i) => !(i === 0 && (p.name === 'self' || p.name === 'cls')));
    const mock = position >= 0 ? parameters[position]?.name : undefined;
    if (!mock) return null;
    const set = fn.assignments.find((a) => a.target === `${mock}.return_value` || a.target === `${mock}.side_effect`);
    if (!set) return null;
    // A side effect that is a function answers for the mock: `side_effect = lambda *a: True` allows as `new=lambda *a: True` would.
    if (set.target.endsWith('.side_effect') && set.value.kind === 'lambda') return describeValue(set.value);
    return `${set.target.slice(mock.length + 1)}=${describeValue(set.value)}`;
  }

  /**
   * A `MockPatch(...)` or `patch(...)` that the file imports from the workspace is that workspace
   * definition, not the library primitive of the same name: resolved as what it is.
   */
  private resolveWorkspacePatchLookalike(double: TestDouble): TestDouble | null {
    const qualified = double.qualifiedName;
    if (!qualified || patchPrimitive(qualified)) return null;
    const resolution = this.index.resolve(qualified);
    if (resolution.kind === 'unresolved' || resolution.kind === 'module') return null;
    const definedAt = definitionOf(resolution.module, lineOf(resolution));
    const note = `${double.name} here is ${qualified} (${resolution.module.path}:${lineOf(resolution)}), a workspace ${resolution.kind}, not a known patch primitive`;
    if (resolution.kind === 'class' && double.form === 'patch-fixture') {
      const resolved = this.resolveUseFixture(double);
      const derived = resolved.kind === 'unresolved' ? 'fixture' : resolved.kind;
      return { ...resolved, kind: derived, unresolved: resolved.unresolved ?? note };
    }
    return { ...double, kind: 'unresolved', definedAt, unresolved: note };
  }

  /** A patch: what it replaces (definition), and what that means (knowledge, authorization, production code). */
  private resolvePatch(double: TestDouble, primitive: string, via?: string, replacementArgument?: ArgumentValue | null): TestDouble {
    const target = double.target;
    if (!target) return { ...double, unresolved: 'the patch target is not a literal dotted name' };
    const evidence: Evidence = { path: this.module.path, line: double.span.start.row + 1, text: this.lineText(double.span.start.row + 1) };
    const claims: FactClaim[] = [];
    const entry = this.knowledge.entryForPatchTarget(target);
    if (entry) for (const [fact, value] of Object.entries(entry.facts)) claims.push({ fact: fact as FactClaim['fact'], value: value as string, evidence: { ...evidence, fact: fact as FactClaim['fact'] }, because: entry.because, kind: entry.kind ?? null });
    const replacement = replacementArgument !== undefined ? (replacementArgument ? describeValue(replacementArgument) : null) : (this.replacementAt(double, primitive) ?? this.answerGivenInTest(double));
    const { claims: checkClaims, authz, authn, isCheck } = patchedCheck(target, replacement, evidence, entry !== null);
    claims.push(...checkClaims);
    // `patch.object(self.compute.driver, 'rebuild')` patches an object the test holds, not a module name.
    if (/^(self|cls)\./.test(target)) {
      return { ...double, unresolved: `patches ${target}, an attribute of an object the test itself holds (not a module-level name)` };
    }
    const resolution = target.startsWith('environ:') ? null : this.index.resolve(target);
    const definedAt = resolution && resolution.kind !== 'unresolved' ? definitionOf(resolution.module, lineOf(resolution)) : double.definedAt;
    if (resolution && resolution.kind !== 'unresolved' && !resolution.module.isTest && !entry && !isCheck && !isSpy(replacement)) {
      claims.push({ fact: 'data', value: 'fake', evidence: { ...evidence, fact: 'data' }, because: `replaces production code ${target}`, kind: null });
    }
    const summary = summarizeClaims(claims);
    const unresolved = resolution?.kind === 'unresolved' ? `patched target: ${resolution.reason}` : null;
    return {
      ...double,
      kind: authz ? (authz.value === 'bypassed' ? 'policy-bypass' : 'spy') : authn ? 'auth-simulated' : double.kind,
      definedAt,
      facts: summary.facts,
      evidence: [...summary.evidence, ...(via ? [{ path: this.module.path, line: evidence.line, text: via }] : [])],
      unresolved,
      qualifiedName: double.qualifiedName ?? primitive,
    };
  }

  /** `fx = SomeFixture(...)` then `self.useFixture(fx)`: the variable's last assignment above the use. */
  private traceLocalFixture(double: TestDouble): TestDouble {
    const [className, functionName] = double.scope.includes('.') ? double.scope.split('.') : [null, double.scope];
    const owner = className ? this.module.classes.find((c) => c.name === className)?.methods : this.module.functions;
    const fn = owner?.find((f) => f.name === functionName);
    const line = double.span.start.row + 1;
    const assignment = fn?.assignments.filter((a) => a.target === double.name && a.line <= line && a.value.kind === 'call').pop();
    if (!assignment || assignment.value.kind !== 'call') {
      return { ...double, unresolved: `useFixture is given ${double.name}, which is not assigned from a constructor call earlier in ${double.scope}` };
    }
    const qualifiedName = qualifyInModule(this.module, assignment.value.callee);
    if (!qualifiedName) return { ...double, unresolved: `${double.name} is assigned from ${assignment.value.callee}(…) (line ${assignment.line}), which is not imported or defined in this file` };
    return { ...double, qualifiedName, evidence: [{ path: this.module.path, line: assignment.line, text: assignment.text }] };
  }

  /** Doubles that only resolution reveals. */
  discover(known: readonly TestDouble[], only?: FunctionRef): TestDouble[] {
    const found: TestDouble[] = [];
    const seen = new Set(known.map((d) => pointKey(d.span.start)));
    const add = (double: TestDouble): void => {
      const key = pointKey(double.span.start);
      if (!seen.has(key)) {
        seen.add(key);
        found.push(double);
      }
    };
    if (!only) for (const cls of this.module.classes) this.baseClassDoubles({ module: this.module, cls }).forEach(add);
    const attributesByClass = new Map<ClassSummary, Map<string, SelfAttribute>>();
    const fixtureArguments = new Set(known.filter((d) => d.form === 'use-fixture').map((d) => pointKey(d.span.end)));
    for (const { cls, fn } of this.functionsOfModule()) {
      if (only && (fn.name !== only.name || (cls?.name ?? null) !== only.className)) continue;
      const scope = cls ? `${cls.name}.${fn.name}` : fn.name;
      const testClass = cls ? { module: this.module, cls } : null;
      if (cls && !attributesByClass.has(cls)) attributesByClass.set(cls, this.selfAttributes({ module: this.module, cls }));
      const attributes = (cls && attributesByClass.get(cls)) || new Map<string, SelfAttribute>();
      const locals = this.localReceivers(fn);
      this.discoverFixtureAttributes(fn, scope, known).forEach(add);
      this.inheritedAttributeUses(fn, scope, attributes).forEach(add);
      this.objectMethodCalls(fn, scope).forEach(add);
      this.identityAssignments(fn, scope, cls, attributes, locals).forEach(add);
      for (const call of fn.calls) {
        const isFixtureArgument = fixtureArguments.has(pointKey(call.calleeSpan.end));
        const helper = isFixtureArgument ? null : this.helperCall(call, scope, testClass);
        if (helper) add(helper);
        const library = this.libraryCall(call, scope, attributes, locals, fn);
        if (library) add(library);
      }
      for (const decorator of fn.decorators) {
        const qualified = this.qualified(decorator.callee) ?? decorator.callee;
        const entry = this.knowledge.entryForDecorator(qualified);
        if (entry) add(withKnowledge(baseDouble(decorator.callee, qualified, 'decorator', { row: decorator.line - 1, column: 0, endColumn: 0 }, scope), entry, { path: this.module.path, line: decorator.line, text: decorator.text }));
      }
    }
    return found;
  }

  /**
   * `request.user = user` on a request a known factory built (`request = self.factory.get('/')` in
   * the test, or `self.request = …` in the class's setup): the test hands the view an identity itself,
   * with no authentication middleware in between (`identityOnBuilt`). `None` and `AnonymousUser()` set none.
   */
  private identityAssignments(fn: FunctionSummary, scope: string, cls: ClassSummary | null, attributes: ReadonlyMap<string, SelfAttribute>, testLocals: ReadonlyMap<string, string>): TestDouble[] {
    const built = new Map<string, { entry: KnowledgeEntry; line: number; text: string; inTest: boolean }>();
    this.buildingMethods ??= new Set(this.knowledge.entries.flatMap((entry) => entry.identityOnBuilt?.methods ?? []));
    const buildingMethods = this.buildingMethods;
    const noteBuilds = (owner: FunctionSummary, inTest: boolean): void => {
      // The test's own locals are the ones `discover` read; a setup method's are read when it builds something.
      let locals: ReadonlyMap<string, string> | null = inTest ? testLocals : null;
      for (const call of owner.calls) {
        const dot = call.callee.lastIndexOf('.');
        if (!call.assignedTo || dot < 0 || !buildingMethods.has(call.callee.slice(dot + 1)) || (!inTest && !/^(self|cls)\.\w+$/.test(call.assignedTo))) continue;
        locals ??= this.localReceivers(owner);
        const entry = this.builderEntry(call.callee.slice(0, dot), owner, attributes, locals);
        if (!entry?.identityOnBuilt?.methods.includes(call.callee.slice(dot + 1))) continue;
        built.set(call.assignedTo.replace(/^cls\./, 'self.'), { entry, line: call.line, text: call.text, inTest });
      }
    };
    for (const method of cls?.methods ?? []) if (method !== fn && CLASS_SETUP_METHODS.includes(method.name)) noteBuilds(method, false);
    noteBuilds(fn, true);
    if (!built.size) return [];
    const result: TestDouble[] = [];
    for (const assignment of fn.assignments) {
      const dot = assignment.target.lastIndexOf('.');
      const request = built.get(assignment.target.slice(0, dot));
      const identity = request?.entry.identityOnBuilt;
      if (!request || !identity || !identity.attributes.includes(assignment.target.slice(dot + 1))) continue;
      if (request.inTest && request.line > assignment.line) continue;
      const value = assignment.value;
      if ((value.kind === 'name' && value.name === 'None') || (value.kind === 'call' && identity.anonymous?.includes(this.qualified(value.callee) ?? value.callee))) continue;
      const column = targetColumn(assignment);
      const double = baseDouble(assignment.target, null, 'identity-assignment', { row: assignment.line - 1, column, endColumn: column + assignment.target.length }, scope);
      const variant: KnowledgeEntry = { ...request.entry, kind: identity.kind, facts: identity.facts, because: identity.because };
      const evidence = { path: this.module.path, line: assignment.line, text: assignment.text };
      const resolved = withKnowledge(double, variant, evidence);
      // The request also carries what its factory is (in-process: it goes to a view, not over a socket).
      const summary = summarizeClaims([...claimsOf(identity.facts, evidence, variant), ...claimsOf(request.entry.facts, { path: this.module.path, line: request.line, text: request.text }, request.entry)]);
      result.push({ ...resolved, facts: summary.facts, evidence: summary.evidence.filter((e) => e.path), explanation: `${identity.because} The request is built at ${this.module.path}:${request.line}.` });
    }
    return result;
  }

  /**
   * The knowledge entry of the object `receiver` names in `owner`: an attribute of the test class
   * (`self.factory`), a local assigned from a known call, a known call itself (`RequestFactory()`), or
   * a plugin fixture the function requests (`rf`) that no conftest.py of the workspace defines.
   */
  private builderEntry(receiver: string, owner: FunctionSummary, attributes: ReadonlyMap<string, SelfAttribute>, locals: ReadonlyMap<string, string>): KnowledgeEntry | null {
    const attribute = /^(?:self|cls)\.(\w+)$/.exec(receiver)?.[1];
    if (attribute) {
      const id = attributes.get(attribute)?.entryId;
      return id ? this.knowledge.entryWithId(id) : null;
    }
    const local = locals.get(receiver);
    if (local) return this.knowledge.entryWithId(local);
    const constructed = /^([\w.]+)\(\)$/.exec(receiver)?.[1];
    if (constructed) return this.knowledge.entryForCall(this.qualified(constructed) ?? constructed);
    if (/^\w+$/.test(receiver) && owner.parameters.some((p) => p.name === receiver) && !this.findFixture(receiver)) {
      return pluginFixtureEntry(this.knowledge, receiver, this.context);
    }
    return null;
  }

  /** `x = self.useFixture(F(...))` then `self.api = x.admin_api`: the attribute is a double with F's facts. */
  private discoverFixtureAttributes(fn: FunctionSummary, scope: string, known: readonly TestDouble[]): TestDouble[] {
    const result: TestDouble[] = [];
    for (const call of fn.calls) {
      if (!call.assignedTo || !/(^|\.)useFixture$/.test(call.callee)) continue;
      const fixtureSite = known.find((d) => d.form === 'use-fixture' && d.span.start.row + 1 >= call.line && d.span.start.row + 1 <= call.line + 3 && d.scope === scope);
      const definedAt = fixtureSite?.definedAt;
      if (!fixtureSite || !definedAt || !('path' in definedAt) || !fixtureSite.qualifiedName) continue;
      const resolution = this.index.resolve(fixtureSite.qualifiedName);
      if (resolution.kind !== 'class') continue;
      const derivation = this.deriver.deriveClass({ module: resolution.module, cls: resolution.cls });
      for (const assignment of fn.assignments) {
        if (assignment.value.kind !== 'name') continue;
        const [variable, attribute, ...rest] = assignment.value.name.split('.');
        if (variable !== call.assignedTo || !attribute || rest.length) continue;
        const record = derivation.attributes.get(attribute);
        const span = { start: { row: assignment.valueSpan.end.row, column: assignment.valueSpan.end.column - attribute.length }, end: assignment.valueSpan.end };
        const base = baseDouble(attribute, `${fixtureSite.qualifiedName}.${attribute}`, 'fixture-attribute', { row: span.start.row, column: span.start.column, endColumn: span.end.column }, scope);
        if (!record) {
          result.push({ ...base, unresolved: `${fixtureSite.name} does not assign self.${attribute} in its setup` });
          continue;
        }
        const summary = summarizeClaims(derivation.claims);
        const facts: Facts = { ...summary.facts, authz: 'unknown', reachableFromProduction: null };
        result.push({
          ...base,
          kind: record.valueEntry?.kind ?? 'fixture-client',
          definedAt: { path: record.evidence.path, line: record.evidence.line },
          facts,
          evidence: [{ path: record.evidence.path, line: record.evidence.line, text: record.evidence.text }, ...summary.evidence.filter((e) => e.fact !== 'authz')],
          unresolved: `attribute of ${fixtureSite.name}, created in its setup; it inherits the fixture's transport and identity`,
        });
      }
    }
    return result;
  }

  /** A call to a workspace test helper that installs stubs or fixtures (`fake_network.set_stub_network_methods(self)`). */
  private helperCall(call: FunctionSummary['calls'][number], scope: string, testClass: ClassRef | null): TestDouble | null {
    const target = this.helperTarget(call.callee);
    if (!target) return null;
    const { qualified, resolution } = target;
    const bindings = new Map<string, ClassRef>();
    const fn = resolution.kind === 'function' ? resolution.fn : this.deriver.findMethod({ module: resolution.module, cls: resolution.cls }, '__init__')?.fn;
    const params = (fn?.parameters ?? []).filter((p, i) => !(resolution.kind === 'class' && i === 0 && p.name === 'self'));
    call.arguments.forEach((arg, i) => {
      if (arg.keyword === null && arg.value.kind === 'name' && arg.value.name === 'self' && testClass && params[i]) bindings.set(params[i].name, testClass);
    });
    // A workspace class constructed by the test (`with FakeInterceptor(...)`): its setup and `__enter__` run.
    const derivation = resolution.kind === 'function' ? this.helperDerivation(resolution.module, resolution.fn, bindings) : this.deriver.deriveClass({ module: resolution.module, cls: resolution.cls }, bindings);
    if (!derivation.claims.length && !derivation.patches.length) return null;
    const span = call.calleeSpan;
    const name = call.callee.split('.').pop() ?? call.callee;
    const double = baseDouble(name, qualified, 'helper-call', { row: span.end.row, column: span.end.column - name.length, endColumn: span.end.column }, scope);
    const derived = withDerivation(double, definitionOf(resolution.module, resolution.kind === 'function' ? resolution.fn.line : resolution.cls.line), derivation, 'helper');
    const stubs = derivation.patches.map((p) => `${p.target} (${p.evidence.path}:${p.evidence.line})`);
    return { ...derived, unresolved: stubs.length ? `installs stubs: ${stubs.join(', ')}` : derived.unresolved };
  }

  /**
   * A known library client or auth shortcut called from test code (`TestClient(app)`,
   * `self.client.force_login(u)`). A method on a known receiver also carries the receiver's facts:
   * `force_login` on Django's in-process client simulates identity for an in-process client.
   */
  private libraryCall(call: FunctionSummary['calls'][number], scope: string, attributes: ReadonlyMap<string, SelfAttribute>, locals: ReadonlyMap<string, string>, body: FunctionSummary): TestDouble | null {
    const qualified = this.qualified(call.callee) ?? call.callee;
    const dot = call.callee.lastIndexOf('.');
    const method = dot >= 0 ? call.callee.slice(dot + 1) : '';
    const callEntry = this.knowledge.entryForCall(qualified, call.arguments);
    let entry = callEntry;
    // The receiver matters only to a method's entry: most calls are neither, and are dismissed first.
    let receiver: SelfAttribute | null = null;
    if (!entry && method) {
      const receiverName = call.callee.slice(0, dot);
      receiver = receiverName.startsWith('self.') && /^self\.\w+$/.test(receiverName) ? (attributes.get(receiverName.slice(5)) ?? null) : null;
      entry = this.knowledge.entryForMethod(method, receiver?.entryId ?? locals.get(receiverName) ?? null, call.arguments);
      entry = entry && entryInBody(entry, call, body);
    }
    // Entries that only shape the derivation (threads run their target) are not doubles themselves.
    if (!entry || (!entry.kind && Object.keys(entry.facts).length === 0)) return null;
    const span = call.calleeSpan;
    const name = dot >= 0 ? method : call.callee;
    const nameStart = span.end.column - name.length;
    const evidence = { path: this.module.path, line: call.line, text: call.text };
    const double = withKnowledge(baseDouble(name, qualified, 'library-call', { row: span.end.row, column: nameStart, endColumn: span.end.column }, scope), entry, evidence);
    if (!receiver || callEntry) return double;
    const claims = [...claimsOf(entry.facts, evidence, entry), ...claimsOf(receiver.facts, receiver.evidence, receiver)];
    const summary = summarizeClaims(claims);
    return { ...double, facts: summary.facts, evidence: summary.evidence.filter((e) => e.path) };
  }

  /**
   * What `self.<name>` is in a test class: a library object a workspace class in its MRO assigns in
   * a method (`self.client = APIClient()`), else one a library base class provides (`TestCase.client`).
   */
  private selfAttributes(testClass: ClassRef): Map<string, SelfAttribute> {
    const result = new Map<string, SelfAttribute>();
    const { classes, external } = this.deriver.mro(testClass);
    for (const base of external) {
      for (const [name, attribute] of Object.entries(base.entry?.attributes ?? {})) {
        if (!base.entry || result.has(name)) continue;
        const evidence = { path: testClass.module.path, line: testClass.cls.line, text: `class ${testClass.cls.name}(${testClass.cls.bases.join(', ')})` };
        result.set(name, { entryId: base.entry.id, qualifiedName: `${base.qualified}.${name}`, kind: attribute.kind, facts: attribute.facts, because: base.entry.because, evidence, isInherited: true });
      }
    }
    for (const owner of [...classes].reverse()) {
      for (const [name, attribute] of assignedLibraryObjects(this.knowledge, owner)) result.set(name, attribute);
    }
    return result;
  }

  /** Names a function binds to library objects (`client = Client()`), by knowledge entry id. */
  private localReceivers(fn: FunctionSummary): Map<string, string> {
    const result = new Map<string, string>();
    for (const call of fn.calls) {
      const entry = call.assignedTo ? this.knowledge.entryForCall(this.qualified(call.callee) ?? call.callee) : null;
      if (entry && call.assignedTo) result.set(call.assignedTo, entry.id);
    }
    return result;
  }

  /**
   * `self.client.get(...)` where a library base class provides `client` (Django's `TestCase`): the
   * attribute is a double, reported at its first use in each method.
   */
  private inheritedAttributeUses(fn: FunctionSummary, scope: string, attributes: ReadonlyMap<string, SelfAttribute>): TestDouble[] {
    const result: TestDouble[] = [];
    const reported = new Set<string>();
    for (const call of [...fn.calls].sort((a, b) => a.calleeSpan.start.row - b.calleeSpan.start.row || a.calleeSpan.start.column - b.calleeSpan.start.column)) {
      const name = /^self\.(\w+)\.\w+$/.exec(call.callee)?.[1];
      const attribute = name ? attributes.get(name) : undefined;
      if (!name || !attribute?.isInherited || reported.has(name)) continue;
      reported.add(name);
      const span = call.calleeSpan;
      const isCompact = span.start.row === span.end.row && span.end.column - span.start.column === call.callee.length;
      const column = isCompact ? span.start.column + 'self.'.length : span.start.column;
      const double = baseDouble(name, attribute.qualifiedName, 'fixture-attribute', { row: span.start.row, column, endColumn: column + name.length }, scope);
      const summary = summarizeClaims(claimsOf(attribute.facts, attribute.evidence, attribute));
      result.push({ ...double, kind: attribute.kind, definedAt: { knowledge: attribute.entryId }, facts: summary.facts, evidence: summary.evidence, explanation: attribute.because });
    }
    return result;
  }

  /**
   * Methods a test calls on an object it got from a workspace class (`api = self.useFixture(Client())`
   * then `api.get('/status')`): the method body runs with the instance's attributes from its setup.
   */
  private objectMethodCalls(fn: FunctionSummary, scope: string): TestDouble[] {
    const objects = new Map<string, ClassRef>();
    for (const call of fn.calls) {
      if (!call.assignedTo || !/^\w+$/.test(call.assignedTo)) continue;
      const constructed = /(^|\.)useFixture$/.test(call.callee) ? call.arguments[0]?.value : ({ kind: 'call', callee: call.callee, arguments: call.arguments } as const);
      if (constructed?.kind !== 'call') continue;
      const resolution = this.resolutionOf(constructed.callee);
      if (resolution.kind === 'class' && resolution.module.isTest) objects.set(call.assignedTo, { module: resolution.module, cls: resolution.cls });
    }
    const result: TestDouble[] = [];
    if (!objects.size) return result;
    for (const call of fn.calls) {
      const [receiver, method, ...rest] = call.callee.split('.');
      const ref = objects.get(receiver);
      if (!ref || !method || rest.length) continue;
      const found = this.deriver.findMethod(ref, method);
      if (!found) continue;
      const setup = this.deriver.deriveClass(ref);
      const derivation = this.deriver.deriveFunction(found.owner.module, found.fn, new Map(), ref, setup.attributes);
      if (!derivation.claims.length) continue;
      const span = call.calleeSpan;
      const double = baseDouble(method, `${ref.module.modulePath}.${ref.cls.name}.${method}`, 'helper-call', { row: span.end.row, column: span.end.column - method.length, endColumn: span.end.column }, scope);
      result.push(withDerivation(double, definitionOf(found.owner.module, found.fn.line), derivation, 'method-call'));
    }
    return result;
  }

  /** A test class whose library base is itself a double (`LiveServerTestCase` runs a server). */
  private baseClassDoubles(ref: ClassRef): TestDouble[] {
    const result: TestDouble[] = [];
    for (const base of this.deriver.mro(ref).external) {
      if (!base.entry?.kind || ref.module !== this.module) continue;
      const at = ref.cls.nameSpan;
      const double = baseDouble(base.base, base.qualified, 'base-class', { row: at.start.row, column: at.start.column, endColumn: at.end.column }, ref.cls.name);
      const derived = withDerivation(double, { knowledge: base.entry.id }, this.deriver.deriveBases(ref), base.entry.kind);
      result.push({ ...derived, explanation: base.entry.because });
    }
    return result;
  }

  /** `qualifyInModule` for this file, once per callee. */
  private qualified(callee: string): string | null {
    let qualified = this.qualifiedCallees.get(callee);
    if (qualified === undefined) this.qualifiedCallees.set(callee, (qualified = qualifyInModule(this.module, callee)));
    return qualified;
  }

  /** `resolveNameIn` for this file, once per name. */
  private resolutionOf(callee: string): Resolution {
    let resolution = this.calleeResolutions.get(callee);
    if (!resolution) this.calleeResolutions.set(callee, (resolution = this.index.resolveNameIn(this.module, callee)));
    return resolution;
  }

  /** The workspace test helper a callee names (a function or class of a test module elsewhere), or null. */
  private helperTarget(callee: string): HelperTarget | null {
    let target = this.helperTargets.get(callee);
    if (target !== undefined) return target;
    target = null;
    if (!callee.startsWith('self.') && !/(^|\.)useFixture$/.test(callee)) {
      const qualified = this.qualified(callee);
      if (qualified && !qualified.startsWith(`${this.module.modulePath}.`)) {
        const resolution = this.index.resolve(qualified);
        if ((resolution.kind === 'function' || resolution.kind === 'class') && resolution.module.isTest) target = { qualified, resolution };
      }
    }
    this.helperTargets.set(callee, target);
    return target;
  }

  /**
   * A helper function's derivation with these bindings, derived once per file: tests call the same
   * helper one after another, and a derivation from the top is not remembered by the deriver.
   */
  private helperDerivation(module: ModuleSummary, fn: FunctionSummary, bindings: ReadonlyMap<string, ClassRef>): Derivation {
    const bound = [...bindings].map(([name, ref]) => [name, ref.cls] as const);
    const variants = this.helperDerivations.get(fn) ?? [];
    const same = variants.find((v) => v.bindings.length === bound.length && v.bindings.every(([name, cls], i) => bound[i][0] === name && bound[i][1] === cls));
    if (same) return same.derivation;
    const derivation = this.deriver.deriveFunction(module, fn, bindings);
    this.helperDerivations.set(fn, [...variants, { bindings: bound, derivation }]);
    return derivation;
  }

  private functionsOfModule(): ReadonlyArray<{ cls: ClassSummary | null; fn: FunctionSummary }> {
    this.functions ??= [
      ...this.module.functions.map((fn) => ({ cls: null, fn })),
      ...this.module.classes.flatMap((cls) => cls.methods.map((fn) => ({ cls, fn }))),
    ];
    return this.functions;
  }

  /**
   * The module's calls by where their callee ends, and call text by line, first one in
   * `functionsOfModule` order: every double looks its call up, and a 30,000-line file has thousands.
   */
  private callLookup(): CallLookup {
    if (!this.calls) {
      const byCalleeEnd = new Map<number, CallSummary>();
      const textByLine = new Map<number, string>();
      for (const { fn } of this.functionsOfModule()) {
        for (const call of fn.calls) {
          const key = pointKey(call.calleeSpan.end);
          if (!byCalleeEnd.has(key)) byCalleeEnd.set(key, call);
          if (!textByLine.has(call.line)) textByLine.set(call.line, call.text);
        }
      }
      const moduleCallsByCalleeEnd = new Map<number, CallSummary>();
      for (const call of this.module.calls) {
        const key = pointKey(call.calleeSpan.end);
        if (!moduleCallsByCalleeEnd.has(key)) moduleCallsByCalleeEnd.set(key, call);
      }
      const decoratorsByLine = new Map<number, FunctionSummary['decorators'][number][]>();
      for (const decorator of [...this.functionsOfModule().map(({ fn }) => fn.decorators), ...this.module.classes.map((c) => c.decorators)].flat()) {
        const atLine = decoratorsByLine.get(decorator.line);
        if (atLine) atLine.push(decorator);
        else decoratorsByLine.set(decorator.line, [decorator]);
        // A decorator patch's evidence quotes its own line, which holds no call of a function body.
        if (!textByLine.has(decorator.line)) textByLine.set(decorator.line, decorator.text);
      }
      this.calls = { byCalleeEnd, textByLine, moduleCallsByCalleeEnd, decoratorsByLine };
    }
    return this.calls;
  }

  private classOfScope(scope: string): ClassRef | null {
    const className = scope.includes('.') ? scope.split('.')[0] : scope;
    const cls = this.module.classes.find((c) => c.name === className);
    return cls ? { module: this.module, cls } : null;
  }

  /** Arguments of the constructor call at a use-fixture site, from the summary. */
  private callAt(double: TestDouble): FunctionSummary['calls'][number]['arguments'] | null {
    return this.callLookup().byCalleeEnd.get(pointKey(double.span.end))?.arguments ?? null;
  }

  /** Arguments of the call or decorator at a double's use site (patch decorators are not calls of a body). */
  private argumentsAt(double: TestDouble): FunctionSummary['calls'][number]['arguments'] | null {
    const lookup = this.callLookup();
    const call = this.callAt(double) ?? lookup.moduleCallsByCalleeEnd.get(pointKey(double.span.end))?.arguments;
    if (call) return call;
    const line = double.span.start.row + 1;
    return lookup.decoratorsByLine.get(line)?.find((d) => d.callee.endsWith(double.name))?.arguments ?? null;
  }

  private lineText(line: number): string {
    return this.callLookup().textByLine.get(line) ?? '';
  }
}

/** A workspace test helper a call names, as resolved. */
interface HelperTarget {
  readonly qualified: string;
  readonly resolution: Extract<Resolution, { kind: 'function' | 'class' }>;
}

/**
 * The library objects a class's own methods assign to `self.<name>`, in method and assignment
 * order, once per class summary and knowledge base: every test class of a suite asks about the
 * same base classes (nova's `TestCase`), whose methods hold hundreds of assignments.
 */
const libraryObjectsByClass = new WeakMap<KnowledgeBase, WeakMap<ClassSummary, ReadonlyArray<readonly [string, SelfAttribute]>>>();
function assignedLibraryObjects(knowledge: KnowledgeBase, owner: ClassRef): ReadonlyArray<readonly [string, SelfAttribute]> {
  let byClass = libraryObjectsByClass.get(knowledge);
  if (!byClass) libraryObjectsByClass.set(knowledge, (byClass = new WeakMap()));
  let found = byClass.get(owner.cls);
  if (found) return found;
  const objects: Array<readonly [string, SelfAttribute]> = [];
  for (const method of owner.cls.methods) {
    for (const assignment of method.assignments) {
      // `cls.factory = RequestFactory()` in setUpClass / setUpTestData is `self.factory` in the tests.
      const name = /^(?:self|cls)\.(\w+)$/.exec(assignment.target)?.[1];
      if (!name || assignment.value.kind !== 'call') continue;
      const qualifiedName = qualifyInModule(owner.module, assignment.value.callee) ?? assignment.value.callee;
      const entry = knowledge.entryForCall(qualifiedName);
      if (!entry) continue;
      const evidence = { path: owner.module.path, line: assignment.line, text: assignment.text };
      objects.push([name, { entryId: entry.id, qualifiedName, kind: entry.kind ?? 'library-object', facts: entry.facts, because: entry.because, evidence, isInherited: false }]);
    }
  }
  byClass.set(owner.cls, (found = objects));
  return found;
}

/** Where an assignment's target starts: its value's column less the text between them (`target = value`). */
function targetColumn(assignment: FunctionSummary['assignments'][number]): number {
  const equals = assignment.text.startsWith(assignment.target) ? assignment.text.indexOf('=', assignment.target.length) : -1;
  if (equals < 0) return 0;
  const valueOffset = equals + 1 + (assignment.text.slice(equals + 1).length - assignment.text.slice(equals + 1).trimStart().length);
  return Math.max(0, assignment.valueSpan.start.column - valueOffset);
}

/** A library object `self.<name>` stands for in a test class. */
interface SelfAttribute {
  readonly entryId: string;
  /** `django.test.TestCase.client`, or the callee the class assigns from (`rest_framework.test.APIClient`). */
  readonly qualifiedName: string;
  readonly kind: string;
  readonly facts: KnowledgeFacts;
  readonly because: string;
  /** Where it comes from: the class line (a library base provides it) or the assignment. */
  readonly evidence: Evidence;
  readonly isInherited: boolean;
}

function claimsOf(facts: KnowledgeFacts, evidence: Evidence, source: { kind?: string | null; because: string }): FactClaim[] {
  return Object.entries(facts).map(([fact, value]) => ({ fact: fact as FactClaim['fact'], value: value as string, evidence: { ...evidence, fact: fact as FactClaim['fact'] }, because: source.because, kind: source.kind ?? null }));
}

function baseDouble(name: string, qualifiedName: string | null, form: TestDouble['form'], at: { row: number; column: number; endColumn: number }, scope: string): TestDouble {
  return {
    name,
    qualifiedName,
    form,
    kind: 'unresolved',
    span: { start: { row: at.row, column: at.column }, end: { row: at.row, column: at.endColumn } },
    target: null,
    scope,
    definedAt: null,
    facts: UNKNOWN_FACTS,
    evidence: [],
    unresolved: null,
  };
}

function withKnowledge(double: TestDouble, entry: KnowledgeEntry, evidence?: Evidence): TestDouble {
  const claims: FactClaim[] = Object.entries(entry.facts).map(([fact, value]) => ({
    fact: fact as FactClaim['fact'],
    value: value as string,
    evidence: evidence ?? { path: '', line: double.span.start.row + 1, text: '' },
    because: entry.because,
    kind: entry.kind ?? null,
  }));
  const summary = summarizeClaims(claims);
  return {
    ...double,
    kind: entry.kind ?? double.kind,
    // A project's own entry is defined where it is written (its pyproject.toml line).
    definedAt: entry.source ?? { knowledge: entry.id },
    facts: summary.facts,
    evidence: evidence ? summary.evidence.filter((e) => e.path) : [],
    unresolved: null,
    explanation: entry.because,
  };
}

function withDerivation(double: TestDouble, definedAt: TestDouble['definedAt'], derivation: Derivation, fallbackKind = 'fixture'): TestDouble {
  const summary = summarizeClaims(derivation.claims);
  const hasUnknown = Object.values(summary.facts).some((v) => v === 'unknown');
  return {
    ...double,
    kind: summary.kind ?? (derivation.patches.length ? 'stub' : fallbackKind),
    definedAt,
    facts: summary.facts,
    evidence: summary.evidence,
    unresolved: hasUnknown && derivation.gaps.length ? derivation.gaps.join('; ') : null,
  };
}

function definitionOf(module: ModuleSummary, line: number): TestDouble['definedAt'] {
  return { path: module.path, line };
}

function lineOf(resolution: { kind: string; module: ModuleSummary } & Record<string, unknown>): number {
  const r = resolution as { kind: string; cls?: ClassSummary; fn?: FunctionSummary; assignment?: { line: number } };
  return r.fn?.line ?? r.cls?.line ?? r.assignment?.line ?? 1;
}

/**
 * The authorization in effect for each test of the file: setup of base classes first (a project's
 * base TestCase may install a permissive policy), then the class's own setUp, then the test's
 * decorators and the patches inside it; for pytest, autouse fixtures of the covering conftest.py
 * files (outermost first), then requested fixtures, then decorators. The last step wins.
 */
export function computeAuthorizationScopes(context: WorkspaceContext, module: ModuleSummary, doubles: readonly TestDouble[], only?: FunctionRef): AuthorizationScope[] {
  const deriver = context.deriver;
  const scopes: AuthorizationScope[] = [];
  const authzSteps = (derivation: Derivation): AuthorizationScope['steps'] =>
    derivation.claims.filter((c) => c.fact === 'authz').map((c) => ({ ...c.evidence, fact: 'authz' as const, authz: c.value, because: c.because }));
  // Decorators are not calls of the body: their patches come from the resolved decorator doubles.
  const authzDecorators = new Map<string, TestDouble[]>();
  for (const d of doubles) {
    if (d.form !== 'patch-decorator' || d.facts.authz === 'unknown') continue;
    const inScope = authzDecorators.get(d.scope);
    if (inScope) inScope.push(d);
    else authzDecorators.set(d.scope, [d]);
  }
  const decoratorSteps = (scope: string): AuthorizationScope['steps'] =>
    (authzDecorators.get(scope) ?? [])
      .map((d) => ({ fact: 'authz' as const, path: module.path, line: d.span.start.row + 1, text: `${d.name}${d.target ? ` ${d.target}` : ''}`, authz: d.facts.authz, because: `${d.form} in the test` }));

  for (const cls of module.classes) {
    if (only && only.className !== cls.name) continue;
    const tests = cls.methods.filter((m) => m.name.startsWith('test') && (!only || m.name === only.name));
    if (!tests.length) continue;
    const ref: ClassRef = { module, cls };
    const classSteps: Array<AuthorizationScope['steps'][number]> = [];
    // Base classes first: their setUp runs at the test's super().setUp().
    for (const owner of deriver.mro(ref).classes.reverse()) {
      for (const name of ['setUp', '_setUp', 'setup_method', 'asyncSetUp']) {
        const fn = methodNamed(owner.cls, name);
        if (!fn) continue;
        const derivation = owner.cls === cls ? deriver.deriveFunction(owner.module, fn, new Map(), ref) : deriver.deriveInheritedSetup(owner.module, fn, ref);
        classSteps.push(...authzSteps(derivation));
      }
    }
    // Class decorators (`@mock.patch(...)` on the class) cover every test in it.
    classSteps.push(...decoratorSteps(cls.name));
    for (const test of tests) {
      const steps = [...classSteps, ...decoratorSteps(`${cls.name}.${test.name}`), ...authzSteps(deriver.deriveFunction(module, test, new Map(), ref))];
      scopes.push({ test: `${cls.name}.${test.name}`, line: test.line, authz: lastAuthz(steps), steps });
    }
  }
  const resolver = new Resolver(context, module);
  const testFunctions = module.functions.filter((f) => f.name.startsWith('test') && (!only || (only.className === null && f.name === only.name)));
  // Every test of a pytest module gets the same autouse fixtures and asks for the same few fixtures: each is derived once.
  const fixtureSteps = new Map<FunctionSummary, AuthorizationScope['steps']>();
  const stepsOfFixture = (fixture: { module: ModuleSummary; fn: FunctionSummary }): AuthorizationScope['steps'] => {
    let steps = fixtureSteps.get(fixture.fn);
    if (!steps) fixtureSteps.set(fixture.fn, (steps = authzSteps(deriver.deriveFunction(fixture.module, fixture.fn))));
    return steps;
  };
  const autouse = testFunctions.length ? resolver.autouseFixtures() : [];
  for (const fn of testFunctions) {
    const steps: Array<AuthorizationScope['steps'][number]> = [];
    for (const fixture of autouse) steps.push(...stepsOfFixture(fixture));
    for (const param of fn.parameters) {
      const found = resolver.fixtureNamed(param.name);
      if (found && !found.fn.fixture?.autouse) steps.push(...stepsOfFixture(found));
    }
    steps.push(...decoratorSteps(fn.name), ...authzSteps(deriver.deriveFunction(module, fn)));
    scopes.push({ test: fn.name, line: fn.line, authz: lastAuthz(steps), steps });
  }
  return scopes;
}

function lastAuthz(steps: AuthorizationScope['steps']): AuthorizationScope['authz'] {
  const last = steps[steps.length - 1];
  return last && (last.authz === 'enforced' || last.authz === 'bypassed') ? last.authz : 'unknown';
}
