/**
 * The panel model: what `fixture-lens/explainFile` answers, typed for the client and the webview.
 * It is one `files[]` entry of the CLI's JSON output (docs/cli-json.md, schemaVersion 1) plus the
 * file-level SPEC §2 argument and where its relative paths start. Types only: no runtime code, so
 * the webview bundle can import it.
 */

export type Verdict = 'not-applicable' | 'applies' | 'unclear';
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface EvidenceEntry {
  readonly fact?: string;
  /** Relative to `PanelModel.root` when that is set, else absolute. */
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

export interface FactsEntry {
  readonly transport: string;
  readonly authn: string;
  readonly authz: string;
  readonly data: string;
  readonly reachableFromProduction: boolean | null;
}

export interface DoubleEntry {
  readonly name: string;
  readonly qualifiedName: string | null;
  readonly kind: string;
  readonly form: string;
  readonly line: number;
  readonly column: number;
  readonly scope: string;
  readonly target: string | null;
  readonly definedAt: { readonly path: string; readonly line: number } | { readonly knowledge: string } | null;
  readonly facts: FactsEntry;
  readonly evidence: readonly EvidenceEntry[];
  readonly unresolved: string | null;
  readonly explanation: string | null;
}

export interface DiagnosticEntry {
  readonly code: string;
  readonly severity: SeverityName;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly suppressed: boolean;
  /** Accepted by `check --baseline` (then also `suppressed`). */
  readonly baselined?: true;
  readonly evidence: readonly EvidenceEntry[];
  readonly related: ReadonlyArray<{ readonly path: string; readonly line: number; readonly text: string }>;
}

export interface AuthorizationEntry {
  readonly test: string;
  readonly line: number;
  readonly authz: string;
  readonly steps: ReadonlyArray<EvidenceEntry & { readonly authz: string; readonly because: string }>;
}

export interface FindingEntry {
  readonly tool: string;
  readonly ruleId: string;
  readonly line: number | null;
  readonly column?: number;
  readonly message: string;
  readonly cwe: readonly string[];
  readonly concern: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly reasons: readonly string[];
  readonly evidence: readonly EvidenceEntry[];
  readonly justification: string | null;
  /** Where the finding came from: the findings file, the SARIF run and the result's index in it. */
  readonly source: { readonly file: string; readonly run: number; readonly index: number };
}

export interface ClaimEntry {
  readonly index: number;
  readonly title: string;
  readonly category: string;
  readonly categories: readonly string[];
  readonly targets: readonly string[];
  readonly lines: readonly number[];
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
  readonly evidence: readonly EvidenceEntry[];
  /** Each target found in the file: how, on which lines, which doubles (indexes into `doubles`) and test scopes. */
  readonly located: ReadonlyArray<{ readonly target: string; readonly via: string; readonly lines: readonly number[]; readonly doubles: readonly number[]; readonly scopes: readonly string[] }>;
  readonly unlocated: readonly string[];
  readonly reviewLine: number;
}

export interface FileEntry {
  readonly path: string;
  readonly test: { readonly isTest: boolean; readonly frameworks: readonly string[]; readonly reasons: readonly string[] };
  readonly hasSyntaxErrors: boolean;
  readonly doubles: readonly DoubleEntry[];
  readonly diagnostics: readonly DiagnosticEntry[];
  readonly authorization: readonly AuthorizationEntry[];
  readonly findings: readonly FindingEntry[];
  readonly claims: readonly ClaimEntry[];
}

/** Whether an attack condition of SPEC §2 fails for this file (the usual case in tests), holds, or cannot be told. */
export type ConditionStatus = 'fails' | 'holds' | 'unknown';

export interface ArgumentPoint {
  readonly text: string;
  readonly evidence: readonly EvidenceEntry[];
}

export interface ConditionEntry {
  readonly id: 'A' | 'B' | 'C';
  /** "A reachable entry point", … */
  readonly title: string;
  readonly status: ConditionStatus;
  /** One sentence: the conclusion for this file. */
  readonly summary: string;
  /** Genuine-risk diagnostics that make the condition hold: listed first. */
  readonly risks: readonly DiagnosticEntry[];
  readonly points: readonly ArgumentPoint[];
}

export interface FileArgument {
  readonly conditions: readonly ConditionEntry[];
  /** Genuine risks that bear on no single condition (a live secret, a shared /tmp path). */
  readonly otherRisks: readonly DiagnosticEntry[];
  /** One line for the status bar and the panel heading. */
  readonly conclusion: string;
}

export interface PanelModel extends FileEntry {
  readonly argument: FileArgument;
  /** Absolute POSIX path that relative paths start from (the workspace folder), or null when paths are absolute. */
  readonly root: string | null;
}
