/**
 * Where HTTP interceptors and patches of network calls are in effect in a test file (FL202): autouse
 * fixtures of the covering conftest.py files, class setup (base classes first) and class decorators,
 * a test's decorators, requested fixtures and `with` blocks. Pure; what cannot be followed is not guessed.
 */
import interceptorData from '../knowledge/interceptors.json';
import type { ArgumentValue, FunctionDef } from '../model/syntax';
import type { Evidence, Interceptor } from '../model/types';
import type { CallSummary, ClassSummary, FunctionSummary, ModuleSummary } from '../model/workspace';
import { CLASS_SETUP_METHODS, methodNamed } from './class-methods';
import { patchTargetOf, type ClassRef, type Derivation } from './derive-facts';
import { hostOfUrl } from './endpoints';
import { BUILT_IN_KNOWLEDGE, patchPrimitive, type KnowledgeBase, type KnowledgeEntry } from './knowledge';
import type { WorkspaceContext } from './resolve-doubles';
import { pluginFixtureEntry } from './pytest-plugins';
import { qualifyInModule } from './workspace-index';

interface InterceptorSpec {
  readonly entry: string;
  readonly families: readonly string[];
  readonly hosts: 'any' | 'aws' | 'registered';
}

interface FamilySpec {
  readonly family: string;
  readonly prefixes: readonly string[];
  readonly internals: readonly string[];
}

const SPECS: ReadonlyMap<string, InterceptorSpec> = new Map((interceptorData.interceptors as InterceptorSpec[]).map((s) => [s.entry, s]));
const FAMILIES: readonly FamilySpec[] = interceptorData.families;
const AWS_SUFFIXES: readonly string[] = interceptorData.awsHostSuffixes;
const AWS_HOSTS: readonly string[] = interceptorData.awsHosts;
/** Module prefixes whose patching can stop a network call. */
const NETWORK_MODULES = [...new Set(FAMILIES.flatMap((f) => [...f.prefixes, ...f.internals].map((n) => n.split('.')[0])))];
const MAX_FIXTURE_DEPTH = 4;

/** The client family of an outgoing call (`requests.get` → `requests`), or null when unknown. */
export function familyOf(qualifiedCallee: string): string | null {
  return FAMILIES.find((f) => f.prefixes.some((p) => qualifiedCallee.startsWith(p)))?.family ?? null;
}

export interface OutgoingCall {
  /** Qualified callee (`requests.get`). */
  readonly callee: string;
  /** Destination host, lower-case. */
  readonly host: string;
}

/** Whether `interceptor` keeps `call` off the network. */
export function interceptorCovers(interceptor: Interceptor, call: OutgoingCall): boolean {
  const family = FAMILIES.find((f) => f.prefixes.some((p) => call.callee.startsWith(p)));
  if (interceptor.id === 'patch') {
    const target = interceptor.target;
    if (!target) return false;
    const under = (name: string): boolean => name === target || name.startsWith(`${target}.`);
    return under(call.callee) || (family?.internals.some(under) ?? false);
  }
  const spec = SPECS.get(interceptor.id);
  if (!spec || !family || !spec.families.includes(family.family)) return false;
  if (spec.hosts === 'aws') return isAwsHost(call.host);
  if (spec.hosts === 'registered') return interceptor.registeredHosts.includes(call.host);
  return true;
}

/** Interceptors that intercept every host of the families they cover (moto and wsgi-intercept do not). */
export function coversEveryHost(interceptor: Interceptor): boolean {
  return interceptor.id !== 'patch' && SPECS.get(interceptor.id)?.hosts === 'any';
}

