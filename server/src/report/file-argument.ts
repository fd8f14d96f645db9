/**
 * The argument of SPEC §2 instantiated for one file: for each attack condition (A reachable entry
 * point, B attacker-controlled identifier, C missing production check) whether it fails — the
 * usual case in tests — holds because a genuine-risk rule fired, or cannot be told from the facts.
 * Pure, over the JSON file entry, so the panel, the CLI and replies can share it.
 */
import type {
  ArgumentPoint,
  ConditionEntry,
  ConditionStatus,
  DiagnosticEntry,
  DoubleEntry,
  EvidenceEntry,
  FileArgument,
  FileEntry,
} from '../protocol/panel-model';
import { dedupeEvidence } from '../triage/finding-site';

/** Which genuine-risk rules make which condition hold (SPEC §2's "unless" list). */
const RISKS_BY_CONDITION: Readonly<Record<ConditionEntry['id'], readonly string[]>> = {
  A: ['FL202', 'FL203', 'FL204'],
  B: ['FL208'],
  C: ['FL205', 'FL206'],
};

/** Risks that mean the test receives data from a real host (a bind on all interfaces only exposes it). */
const FETCHES_FROM_NETWORK = ['FL202', 'FL203'];

/** Kinds that stand in for a collaborator but accept no requests: they cannot be an entry point. */
const NEVER_AN_ENTRY_POINT = new Set(['temp-dir', 'clock', 'mock-patch', 'monkeypatch', 'stub', 'policy', 'policy-bypass', 'recorded-http']);

/** Evidence items listed per double or test: enough to follow, few enough to read. */
const EVIDENCE_PER_ITEM = 2;

export function fileArgument(file: FileEntry): FileArgument {
  if (!file.test.isTest) {
    return { conditions: [], otherRisks: [], conclusion: 'Not test code: Fixture Lens leaves this file to the scanners that flagged it.' };
  }
  const risks = file.diagnostics.filter((d) => !d.suppressed && /^FL2\d\d$/.test(d.code));
  const risksFor = (id: ConditionEntry['id']): DiagnosticEntry[] => risks.filter((d) => RISKS_BY_CONDITION[id].includes(d.code));
  const a = entryPointCondition(file, risksFor('A'));
  const b = identifierCondition(file, risksFor('B'), a.risks.some((d) => FETCHES_FROM_NETWORK.includes(d.code)));
  const c = productionCheckCondition(file, risksFor('C'));
  const conditions = [a, b, c];
  const assigned = new Set(Object.values(RISKS_BY_CONDITION).flat());
  return { conditions, otherRisks: risks.filter((d) => !assigned.has(d.code)), conclusion: conclude(conditions, risks.length) };
}

function entryPointCondition(file: FileEntry, risks: DiagnosticEntry[]): ConditionEntry {
  const candidates = file.doubles.filter((d) => !NEVER_AN_ENTRY_POINT.has(d.kind));
  const byTransport = (transport: string): DoubleEntry[] => candidates.filter((d) => d.facts.transport === transport);
  const points: ArgumentPoint[] = [];
  const inProcess = byTransport('in-process');
  const loopback = byTransport('loopback');
  const network = byTransport('network');
  const unknown = byTransport('unknown');
  if (inProcess.length) points.push(doublesPoint('No request leaves the test process', inProcess, 'transport'));
  if (loopback.length) points.push(doublesPoint('Listens on loopback only', loopback, 'transport'));
  if (network.length) points.push(doublesPoint('Reachable over the network while the test runs', network, 'transport'));
  if (unknown.length) points.push(doublesPoint('Transport unknown (the definition gives no fact)', unknown, 'transport'));
  if (!candidates.length) points.push({ text: 'The caller is the test itself: no double in this file serves or sends requests.', evidence: [] });
  const status: ConditionStatus = risks.length ? 'holds' : network.length || unknown.length ? 'unknown' : 'fails';
  const summary = {
    holds: 'Holds: part of this test is reachable from outside the test process.',
    unknown: network.length ? 'Open: a double talks to the network, though no rule found a real host.' : 'Open: the transport of some doubles is unknown.',
    fails: 'Fails: nothing in this test can be reached from outside the test process.',
  }[status];
  return { id: 'A', title: 'A reachable entry point', status, summary, risks, points };
}

