/**
 * One-line summaries of a file's test groups (each test class, and the module-level `test_*`
 * functions together), built from the analysis model for CodeLens. Pure: says "unknown" rather
 * than guess, and never reads anything but the model.
 */
import type { ClassDef, FunctionDef } from '../model/syntax';
import type { Authn, AuthorizationScope, FileAnalysis, Span, TestDouble, Transport } from '../model/types';

export interface TestGroupSummary {
  /** A test class, or the module-level test functions of the file. */
  readonly kind: 'class' | 'module';
  /** The class name, or `<module>`. */
  readonly name: string;
  /** Where the summary belongs: the class's name, or the first module-level test's name. */
  readonly span: Span;
  /** 1-based line of `span` (what the panel command takes). */
  readonly line: number;
  readonly tests: number;
  /** `in-process · auth simulated · policy enforced · 2 findings` */
  readonly text: string;
}

/** What counts as a finding in a summary: an unsuppressed genuine risk or imported finding. */
export interface CountableFinding {
  readonly ruleId: string;
  readonly span: Span;
  readonly suppressed: boolean;
}

/** Riskiest first: the order transports and authentication values are listed in. */
const TRANSPORT_ORDER: readonly Transport[] = ['network', 'loopback', 'in-process'];
const AUTHN_TEXT: ReadonlyArray<readonly [Authn, string]> = [
  ['bypassed', 'bypassed'],
  ['simulated', 'simulated'],
  ['real', 'real'],
  ['none', 'none'],
];

/**
 * Summaries for each test group of a test file, in source order; none for other files.
 * `findings` defaults to the analysis' own diagnostics; the server adds imported ones (FL30x).
 */
export function summarizeTestGroups(analysis: FileAnalysis, findings: readonly CountableFinding[] = analysis.diagnostics): TestGroupSummary[] {
  if (!analysis.test.isTest) return [];
  const { classes, functions } = analysis.structure;
  const summaries: TestGroupSummary[] = [];
  for (const cls of classes) {
    const methods = functions.filter((f) => f.className === cls.name && isTestName(f.name) && within(f.span, cls.span));
    if (!methods.length) continue;
    const scopes = scopeNamesOfClass(cls, classes);
    const doubles = analysis.doubles.filter((d) => d.scope === '<module>' || scopes.has(d.scope.split('.')[0]));
    const authorization = analysis.authorization.filter((a) => a.test.startsWith(`${cls.name}.`));
    summaries.push(summary({ kind: 'class', name: cls.name, span: cls.nameSpan, tests: methods.length }, doubles, authorization, countIn([cls.span], findings)));
  }
  const moduleTests = functions.filter((f) => f.className === null && isTestName(f.name) && !functions.some((outer) => outer !== f && within(f.span, outer.span)));
  if (moduleTests.length) {
    const names = new Set(moduleTests.map((f) => f.name));
    const doubles = analysis.doubles.filter((d) => d.scope === '<module>' || names.has(d.scope) || usedFixtureOf(d, moduleTests));
    const authorization = analysis.authorization.filter((a) => names.has(a.test));
    // The tests and the module-level fixtures they request: a fixture's risk is theirs.
    const requested = new Set(moduleTests.flatMap((t) => t.parameters.map((p) => p.name)));
    const fixtures = functions.filter((f) => f.className === null && requested.has(f.name));
    const spans = [...moduleTests, ...fixtures].map((f) => f.span);
    summaries.push(summary({ kind: 'module', name: '<module>', span: moduleTests[0].nameSpan, tests: moduleTests.length }, doubles, authorization, countIn(spans, findings)));
  }
  return summaries.sort((a, b) => a.span.start.row - b.span.start.row);
}

/** The summary text alone, for callers that have the parts (tests). */
export function summaryText(parts: { doubles: readonly TestDouble[]; authorization: readonly AuthorizationScope[]; findings: number }): string {
  const facts = factParts(parts.doubles, parts.authorization);
  const head = facts.length ? facts : parts.doubles.length ? ['facts unknown'] : ['no doubles'];
  const count = parts.findings === 0 ? 'no findings' : parts.findings === 1 ? '1 finding' : `${parts.findings} findings`;
  return [...head, count].join(' · ');
}

function summary(
  group: { kind: 'class' | 'module'; name: string; span: Span; tests: number },
  doubles: readonly TestDouble[],
  authorization: readonly AuthorizationScope[],
  findings: number,
): TestGroupSummary {
  return { ...group, line: group.span.start.row + 1, text: summaryText({ doubles, authorization, findings }) };
}

function factParts(doubles: readonly TestDouble[], authorization: readonly AuthorizationScope[]): string[] {
  const parts: string[] = [];
  const transports = TRANSPORT_ORDER.filter((t) => doubles.some((d) => d.facts.transport === t));
  if (transports.length) parts.push(transports.join(' + '));
  const authn = AUTHN_TEXT.filter(([value]) => doubles.some((d) => d.facts.authn === value)).map(([, text]) => text);
  if (authn.length) parts.push(`auth ${authn.join('/')}`);
  const policy = policyPart(doubles, authorization);
  if (policy) parts.push(policy);
  // Transport decides whether anything is reachable (SPEC §2 A): when other facts are known, its absence is said.
  if (parts.length && !transports.length) parts.unshift('transport unknown');
  return parts;
}

/**
 * Authorization per test when the workspace gave it (the last step of each test's setup decides);
 * otherwise what the doubles alone say. Partial coverage is stated as such, not rounded up.
 */
function policyPart(doubles: readonly TestDouble[], authorization: readonly AuthorizationScope[]): string | null {
  if (authorization.length) {
    const bypassed = authorization.filter((a) => a.authz === 'bypassed').length;
    const enforced = authorization.filter((a) => a.authz === 'enforced').length;
    const total = authorization.length;
    if (bypassed === total) return 'policy bypassed';
    if (enforced === total) return 'policy enforced';
    if (bypassed) return `policy bypassed in ${bypassed} of ${total} tests`;
    if (enforced) return `policy enforced in ${enforced} of ${total} tests`;
    return null;
  }
  if (doubles.some((d) => d.facts.authz === 'bypassed')) return 'policy bypassed';
  if (doubles.some((d) => d.facts.authz === 'enforced')) return 'policy enforced';
  return null;
}

/** The class and its base classes defined in the same file: their set-up applies to its tests. */
function scopeNamesOfClass(cls: ClassDef, classes: readonly ClassDef[]): Set<string> {
  const names = new Set<string>();
  const visit = (current: ClassDef): void => {
    if (names.has(current.name)) return;
    names.add(current.name);
    for (const base of current.bases) {
      const local = classes.find((c) => c.name === base);
      if (local) visit(local);
    }
  };
  visit(cls);
  return names;
}

/** A fixture defined in the file and requested by one of the tests (its doubles apply to them). */
function usedFixtureOf(double: TestDouble, tests: readonly FunctionDef[]): boolean {
  return tests.some((t) => t.parameters.some((p) => p.name === double.scope));
}

function countIn(spans: readonly Span[], findings: readonly CountableFinding[]): number {
  return findings.filter((f) => !f.suppressed && /^FL[23]\d\d$/.test(f.ruleId) && spans.some((s) => f.span.start.row >= s.start.row && f.span.start.row <= s.end.row)).length;
}

/** unittest collects methods starting with `test`; pytest's default `python_functions` is `test*` too. */
function isTestName(name: string): boolean {
  return name.startsWith('test');
}

function within(inner: Span, outer: Span): boolean {
  return inner.start.row >= outer.start.row && inner.end.row <= outer.end.row;
}
