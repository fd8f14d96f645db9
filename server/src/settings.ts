/**
 * Settings shared by the server and the CLI: parsed from untrusted input (the VS Code
 * `fixtureLens` configuration section, and `pyproject.toml`), with every default defined here
 * and nowhere else. The shape mirrors the setting keys: `fixtureLens.rules.disabled` is
 * `settings.rules.disabled`.
 */
import type { ProjectKnowledgeEntry } from './config/project-knowledge';
import type { DeclaredPackage } from './config/declared-packages';
import type { Severity } from './model/types';

export type ContextHintLevel = 'off' | 'hint' | 'information';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Settings {
  /** Globs (relative to the workspace root) that mark test code. */
  readonly testGlobs: readonly string[];
  /** Extra import roots (relative to the workspace root or absolute), searched after the environments. */
  readonly extraPaths: readonly string[];
  /** Severity of the FL1xx context hints, or off. */
  readonly contextHints: ContextHintLevel;
  readonly rules: {
    /** Rule ids never reported. */
    readonly disabled: readonly string[];
    /** Per-rule severity overrides (`{"FL204": "error"}`). */
    readonly severity: Readonly<Record<string, Severity | 'off'>>;
  };
  readonly server: {
    readonly logLevel: LogLevel;
    /** After indexing, analyse the largest test files so that opening one shows its diagnostics at once. */
    readonly analyseAhead: boolean;
  };
  readonly codeLens: {
    /** A one-line summary above each test class and module-level test group. */
    readonly enabled: boolean;
  };
  readonly findings: {
    /** Scanner output files (Bandit JSON, SARIF; relative to the workspace root or absolute) loaded and watched by the editor. */
    readonly files: readonly string[];
  };
  /**
   * Facts about the project, read only from `[tool.fixture-lens]` in pyproject.toml (shared by the
   * team and CI), never from editor settings: `parseSettings` always yields the defaults here.
   */
  readonly project: {
    /** FL201 allow-list: exact values, or `/pattern/flags` regular expressions, of known test keys. */
    readonly allowSecrets: readonly string[];
    /** Facts about test primitives the built-in knowledge base lacks (`[[tool.fixture-lens.knowledge]]`). */
    readonly knowledge: readonly ProjectKnowledgeEntry[];
    /** Distributions pyproject.toml declares as dependencies: a pytest plugin's fixtures resolve when its package is declared. */
    readonly declaredPackages: readonly DeclaredPackage[];
  };
}

export const DEFAULT_SETTINGS: Settings = {
  testGlobs: ['**/test_*.py', '**/*_test.py', '**/tests/**/*.py', '**/test/**/*.py', '**/testing/**/*.py', '**/conftest.py'],
  extraPaths: [],
  contextHints: 'hint',
  rules: { disabled: [], severity: {} },
  server: { logLevel: 'info', analyseAhead: true },
  codeLens: { enabled: true },
  findings: { files: [] },
  project: { allowSecrets: [], knowledge: [], declaredPackages: [] },
};

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** Parses settings from anything; each invalid value falls back to its default on its own. */
export function parseSettings(raw: unknown): Settings {
  const input = isRecord(raw) ? raw : {};
  const rules = isRecord(input.rules) ? input.rules : {};
  const server = isRecord(input.server) ? input.server : {};
  const codeLens = isRecord(input.codeLens) ? input.codeLens : {};
  const findings = isRecord(input.findings) ? input.findings : {};
  return {
    testGlobs: stringArray(input.testGlobs) ?? DEFAULT_SETTINGS.testGlobs,
    extraPaths: stringArray(input.extraPaths) ?? DEFAULT_SETTINGS.extraPaths,
    contextHints: oneOf(input.contextHints, ['off', 'hint', 'information'] as const) ?? DEFAULT_SETTINGS.contextHints,
    rules: {
      disabled: (stringArray(rules.disabled) ?? DEFAULT_SETTINGS.rules.disabled).map((id) => id.toUpperCase()),
      severity: severityMap(rules.severity),
    },
    server: {
      logLevel: oneOf(server.logLevel, ['error', 'warn', 'info', 'debug'] as const) ?? DEFAULT_SETTINGS.server.logLevel,
      analyseAhead: typeof server.analyseAhead === 'boolean' ? server.analyseAhead : DEFAULT_SETTINGS.server.analyseAhead,
    },
    codeLens: {
      enabled: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : DEFAULT_SETTINGS.codeLens.enabled,
    },
    findings: {
      files: stringArray(findings.files) ?? DEFAULT_SETTINGS.findings.files,
    },
    project: DEFAULT_SETTINGS.project,
  };
}

/** Flattens settings to `fixtureLens.*` keys, as `contributes.configuration` lists them. */
export function flattenSettings(settings: Settings, prefix = 'fixtureLens'): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const visit = (value: unknown, key: string): void => {
    // Project facts come from pyproject.toml only: they are not editor settings.
    if (key === `${prefix}.project`) return;
    if (isRecord(value) && key !== `${prefix}.rules.severity`) {
      for (const [child, inner] of Object.entries(value)) visit(inner, `${key}.${child}`);
    } else {
      flat[key] = value;
    }
  };
  visit(settings, prefix);
  return flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

function severityMap(value: unknown): Record<string, Severity | 'off'> {
  const result: Record<string, Severity | 'off'> = {};
  if (!isRecord(value)) return result;
  for (const [id, severity] of Object.entries(value)) {
    const parsed = oneOf(severity, SEVERITIES);
    if (/^FL\d{3}$/i.test(id) && parsed) result[id.toUpperCase()] = parsed;
  }
  return result;
}
