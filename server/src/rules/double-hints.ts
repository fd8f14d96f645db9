/**
 * What the FL1xx context hints share: where a double's use site is, which evidence backs a fact,
 * how a knowledge entry or evidence line is named in a message. One hint per use site per rule.
 */
import { KNOWLEDGE, type KnowledgeEntry } from '../analysis/knowledge';
import type { Evidence, FactName, Span, TestDouble } from '../model/types';
import { evidenceAt, type RuleContext, type RuleHit } from './rule';

/** `path:line`. */
export function ref(evidence: Pick<Evidence, 'path' | 'line'>): string {
  return `${evidence.path}:${evidence.line}`;
}

/** Evidence for `fact` that points at source (knowledge-only claims have no path). */
export function factEvidence(double: TestDouble, fact: FactName): Evidence[] {
  return double.evidence.filter((e) => e.fact === fact && e.path);
}

/**
 * Evidence for `fact`; for a double the knowledge base defines (the `requests_mock` fixture), whose
 * facts hold wherever it is used, the use site itself.
 */
export function factEvidenceAt(double: TestDouble, fact: FactName, context: RuleContext): Evidence[] {
  const found = factEvidence(double, fact);
  if (found.length || !knowledgeEntryOf(double)) return found;
  return [evidenceAt(context, double.span.start.row, fact)];
}

/**
 * The span to report a double at: its use site, or, when the model has no columns for it (a
 * decorator), the decorator's name on its line.
 */
export function useSiteSpan(context: RuleContext, double: TestDouble): Span {
  const { start, end } = double.span;
  if (start.row !== end.row || start.column !== end.column) return double.span;
  const line = context.lines[start.row] ?? '';
  const name = double.name;
  const at = line.indexOf(name);
  if (name && at >= 0) return { start: { row: start.row, column: at }, end: { row: start.row, column: at + name.length } };
  const indent = line.length - line.trimStart().length;
  return { start: { row: start.row, column: indent }, end: { row: start.row, column: line.trimEnd().length } };
}

/** How the double is written at its use site, for messages (`self.client`, `TestClient()`). */
export function subjectOf(double: TestDouble, context: RuleContext): string {
  const line = context.lines[double.span.start.row] ?? '';
  if (double.form === 'fixture-attribute' && line.includes(`self.${double.name}`)) return `self.${double.name}`;
  if (double.form === 'library-call' || double.form === 'helper-call' || double.form === 'use-fixture') return `${double.name}(…)`;
  if (double.form === 'decorator') return `@${double.name}`;
  if (double.form === 'identity-assignment') return `setting ${double.name}`;
  if (double.target) return `the patch of ${double.target}`;
  return double.name;
}

/** The knowledge entry a double is defined by, if any. */
export function knowledgeEntryOf(double: TestDouble): KnowledgeEntry | null {
  const definedAt = double.definedAt;
  if (!definedAt || !('knowledge' in definedAt)) return null;
  if (!entriesById) {
    entriesById = new Map();
    for (const entry of KNOWLEDGE) if (!entriesById.has(entry.id)) entriesById.set(entry.id, entry);
  }
  return entriesById.get(definedAt.knowledge) ?? null;
}

/** The first entry per id, as a scan of `KNOWLEDGE` finds it: every hint asks for its double's entry. */
let entriesById: Map<string, KnowledgeEntry> | null = null;

/**
 * The library primitive a line of evidence calls (`interceptor.RequestsInterceptor(app, …)` →
 * "wsgi-intercept interceptor"), matched on the called name; null when the line names none.
 */
export function primitiveNamedIn(text: string): string | null {
  return primitiveEntryNamedIn(text)?.title ?? null;
}

/** The knowledge entry whose call or method the evidence text makes (`with mock_aws():` → moto), if any. */
export function primitiveEntryNamedIn(text: string): KnowledgeEntry | null {
  for (const { entry, patterns } of primitivePatterns()) {
    if (patterns.some((pattern) => pattern.test(text))) return entry;
  }
  return null;
}

/**
 * Each kind-bearing entry's call and method patterns, compiled on first use: hints ask for every
 * double with evidence, and compiling them per question was most of the hint rules' time.
 */
let compiledPrimitives: ReadonlyArray<{ readonly entry: KnowledgeEntry; readonly patterns: readonly RegExp[] }> | null = null;
function primitivePatterns(): ReadonlyArray<{ readonly entry: KnowledgeEntry; readonly patterns: readonly RegExp[] }> {
  compiledPrimitives ??= KNOWLEDGE.flatMap((entry) => {
    if (!entry.kind) return [];
    const calls = (entry.match.calls ?? []).map((c) => c.split('.').pop() ?? c);
    const methods = entry.match.methods ?? [];
    return [{ entry, patterns: [...calls.map((c) => new RegExp(`(^|[^\\w.])(\\w+\\.)*${escape(c)}\\(`)), ...methods.map((m) => new RegExp(`\\.${escape(m)}\\(`))] }];
  });
  return compiledPrimitives;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What establishes a fact, for a message: the knowledge entry's title, or the primitive the evidence line calls. */
export function sourceOf(double: TestDouble, evidence: Evidence | undefined): string | null {
  return knowledgeEntryOf(double)?.title ?? (evidence ? primitiveNamedIn(evidence.text) : null);
}

/** Where the double is defined and the lines behind its facts, without repeats or the use site itself. */
export function relatedOf(double: TestDouble, context: RuleContext, facts: readonly FactName[]): Evidence[] {
  const related: Evidence[] = [];
  const seen = new Set<string>([`${context.path}:${double.span.start.row + 1}`]);
  const push = (e: Evidence): void => {
    const key = ref(e);
    if (seen.has(key)) return;
    seen.add(key);
    related.push(e);
  };
  const definedAt = double.definedAt;
  if (definedAt && 'path' in definedAt) push({ path: definedAt.path, line: definedAt.line, text: `${double.target ?? double.name} is defined here` });
  for (const fact of facts) for (const e of factEvidence(double, fact)) push(e);
  return related;
}

/** Keeps the first hit per row: one hint per use site and rule. */
export function onePerRow(hits: RuleHit[]): RuleHit[] {
  const rows = new Set<number>();
  return hits
    .sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column)
    .filter((hit) => {
      if (rows.has(hit.span.start.row)) return false;
      rows.add(hit.span.start.row);
      return true;
    });
}

/** Evidence without repeated locations, first occurrence kept. */
export function uniqueEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = ref(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
