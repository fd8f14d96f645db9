/**
 * The contract shared by the Fixture Lens client and server: names, the `Diagnostic.data` shape and
 * the settings type. The client may import only this folder from `server/`; keep it free of runtime deps.
 */
export type { Settings } from '../settings';

/** The configuration section the server reads (`workspace/configuration`) and the client contributes. */
export const SETTINGS_SECTION = 'fixtureLens';

/** `Diagnostic.source` of everything the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Fixture Lens';

/** Prefix of custom methods. */
export const METHOD_PREFIX = 'fixture-lens';

/**
 * `fixture-lens/explainFile` (client → server request): the panel model of one open document, in
 * the shape of one `files[]` entry of the CLI's JSON output (schemaVersion 1). Null when the
 * document is not open or not Python.
 */
export const EXPLAIN_FILE_METHOD = `${METHOD_PREFIX}/explainFile`;

export interface ExplainFileParams {
  readonly textDocument: { readonly uri: string };
}

/**
 * Attached by the server to each published diagnostic and sent back by the client in
 * `textDocument/codeAction`, so quick fixes are looked up rather than recomputed from a range.
 */
export interface FindingData {
  readonly ruleId: string;
  /** Identifies the finding within one analysis of the document (rule id and span). */
  readonly key: string;
  /** The document version the finding was computed for; fixes for another version are dropped. */
  readonly version: number;
}

export function isFindingData(value: unknown): value is FindingData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  return typeof data.ruleId === 'string' && typeof data.key === 'string' && typeof data.version === 'number';
}
