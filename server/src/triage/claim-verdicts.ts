/**
 * Decides a review claim with the argument of SPEC §2, instantiated for the doubles it names: an
 * IDOR or auth flaw needs (A) a reachable entry point, (B) an attacker-controlled identifier and
 * (C) a missing check in production code. Genuine-risk rules (FL201–FL208) make a claim apply;
 * anything the model does not know makes it unclear, saying what is unknown.
 */
import type { AuthorizationScope, Evidence, Finding, TestDouble } from '../model/types';
import { dedupeEvidence, diagnosticEvidence, lineEvidence, type TriageFile } from './finding-site';
import { locateTargets, outermostFunction } from './locate-targets';
import type { ClaimCategory, ClaimVerdict, LocatedTarget, ReasonPoint, ReviewClaim, SourceLineReader, Verdict } from './types';

/** Genuine-risk rules that would make a claim of each category apply. */
const RISK_RULES: Record<ClaimCategory, readonly string[]> = {
  idor: ['FL202', 'FL204', 'FL205', 'FL206'],
  authn: ['FL202', 'FL204', 'FL205', 'FL206'],
  authz: ['FL202', 'FL204', 'FL205', 'FL206'],
  tls: ['FL203', 'FL202'],
  secret: ['FL201'],
  injection: ['FL208'],
  deserialization: ['FL208'],
  ssrf: ['FL202'],
  path: ['FL207'],
  crypto: [],
  exposure: ['FL204', 'FL202'],
  // A claim outside the categories is still about a genuine risk reported on the lines it names.
  other: ['FL201', 'FL202', 'FL203', 'FL204', 'FL205', 'FL206', 'FL207', 'FL208'],
};

/**
 * The rules that may cover a claim naming nothing in the file (about "the tests" as a whole): only
 * those whose risk is the claim's own subject. A bind on all interfaces somewhere in the file does
 * not make "the authorization checks are bypassed" apply.
 */
const WHOLE_FILE_RULES: Record<ClaimCategory, readonly string[]> = {
  idor: ['FL205', 'FL206'],
  authn: ['FL205'],
  authz: ['FL205', 'FL206'],
  tls: ['FL203'],
  secret: ['FL201'],
  injection: ['FL208'],
  deserialization: ['FL208'],
  ssrf: ['FL202'],
  path: ['FL207'],
  crypto: [],
  exposure: ['FL204', 'FL202'],
  other: [],
};

const AUTH_FAMILY: readonly ClaimCategory[] = ['idor', 'authn', 'authz'];
const DATA_FAMILY: readonly ClaimCategory[] = ['injection', 'deserialization', 'ssrf', 'path'];

export interface ClaimInput {
  readonly claim: ReviewClaim;
  readonly file: TriageFile;
  /** Reads definition lines in other files for evidence; may return null. */
  readonly sourceLine?: SourceLineReader;
}

interface Subject {
  readonly double: TestDouble;
  readonly index: number;
}

