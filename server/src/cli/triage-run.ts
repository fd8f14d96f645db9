/**
 * CLI side of triage: reads findings files and the review (one-line errors naming the file), runs
 * the pure triage over the analysed files, and appends FL301–FL303 to their diagnostics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../model/types';
import { describeIoError } from '../io/read-source';
import { createSourceLineReader } from '../io/source-lines';
import type { Settings } from '../settings';
import { decideClaim } from '../triage/claim-verdicts';
import type { TriageFile } from '../triage/finding-site';
import { importFindings, type FindingsFile } from '../triage/import-findings';
import { parseReview } from '../triage/review-claims';
import { rulesRun, severityOf } from '../triage/rule-settings';
import { toTriageDiagnostics, withTriageDiagnostics } from '../triage/to-diagnostics';
import { triageFinding, type FileLookup } from '../triage/triage-findings';
import type { ClaimVerdict, FindingVerdict, ReviewClaim, TriageSyntax } from '../triage/types';

// Shared with the language server; re-exported for existing callers.
export { rulesRun, severityOf } from '../triage/rule-settings';
export { createSourceLineReader } from '../io/source-lines';

export interface TriageInputs {
  readonly findingsFiles: readonly FindingsFile[];
  readonly review: { readonly file: string; readonly claims: readonly ReviewClaim[] } | null;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Reads every `--findings` file and the `--review` file; the first problem stops the run. */
export function loadTriageInputs(options: { readonly findings: readonly string[]; readonly review?: string; readonly cwd: string; readonly root: string }): Loaded<TriageInputs> {
  const findingsFiles: FindingsFile[] = [];
  for (const file of options.findings) {
    const text = readText(file, options.cwd);
    if (!text.ok) return text;
    const imported = importFindings(text.value, { file, root: options.root });
    if (!imported.ok) return imported;
    findingsFiles.push(imported.value);
  }
  let review: TriageInputs['review'] = null;
  if (options.review !== undefined) {
    const text = readText(options.review, options.cwd);
    if (!text.ok) return text;
    const parsed = parseReview(text.value, { file: options.review });
    if (!parsed.ok) return parsed;
    review = { file: options.review, claims: parsed.claims };
  }
  return { ok: true, value: { findingsFiles, review } };
}

function readText(file: string, cwd: string): Loaded<string> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(cwd, file));
  } catch (error) {
    return { ok: false, error: `${file}: ${describeIoError(error)}` };
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: `${file}: not valid UTF-8 text` };
  }
}

export interface TriageResult {
  /** The analyses with FL301–FL303 appended, in input order. */
  readonly analyses: readonly FileAnalysis[];
  readonly findings: ReadonlyMap<string, readonly FindingVerdict[]>;
  /** Verdicts for findings in files that were not analysed. */
  readonly unmatched: readonly FindingVerdict[];
  readonly claims: ReadonlyMap<string, readonly ClaimVerdict[]>;
  /** Every finding verdict, in input order. */
  readonly all: readonly FindingVerdict[];
}

export interface TriageRunInput {
  readonly analyses: readonly FileAnalysis[];
  readonly syntaxes: ReadonlyMap<string, TriageSyntax>;
  readonly inputs: TriageInputs;
  readonly settings: Settings;
  /** Absolute root: resolves finding paths that were not analysed, to say why. */
  readonly root: string;
  /** The file a review is about (`explain FILE --review R`). */
  readonly reviewed: string | null;
}

export function runTriage(input: TriageRunInput): TriageResult {
  const ran = rulesRun(input.settings);
  const files = new Map<string, TriageFile>();
  for (const analysis of input.analyses) {
    const syntax = input.syntaxes.get(analysis.path);
    if (syntax) files.set(analysis.path, { analysis, syntax, rulesRun: ran });
  }
  const lookup: FileLookup = (relative) => files.get(relative) ?? { missing: whyNotAnalysed(relative, input.root, input.analyses) };
  const all: FindingVerdict[] = [];
  const byPath = new Map<string, FindingVerdict[]>();
  const unmatched: FindingVerdict[] = [];
  for (const file of input.inputs.findingsFiles) {
    for (const finding of file.findings) {
      const verdict = triageFinding(finding, lookup);
      all.push(verdict);
      if (finding.path !== null && files.has(finding.path)) byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), verdict]);
      else unmatched.push(verdict);
    }
  }
  const claims = new Map<string, ClaimVerdict[]>();
  const reviewed = input.reviewed ? files.get(input.reviewed) : undefined;
  if (input.inputs.review && reviewed) {
    const sourceLine = createSourceLineReader(input.root);
    claims.set(reviewed.analysis.path, input.inputs.review.claims.map((claim) => decideClaim({ claim, file: reviewed, sourceLine })));
  }
  const severity = severityOf(input.settings);
  const analyses = input.analyses.map((analysis) => {
    const verdicts = byPath.get(analysis.path);
    const file = files.get(analysis.path);
    if (!verdicts || !file) return analysis;
    return withTriageDiagnostics(analysis, toTriageDiagnostics(file, verdicts, { severityOf: severity }));
  });
  return { analyses, findings: byPath, unmatched, claims, all };
}

function whyNotAnalysed(relative: string, root: string, analyses: readonly FileAnalysis[]): string {
  if (path.isAbsolute(relative) || /^[A-Za-z]:\//.test(relative)) return `${relative} is outside --root (${root}), so Fixture Lens did not analyse it`;
  if (relative.startsWith('../')) return `${relative} is outside --root (${root}), so Fixture Lens did not analyse it`;
  const absolute = path.join(root, relative);
  if (!fs.existsSync(absolute)) return `${relative} does not exist under --root (${root}): the findings may come from another checkout, or --root differs from where the scanner ran`;
  if (!/\.pyi?$/.test(relative)) return `${relative} is not a Python file, so Fixture Lens did not analyse it`;
  return analyses.length ? `${relative} is not among the analysed paths, so Fixture Lens has no model of it (add it to the paths given to check)` : `${relative} was not analysed`;
}
