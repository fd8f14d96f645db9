/**
 * Writes triaged SARIF 2.1.0: every input result kept, not-applicable ones suppressed
 * (`kind: external`, `status: accepted`, `justification`), Bandit JSON converted to a run, plus a
 * Fixture Lens run for its own diagnostics. For GitHub code scanning, which ignores `suppressions`
 * on upload (github/codeql-action#1230), not-applicable results are dropped and recorded in the
 * run's `properties` instead.
 */
import type { FileAnalysis, Severity } from '../model/types';
import type { FindingsFile } from './import-findings';
import type { SarifRun } from './findings-sarif';
import { toolLabel } from './triage-findings';
import type { FindingVerdict, ImportedFinding } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifTarget = 'standard' | 'github';

export interface RuleDescription {
  readonly title: string;
  readonly explanation: string;
  readonly defaultSeverity: Severity;
}

export interface SarifOutInput {
  readonly inputs: readonly FindingsFile[];
  readonly verdicts: readonly FindingVerdict[];
  /** Fixture Lens' own diagnostics go in a run of their own (FL3xx excluded: they are the verdicts above). */
  readonly analyses: readonly FileAnalysis[];
  /** Absolute analysis root: `%SRCROOT%` for our own and converted runs. */
  readonly root: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly describeRule: (id: string) => RuleDescription | undefined;
  readonly target: SarifTarget;
}

export interface SarifOut {
  readonly log: { $schema: string; version: '2.1.0'; runs: unknown[] };
  /** Not-applicable verdicts left out of the log (`github` target only). */
  readonly dropped: readonly FindingVerdict[];
}

type Json = Record<string, unknown>;

export function verdictKey(finding: Pick<ImportedFinding, 'source'>): string {
  return `${finding.source.file}\u0000${finding.source.run}\u0000${finding.source.index}`;
}

export function buildTriagedSarif(input: SarifOutInput): SarifOut {
  const byKey = new Map(input.verdicts.map((v) => [verdictKey(v.finding), v]));
  const dropped: FindingVerdict[] = [];
  const runs: unknown[] = [];
  for (const file of input.inputs) {
    const inputRuns: SarifRun[] = file.sarif ? (structuredClone(file.sarif.runs) as SarifRun[]) : [banditRun(file, input.root)];
    for (const [runIndex, run] of inputRuns.entries()) {
      const results = Array.isArray(run.results) ? run.results : [];
      const kept: Json[] = [];
      const runDropped: FindingVerdict[] = [];
      for (const [index, result] of results.entries()) {
        const verdict = byKey.get(verdictKey({ source: { file: file.file, run: runIndex, index } }));
        if (verdict && input.target === 'github' && verdict.verdict === 'not-applicable') {
          runDropped.push(verdict);
          continue;
        }
        if (input.target === 'standard') {
          const existing = Array.isArray(result.suppressions) ? result.suppressions : [];
          result.suppressions = verdict?.verdict === 'not-applicable' ? [...existing, { kind: 'external', status: 'accepted', justification: justificationOf(verdict) }] : existing;
        }
        if (verdict) result.properties = { ...(isJson(result.properties) ? result.properties : {}), fixtureLens: verdictProperties(verdict) };
        kept.push(result);
      }
      if (run.results !== undefined || !file.sarif) run.results = kept;
      if (input.target === 'github') {
        run.properties = { ...(isJson(run.properties) ? run.properties : {}), fixtureLens: droppedProperties(runDropped) };
      }
      dropped.push(...runDropped);
      runs.push(run);
    }
  }
  runs.push(ownRun(input));
  return { log: { $schema: SARIF_SCHEMA, version: '2.1.0', runs }, dropped };
}

/** The specific reason, with its first evidence: what a reviewer of the suppression needs. */
function justificationOf(verdict: FindingVerdict): string {
  const point = verdict.points[0];
  const evidence = point?.evidence[0];
  const reason = point?.reason ?? verdict.justification ?? 'not applicable in test context';
  return `Fixture Lens: ${reason}${evidence ? ` (${evidence.path}:${evidence.line})` : ''}`;
}

function verdictProperties(verdict: FindingVerdict): Json {
  return {
    verdict: verdict.verdict,
    concern: verdict.concern,
    reasons: verdict.points.map((p) => p.reason),
    evidence: verdict.points.flatMap((p) => p.evidence.map((e) => `${e.path}:${e.line}`)),
  };
}

function droppedProperties(dropped: readonly FindingVerdict[]): Json {
  return {
    notApplicable: dropped.map((v) => ({
      ruleId: v.finding.ruleId,
      location: v.finding.path ? `${v.finding.path}${v.finding.line ? `:${v.finding.line}` : ''}` : null,
      message: v.finding.message,
      justification: justificationOf(v),
    })),
  };
}

function srcRoot(root: string): Json {
  const posix = root.replace(/\\/g, '/');
  const withSlash = posix.endsWith('/') ? posix : `${posix}/`;
  return { '%SRCROOT%': { uri: `file://${withSlash.startsWith('/') ? '' : '/'}${encodeURI(withSlash)}` } };
}

function artifact(path: string): Json {
  return { uri: encodeURI(path), uriBaseId: '%SRCROOT%' };
}