export function decideClaim(input: ClaimInput): ClaimVerdict {
  const { claim, file } = input;
  const { located, unlocated } = locateTargets(claim.targets, file);
  const base = { claim, located, unlocated };
  const subjects = subjectsOf(located, file);
  const claimLines = new Set(located.flatMap((l) => l.lines));
  const scopes = new Set(located.flatMap((l) => l.scopes));

  const namesNothing = located.length === 0 && claim.targets.length === 0;
  const risks = coveringRisks(claim, file, subjects, claimLines, scopes, namesNothing);
  if (risks.length) return { ...base, verdict: 'applies', points: risks };

  const points: ReasonPoint[] = [];
  const verdicts: Verdict[] = [];
  if (unlocated.length) {
    verdicts.push('unclear');
    points.push({
      reason: `${unlocated.map((t) => `\`${t}\``).join(', ')} ${unlocated.length === 1 ? 'is' : 'are'} not found in ${file.analysis.path}: Fixture Lens cannot tell what the claim refers to there`,
      evidence: [],
    });
  }
  for (const [rank, family] of familiesOf(claim).entries()) {
    // The claim's main category decides; the others only add what they can show.
    if (rank > 0) {
      if (family.needsSubjects && !subjects.length) continue;
      const extra = family.decide(input, subjects, located, scopes);
      if (extra.verdict === 'not-applicable') points.push(...extra.points);
      continue;
    }
    if (family.needsSubjects && !subjects.length) {
      if (unlocated.length || verdicts.includes('unclear')) continue;
      verdicts.push('unclear');
      points.push({
        reason: claim.targets.length
          ? `The names the claim uses (${claim.targets.map((t) => `\`${t}\``).join(', ')}) lead to no test double or fixture in ${file.analysis.path}, so there is nothing to check the claim against`
          : 'The claim names nothing in the file (no backticked names, calls or "the X fixture"), so there is nothing to check it against',
        evidence: located.flatMap((l) => l.lines.slice(0, 3).map((line) => lineEvidence(file, line - 1))),
      });
      continue;
    }
    const outcome = family.decide(input, subjects, located, scopes);
    verdicts.push(outcome.verdict);
    points.push(...outcome.points);
  }
  const verdict: Verdict = verdicts.includes('applies') ? 'applies' : verdicts.includes('unclear') || verdicts.length === 0 ? 'unclear' : 'not-applicable';
  return { ...base, verdict, points: points.map((p) => ({ reason: p.reason, evidence: dedupeEvidence(p.evidence) })) };
}

type Decide = (input: ClaimInput, subjects: readonly Subject[], located: readonly LocatedTarget[], scopes: ReadonlySet<string>) => { verdict: Verdict; points: ReasonPoint[] };

/** One strand of the argument; most need the doubles a claim is about, secrets only its lines. */
interface Family {
  readonly needsSubjects: boolean;
  readonly decide: Decide;
}

/** The argument strands for a claim, its main category's first (that one decides the verdict). */
function familiesOf(claim: ReviewClaim): Family[] {
  const families: Family[] = [];
  const seen = new Set<Decide>();
  for (const category of claim.categories.length ? claim.categories : [claim.category]) {
    const family = familyOf(category);
    if (seen.has(family.decide)) continue;
    seen.add(family.decide);
    families.push(family);
  }
  if (families.length === 0) families.push({ needsSubjects: false, decide: otherArgument });
  return families;
}

function familyOf(category: ClaimCategory): Family {
  if (AUTH_FAMILY.includes(category)) return { needsSubjects: true, decide: authArgument };
  if (category === 'tls') return { needsSubjects: true, decide: tlsArgument };
  if (category === 'path') return { needsSubjects: false, decide: pathArgument };
  if (DATA_FAMILY.includes(category)) return { needsSubjects: true, decide: dataArgument };
  if (category === 'secret') return { needsSubjects: false, decide: secretArgument };
  if (category === 'crypto') return { needsSubjects: false, decide: cryptoArgument };
  if (category === 'exposure') return { needsSubjects: false, decide: exposureArgument };
  return { needsSubjects: false, decide: otherArgument };
}

/** The doubles the claim is about: those its names stand for, or, for places only, those used there. */
function subjectsOf(located: readonly LocatedTarget[], file: TriageFile): Subject[] {
  const subjects = located.filter((l) => !l.isPlace);
  let indexes = subjects.flatMap((l) => l.doubles);
  if (subjects.length === 0) {
    const places = new Set(located.flatMap((l) => l.scopes));
    indexes = file.analysis.doubles.flatMap((d, i) => (places.has(d.scope) ? [i] : []));
  }
  return [...new Set(indexes)].sort((a, b) => a - b).map((index) => ({ double: file.analysis.doubles[index], index }));
}

/** Genuine-risk diagnostics of the claim's categories on its lines, in its scopes or at its doubles' definitions; and reachability from production. */
function coveringRisks(claim: ReviewClaim, file: TriageFile, subjects: readonly Subject[], lines: ReadonlySet<number>, scopes: ReadonlySet<string>, wholeFile: boolean): ReasonPoint[] {
  // A claim that names nothing is about the whole file, but only in its main category's terms:
  // a bind on all interfaces does not make "an authorization check is disabled" apply.
  const rules = new Set(wholeFile ? WHOLE_FILE_RULES[claim.category] : claim.categories.flatMap((c) => RISK_RULES[c]).concat(claim.categories.length ? [] : RISK_RULES.other));
  const definitionPaths = new Set(subjects.flatMap((s) => (s.double.definedAt && 'path' in s.double.definedAt ? [s.double.definedAt.path] : [])));
  const points: ReasonPoint[] = [];
  for (const diagnostic of file.analysis.diagnostics) {
    if (diagnostic.suppressed || !rules.has(diagnostic.ruleId)) continue;
    if (wholeFile || coversClaim(diagnostic, file, lines, scopes, definitionPaths)) {
      points.push({
        reason: `${diagnostic.ruleId} reports a genuine risk the claim is about (line ${diagnostic.span.start.row + 1}): ${diagnostic.message}`,
        evidence: [...diagnosticEvidence(file, diagnostic), ...(diagnostic.related ?? [])],
      });
    }
  }
  if (claim.categories.some((c) => AUTH_FAMILY.includes(c))) {
    for (const { double } of subjects) {
      if (double.facts.reachableFromProduction !== true) continue;
      points.push({
        reason: `\`${double.name}\` is reachable from production code: a production module imports it (the FL205 case), so a test-only shortcut can run outside tests`,
        evidence: [lineEvidence(file, double.span.start.row), ...double.evidence.filter((e) => e.fact === 'reachableFromProduction')],
      });
    }
  }
  return points;
}

