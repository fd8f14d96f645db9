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

/** The command the client registers to show the explanation panel; CodeLens and code actions use it with `[uri, line?]` (line 1-based). */
export const SHOW_PANEL_COMMAND = 'fixtureLens.showPanel';

/** Code action kind of the source action that suppresses every not-applicable finding of a file at once; not under `source.fixAll`, so no editor runs it on save. */
export const SUPPRESS_NOT_APPLICABLE_KIND = 'source.fixtureLens.suppressNotApplicable';

/** A request that can fail for a reason the user must read (bad input): never thrown, always answered. */
export type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

/**
 * `fixture-lens/triageReview` (client → server): split a free-text security review into claims and
 * decide each for this document. The server keeps the review per document (replacing an earlier one)
 * until `fixture-lens/clearTriage`; `explainFile` then lists the claims with their verdicts.
 */
export const TRIAGE_REVIEW_METHOD = `${METHOD_PREFIX}/triageReview`;
export interface TriageReviewParams {
  readonly textDocument: { readonly uri: string };
  readonly text: string;
  /** Where the text came from, for messages and the reply ("selection", "clipboard", a file path). */
  readonly source: string;
}
export type TriageReviewResult = Outcome<{ readonly claims: number; readonly verdicts: Readonly<Record<string, number>> }>;

/**
 * `fixture-lens/loadFindings` (client → server): import one scanner output (Bandit JSON or SARIF
 * 2.1.0). Findings are kept per `source` (loading the same source again replaces them) and matched
 * to documents by path; open documents get FL301–FL303 diagnostics and `explainFile` lists them.
 */
export const LOAD_FINDINGS_METHOD = `${METHOD_PREFIX}/loadFindings`;
export interface LoadFindingsParams {
  readonly text: string;
  /** The findings file (absolute path) or another label; the key under which the findings are kept. */
  readonly source: string;
  /** Absolute path that relative result paths are resolved against (the workspace folder); defaults to the first folder. */
  readonly root?: string;
}
export type LoadFindingsResult = Outcome<{ readonly findings: number; readonly files: number }>;

/**
 * `fixture-lens/clearTriage` (client → server): forget one document's review, one findings source, or
 * (neither given) everything. Answers null; documents that lose FL301–FL303 are re-published.
 */
export const CLEAR_TRIAGE_METHOD = `${METHOD_PREFIX}/clearTriage`;
export interface ClearTriageParams {
  readonly textDocument?: { readonly uri: string };
  readonly source?: string;
}

/**
 * `fixture-lens/exportSarif` (client → server): every loaded finding with its verdict as SARIF 2.1.0
 * (see the CLI's `--format sarif`); files that are not open are analysed from the workspace. `results`
 * counts the loaded findings, `suppressed` the not-applicable ones (left out of the `github` log, which
 * comes with a markdown `summary` for the job log). Artifact paths are relative to the first source's root.
 */
export const EXPORT_SARIF_METHOD = `${METHOD_PREFIX}/exportSarif`;
export interface ExportSarifParams {
  readonly target: 'standard' | 'github';
}
export type ExportSarifResult = Outcome<{ readonly text: string; readonly results: number; readonly suppressed: number; readonly summary?: string }>;

/** `fixture-lens/replyMarkdown` (client → server): the markdown reply to this document's review (see `explain --format markdown`). */
export const REPLY_MARKDOWN_METHOD = `${METHOD_PREFIX}/replyMarkdown`;
export interface ReplyMarkdownParams {
  readonly textDocument: { readonly uri: string };
}
export type ReplyMarkdownResult = Outcome<{ readonly text: string }>;
