/**
 * The reply a maintainer can paste under a review: one section per claim, verdict first, then the
 * reasons with `path:line` evidence; then the genuine risks the review did not mention, and the
 * scanner findings when there are any. Markdown text out; no I/O.
 */
import type { Evidence, Finding, TestDouble } from '../model/types';
import { concernTitle } from './concerns';
import { toolLabel } from './triage-findings';
import type { ClaimVerdict, FindingVerdict, Verdict } from './types';

export interface ReplyInput {
  /** Root-relative path of the file the review is about. */
  readonly path: string;
  readonly claims: readonly ClaimVerdict[];
  readonly findings: readonly FindingVerdict[];
  /** Unsuppressed FL2xx diagnostics of the file. */
  readonly risks: readonly Finding[];
  readonly doubles: readonly TestDouble[];
  readonly tool: { readonly name: string; readonly version: string };
}

const LABELS: Record<Verdict, string> = { 'not-applicable': 'Not applicable', applies: 'Applies', unclear: 'Unclear' };

export function formatReply(input: ReplyInput): string {
  const out: string[] = [];
  out.push(`**Triage of \`${input.path}\`** by ${input.tool.name} ${input.tool.version}: ${headline(input)}.`);
  if (input.claims.some((c) => c.points.some((p) => /^[ABC] — /.test(p.reason)))) {
    out.push(
      '',
      'An IDOR or broken-authentication finding needs all three of: **(A)** an entry point an untrusted principal can reach, **(B)** an identifier or credential the attacker controls, and **(C)** a check missing in code that runs in production. Each claim below is checked against them for this file; evidence is `path:line`.',
    );
  }
  for (const claim of input.claims) out.push('', ...claimSection(claim, input.doubles));
  if (input.findings.length) out.push('', ...findingsSection(input.findings));
  out.push('', ...risksSection(input));
  return `${out.join('\n')}\n`;
}

function headline(input: ReplyInput): string {
  const parts: string[] = [];
  if (input.claims.length) parts.push(`${plural(input.claims.length, 'claim')} — ${countsText(input.claims.map((c) => c.verdict))}`);
  if (input.findings.length) parts.push(`${plural(input.findings.length, 'scanner finding')} — ${countsText(input.findings.map((f) => f.verdict))}`);
  return parts.join('; ') || 'nothing to triage';
}

function countsText(verdicts: readonly Verdict[]): string {
  return (['not-applicable', 'applies', 'unclear'] as const)
    .map((v) => [v, verdicts.filter((x) => x === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${LABELS[v].toLowerCase()}`)
    .join(', ');
}

function claimSection(verdict: ClaimVerdict, doubles: readonly TestDouble[]): string[] {
  const { claim } = verdict;
  const lines = [`### ${claim.index}. ${escapeInline(claim.title)} — ${LABELS[verdict.verdict].toLowerCase()}`, '', `**${LABELS[verdict.verdict]}.** ${verdictSentence(verdict)}`];
  const looked = verdict.located.map((l) => {
    const names = [...new Set(l.doubles.map((i) => doubles[i]?.name).filter((n): n is string => Boolean(n)))];
    const where = l.lines.length ? ` (line ${l.lines.slice(0, 4).join(', ')}${l.lines.length > 4 ? ', …' : ''})` : '';
    return names.length && !(names.length === 1 && names[0] === l.target) ? `\`${l.target}\` → ${names.map((n) => `\`${n}\``).join(', ')}${where}` : `\`${l.target}\`${where}`;
  });
  if (looked.length) lines.push('', `Looked at: ${looked.join('; ')}.`);
  lines.push('');
  for (const point of verdict.points) {
    lines.push(`- ${escapeInline(point.reason)}.`);
    for (const evidence of point.evidence) lines.push(`  - ${evidenceText(evidence)}`);
  }
  return lines;
}

function verdictSentence(verdict: ClaimVerdict): string {
  switch (verdict.verdict) {
    case 'not-applicable':
      return verdict.points.some((p) => /^[ABC] — /.test(p.reason))
        ? 'None of the three conditions holds for what the claim points at.'
        : 'What the claim points at does not carry the risk it describes.';
    case 'applies':
      return 'A genuine-risk rule confirms it; the code should change.';
    case 'unclear':
      return 'Fixture Lens cannot decide it from this file and its workspace; what is unknown is below.';
  }
}

function findingsSection(findings: readonly FindingVerdict[]): string[] {
  const lines = ['### Scanner findings', '', '| Verdict | Finding | Line | Why |', '|---|---|---|---|'];
  const order: Record<Verdict, number> = { applies: 0, unclear: 1, 'not-applicable': 2 };
  const sorted = [...findings].sort((a, b) => order[a.verdict] - order[b.verdict] || (a.finding.line ?? 0) - (b.finding.line ?? 0));
  for (const f of sorted) {
    const evidence = f.points.flatMap((p) => p.evidence).slice(0, 2).map((e) => `\`${e.path}:${e.line}\``).join(', ');
    const why = `${f.points[0]?.reason ?? ''}${evidence ? ` (${evidence})` : ''}`;
    lines.push(`| ${LABELS[f.verdict]} | ${toolLabel(f.finding.tool)} ${cell(f.finding.ruleId)} (${cell(concernTitle(f.concern))}) | ${f.finding.line ?? '—'} | ${cell(why)} |`);
  }
  return lines;
}

function risksSection(input: ReplyInput): string[] {
  const mentioned = new Set(input.claims.flatMap((c) => c.points.map((p) => p.reason)));
  const unmentioned = input.risks.filter((r) => ![...mentioned].some((reason) => reason.startsWith(`${r.ruleId} reports`) && reason.includes(`(line ${r.span.start.row + 1})`)));
  const lines = ['### Genuine risks the review did not mention', ''];
  if (!unmentioned.length) {
    lines.push(`None: the genuine-risk rules (real-looking secrets, real network hosts, TLS off, servers on all interfaces, test code reachable from production, vacuous authorization tests, shared /tmp races, eval of fetched data) report nothing else in \`${input.path}\`.`);
    return lines;
  }
  for (const risk of unmentioned) {
    lines.push(`- **${risk.ruleId}** \`${input.path}:${risk.span.start.row + 1}\` — ${escapeInline(risk.message)}`);
    for (const evidence of risk.related ?? []) lines.push(`  - ${evidenceText(evidence)}`);
  }
  return lines;
}

function evidenceText(evidence: Evidence): string {
  const text = evidence.text.trim();
  return `\`${evidence.path}:${evidence.line}\`${text ? ` — ${codeSpan(text)}` : ''}`;
}

/** A code span that survives backticks inside the text. */
function codeSpan(text: string): string {
  const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  const fence = shown.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${shown}${fence === '``' ? ' ' : ''}${fence}`;
}

/** Keeps review text from opening HTML or breaking the list: angle brackets are escaped. */
function escapeInline(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\.$/, '');
}

function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