/** An AWS endpoint, or a host moto serves as AWS does (the instance-metadata address). */
export function isAwsHost(host: string): boolean {
  return AWS_HOSTS.includes(host) || AWS_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

export interface InterceptorInput {
  readonly module: ModuleSummary;
  /** Source lines of the file (for `with` block extents). */
  readonly lines: readonly string[];
  readonly functions: readonly FunctionDef[];
  /** Without a workspace only this file's own code and the knowledge base are read. */
  readonly workspace: WorkspaceContext | null;
}

/** Every interceptor in effect somewhere in the file, with the scope and rows it covers. */
export function collectInterceptors(input: InterceptorInput): Interceptor[] {
  return new InterceptorCollector(input).collect();
}

class InterceptorCollector {
  private readonly found: Interceptor[] = [];
  private readonly seen = new Set<string>();

  private readonly knowledge: KnowledgeBase;

  constructor(private readonly input: InterceptorInput) {
    this.knowledge = input.workspace?.knowledge ?? BUILT_IN_KNOWLEDGE;
  }

  collect(): Interceptor[] {
    const { module } = this.input;
    // Import time and autouse fixtures: every test of the file. Decorator expressions are module
    // calls too, but what they install covers only what they decorate.
    const decorated = decoratedLines(module);
    for (const call of module.calls) if (!decorated.has(call.line)) this.fromCall(call, module, '<module>', null);
    for (const { owner, fn } of this.autouseFixtures()) this.fromFixture(owner, fn, '<module>', 0, new Set());
    for (const cls of module.classes) {
      for (const decorator of cls.decorators) this.fromDecorator(decorator, module, cls.name);
      for (const { owner, fn } of this.classSetup(cls)) this.fromFunctionBody(owner.module, fn, cls.name, null, { module, cls });
      for (const fn of cls.methods) if (fn.fixture?.autouse) this.fromFixture(module, fn, cls.name, 0, new Set());
      for (const fn of cls.methods) this.fromFunction(fn, cls);
    }
    for (const fn of module.functions) this.fromFunction(fn, null);
    return this.found;
  }

  /** A test, helper or fixture of this file: its decorators, requested fixtures and body. */
  private fromFunction(fn: FunctionSummary, cls: ClassSummary | null): void {
    const { module } = this.input;
    const scope = cls ? `${cls.name}.${fn.name}` : fn.name;
    for (const decorator of fn.decorators) this.fromDecorator(decorator, module, scope);
    for (const parameter of fn.parameters) {
      if (parameter.name === 'self' || parameter.name === 'cls') continue;
      this.fromFixtureName(parameter.name, module, scope, this.evidenceAt(fn.line), 0, new Set());
    }
    const end = this.endRowOf(fn, cls);
    for (const call of fn.calls) {
      const rows = this.rowsOf(call, end);
      this.fromCall(call, module, scope, rows, cls ? { module, cls } : null);
    }
  }

  /** One call: an interceptor primitive, a patch of a network name, or workspace code that installs one. */
  private fromCall(call: CallSummary, module: ModuleSummary, scope: string, rows: Interceptor['rows'], testClass: ClassRef | null = null): void {
    const evidence: Evidence = { path: module.path, line: call.line, text: call.text };
    const qualified = qualifyInModule(module, call.callee) ?? call.callee;
    const entry = this.knowledge.entryForCall(qualified);
    if (entry) {
      this.add(entry, scope, rows, evidence, registeredHosts(call.arguments));
      return;
    }
    const patched = this.patchTarget(qualified, call.callee, call.arguments, module);
    if (patched) {
      this.addPatch(patched, scope, rows, evidence);
      return;
    }
    // `with X(...)`, `self.useFixture(X(...))` (the inner call is a call too), `helper(self)`:
    // what workspace test code installs when it runs.
    const workspace = this.input.workspace;
    if (!workspace || /(^|\.)useFixture$/.test(call.callee)) return;
    const method = /^self\.(\w+)$/.exec(call.callee)?.[1];
    if (method) {
      const found = testClass ? workspace.deriver.findMethod(testClass, method) : null;
      if (found) this.fromDerivation(workspace.deriver.deriveFunction(found.owner.module, found.fn, new Map(), testClass), scope, rows);
      return;
    }
    if (call.callee.startsWith('self.')) return;
    const resolution = workspace.index.resolveNameIn(module, call.callee);
    if (resolution.kind === 'class' && resolution.module.isTest) {
      this.fromDerivation(workspace.deriver.deriveClass({ module: resolution.module, cls: resolution.cls }), scope, rows);
    } else if (resolution.kind === 'function' && resolution.module.isTest && !resolution.fn.name.startsWith('test')) {
      this.fromDerivation(workspace.deriver.deriveFunction(resolution.module, resolution.fn, new Map(), testClass), scope, rows);
    }
  }

  private fromDecorator(decorator: FunctionSummary['decorators'][number], module: ModuleSummary, scope: string): void {
    const qualified = qualifyInModule(module, decorator.callee) ?? decorator.callee;
    const evidence: Evidence = { path: module.path, line: decorator.line, text: decorator.text };
    const entry = this.knowledge.entryForDecorator(qualified) ?? this.knowledge.entryForCall(qualified);
    if (entry) {
      this.add(entry, scope, null, evidence, registeredHosts(decorator.arguments));
      return;
    }
    const patched = this.patchTarget(qualified, decorator.callee, decorator.arguments, module);
    if (patched) this.addPatch(patched, scope, null, evidence);
  }

  /** The fixture a test requests by `name`: this file, its conftest.py files, or a plugin's. */
  private fromFixtureName(name: string, from: ModuleSummary, scope: string, evidence: Evidence, depth: number, visited: Set<string>): void {
    const found = this.findFixture(name, from);
    if (found) {
      this.fromFixture(found.module, found.fn, scope, depth, visited);
      return;
    }
    const entry = pluginFixtureEntry(this.knowledge, name, this.input.workspace);
    if (entry) this.add(entry, scope, null, evidence, []);
  }

  /** What a pytest fixture installs, and the fixtures it requests in turn. */
  private fromFixture(module: ModuleSummary, fn: FunctionSummary, scope: string, depth: number, visited: Set<string>): void {
    const key = `${module.path}:${fn.line}`;
    if (visited.has(key) || depth > MAX_FIXTURE_DEPTH) return;
    visited.add(key);
    this.fromFunctionBody(module, fn, scope, null, null);
    for (const parameter of fn.parameters) {
      if (parameter.name === 'self' || parameter.name === 'request') continue;
      this.fromFixtureName(parameter.name, module, scope, { path: module.path, line: fn.line, text: `def ${fn.name}(…)` }, depth + 1, visited);
    }
  }

  /** A function that runs for the whole scope (setUp, a fixture): everything it installs, as deep as the deriver follows. */
  private fromFunctionBody(module: ModuleSummary, fn: FunctionSummary, scope: string, rows: Interceptor['rows'], testClass: ClassRef | null): void {
    const workspace = this.input.workspace;
    if (workspace) {
      this.fromDerivation(workspace.deriver.deriveFunction(module, fn, new Map(), testClass), scope, rows);
      return;
    }
    for (const call of fn.calls) this.fromCall(call, module, scope, rows, testClass);
  }

  private fromDerivation(derivation: Derivation, scope: string, rows: Interceptor['rows']): void {
    for (const claim of derivation.claims) {
      const entry = this.knowledge.entries.find((e) => e.because === claim.because);
      if (entry && SPECS.has(entry.id)) this.add(entry, scope, rows, stripFact(claim.evidence), hostsInText(claim.evidence.text));
    }
    for (const patch of derivation.patches) {
      if (isNetworkName(patch.target)) this.addPatch(patch.target, scope, rows, stripFact(patch.evidence));
    }
  }

  /** The patched name when the call is a patch primitive whose target is a network name. */
  private patchTarget(qualified: string, callee: string, args: CallSummary['arguments'], module: ModuleSummary): string | null {
    const primitive = patchPrimitive(qualified) ?? (callee.startsWith('monkeypatch.') ? patchPrimitive(callee) : null);
    if (!primitive) return null;
    const target = patchTargetOf(primitive, args, module)?.target ?? null;
    return target && isNetworkName(target) ? target : null;
  }

  private add(entry: KnowledgeEntry, scope: string, rows: Interceptor['rows'], evidence: Evidence, hosts: readonly string[]): void {
    if (!SPECS.has(entry.id)) return;
    this.push({ id: entry.id, title: entry.title, target: null, registeredHosts: hosts, scope, rows, evidence });
  }

  private addPatch(target: string, scope: string, rows: Interceptor['rows'], evidence: Evidence): void {
    this.push({ id: 'patch', title: `patch of ${target}`, target, registeredHosts: [], scope, rows, evidence });
  }

  private push(interceptor: Interceptor): void {
    const key = `${interceptor.id}|${interceptor.target}|${interceptor.scope}|${interceptor.evidence.path}:${interceptor.evidence.line}|${interceptor.rows?.start}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.push(interceptor);
  }

  /** Setup methods that run before each test of `cls`: base classes first (MRO reversed), then its own. */
  private classSetup(cls: ClassSummary): Array<{ owner: ClassRef; fn: FunctionSummary }> {
    const ref: ClassRef = { module: this.input.module, cls };
    const classes = this.input.workspace ? this.input.workspace.deriver.mro(ref).classes.reverse() : [ref];
    const result: Array<{ owner: ClassRef; fn: FunctionSummary }> = [];
    for (const owner of classes) {
      for (const name of CLASS_SETUP_METHODS) {
        const fn = methodNamed(owner.cls, name);
        if (fn) result.push({ owner, fn });
      }
    }
    return result;
  }

  /** Autouse fixtures covering the file: conftest.py files from the root down, then the file's own. */
  private autouseFixtures(): Array<{ owner: ModuleSummary; fn: FunctionSummary }> {
    const result: Array<{ owner: ModuleSummary; fn: FunctionSummary }> = [];
    for (const conftest of this.conftests().reverse()) {
      for (const fn of conftest.functions) if (fn.fixture?.autouse) result.push({ owner: conftest, fn });
    }
    for (const fn of this.input.module.functions) if (fn.fixture?.autouse) result.push({ owner: this.input.module, fn });
    return result;
  }

  /** The nearest definition of a fixture: the requesting module, then conftest.py files up to the root. */
  private findFixture(name: string, from: ModuleSummary): { module: ModuleSummary; fn: FunctionSummary } | null {
    const own = from.functions.find((f) => f.fixture?.name === name);
    if (own) return { module: from, fn: own };
    for (const conftest of this.conftests(from.path)) {
      if (conftest === from) continue;
      const fn = conftest.functions.find((f) => f.fixture?.name === name);
      if (fn) return { module: conftest, fn };
    }
    return null;
  }

  /** conftest.py summaries covering `path`, innermost first. */
  private conftests(path = this.input.module.path): ModuleSummary[] {
    const index = this.input.workspace?.index;
    if (!index) return [];
    const parts = path.split('/');
    const result: ModuleSummary[] = [];
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const conftestPath = [...parts.slice(0, depth), 'conftest.py'].join('/');
      const entry = index.workspaceEntries.find((e) => e.path === conftestPath);
      const summary = entry ? index.summary(entry) : null;
      if (summary) result.push(summary);
    }
    return result;
  }

  /** Rows a call in a function body covers: its `with` block, else the rest of the function. */
  private rowsOf(call: CallSummary, functionEnd: number): Interceptor['rows'] {
    const row = call.line - 1;
    const line = this.input.lines[row] ?? '';
    if (/^\s*(async\s+)?with\b/.test(line)) return { start: row, end: blockEnd(this.input.lines, row) };
    return { start: row, end: functionEnd };
  }

  private endRowOf(fn: FunctionSummary, cls: ClassSummary | null): number {
    const def = this.input.functions.find((f) => f.name === fn.name && f.className === (cls?.name ?? null) && f.span.start.row === fn.line - 1);
    return def ? def.span.end.row : blockEnd(this.input.lines, fn.line - 1);
  }

  private evidenceAt(line: number): Evidence {
    return { path: this.input.module.path, line, text: (this.input.lines[line - 1] ?? '').trim() };
  }
}

/** Lines of decorators (from the first decorator to the `def`/`class` line) of top-level definitions and methods. */
function decoratedLines(module: ModuleSummary): Set<number> {
  const lines = new Set<number>();
  const note = (decorators: readonly { line: number }[], defLine: number): void => {
    if (decorators.length === 0) return;
    for (let line = Math.min(...decorators.map((d) => d.line)); line < defLine; line++) lines.add(line);
  };
  for (const fn of module.functions) note(fn.decorators, fn.line);
  for (const cls of module.classes) {
    note(cls.decorators, cls.line);
    for (const fn of cls.methods) note(fn.decorators, fn.line);
  }
  return lines;
}

/** The last row of the block a statement at `row` opens: the following rows indented deeper (blank rows included). */
function blockEnd(lines: readonly string[], row: number): number {
  const indent = indentation(lines[row] ?? '');
  let end = row;
  for (let next = row + 1; next < lines.length; next++) {
    const text = lines[next];
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    if (indentation(text) <= indent) break;
    end = next;
  }
  return end;
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}

function isNetworkName(target: string): boolean {
  return NETWORK_MODULES.includes(target.split('.')[0]);
}

/** Literal hosts among a call's arguments (`add_wsgi_intercept('api.example.com', 80, app)`, `url='http://x:80'`). */
function registeredHosts(args: ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>): string[] {
  const hosts: string[] = [];
  for (const { value } of args) {
    if (value.kind !== 'string') continue;
    const host = hostOfUrl(value.value) ?? (/^[a-z0-9.-]+$/i.test(value.value) && value.value.includes('.') ? value.value : null);
    if (host) hosts.push(host.toLowerCase());
  }
  return hosts;
}

/** Literal hosts quoted in a line of evidence (for interceptors found through the deriver, which keeps text only). */
function hostsInText(text: string): string[] {
  const hosts: string[] = [];
  for (const match of text.matchAll(/['"]([^'"]+)['"]/g)) {
    const value = match[1];
    const host = hostOfUrl(value) ?? (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(value) ? value : null);
    if (host) hosts.push(host.toLowerCase());
  }
  return hosts;
}

function stripFact(evidence: Evidence): Evidence {
  return { path: evidence.path, line: evidence.line, text: evidence.text };
}
