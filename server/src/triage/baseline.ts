/**
 * The baseline file (SPEC §5): the diagnostics a project has accepted, keyed by a fingerprint that
 * survives line moves (file, rule, the line's code without its comment, and the occurrence among
 * identical lines), written one entry per line so a review diff shows what was accepted. Text in,
 * text out; the CLI reads and writes the file.
 */
import { createHash } from 'node:crypto';
import type { FileAnalysis, Finding } from '../model/types';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly path: string;
  readonly rule: string;
  readonly fingerprint: string;
  /** The line's code, for whoever reviews the baseline; matching uses the fingerprint only. */
  readonly code: string;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
}

/** An analysed file with the lines of its text (what the fingerprints are made of). */
export interface BaselineFile {
  readonly analysis: FileAnalysis;
  readonly lines: readonly string[];
}

/** Which diagnostics a baseline holds: unsuppressed ones that are not context hints. */
export function isBaselineCandidate(finding: Finding): boolean {
  return !finding.suppressed && finding.severity !== 'hint';
}

/** Entries for every candidate diagnostic of the files, sorted by path, rule and fingerprint. */
export function buildBaseline(files: readonly BaselineFile[]): Baseline {
  const entries = files.flatMap((file) =>
    // A real-looking secret is not copied into a second file: its strings are elided.
    fingerprintFile(file).map(({ finding, fingerprint, code }) => ({ path: file.analysis.path, rule: finding.ruleId, fingerprint, code: finding.ruleId === 'FL201' ? elideStrings(code) : code })),
  );
  return { entries: entries.sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.fingerprint, b.fingerprint)) };
}

/** Pretty JSON with one entry per line: adding or removing one finding changes one line of the file. */
export function formatBaseline(baseline: Baseline): string {
  const rows = baseline.entries.map((e) => `    ${JSON.stringify({ path: e.path, rule: e.rule, fingerprint: e.fingerprint, code: e.code })}`);
  return `{\n  "version": ${BASELINE_VERSION},\n  "tool": "fixture-lens",\n  "entries": [${rows.length ? `\n${rows.join(',\n')}\n  ` : ''}]\n}\n`;
}

export type BaselineParse = { readonly ok: true; readonly baseline: Baseline } | { readonly ok: false; readonly error: string };

/** Reads a baseline; anything else is one line naming the file and what is wrong. */
export function parseBaseline(text: string, file: string): BaselineParse {
  const fail = (what: string): BaselineParse => ({ ok: false, error: `${file}: ${what}` });
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { entries?: unknown }).entries)) return fail('not a Fixture Lens baseline (no "entries" list)');
  const { version, entries } = data as { version?: unknown; entries: unknown[] };
  if (version !== BASELINE_VERSION) return fail(`baseline version ${JSON.stringify(version)} is not supported (expected ${BASELINE_VERSION})`);
  const parsed: BaselineEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const e = entry as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null || typeof e.path !== 'string' || typeof e.rule !== 'string' || typeof e.fingerprint !== 'string') {
      return fail(`entry ${index + 1} needs string "path", "rule" and "fingerprint"`);
    }
    parsed.push({ path: e.path, rule: e.rule, fingerprint: e.fingerprint, code: typeof e.code === 'string' ? e.code : '' });
  }
  return { ok: true, baseline: { entries: parsed } };
}

export interface BaselineMatch {
  /** The analyses with matched diagnostics marked `suppressed` and `baselined`. */
  readonly analyses: readonly FileAnalysis[];
  readonly matched: number;
  /** Entries no diagnostic matched: fixed since, or their files were not analysed. */
  readonly unmatched: number;
}

/** Marks the diagnostics the baseline holds; each entry accepts one diagnostic. */
export function applyBaseline(files: readonly BaselineFile[], baseline: Baseline): BaselineMatch {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) remaining.set(e.fingerprint, (remaining.get(e.fingerprint) ?? 0) + 1);
  let matched = 0;
  const analyses = files.map((file) => {
    const accepted = new Set<Finding>();
    for (const { finding, fingerprint } of fingerprintFile(file)) {
      const left = remaining.get(fingerprint) ?? 0;
      if (left === 0) continue;
      remaining.set(fingerprint, left - 1);
      accepted.add(finding);
    }
    matched += accepted.size;
    if (!accepted.size) return file.analysis;
    return { ...file.analysis, diagnostics: file.analysis.diagnostics.map((d) => (accepted.has(d) ? { ...d, suppressed: true, baselined: true } : d)) };
  });
  return { analyses, matched, unmatched: baseline.entries.length - matched };
}

/** Fingerprints of a file's candidate diagnostics, in source order. */
function fingerprintFile(file: BaselineFile): Array<{ finding: Finding; fingerprint: string; code: string }> {
  const seen = new Map<string, number>();
  const candidates = file.analysis.diagnostics.filter(isBaselineCandidate);
  const ordered = [...candidates].sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
  return ordered.map((finding) => {
    const code = codeOf(file.lines[finding.span.start.row] ?? '');
    // Identical lines with the same finding are told apart by their order, which a move keeps.
    const subject = `${file.analysis.path}\u0000${finding.ruleId}\u0000${finding.subject ?? ''}\u0000${code}`;
    const occurrence = seen.get(subject) ?? 0;
    seen.set(subject, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${subject}\u0000${occurrence}`).digest('hex').slice(0, 20);
    return { finding, fingerprint, code };
  });
}

/**
 * The line's code with whitespace collapsed and its comment dropped, so that re-indenting a line or
 * adding a `# noqa` to it keeps its fingerprint. A `#` inside a one-line string is code.
 */
export function codeOf(line: string): string {
  const comment = scanLine(line).comment;
  return line.slice(0, comment ?? line.length).trim().replace(/\s+/g, ' ');
}

/** The code with the contents of its one-line strings replaced by `…`. */
export function elideStrings(code: string): string {
  const { strings } = scanLine(code);
  let out = code;
  for (const [start, end] of [...strings].reverse()) out = `${out.slice(0, start + 1)}…${out.slice(end)}`;
  return out;
}

/** Where a line's comment starts and its string literals lie (quote to closing quote), by a quote-aware scan. */
function scanLine(line: string): { comment: number | null; strings: Array<[number, number]> } {
  const strings: Array<[number, number]> = [];
  let quote: string | null = null;
  let opened = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) {
        strings.push([opened, i]);
        quote = null;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      opened = i;
    } else if (c === '#') {
      return { comment: i, strings };
    }
  }
  return { comment: null, strings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