function coversClaim(diagnostic: Finding, file: TriageFile, lines: ReadonlySet<number>, scopes: ReadonlySet<string>, definitionPaths: ReadonlySet<string>): boolean {
  for (let row = diagnostic.span.start.row; row <= diagnostic.span.end.row; row++) if (lines.has(row + 1)) return true;
  const fn = outermostFunction(file.syntax.functions, diagnostic.span.start.row);
  if (fn) {
    const name = fn.className ? `${fn.className}.${fn.name}` : fn.name;
    if (scopes.has(name)) return true;
    // A risk in the class's setUp (or a helper it calls) is in every test of the class, so it covers
    // claims about those tests; a risk inside one test does not cover claims about the set-up.
    if (fn.className && !/^test/.test(fn.name) && [...scopes].some((s) => s.startsWith(`${fn.className}.`))) return true;
  }
  return [...diagnostic.evidence, ...(diagnostic.related ?? [])].some((e) => definitionPaths.has(e.path));
}

const PATCH_FORMS: ReadonlySet<string> = new Set(['patch-decorator', 'patch-context', 'patch-start', 'patcher', 'patch-fixture', 'monkeypatch-setattr', 'stub-out']);

/**
 * A patch is the replacement object itself, and a fake holding fake data installs in-process
 * stand-ins; anything else with an unknown transport stays unknown (never guess).
 */
function transportOf(double: TestDouble): TestDouble['facts']['transport'] {
  if (double.facts.transport !== 'unknown') return double.facts.transport;
  if (PATCH_FORMS.has(double.form)) return 'in-process';
  if (/fake|stub/i.test(double.kind) && double.facts.data === 'fake') return 'in-process';
  return 'unknown';
}

/**
 * Reachability from production, where a null fact can still be settled: a patch exists only while
 * its test runs, and a third-party test library's double is created by the test runner.
 */
function reachable(double: TestDouble): boolean | null {
  if (double.facts.reachableFromProduction !== null) return double.facts.reachableFromProduction;
  if (PATCH_FORMS.has(double.form) || (double.definedAt && 'knowledge' in double.definedAt)) return false;
  return null;
}

function isFake(double: TestDouble): boolean {
  return PATCH_FORMS.has(double.form) || (/fake|stub|mock|intercepted|recorded/i.test(double.kind) && (double.facts.data === 'fake' || double.facts.transport === 'in-process'));
}

function describe(double: TestDouble): string {
  return `\`${double.name}\` (line ${double.span.start.row + 1})`;
}

function factEvidence(double: TestDouble, fact: string, limit = 2): Evidence[] {
  return double.evidence.filter((e) => e.fact === fact).slice(0, limit);
}

