/**
 * FL301–FL303: the diagnostics an imported finding becomes once triaged (SPEC §4). Metadata only,
 * in the shape of a rule (id, title, severity, explanation) so hovers, SARIF and docs can use it.
 */
import type { Severity } from '../model/types';
import type { Verdict } from './types';

export interface TriageCode {
  readonly id: 'FL301' | 'FL302' | 'FL303';
  readonly verdict: Verdict;
  readonly title: string;
  readonly defaultSeverity: Severity;
  readonly explanation: string;
}

export const TRIAGE_CODES: readonly TriageCode[] = [
  {
    id: 'FL301',
    verdict: 'not-applicable',
    title: 'Imported finding: not applicable in test context',
    defaultSeverity: 'information',
    explanation: [
      'A scanner finding (Bandit, Ruff, Semgrep, CodeQL) on test code that does not apply here, with the reason',
      'and the evidence: a placeholder credential, an `assert` in a test, `eval` of a test literal, XML the code',
      'under test produced and a fake parsed, a request to an in-process endpoint, …',
      '',
      'The quick fix writes the scanner\'s own suppression (`# nosec B106 # reason`, `# noqa: S106 # reason`,',
      '`# nosemgrep: rule-id # reason`) with the reason as justification. `check --format sarif` marks the',
      'result as suppressed (`kind: external`, `status: accepted`) instead of editing the file.',
    ].join('\n'),
  },
  {
    id: 'FL302',
    verdict: 'applies',
    title: 'Imported finding: applies',
    defaultSeverity: 'warning',
    explanation: [
      'A scanner finding on test code that a Fixture Lens genuine-risk rule confirms: a real-looking secret',
      '(FL201), a real network host (FL202), TLS verification off toward a public host (FL203), a server bound',
      'to all interfaces (FL204), a predictable shared `/tmp` path (FL207), eval of fetched data (FL208).',
      'Fix the code; the genuine-risk rule\'s explanation says how.',
    ].join('\n'),
  },
  {
    id: 'FL303',
    verdict: 'unclear',
    title: 'Imported finding: unclear',
    defaultSeverity: 'information',
    explanation: [
      'Fixture Lens cannot decide this finding, and says what it does not know: a file outside test code (left',
      'to the tool that raised it), a host it cannot resolve, a value whose origin it does not trace, a rule it',
      'has no procedure for. Review it by hand.',
    ].join('\n'),
  },
];

export function triageCodeFor(verdict: Verdict): TriageCode {
  return TRIAGE_CODES.find((code) => code.verdict === verdict) as TriageCode;
}
