/**
 * Reads `[tool.fixture-lens]` from a pyproject.toml text: test globs, extra import paths, disabled
 * rules, severity overrides, the context-hint level, the FL201 allow-list and extra knowledge
 * entries. Pure: text in, settings and problems (with their positions) out; never an exception.
 */
import { parse, TomlError } from 'smol-toml';
import type { Settings } from '../settings';
import { DEFAULT_SETTINGS, parseSettings } from '../settings';
import { parseAllowEntry } from '../rules/secret-allow-list';
import { readKnowledgeEntries, type ProjectKnowledgeEntry } from './project-knowledge';
import { readDeclaredPackages, type DeclaredPackage } from './declared-packages';

/** One problem with the file, where it is (1-based), and whether it stops the file from being used at all. */
export interface ConfigIssue {
  /** One line, starting with the file name: what is wrong and what would be right. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Not TOML, or the section is not a table: nothing of the file applies. */
  readonly isFatal: boolean;
}

export interface ProjectConfig {
  /** The raw values found, in the shape `parseSettings` reads. */
  readonly settings: Record<string, unknown>;
  /** Keys present in `[tool.fixture-lens]` (kebab-case as written). */
  readonly keys: readonly string[];
  /** Human-readable problems (syntax errors, unknown keys, wrong types), each on one line. */
  readonly problems: readonly string[];
  /** The same problems with their positions. */
  readonly issues: readonly ConfigIssue[];
  readonly allowSecrets: readonly string[];
  readonly knowledge: readonly ProjectKnowledgeEntry[];
  /** The distributions the file declares as dependencies (read whether or not it has `[tool.fixture-lens]`). */
  readonly declaredPackages: readonly DeclaredPackage[];
}

type KeyReader = (value: unknown, into: Record<string, unknown>) => string | null;

const KEYS: Record<string, KeyReader> = {
  'test-globs': (value, into) => (isStringArray(value) ? ((into.testGlobs = value), null) : 'must be an array of strings'),
  'extra-paths': (value, into) => (isStringArray(value) ? ((into.extraPaths = value), null) : 'must be an array of strings'),
  'disabled-rules': (value, into) => (isStringArray(value) ? ((into.rules = { ...(into.rules as object), disabled: value }), null) : 'must be an array of rule ids'),
  severity: (value, into) => (isTable(value) ? ((into.rules = { ...(into.rules as object), severity: value }), null) : 'must be a table such as { FL204 = "error" }'),
  'context-hints': (value, into) => (typeof value === 'string' ? ((into.contextHints = value), null) : 'must be "off", "hint" or "information"'),
  // Read separately (they are project facts, not settings); listed so they count as known keys.
  'allow-secrets': () => null,
  knowledge: () => null,
};

const EMPTY = { settings: {}, keys: [], problems: [], issues: [], allowSecrets: [], knowledge: [], declaredPackages: [] } as const;

/**
 * `fileName` names the file in messages; `evidencePath` (root-relative) is where knowledge entries
 * say they are written.
 */