/** A — is any subject reachable by an untrusted principal? */
function conditionA(file: TriageFile, subjects: readonly Subject[]): { fails: boolean; unknown: string[]; point: ReasonPoint } {
  const unknown: string[] = [];
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  for (const { double } of subjects) {
    const transport = transportOf(double);
    evidence.push(lineEvidence(file, double.span.start.row), ...factEvidence(double, 'transport'));
    if (transport === 'unknown') unknown.push(`the transport of ${describe(double)} is unknown${double.unresolved ? ` (${double.unresolved})` : ''}`);
    else if (transport === 'network') unknown.push(`${describe(double)} talks to the network, yet no genuine-risk rule reports it, so whether an outsider can reach it is not settled`);
    else if (reachable(double) === null) unknown.push(`whether production code imports ${describe(double)} is unknown (no workspace index)`);
    else parts.push(`${describe(double)} ${transportPhrase(transport, double)}`);
  }
  const fails = unknown.length === 0;
  const reason = fails
    ? `A — no entry point an untrusted principal can reach: ${parts.join('; ')}; no production module imports ${subjects.length === 1 ? 'it' : 'any of them'}`
    : `A — whether an untrusted principal can reach the target is not known: ${unknown.join('; ')}`;
  return { fails, unknown, point: { reason, evidence } };
}

function transportPhrase(transport: string, double: TestDouble): string {
  switch (transport) {
    case 'in-process':
      if (PATCH_FORMS.has(double.form)) return 'is a patch: its replacement exists only inside the test process';
      return isFake(double) ? 'replaces a service inside the test process' : 'is in-process: its requests never leave the test process and no socket is opened';
    case 'none':
      return 'opens no connection at all';
    case 'loopback':
      return 'listens on the loopback interface only';
    default:
      return `has transport ${transport}`;
  }
}

