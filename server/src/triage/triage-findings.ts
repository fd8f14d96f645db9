/**
 * Gives every imported finding a verdict: locates its file and line, leaves findings outside test
 * code to the tool that raised them (never dismissed), and runs the concern's procedure otherwise.
 */
import { concernOf, concernTitle } from './concerns';
import { runProcedure } from './finding-procedures';
import { siteAt, type TriageFile } from './finding-site';
import type { FindingVerdict, ImportedFinding } from './types';

/** The analysed file for a root-relative path, or why there is none. */
export type FileLookup = (path: string) => TriageFile | { readonly missing: string };

const TOOL_LABELS: Record<string, string> = { bandit: 'Bandit', ruff: 'Ruff', semgrep: 'Semgrep', codeql: 'CodeQL' };

export function toolLabel(tool: string): string {
  return TOOL_LABELS[tool] ?? tool;
}

export function triageFinding(finding: ImportedFinding, lookup: FileLookup): FindingVerdict {
  const concern = concernOf(finding);
  const base = { finding, concern };
  const unclearBecause = (reason: string): FindingVerdict => ({ ...base, verdict: 'unclear', points: [{ reason, evidence: [] }], justification: null });
  if (finding.path === null) return unclearBecause(`The ${toolLabel(finding.tool)} result has no file location, so Fixture Lens cannot place it`);
  const file = lookup(finding.path);
  if ('missing' in file) return unclearBecause(file.missing);
  const { analysis, syntax } = file;
  if (!analysis.test.isTest) {
    return unclearBecause(`outside test code: left to ${toolLabel(finding.tool)} (${analysis.path} is not test code, so the test-context argument does not apply)`);
  }
  if (finding.line === null) return unclearBecause(`The ${toolLabel(finding.tool)} result has no line in ${analysis.path}, so Fixture Lens cannot read the code it means`);
  if (finding.line > syntax.lines.length) {
    return unclearBecause(`Line ${finding.line} is past the end of ${analysis.path} (${syntax.lines.length} lines): the findings file may be older than the code`);
  }
  const outcome = runProcedure(concern, siteAt(file, finding.line, finding.endLine), finding);
  return { ...base, ...outcome };
}

/** A one-line summary for messages: `Bandit B106 (hard-coded credential): not applicable — …`. */
export function summarizeFindingVerdict(verdict: FindingVerdict): string {
  const label = verdict.verdict === 'not-applicable' ? 'not applicable' : verdict.verdict;
  const reason = verdict.points[0]?.reason ?? '';
  return `${toolLabel(verdict.finding.tool)} ${verdict.finding.ruleId} (${concernTitle(verdict.concern)}): ${label} — ${reason}`;
}
