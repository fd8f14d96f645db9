/**
 * One-line summaries of a file's test groups (each test class, and the module-level `test_*`
 * functions together), built from the analysis model for CodeLens. Pure: says "unknown" rather
 * than guess, and never reads anything but the model.
 */
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
  if (analysis.testGroups.length === 0) return [];
  // Indexed once: a generated file can have tens of thousands of groups, doubles and findings.
  const moduleDoubles = analysis.doubles.filter((d) => d.scope === '<module>');
  const byScope = groupBy(analysis.doubles, (d) => d.scope);
  // A double's scope is `Class.method`, `function` or `<module>`; a class group takes all of the class's.
  const byClass = groupBy(analysis.doubles, (d) => d.scope.split('.')[0]);
  const byTest = groupBy(analysis.authorization, (a) => a.test);
  const riskRows = findings
    .filter((f) => !f.suppressed && /^FL[23]\d\d$/.test(f.ruleId))
    .map((f) => f.span.start.row)
    .sort((a, b) => a - b);
  return analysis.testGroups.map((group) => {
    const index = group.kind === 'class' ? byClass : byScope;
    const doubles = [...moduleDoubles, ...group.scopes.flatMap((scope) => (scope === '<module>' ? [] : (index.get(scope) ?? [])))];
    const authorization = group.tests.flatMap((test) => byTest.get(test) ?? []);
    const count = group.rows.reduce((sum, r) => sum + countBetween(riskRows, r.start, r.end), 0);
    return {
      kind: group.kind,
      name: group.name,
      span: group.anchor,
      line: group.anchor.start.row + 1,
      tests: group.tests.length,
      text: summaryText({ doubles, authorization, findings: count }),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** How many of the sorted `rows` lie in `[start, end]`. */
function countBetween(rows: readonly number[], start: number, end: number): number {
  return lowerBound(rows, end + 1) - lowerBound(rows, start);
}

function lowerBound(rows: readonly number[], value: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rows[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The summary text alone, for callers that have the parts (tests). */
export function summaryText(parts: { doubles: readonly TestDouble[]; authorization: readonly AuthorizationScope[]; findings: number }): string {
  const facts = factParts(parts.doubles, parts.authorization);
  const head = facts.length ? facts : parts.doubles.length ? ['facts unknown'] : ['no doubles'];
  const count = parts.findings === 0 ? 'no findings' : parts.findings === 1 ? '1 finding' : `${parts.findings} findings`;
  return [...head, count].join(' · ');
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