/** B — who chooses identities and identifiers: the test, through the harness. */
function conditionB(file: TriageFile, subjects: readonly Subject[], located: readonly LocatedTarget[]): ReasonPoint {
  const simulated = subjects.filter((s) => s.double.facts.authn === 'simulated' || s.double.facts.authn === 'bypassed');
  const fake = subjects.filter((s) => s.double.facts.data === 'fake');
  const parts = ['the caller is the test itself, running with the developer\'s own privileges; every identifier it sends is one the test chose or created'];
  if (simulated.length) parts.push(`identity is simulated by the harness for ${simulated.map((s) => `\`${s.double.name}\``).join(', ')}`);
  if (fake.length) parts.push(`${fake.map((s) => `\`${s.double.name}\``).join(', ')} ${fake.length === 1 ? 'holds' : 'hold'} fake data`);
  const callLines = located.filter((l) => !l.isPlace && /call/.test(l.via)).flatMap((l) => l.lines);
  return {
    reason: `B — no attacker-controlled identifier or credential: ${parts.join('; ')}`,
    evidence: [
      ...simulated.flatMap((s) => factEvidence(s.double, 'authn')),
      ...fake.flatMap((s) => factEvidence(s.double, 'data', 1)),
      ...callLines.slice(0, 4).map((line) => lineEvidence(file, line - 1)),
    ],
  };
}

/** C — is a check missing in code that runs in production? */
function conditionC(input: ClaimInput, subjects: readonly Subject[], scopes: ReadonlySet<string>): { fails: boolean; point: ReasonPoint } {
  const { file } = input;
  const tests = relevantTests(file, scopes);
  const enforced = tests.filter((t) => t.authz === 'enforced');
  const bypassed = tests.filter((t) => t.authz === 'bypassed');
  const patches = subjects.filter((s) => PATCH_FORMS.has(s.double.form) && s.double.target !== null);
  const fakes = subjects.filter((s) => isFake(s.double) && !patches.includes(s));
  // For an authentication claim, a double that simulates the login inside the test process and
  // that no production module imports leaves the production authentication untouched.
  const simulatedLogin = input.claim.category === 'authn' ? subjects.filter((s) => !isFake(s.double) && ['simulated', 'bypassed'].includes(s.double.facts.authn) && reachable(s.double) === false) : [];
  const ownPolicy = subjects.filter((s) => !isFake(s.double) && !simulatedLogin.includes(s) && s.double.facts.authz === 'enforced');
  const needsCheck = subjects.filter((s) => !isFake(s.double) && !simulatedLogin.includes(s) && s.double.facts.authz !== 'enforced');
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  if (patches.length) {
    const vacuous = input.file.analysis.diagnostics.some((d) => d.ruleId === 'FL206' && !d.suppressed);
    const fl206 = input.file.rulesRun.has('FL206') && !vacuous ? '; FL206, which reports an authorization test whose check is patched out, finds none here' : '';
    const tests = [...new Set(patches.map((s) => s.double.scope).filter((scope) => scope !== '<module>'))].map((scope) => `\`${scope.split('.').pop()}\``);
    parts.push(`${patches.map((s) => `\`${s.double.name}\` replaces \`${s.double.target}\``).join(', ')} only while ${tests.join(', ') || 'the test'} runs; the production code is unchanged${fl206}`);
    evidence.push(...patches.map((s) => lineEvidence(file, s.double.span.start.row)), ...patches.flatMap((s) => definitionEvidence(input, s.double)));
  }
  if (simulatedLogin.length) {
    parts.push(`${simulatedLogin.map((s) => `\`${s.double.name}\``).join(', ')} ${simulatedLogin.length === 1 ? 'simulates' : 'simulate'} authentication inside the test process only and no production module imports ${simulatedLogin.length === 1 ? 'it' : 'them'}: the authentication that runs in production is production code, unchanged by the test`);
    evidence.push(...simulatedLogin.flatMap((s) => [...factEvidence(s.double, 'authn', 1), ...factEvidence(s.double, 'reachableFromProduction', 1)]));
    if (enforced.length && !needsCheck.length) {
      const policies = policyDoubles(file, enforced);
      parts.push(`and the test runs the real authorization policy${policies.length ? ` (${policies.map((p) => `\`${p.name}\``).join(', ')})` : ''} behind that login`);
      evidence.push(...policies.flatMap((p) => definitionEvidence(input, p)), ...enforced.flatMap((t) => t.steps.filter((step) => step.authz === 'enforced')));
    }
  }
  if (fakes.length) {
    parts.push(`${fakes.map((s) => `\`${s.double.name}\``).join(', ')} ${fakes.length === 1 ? 'is a fake that stands' : 'are fakes that stand'} in for a service in this test only and perform${fakes.length === 1 ? 's' : ''} no authorization of ${fakes.length === 1 ? 'its' : 'their'} own; the real checks live in production code`);
    evidence.push(...fakes.flatMap((s) => definitionEvidence(input, s.double)));
  }
  if (ownPolicy.length) {
    parts.push(`${ownPolicy.map((s) => `\`${s.double.name}\``).join(', ')} ${ownPolicy.length === 1 ? 'runs' : 'run'} the service's own production policy enforcement`);
    evidence.push(...ownPolicy.flatMap((s) => [...definitionEvidence(input, s.double), ...factEvidence(s.double, 'authz')]));
  }
  if (needsCheck.length) {
    if (enforced.length) {
      const policies = policyDoubles(file, enforced);
      const names = policies.map((p) => `\`${p.name}\``).join(', ');
      parts.push(`the test runs the real authorization policy${names ? ` (${names})` : ''}: the checks ${needsCheck.map((s) => `\`${s.double.name}\``).join(', ')} reach${needsCheck.length === 1 ? 'es' : ''} are production code, and they run`);
      evidence.push(...policies.flatMap((p) => definitionEvidence(input, p)), ...enforced.flatMap((t) => t.steps.filter((s) => s.authz === 'enforced')));
    } else if (bypassed.length) {
      parts.push('the test bypasses the check on purpose within its own scope; the production check itself is unchanged (FL206 reports the case where this makes an authorization test vacuous, and it does not here)');
      evidence.push(...bypassed.flatMap((t) => t.steps.filter((s) => s.authz === 'bypassed')));
    } else {
      return {
        fails: false,
        point: {
          reason: `C — whether the test runs the production authorization check is not known: ${tests.length ? 'authorization in effect is unknown for the tests involved' : 'no authorization scope was computed for the tests involved'}, and ${needsCheck.map((s) => `\`${s.double.name}\``).join(', ')} ${needsCheck.length === 1 ? 'is not a fake' : 'are not fakes'}`,
          evidence: tests.flatMap((t) => t.steps).slice(0, 4),
        },
      };
    }
  }
  return { fails: true, point: { reason: `C — no missing check in production code: ${parts.join('; ')}`, evidence } };
}

/** The tests a claim's scopes touch: the test itself, or every test of the class for `setUp` and helpers. */
function relevantTests(file: TriageFile, scopes: ReadonlySet<string>): AuthorizationScope[] {
  const all = file.analysis.authorization;
  const picked = new Set<AuthorizationScope>();
  for (const scope of scopes) {
    const exact = all.filter((t) => t.test === scope);
    if (exact.length) exact.forEach((t) => picked.add(t));
    else if (scope === '<module>') all.forEach((t) => picked.add(t));
    else {
      const className = scope.includes('.') ? scope.split('.')[0] : scope;
      all.filter((t) => t.test.startsWith(`${className}.`)).forEach((t) => picked.add(t));
    }
  }
  return [...picked];
}

/** Policy fixtures in effect for the enforced tests, for their definition evidence. */
function policyDoubles(file: TriageFile, tests: readonly AuthorizationScope[]): TestDouble[] {
  const classes = new Set(tests.map((t) => t.test.split('.')[0]));
  return file.analysis.doubles.filter((d) => d.facts.authz === 'enforced' && /policy/i.test(`${d.kind} ${d.name}`) && (d.scope === '<module>' || classes.has(d.scope.split('.')[0]) || tests.some((t) => t.test === d.scope)));
}

function definitionEvidence(input: ClaimInput, double: TestDouble): Evidence[] {
  const at = double.definedAt;
  if (!at || !('path' in at)) return [];
  const text = input.sourceLine?.(at.path, at.line) ?? null;
  return [{ path: at.path, line: at.line, text: text?.trim() || `definition of ${double.qualifiedName ?? double.name}` }];
}

const authArgument: Decide = (input, subjects, located, scopes) => {
  const a = conditionA(input.file, subjects);
  if (!a.fails) return { verdict: 'unclear', points: [a.point] };
  const b = conditionB(input.file, subjects, located);
  const c = conditionC(input, subjects, scopes);
  return { verdict: c.fails ? 'not-applicable' : 'unclear', points: [a.point, b, c.point] };
};

const tlsArgument: Decide = (input, subjects) => {
  const network = subjects.filter((s) => ['network', 'unknown'].includes(transportOf(s.double)));
  if (network.length) {
    return { verdict: 'unclear', points: [{ reason: `TLS — ${network.map((s) => describe(s.double)).join(', ')} may open a connection (transport ${network.map((s) => transportOf(s.double)).join(', ')}), and FL203 reports nothing here, so whether verification matters is not settled`, evidence: network.map((s) => lineEvidence(input.file, s.double.span.start.row)) }] };
  }
  return {
    verdict: 'not-applicable',
    points: [{ reason: 'TLS — no connection leaves the test process, so there is no channel for TLS, OAuth or "a secure connection" to protect', evidence: subjects.flatMap((s) => factEvidence(s.double, 'transport', 1)) }],
  };
};

const dataArgument: Decide = (input, subjects) => {
  const rules = ['FL202', 'FL208'].filter((id) => input.file.rulesRun.has(id));
  const outside = subjects.filter((s) => transportOf(s.double) === 'network' || transportOf(s.double) === 'unknown');
  if (!rules.length || outside.length) {
    return { verdict: 'unclear', points: [{ reason: `Input — whether data from outside the repository reaches ${subjects.map((s) => describe(s.double)).join(', ')} is not known`, evidence: [] }] };
  }
  return {
    verdict: 'not-applicable',
    points: [{ reason: `Input — the values reaching ${subjects.map((s) => describe(s.double)).join(', ')} are the test's own; nothing in this file fetches data from outside the repository (${rules.join(' and ')} found nothing)`, evidence: subjects.map((s) => lineEvidence(input.file, s.double.span.start.row)) }],
  };
};

