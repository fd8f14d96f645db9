/**
 * Reads `[tool.fixture-lens]` from a pyproject.toml text: test globs, extra import paths, disabled
 * rules, severity overrides and the context-hint level. Pure: text in, settings and problems out;
 * a malformed file yields problems, never an exception.
 */
import { parse, TomlError } from 'smol-toml';
import type { Settings } from '../settings';
import { parseSettings } from '../settings';

export interface ProjectConfig {
  /** The raw values found, in the shape `parseSettings` reads. */
  readonly settings: Record<string, unknown>;
  /** Keys present in `[tool.fixture-lens]` (kebab-case as written). */
  readonly keys: readonly string[];
  /** Human-readable problems (syntax errors, unknown keys, wrong types), each on one line. */
  readonly problems: readonly string[];
}

const KEYS: Record<string, (value: unknown, into: Record<string, unknown>) => string | null> = {
  'test-globs': (value, into) => (isStringArray(value) ? ((into.testGlobs = value), null) : 'must be an array of strings'),
  'extra-paths': (value, into) => (isStringArray(value) ? ((into.extraPaths = value), null) : 'must be an array of strings'),
  'disabled-rules': (value, into) => (isStringArray(value) ? ((into.rules = { ...(into.rules as object), disabled: value }), null) : 'must be an array of rule ids'),
  severity: (value, into) => (isTable(value) ? ((into.rules = { ...(into.rules as object), severity: value }), null) : 'must be a table such as { FL204 = "error" }'),
  'context-hints': (value, into) => (typeof value === 'string' ? ((into.contextHints = value), null) : 'must be "off", "hint" or "information"'),
};

export function readProjectConfig(text: string, fileName = 'pyproject.toml'): ProjectConfig {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const message = (error as Error).message.split('\n')[0];
    return { settings: {}, keys: [], problems: [`${fileName}: invalid TOML${where}: ${message}`] };
  }
  const tool = isTable(document.tool) ? document.tool : {};
  const section = tool['fixture-lens'];
  if (section === undefined) return { settings: {}, keys: [], problems: [] };
  if (!isTable(section)) return { settings: {}, keys: [], problems: [`${fileName}: [tool.fixture-lens] must be a table`] };
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    const apply = KEYS[key];
    if (!apply) {
      problems.push(`${fileName}: [tool.fixture-lens] unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
      continue;
    }
    const problem = apply(value, settings);
    if (problem) problems.push(`${fileName}: [tool.fixture-lens] ${key} ${problem}`);
  }
  return { settings, keys: Object.keys(section), problems };
}

/**
 * Settings for a workspace: the editor's (or defaults), with every key the project file sets taking
 * precedence, so the CLI in CI and the editor analyse alike.
 */
export function applyProjectConfig(base: Settings, project: ProjectConfig): Settings {
  const merged = parseSettings({
    ...base,
    ...project.settings,
    rules: { ...base.rules, ...(project.settings.rules as object | undefined) },
  });
  return merged;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
