/**
 * CLI side of `check --baseline FILE [--update-baseline]`: reads the analysed files' lines for the
 * fingerprints, reads or writes the baseline file, and marks the diagnostics it accepts. One-line
 * errors naming the file; a baseline that cannot be read stops the run rather than passing it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIoError, readPythonSource } from '../io/read-source';
import type { FileAnalysis } from '../model/types';
import { applyBaseline, buildBaseline, formatBaseline, isBaselineCandidate, parseBaseline, type BaselineFile } from '../triage/baseline';

export interface BaselineRequest {
  /** As given on the command line; resolved against `cwd`. */
  readonly file: string;
  readonly cwd: string;
  /** Write the file from this run instead of reading it. */
  readonly update: boolean;
  readonly root: string;
  readonly analyses: readonly FileAnalysis[];
}

export type BaselineOutcome = { readonly ok: true; readonly analyses: readonly FileAnalysis[]; readonly note: string } | { readonly ok: false; readonly error: string };

export function useBaseline(request: BaselineRequest): BaselineOutcome {
  const target = path.resolve(request.cwd, request.file);
  const files = request.analyses.map((analysis) => withLines(analysis, request.root));
  if (request.update) {
    const baseline = buildBaseline(files);
    try {
      fs.writeFileSync(target, formatBaseline(baseline));
    } catch (error) {
      return { ok: false, error: `${request.file}: cannot write the baseline (${describeIoError(error)})` };
    }
    const { analyses } = applyBaseline(files, baseline);
    return { ok: true, analyses, note: `wrote ${baseline.entries.length} baseline entr${baseline.entries.length === 1 ? 'y' : 'ies'} to ${request.file}` };
  }
  let text: string;
  try {
    text = fs.readFileSync(target, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException)?.code === 'ENOENT';
    return { ok: false, error: `${request.file}: ${missing ? 'no such baseline; create it with --update-baseline' : describeIoError(error)}` };
  }
  const parsed = parseBaseline(text, request.file);
  if (!parsed.ok) return parsed;
  const { analyses, matched, unmatched } = applyBaseline(files, parsed.baseline);
  return { ok: true, analyses, note: `baseline ${request.file}: ${matched} diagnostic(s) accepted${unmatched ? `, ${unmatched} entr${unmatched === 1 ? 'y' : 'ies'} no longer found` : ''}` };
}

/** Lines are read only for files with something to fingerprint; an unreadable file fingerprints as empty lines. */
function withLines(analysis: FileAnalysis, root: string): BaselineFile {
  if (!analysis.diagnostics.some(isBaselineCandidate)) return { analysis, lines: [] };
  const source = readPythonSource(path.resolve(root, analysis.path));
  return { analysis, lines: source.ok ? source.text.split(/\r\n|\r|\n/) : [] };
}