const secretArgument: Decide = (input, _subjects, located) => {
  const lines = located.filter((l) => !l.isPlace).flatMap((l) => l.lines);
  const placeholders = input.file.analysis.diagnostics.filter((d) => d.ruleId === 'FL105' && lines.includes(d.span.start.row + 1));
  if (placeholders.length) {
    return { verdict: 'not-applicable', points: placeholders.map((d) => ({ reason: `Secret — ${d.message}`, evidence: diagnosticEvidence(input.file, d) })) };
  }
  const where = lines.length ? `line ${[...new Set(lines)].join(', ')}` : 'the names the claim uses';
  return { verdict: 'unclear', points: [{ reason: `Secret — neither a placeholder (FL105) nor a real-looking secret (FL201) is recognised at ${where}`, evidence: lines.slice(0, 3).map((line) => lineEvidence(input.file, line - 1)) }] };
};

const cryptoArgument: Decide = (input, _subjects, located) => {
  const lines = located.flatMap((l) => l.lines);
  return {
    verdict: lines.length ? 'not-applicable' : 'unclear',
    points: [
      lines.length
        ? { reason: `Crypto — the hashing, randomness or keys at line ${[...new Set(lines)].join(', ')} work on test data in test code and protect no production secret`, evidence: lines.slice(0, 3).map((line) => lineEvidence(input.file, line - 1)) }
        : { reason: 'Crypto — the claim names nothing in the file to check', evidence: [] },
    ],
  };
};