export function readProjectConfig(text: string, fileName = 'pyproject.toml', evidencePath = 'pyproject.toml'): ProjectConfig {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const column = error instanceof TomlError ? error.column : 1;
    const where = error instanceof TomlError ? ` at line ${line}, column ${column}` : '';
    const message = (error as Error).message.split('\n')[0];
    return withIssues([{ text: `${fileName}: invalid TOML${where}: ${message}`, line, column, isFatal: true }]);
  }
  const locate = keyLocator(text);
  const tool = isTable(document.tool) ? document.tool : {};
  const section = tool['fixture-lens'];
  const declaredPackages = readDeclaredPackages(document, text);
  if (section === undefined) return { ...EMPTY, declaredPackages };
  if (!isTable(section)) return withIssues([{ text: `${fileName}: [tool.fixture-lens] must be a table`, ...locate(null), isFatal: true }]);
  const settings: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const report = (key: string | null, problem: string): void => {
    issues.push({ text: `${fileName}: [tool.fixture-lens] ${problem}`, ...locate(key), isFatal: false });
  };
  for (const [key, value] of Object.entries(section)) {
    const apply = KEYS[key];
    if (!apply) {
      report(key, `unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
      continue;
    }
    const problem = apply(value, settings);
    if (problem) report(key, `${key} ${problem}`);
  }
  const allowSecrets = readAllowSecrets(section['allow-secrets'], (problem) => report('allow-secrets', `allow-secrets ${problem}`));
  const knowledge = readKnowledgeEntries(section.knowledge, {
    evidencePath,
    lineOf: (index) => locate('knowledge', index).line,
    report: (index, problem) => issues.push({ text: `${fileName}: [[tool.fixture-lens.knowledge]] entry ${index + 1}: ${problem}`, ...locate('knowledge', index), isFatal: false }),
  });
  return { settings, keys: Object.keys(section), problems: issues.map((i) => i.text), issues, allowSecrets, knowledge, declaredPackages };
}

/**
 * Settings for a workspace: the editor's (or defaults), with every key the project file sets taking
 * precedence, so the CLI in CI and the editor analyse alike. Project facts come from the file only.
 */
export function applyProjectConfig(base: Settings, project: ProjectConfig): Settings {
  const merged = parseSettings({
    ...base,
    ...project.settings,
    rules: { ...base.rules, ...(project.settings.rules as object | undefined) },
  });
  return { ...merged, project: { ...DEFAULT_SETTINGS.project, allowSecrets: project.allowSecrets, knowledge: project.knowledge, declaredPackages: project.declaredPackages } };
}

/** `settings` with `requirements` (from requirements files) declared after what pyproject.toml declares. */
export function withDeclaredRequirements(settings: Settings, requirements: readonly DeclaredPackage[]): Settings {
  if (!requirements.length) return settings;
  return { ...settings, project: { ...settings.project, declaredPackages: [...settings.project.declaredPackages, ...requirements] } };
}

function withIssues(issues: ConfigIssue[]): ProjectConfig {
  return { ...EMPTY, problems: issues.map((i) => i.text), issues };
}

/** Every entry must be a non-empty string, and a `/pattern/` must compile; a bad entry is left out. */
function readAllowSecrets(value: unknown, report: (problem: string) => void): string[] {
  if (value === undefined) return [];
  if (!isStringArray(value)) {
    report('must be an array of strings (exact values, or /regular expressions/)');
    return [];
  }
  return value.filter((entry, index) => {
    const parsed = parseAllowEntry(entry);
    if ('error' in parsed) report(`entry ${index + 1} ${JSON.stringify(entry)} ${parsed.error}`);
    return !('error' in parsed);
  });
}

/**
 * Finds where a key of `[tool.fixture-lens]` is written (its line and column, 1-based): TOML parsers
 * give positions for syntax errors only. Falls back to the section header, then to line 1.
 * For `knowledge`, `occurrence` picks the n-th `[[tool.fixture-lens.knowledge]]` header.
 */
function keyLocator(text: string): (key: string | null, occurrence?: number) => { line: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const header = /^\s*\[\s*tool\s*\.\s*(?:fixture-lens|"fixture-lens")\s*\]/;
  const anyHeader = /^\s*\[/;
  const sectionStart = lines.findIndex((l) => header.test(l));
  return (key, occurrence = 0) => {
    if (key === 'knowledge') {
      const tables = lines.flatMap((l, i) => (/^\s*\[\[\s*tool\s*\.\s*(?:fixture-lens|"fixture-lens")\s*\.\s*knowledge\s*\]\]/.test(l) ? [i] : []));
      const row = tables[occurrence] ?? tables[0];
      if (row !== undefined) return { line: row + 1, column: 1 };
    }
    if (sectionStart < 0) return { line: 1, column: 1 };
    if (key !== null) {
      const assignment = new RegExp(`^(\\s*)(?:${escapeRegExp(key)}|"${escapeRegExp(key)}")\\s*=`);
      for (let row = sectionStart + 1; row < lines.length && !anyHeader.test(lines[row]); row++) {
        const match = assignment.exec(lines[row]);
        if (match) return { line: row + 1, column: match[1].length + 1 };
      }
    }
    return { line: sectionStart + 1, column: 1 };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