/** Bandit JSON has no SARIF of its own: a run with one rule per test id, as Bandit's SARIF formatter writes. */
function banditRun(file: FindingsFile, root: string): SarifRun {
  const ruleIds = [...new Set(file.findings.map((f) => f.ruleId))];
  const rules = ruleIds.map((id) => {
    const cwe = file.findings.find((f) => f.ruleId === id)?.cwe ?? [];
    return { id, ...(cwe.length ? { properties: { tags: ['security', ...cwe.map((c) => `external/cwe/${c.toLowerCase()}`)] } } : {}) };
  });
  const results = file.findings.map((finding) => {
    const region: Json = {};
    if (finding.line !== null) region.startLine = finding.line;
    if (finding.column !== undefined && finding.line !== null) region.startColumn = finding.column;
    if (finding.endLine !== undefined) region.endLine = finding.endLine;
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIds.indexOf(finding.ruleId),
      level: finding.level ?? 'warning',
      message: { text: finding.message },
      locations: finding.path ? [{ physicalLocation: { artifactLocation: artifact(finding.path), ...(Object.keys(region).length ? { region } : {}) } }] : [],
    };
  });
  return { tool: { driver: { name: 'Bandit', informationUri: 'https://bandit.readthedocs.io/', rules } }, originalUriBaseIds: srcRoot(root), results };
}

/** A diagnostic `check --baseline` accepted: accepted outside the source, like a triage verdict. */
const BASELINE_SUPPRESSION = { kind: 'external', status: 'accepted', justification: 'accepted in the Fixture Lens baseline' } as const;

const LEVELS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Our genuine-risk rules and explanations; context hints (severity `hint`) stay in the editor. */
function ownRun(input: SarifOutInput): Json {
  const diagnostics = input.analyses.flatMap((analysis) =>
    analysis.diagnostics.filter((d) => d.severity !== 'hint' && !/^FL3\d\d$/.test(d.ruleId)).map((d) => ({ analysis, d })),
  );
  const visible = input.target === 'github' ? diagnostics.filter(({ d }) => !d.suppressed) : diagnostics;
  const ruleIds = [...new Set(visible.map(({ d }) => d.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const rule = input.describeRule(id);
    return {
      id,
      ...(rule
        ? {
            name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
            shortDescription: { text: rule.title },
            fullDescription: { text: rule.explanation.split('\n\n')[0].replace(/\s+/g, ' ') },
            help: { text: rule.explanation, markdown: rule.explanation },
            defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
          }
        : {}),
    };
  });
  const results = visible.map(({ analysis, d }) => ({
    ruleId: d.ruleId,
    ruleIndex: ruleIds.indexOf(d.ruleId),
    level: LEVELS[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(analysis.path),
          region: { startLine: d.span.start.row + 1, startColumn: d.span.start.column + 1, endLine: d.span.end.row + 1, endColumn: d.span.end.column + 1 },
        },
      },
    ],
    ...(d.related?.length
      ? { relatedLocations: d.related.map((e, id) => ({ id, physicalLocation: { artifactLocation: artifact(e.path), region: { startLine: e.line } }, message: { text: e.text } })) }
      : {}),
    ...(input.target === 'standard' ? { suppressions: d.baselined ? [BASELINE_SUPPRESSION] : d.suppressed ? [{ kind: 'inSource' }] : [] } : {}),
  }));
  return {
    tool: { driver: { name: input.tool.name, version: input.tool.version, semanticVersion: input.tool.version, rules } },
    originalUriBaseIds: srcRoot(input.root),
    results,
  };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The job-log summary for `--sarif-for github`: counts, then each verdict with its justification. */
export function githubSummary(verdicts: readonly FindingVerdict[], dropped: readonly FindingVerdict[]): string {
  const count = (v: string) => verdicts.filter((x) => x.verdict === v).length;
  const lines = [
    '### Fixture Lens triage',
    '',
    `${verdicts.length} finding(s): ${count('not-applicable')} not applicable (${dropped.length} left out of the upload), ${count('applies')} apply, ${count('unclear')} unclear.`,
  ];
  const section = (title: string, items: readonly FindingVerdict[], why: (v: FindingVerdict) => string) => {
    if (!items.length) return;
    lines.push('', `<details><summary>${title} (${items.length})</summary>`, '', '| Finding | Location | Why |', '|---|---|---|');
    for (const v of items) {
      const where = v.finding.path ? `\`${v.finding.path}${v.finding.line ? `:${v.finding.line}` : ''}\`` : '—';
      lines.push(`| ${toolLabel(v.finding.tool)} ${cell(v.finding.ruleId)} | ${where} | ${cell(why(v))} |`);
    }
    lines.push('', '</details>');
  };
  section('Applies', verdicts.filter((v) => v.verdict === 'applies'), (v) => v.points[0]?.reason ?? '');
  section('Unclear', verdicts.filter((v) => v.verdict === 'unclear'), (v) => v.points[0]?.reason ?? '');
  section('Not applicable', verdicts.filter((v) => v.verdict === 'not-applicable'), (v) => v.justification ?? v.points[0]?.reason ?? '');
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
