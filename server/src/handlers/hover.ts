/**
 * Hover: on a test double's use site, what it is and the facts that decide whether a security claim
 * can apply (unknown shown as unknown); on a finding, its rule and explanation. Null elsewhere.
 */
import type { Connection } from 'vscode-languageserver';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argumentLine } from '../report/argument';
import { describeCode } from '../triage/rule-settings';
import type { Definition, Finding, Point, Span, TestDouble } from '../model/types';
import type { Services } from '../services';
import { code, escape } from './markdown';
import { fromPosition, toHover } from './to-lsp';

export function registerHover(connection: Connection, services: Services): void {
  const { documents, triage, guard } = services;
  connection.onHover(
    guard(
      'hover',
      (params) => {
        const document = documents.get(params.textDocument.uri);
        const analysis = document ? triage.analysisOf(document) : null;
        if (!analysis) return null;
        const point = fromPosition(params.position);
        const doubles = analysis.doubles.filter((d) => contains(d.span, point));
        const findings = analysis.diagnostics.filter((f) => !f.suppressed && contains(f.span, point));
        const first = doubles[0] ?? findings[0];
        if (!first) return null;
        const link = evidenceLinker(services.analyses.folderOf(params.textDocument.uri));
        const sections = [...doubles.map((d) => renderDouble(d, link)), ...findings.map(renderFinding)];
        return toHover(sections.join('\n\n---\n\n'), first.span);
      },
      null,
    ),
  );
}

/** Turns `path:line` evidence into a link that opens the file at the line (workspace files only). */
type Linker = (path: string, line: number) => string;

function evidenceLinker(folder: string | null): Linker {
  return (relative, line) => {
    const label = code(`${relative}:${line}`);
    if (!folder || relative.startsWith('/') || relative.includes('..')) return label;
    return `[${label}](${pathToFileURL(path.join(folder, relative)).href}#L${line})`;
  };
}

function renderDouble(double: TestDouble, link: Linker): string {
  const { facts } = double;
  const lines = [
    `**Test double** ${code(double.name)} (${double.form}, ${double.kind})`,
    '',
    `*${escape(argumentLine(facts))}*`,
    '',
    `- qualified name: ${double.qualifiedName === null ? 'unknown' : code(double.qualifiedName)}`,
    ...(double.target === null ? [] : [`- target: ${code(double.target)}`]),
    `- scope: ${code(double.scope)}`,
    `- defined at: ${renderDefinition(double.definedAt, link)}`,
    ...(double.unresolved === null ? [] : [`- unresolved: ${escape(double.unresolved)}`]),
    ...(double.explanation ? [`- known primitive: ${escape(double.explanation)}`] : []),
    '',
    '**Facts**',
    '',
    `- transport: ${facts.transport}`,
    `- authn: ${facts.authn}`,
    `- authz: ${facts.authz}`,
    `- data: ${facts.data}`,
    `- reachable from production: ${facts.reachableFromProduction === null ? 'unknown' : facts.reachableFromProduction ? 'yes' : 'no'}`,
  ];
  if (double.evidence.length > 0) {
    lines.push('', '**Evidence**', '');
    for (const e of double.evidence) {
      lines.push(`- ${link(e.path, e.line)}${e.fact ? ` (${e.fact})` : ''}: ${code(e.text)}`);
    }
  }
  return lines.join('\n');
}

function renderDefinition(definition: Definition, link: Linker): string {
  if (definition === null) return 'unknown';
  if ('knowledge' in definition) return `knowledge base entry ${code(definition.knowledge)}`;
  return link(definition.path, definition.line);
}

function renderFinding(finding: Finding): string {
  const rule = describeCode(finding.ruleId);
  const heading = `**${finding.ruleId}** ${rule ? escape(rule.title) : ''} (${finding.severity})`;
  return [heading, '', escape(finding.message), ...(rule ? ['', rule.explanation] : [])].join('\n');
}

/** Start inclusive, end exclusive: the cursor is on the character right of the position. */
function contains(span: Span, point: Point): boolean {
  const isEmpty = compare(span.start, span.end) === 0;
  return compare(span.start, point) <= 0 && (isEmpty ? compare(point, span.end) === 0 : compare(point, span.end) < 0);
}

function compare(a: Point, b: Point): number {
  return a.row - b.row || a.column - b.column;
}