/** A shared `/tmp` path matters only when the test writes it and reads it back (FL207 checks that). */
const pathArgument: Decide = (input, _subjects, located) => {
  const lines = located.filter((l) => !l.isPlace).flatMap((l) => l.lines);
  const placeholders = input.file.analysis.diagnostics.filter((d) => d.ruleId === 'FL105' && lines.includes(d.span.start.row + 1) && /path/i.test(d.message));
  if (placeholders.length && input.file.rulesRun.has('FL207')) {
    return {
      verdict: 'not-applicable',
      points: [
        ...placeholders.map((d) => ({ reason: `Path — ${d.message}`, evidence: diagnosticEvidence(input.file, d) })),
        { reason: 'Path — nothing in this file writes that path and reads it back, so no one can plant a symlink or race the test there (FL207 reports predictable /tmp paths that are written and read, and found none)', evidence: [] },
      ],
    };
  }
  const where = lines.length ? `line ${[...new Set(lines)].join(', ')}` : 'the names the claim uses';
  return { verdict: 'unclear', points: [{ reason: `Path — no placeholder path (FL105) is recognised at ${where}${input.file.rulesRun.has('FL207') ? '' : ', and FL207 did not run'}, so whether the path is written and read is not settled`, evidence: lines.slice(0, 3).map((line) => lineEvidence(input.file, line - 1)) }] };
};

/** Exposure to the network: FL204 and FL202 decide it (as risks); a loopback or in-process double settles the rest. */
const exposureArgument: Decide = (input, subjects) => {
  const contained = subjects.filter((s) => ['loopback', 'in-process', 'none'].includes(transportOf(s.double)));
  if (subjects.length && contained.length === subjects.length) {
    return { verdict: 'not-applicable', points: [{ reason: `Exposure — ${contained.map((s) => `${describe(s.double)} ${transportPhrase(transportOf(s.double), s.double)}`).join('; ')}`, evidence: contained.flatMap((s) => factEvidence(s.double, 'transport', 1)) }] };
  }
  const ran = ['FL204', 'FL202'].filter((id) => input.file.rulesRun.has(id));
  return { verdict: 'unclear', points: [{ reason: `Exposure — ${ran.length ? `${ran.join(' and ')} found no bind on all interfaces or real host at the places the claim names, but` : ''} what the claim names does not show where it listens`, evidence: [] }] };
};

const otherArgument: Decide = () => ({
  verdict: 'unclear',
  points: [{ reason: 'The claim names no security category Fixture Lens can check (authentication, authorization, IDOR, TLS, secrets, injection, deserialization, paths, crypto)', evidence: [] }],
});