function identifierCondition(file: FileEntry, risks: DiagnosticEntry[], reachesNetwork: boolean): ConditionEntry {
  const points: ArgumentPoint[] = [{ text: 'The caller is the test itself: every identifier and credential it sends is written in the test.', evidence: [] }];
  const simulated = file.doubles.filter((d) => d.facts.authn === 'simulated' || d.facts.authn === 'bypassed');
  const fake = file.doubles.filter((d) => d.facts.data === 'fake');
  const placeholders = file.diagnostics.filter((d) => d.code === 'FL105');
  if (simulated.length) points.push(doublesPoint('The identity is chosen by the test', simulated, 'authn'));
  if (fake.length) points.push(doublesPoint('Holds fake data', fake, 'data'));
  if (placeholders.length) {
    points.push({
      text: `${placeholders.length} placeholder credential${placeholders.length === 1 ? '' : 's'} or path${placeholders.length === 1 ? '' : 's'} (FL105)`,
      evidence: placeholders.slice(0, 3).map((d) => ({ path: file.path, line: d.line, text: d.message })),
    });
  }
  if (reachesNetwork && !risks.length) points.push({ text: 'Data fetched from a real host is not chosen by the test.', evidence: [] });
  const status: ConditionStatus = risks.length ? 'holds' : reachesNetwork ? 'unknown' : 'fails';
  const summary = {
    holds: 'Holds: data from outside the repository reaches code that executes or deserialises it.',
    unknown: 'Open: the test fetches from a real host, so not every value is chosen by the test.',
    fails: 'Fails: no attacker supplies an identifier or credential; the test does.',
  }[status];
  return { id: 'B', title: 'An attacker-controlled identifier or credential', status, summary, risks, points };
}

function productionCheckCondition(file: FileEntry, risks: DiagnosticEntry[]): ConditionEntry {
  const points: ArgumentPoint[] = [];
  const notImported = file.doubles.filter((d) => d.facts.reachableFromProduction === false);
  const imported = file.doubles.filter((d) => d.facts.reachableFromProduction === true);
  if (notImported.length) points.push(doublesPoint('No production module imports it', notImported, null));
  if (imported.length) points.push(doublesPoint('Production code imports it', imported, null));
  const scopes = (authz: string) => file.authorization.filter((s) => s.authz === authz);
  const enforced = scopes('enforced');
  const bypassed = scopes('bypassed');
  if (enforced.length) points.push(scopePoint('Authorization enforced by the real policy', enforced));
  if (bypassed.length) points.push(scopePoint('Authorization patched to allow', bypassed));
  if (!points.length) points.push({ text: 'The checks under test live in production code; the test only calls them.', evidence: [] });
  const status: ConditionStatus = risks.length ? 'holds' : imported.length ? 'unknown' : 'fails';
  const summary = {
    holds: 'Holds: a test double reaches production, or the authorization check a test is about is patched out.',
    unknown: 'Open: production code imports a double of this file.',
    fails: 'Fails: the doubles stay in the tests; the checks that run in production are production code.',
  }[status];
  return { id: 'C', title: 'A missing check in code that runs in production', status, summary, risks, points };
}

/** "No request leaves the test process: OSAPIFixture (line 32), …" with each double's evidence for one fact. */
function doublesPoint(claim: string, doubles: readonly DoubleEntry[], fact: string | null): ArgumentPoint {
  const names = [...new Map(doubles.map((d) => [d.name, d])).values()];
  const evidence: EvidenceEntry[] = [];
  for (const double of names) {
    const own = double.evidence.filter((e) => fact === null || e.fact === fact).slice(0, EVIDENCE_PER_ITEM);
    if (own.length) evidence.push(...own);
    else if (double.definedAt && 'path' in double.definedAt) evidence.push({ path: double.definedAt.path, line: double.definedAt.line, text: `${double.name} is defined here` });
  }
  return { text: `${claim}: ${names.map((d) => `${d.name} (line ${d.line})`).join(', ')}.`, evidence: dedupeEvidence(evidence) };
}

function scopePoint(claim: string, scopes: FileEntry['authorization']): ArgumentPoint {
  const listed = scopes.slice(0, 3).map((s) => s.test);
  const more = scopes.length > listed.length ? ` and ${scopes.length - listed.length} more` : '';
  return {
    text: `${claim} in ${scopes.length} test${scopes.length === 1 ? '' : 's'}: ${listed.join(', ')}${more}.`,
    evidence: dedupeEvidence(scopes.flatMap((s) => s.steps.slice(-1).map(({ fact, path, line, text }) => ({ fact, path, line, text })))),
  };
}

function conclude(conditions: readonly ConditionEntry[], riskCount: number): string {
  const holding = conditions.filter((c) => c.status === 'holds');
  if (holding.length) {
    const codes = [...new Set(holding.flatMap((c) => c.risks.map((r) => r.code)))].join(', ');
    return `Genuine risk: condition ${holding.map((c) => c.id).join(' and ')} hold${holding.length === 1 ? 's' : ''} (${codes}).`;
  }
  const open = conditions.filter((c) => c.status === 'unknown');
  const others = riskCount ? ` ${riskCount} other genuine risk${riskCount === 1 ? '' : 's'} below.` : '';
  if (open.length) return `Not shown to be an attack surface: ${open.map((c) => c.id).join(' and ')} cannot be decided from the facts.${others}`;
  return `Not an IDOR or auth flaw: conditions A, B and C all fail for this file.${others}`;
}
