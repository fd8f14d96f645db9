/** Human-readable CLI output: one block per file, then a summary line. */
import type { FileAnalysis, Finding, TestDouble } from '../model/types';
import type { SkippedFile } from '../report/to-report';
import type { ClaimVerdict, FindingVerdict } from '../triage/types';

export function formatFileText(file: FileAnalysis, options: { verbose: boolean }): string {
  const lines: string[] = [file.path];
  const frameworks = file.test.frameworks.length ? ` (${file.test.frameworks.join(', ')})` : '';
  lines.push(`  test code: ${file.test.isTest ? 'yes' : 'no'}${frameworks}`);
  for (const reason of file.test.reasons) lines.push(`    - ${reason}`);
  if (file.hasSyntaxErrors) lines.push('  note: the file has syntax errors; results cover the parts that parse');
  if (options.verbose) {
    lines.push(`  doubles (${file.doubles.length}):`);
    for (const double of file.doubles) lines.push(...formatDouble(double));
  }
  const active = file.diagnostics.filter((d) => !d.suppressed);
  const suppressed = file.diagnostics.length - active.length;
  lines.push(`  diagnostics (${active.length}${suppressed ? `, ${suppressed} suppressed` : ''}):`);
  for (const { diagnostic: d, repeats } of collapseRepeatedHints(active)) {
    lines.push(`    ${where(d)}  ${d.severity.padEnd(11)} ${d.ruleId}  ${d.message}`);
    if (repeats.length) lines.push(`        same hint at ${listPlaces(repeats)}`);
  }
  return lines.join('\n');
}

/** Places of repeats listed in full up to this many; the JSON and SARIF outputs list every one. */
const LISTED_REPEATS = 12;

function where(d: Finding): string {
  return `${d.span.start.row + 1}:${d.span.start.column + 1}`;
}

function listPlaces(repeats: readonly Finding[]): string {
  const listed = repeats.slice(0, LISTED_REPEATS).map(where).join(', ');
  const rest = repeats.length - LISTED_REPEATS;
  return rest > 0 ? `${listed} and ${rest} more (--format json lists them)` : listed;
}

/**
 * The file's diagnostics in order, each hint that repeats an earlier one word for word folded into
 * that one's `repeats`. A hint explains a use (`self.client` on every request of a Django test class,
 * the same placeholder password in every login), so the text report says it once per file with its
 * places; warnings are each a risk to look at and are never folded.
 */
function collapseRepeatedHints(diagnostics: readonly Finding[]): Array<{ diagnostic: Finding; repeats: Finding[] }> {
  const shown: Array<{ diagnostic: Finding; repeats: Finding[] }> = [];
  const firstOf = new Map<string, { diagnostic: Finding; repeats: Finding[] }>();
  for (const diagnostic of diagnostics) {
    const key = diagnostic.severity === 'hint' ? `${diagnostic.ruleId}\u0000${diagnostic.message}` : null;
    const first = key === null ? undefined : firstOf.get(key);
    if (first) {
      first.repeats.push(diagnostic);
      continue;
    }
    const entry = { diagnostic, repeats: [] };
    shown.push(entry);
    if (key !== null) firstOf.set(key, entry);
  }
  return shown;
}

function formatDouble(double: TestDouble): string[] {
  const where = `${double.span.start.row + 1}:${double.span.start.column + 1}`;
  const name = double.qualifiedName ?? double.name;
  const target = double.target ? ` → ${double.target}` : '';
  const defined = double.definedAt === null
    ? 'definition unknown'
    : 'knowledge' in double.definedAt
      ? `known primitive ${double.definedAt.knowledge}`
      : `defined at ${double.definedAt.path}:${double.definedAt.line}`;
  const f = double.facts;
  const facts = `transport=${f.transport} authn=${f.authn} authz=${f.authz} data=${f.data} reachableFromProduction=${f.reachableFromProduction ?? 'unknown'}`;
  const out = [`    ${where}  ${double.form.padEnd(19)} ${name}${target}  [${double.scope}]`, `        ${defined}; ${facts}`];
  if (double.unresolved) out.push(`        unresolved: ${double.unresolved}`);
  return out;
}

export function formatSummaryText(files: readonly FileAnalysis[], skipped: readonly SkippedFile[], elapsedMs: number, findings: readonly FindingVerdict[] = []): string {
  const tests = files.filter((f) => f.test.isTest).length;
  const counts = new Map<string, number>();
  for (const file of files) for (const d of file.diagnostics) if (!d.suppressed) counts.set(d.ruleId, (counts.get(d.ruleId) ?? 0) + 1);
  const byRule = [...counts.entries()].sort().map(([id, n]) => `${id}×${n}`).join(' ') || 'no diagnostics';
  const skippedText = skipped.length ? `, ${skipped.length} skipped` : '';
  const triaged = findings.length ? `; ${findings.length} finding(s) triaged: ${verdictCounts(findings)}` : '';
  return `${files.length} file(s) analyzed (${tests} test code${skippedText}): ${byRule}${triaged} in ${Math.round(elapsedMs)} ms`;
}

function verdictCounts(items: ReadonlyArray<{ readonly verdict: string }>): string {
  return (['not-applicable', 'applies', 'unclear'] as const).map((v) => `${items.filter((i) => i.verdict === v).length} ${v}`).join(', ');
}

/** The review's claims, verdict first, each reason with its evidence. */
export function formatClaimsText(claims: readonly ClaimVerdict[]): string {
  const lines = [`  review claims (${claims.length}: ${verdictCounts(claims)}):`];
  for (const verdict of claims) {
    lines.push(`    ${verdict.claim.index}. ${verdict.verdict.padEnd(14)} [${verdict.claim.category}] ${verdict.claim.title}`);
    for (const point of verdict.points) {
      lines.push(`         - ${point.reason}`);
      for (const e of point.evidence.slice(0, 4)) lines.push(`             ${e.path}:${e.line}  ${e.text}`);
    }
  }
  return lines.join('\n');
}

/** Findings about files not analysed, one line per file with why (all unclear). */
export function formatUnmatchedText(verdicts: readonly FindingVerdict[]): string {
  const byPath = new Map<string, FindingVerdict[]>();
  for (const verdict of verdicts) {
    const key = verdict.finding.path ?? '(no location)';
    byPath.set(key, [...(byPath.get(key) ?? []), verdict]);
  }
  const lines = [`findings about files not analysed (${verdicts.length}, unclear):`];
  for (const [where, items] of byPath) {
    const rules = [...new Set(items.map((v) => v.finding.ruleId))].join(', ');
    lines.push(`  ${where}  ${items.length} finding(s) (${rules}): ${items[0].points[0]?.reason ?? ''}`);
  }
  return lines.join('\n');
}
