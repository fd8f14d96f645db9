/**
 * Reads SARIF 2.1.0 logs from Bandit, Ruff, Semgrep, CodeQL (and any other tool): rule id, message,
 * first physical location, CWEs from the result, its rule's tags, `cwe` properties or relationships.
 * Validates what it reads and never throws; the log itself is kept for SARIF output.
 */
import { isObject, type ImportResult } from './findings-bandit';
import { resolveArtifactUri, type PathBase } from './finding-paths';
import type { ImportedFinding, ToolName } from './types';

export interface SarifLog {
  version: string;
  runs: SarifRun[];
  [key: string]: unknown;
}

export interface SarifRun {
  tool: { driver: { name: string; rules?: unknown[]; [key: string]: unknown }; [key: string]: unknown };
  results?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export function isSarifLog(data: unknown): data is { runs: unknown; version?: unknown } {
  return isObject(data) && 'runs' in data;
}

export function importSarifLog(data: { runs: unknown; version?: unknown }, options: PathBase & { readonly file: string }): ImportResult & { readonly log?: SarifLog } {
  if (data.version !== '2.1.0') {
    return { ok: false, error: `SARIF version ${JSON.stringify(data.version ?? null)} is not supported (expected "2.1.0")` };
  }
  if (!Array.isArray(data.runs)) return { ok: false, error: '"runs" is not an array' };
  const findings: ImportedFinding[] = [];
  for (const [runIndex, run] of data.runs.entries()) {
    const where = `runs[${runIndex}]`;
    if (!isObject(run)) return { ok: false, error: `${where} is not an object` };
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : null;
    if (!driver || typeof driver.name !== 'string') return { ok: false, error: `${where}.tool.driver.name is missing` };
    const tool = toolName(driver.name);
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    if (run.results === undefined || run.results === null) continue;
    if (!Array.isArray(run.results)) return { ok: false, error: `${where}.results is not an array` };
    for (const [index, result] of run.results.entries()) {
      const at = `${where}.results[${index}]`;
      if (!isObject(result)) return { ok: false, error: `${at} is not an object` };
      const rule = ruleOf(result, rules);
      const ruleId = typeof result.ruleId === 'string' ? result.ruleId : isObject(result.rule) && typeof result.rule.id === 'string' ? result.rule.id : rule && typeof rule.id === 'string' ? rule.id : null;
      if (!ruleId) return { ok: false, error: `${at} has no "ruleId"` };
      const location = readLocation(result, run, options);
      if ('error' in location) return { ok: false, error: `${at}.${location.error}` };
      findings.push({
        tool,
        ruleId,
        path: location.path,
        line: location.line,
        ...(location.column !== undefined ? { column: location.column } : {}),
        ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
        message: messageOf(result, rule) ?? ruleId,
        cwe: [...new Set([...cwesOf(result.properties), ...cwesOf(rule?.properties), ...relationshipCwes(rule)])],
        source: { file: options.file, run: runIndex, index },
      });
    }
  }
  return { ok: true, findings, log: data as unknown as SarifLog };
}

/** Known scanners by their SARIF driver name; anything else keeps its lower-cased name. */
export function toolName(driverName: string): ToolName {
  const name = driverName.toLowerCase();
  for (const known of ['bandit', 'ruff', 'semgrep', 'codeql'] as const) if (name.includes(known)) return known;
  return name;
}

function ruleOf(result: Record<string, unknown>, rules: readonly unknown[]): Record<string, unknown> | null {
  const index = Number.isInteger(result.ruleIndex) ? (result.ruleIndex as number) : isObject(result.rule) && Number.isInteger(result.rule.index) ? (result.rule.index as number) : -1;
  if (index >= 0 && isObject(rules[index])) return rules[index] as Record<string, unknown>;
  const id = typeof result.ruleId === 'string' ? result.ruleId : null;
  const found = id ? rules.find((r) => isObject(r) && r.id === id) : undefined;
  return isObject(found) ? found : null;
}

type Location = { path: string | null; line: number | null; column?: number; endLine?: number } | { error: string };

function readLocation(result: Record<string, unknown>, run: Record<string, unknown>, base: PathBase): Location {
  if (result.locations === undefined || (Array.isArray(result.locations) && result.locations.length === 0)) return { path: null, line: null };
  if (!Array.isArray(result.locations)) return { error: 'locations is not an array' };
  const physical = isObject(result.locations[0]) ? result.locations[0].physicalLocation : undefined;
  if (physical === undefined) return { path: null, line: null };
  if (!isObject(physical)) return { error: 'locations[0].physicalLocation is not an object' };
  let artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : null;
  if (artifact && typeof artifact.uri !== 'string' && Number.isInteger(artifact.index) && Array.isArray(run.artifacts)) {
    const entry = run.artifacts[artifact.index as number];
    if (isObject(entry) && isObject(entry.location)) artifact = entry.location;
  }
  const bases = isObject(run.originalUriBaseIds) ? (run.originalUriBaseIds as Record<string, { uri?: unknown; uriBaseId?: unknown }>) : undefined;
  const path = artifact && typeof artifact.uri === 'string' ? resolveArtifactUri(artifact.uri, typeof artifact.uriBaseId === 'string' ? artifact.uriBaseId : undefined, bases, base) : null;
  const region = physical.region;
  if (region === undefined) return { path, line: null };
  if (!isObject(region)) return { error: 'locations[0].physicalLocation.region is not an object' };
  if (region.startLine === undefined) return { path, line: null };
  if (!Number.isInteger(region.startLine) || (region.startLine as number) < 1) {
    return { error: 'locations[0].physicalLocation.region.startLine is not a positive integer' };
  }
  const line = region.startLine as number;
  const column = Number.isInteger(region.startColumn) && (region.startColumn as number) >= 1 ? (region.startColumn as number) : undefined;
  const endLine = Number.isInteger(region.endLine) && (region.endLine as number) > line ? (region.endLine as number) : undefined;
  return { path, line, ...(column !== undefined ? { column } : {}), ...(endLine !== undefined ? { endLine } : {}) };
}

/** `message.text`, or the rule's message string for `message.id` with `{0}`-style arguments filled in. */
function messageOf(result: Record<string, unknown>, rule: Record<string, unknown> | null): string | null {
  const message = result.message;
  if (!isObject(message)) return null;
  if (typeof message.text === 'string') return message.text;
  if (typeof message.id === 'string' && rule && isObject(rule.messageStrings)) {
    const template = rule.messageStrings[message.id];
    if (isObject(template) && typeof template.text === 'string') {
      const args = Array.isArray(message.arguments) ? message.arguments : [];
      return template.text.replace(/\{(\d+)\}/g, (whole, n: string) => (typeof args[Number(n)] === 'string' ? (args[Number(n)] as string) : whole));
    }
  }
  return null;
}

/** CWEs from `properties.cwe` (string or list, Semgrep) and `properties.tags` (`external/cwe/cwe-798`, `CWE-78: …`). */
function cwesOf(properties: unknown): string[] {
  if (!isObject(properties)) return [];
  const values: unknown[] = [];
  for (const key of ['cwe', 'cwes', 'tags']) {
    const value = properties[key];
    if (Array.isArray(value)) values.push(...value);
    else if (value !== undefined) values.push(value);
  }
  const found: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    for (const match of String(value).matchAll(/cwe[-/ _:]?(\d{1,5})/gi)) found.push(`CWE-${Number(match[1])}`);
    if (typeof value === 'number') found.push(`CWE-${value}`);
  }
  return found;
}

/** `relationships[].target` with `toolComponent.name` "CWE" (CodeQL, Bandit's SARIF formatter). */
function relationshipCwes(rule: Record<string, unknown> | null): string[] {
  if (!rule || !Array.isArray(rule.relationships)) return [];
  return rule.relationships.flatMap((relationship) => {
    if (!isObject(relationship) || !isObject(relationship.target)) return [];
    const target = relationship.target;
    const component = isObject(target.toolComponent) ? target.toolComponent.name : undefined;
    if (typeof component !== 'string' || component.toUpperCase() !== 'CWE' || (typeof target.id !== 'string' && typeof target.id !== 'number')) return [];
    const id = String(target.id).replace(/^CWE-/i, '');
    return /^\d+$/.test(id) ? [`CWE-${Number(id)}`] : [];
  });
}
