/**
 * The place a finding points at, read the way the scanner read it: the statement around the line,
 * its calls, the function and class it sits in, the doubles in effect there and the Fixture Lens
 * diagnostics on it. Pure lookups over `FileAnalysis` and `TriageSyntax`.
 */
import type { CallSite, FunctionDef } from '../model/syntax';
import type { Evidence, FileAnalysis, Finding, TestDouble } from '../model/types';
import type { RulesRun, TriageSyntax } from './types';

/** One analysed file with what triage needs beside the analysis. */
export interface TriageFile {
  readonly analysis: FileAnalysis;
  readonly syntax: TriageSyntax;
  readonly rulesRun: RulesRun;
}

export interface FindingSite {
  readonly file: TriageFile;
  /** 0-based row of the finding. */
  readonly row: number;
  /** 0-based rows of the statement the finding is in (at least the finding's row). */
  readonly region: { readonly start: number; readonly end: number };
  readonly statementType: string | null;
  /** The region's source text, lines joined with `\n`. */
  readonly text: string;
  /** Calls that start inside the region, outermost first. */
  readonly calls: readonly CallSite[];
  readonly enclosingFunction: FunctionDef | null;
  /** `Class.method`, `function` or `<module>`, as doubles record their scope. */
  readonly scope: string;
}

export function siteAt(file: TriageFile, line: number, endLine?: number): FindingSite {
  const row = line - 1;
  const statement = innermostStatement(file.syntax, row);
  const start = statement ? Math.min(statement.start, row) : row;
  const end = Math.max(statement ? statement.end : row, endLine !== undefined ? endLine - 1 : row);
  const region = { start, end };
  const calls = file.syntax.calls
    .filter((call) => call.span.start.row >= start && call.span.start.row <= end)
    .sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column || b.span.end.row - a.span.end.row);
  const enclosingFunction = outermostFunctionAt(file.syntax.functions, row);
  const scope = enclosingFunction ? (enclosingFunction.className ? `${enclosingFunction.className}.${enclosingFunction.name}` : enclosingFunction.name) : '<module>';
  return {
    file,
    row,
    region,
    statementType: statement?.type ?? null,
    text: file.syntax.lines.slice(start, end + 1).join('\n'),
    calls,
    enclosingFunction,
    scope,
  };
}

function innermostStatement(syntax: TriageSyntax, row: number): { start: number; end: number; type: string } | null {
  let best: { start: number; end: number; type: string } | null = null;
  for (const statement of syntax.statements) {
    if (statement.start > row || statement.end < row) continue;
    if (!best || statement.end - statement.start < best.end - best.start) best = statement;
  }
  return best;
}

/** Nested functions report their outermost function, which is the test that runs them. */
function outermostFunctionAt(functions: readonly FunctionDef[], row: number): FunctionDef | null {
  let best: FunctionDef | null = null;
  for (const fn of functions) {
    if (fn.span.start.row > row || fn.span.end.row < row) continue;
    if (!best || fn.span.start.row < best.span.start.row) best = fn;
  }
  return best;
}

/** Unsuppressed diagnostics of these rules that overlap the region. */
export function diagnosticsAt(site: FindingSite, ruleIds: readonly string[]): Finding[] {
  return site.file.analysis.diagnostics.filter(
    (d) => !d.suppressed && ruleIds.includes(d.ruleId) && d.span.start.row <= site.region.end && d.span.end.row >= site.region.start,
  );
}

/** Unsuppressed diagnostics of these rules anywhere in the file. */
export function diagnosticsInFile(file: TriageFile, ruleIds: readonly string[]): Finding[] {
  return file.analysis.diagnostics.filter((d) => !d.suppressed && ruleIds.includes(d.ruleId));
}

export function hasRun(file: TriageFile, ruleId: string): boolean {
  return file.rulesRun.has(ruleId);
}

/** Evidence for a 0-based row of the finding's file. */
export function lineEvidence(file: TriageFile, row: number, fact?: Evidence['fact']): Evidence {
  const text = (file.syntax.lines[row] ?? '').trim();
  return { ...(fact ? { fact } : {}), path: file.analysis.path, line: row + 1, text: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}

export function siteEvidence(site: FindingSite): Evidence {
  return lineEvidence(site.file, site.row);
}

/**
 * The rule's own evidence first (a secret rule redacts the value it quotes), then the diagnostic's
 * line when the rule did not cite it.
 */
export function diagnosticEvidence(file: TriageFile, diagnostic: Finding): Evidence[] {
  const line = diagnostic.span.start.row + 1;
  const cited = diagnostic.evidence.some((e) => e.path === file.analysis.path && e.line === line);
  return dedupeEvidence(cited ? diagnostic.evidence : [lineEvidence(file, diagnostic.span.start.row), ...diagnostic.evidence]);
}

/** One entry per `path:line`, the first kept. */
export function dedupeEvidence<T extends Pick<Evidence, 'path' | 'line'>>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const key = `${e.path}:${e.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Doubles in effect at the site: those of its own test scope, of its class (`setUp`, class-level
 * decorators) and of the module (autouse fixtures, module-level patches).
 */
export function doublesInEffect(site: FindingSite): TestDouble[] {
  const className = site.enclosingFunction?.className ?? null;
  return site.file.analysis.doubles.filter((d) => {
    if (d.scope === site.scope || d.scope === '<module>') return true;
    if (!className) return false;
    return d.scope === className || d.scope === `${className}.setUp` || d.scope === `${className}.setUpClass`;
  });
}

/** True when the statement is an assertion or builds the expected value of a mock assertion. */
export function isAssertion(site: FindingSite): boolean {
  if (site.statementType === 'assert_statement') return true;
  // `assertRaises(fn, *args)` and friends call `fn`: its arguments are used, not compared.
  return site.calls.some(
    (call) => (/(^|\.)(assert\w*|assert_\w+|fail\w*)$/i.test(call.callee) && !/(^|\.)assert(Raises|Warns|Logs)\w*$/.test(call.callee)) || /^(mock\.)?call(\.\w+)?$/.test(call.callee),
  );
}

/** True when the statement imports a module rather than using it. */
export function isImport(site: FindingSite): boolean {
  return site.statementType === 'import_statement' || site.statementType === 'import_from_statement';
}

/** Loopback hosts written literally in the statement (`localhost`, `127.0.0.1`, `[::1]`). */
export function loopbackLiteral(site: FindingSite): string | null {
  const match = /\b(?:https?|wss?|ftp):\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?/i.exec(site.text) ?? /['"](localhost|127(?:\.\d{1,3}){3}|::1)['"]/.exec(site.text);
  return match ? match[1] : null;
}

/** A double in effect that patches what the call runs (`subprocess.run`, `os.chmod`), if any. */
export function patchCovering(site: FindingSite, call: CallSite | null, names: RegExp): TestDouble | null {
  const candidates = doublesInEffect(site).filter((d) => d.target !== null);
  for (const double of candidates) {
    const target = double.target as string;
    if (call && (target === call.qualifiedCallee || target.endsWith(`.${call.callee.split('.').pop()}`) && names.test(target))) return double;
    if (!call && names.test(target)) return double;
  }
  return null;
}

/** Doubles in effect that answer HTTP in-process (interceptors, HTTP mocks, test clients). */
export function interceptingDoubles(site: FindingSite): TestDouble[] {
  return doublesInEffect(site).filter((d) => d.facts.transport === 'in-process' && /intercept|http|client|api|mock/i.test(d.kind));
}
