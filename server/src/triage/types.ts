/**
 * Plain data for triage (SPEC §5): findings imported from scanners, claims read from a review, and
 * the verdicts Fixture Lens gives them. No behaviour here; every module in `triage/` reads these.
 */
import type { CallSite, ClassDef, Comment, FunctionDef, ImportBinding, StringBinding } from '../model/syntax';
import type { Evidence } from '../model/types';

export type Verdict = 'not-applicable' | 'applies' | 'unclear';

export const VERDICTS: readonly Verdict[] = ['not-applicable', 'applies', 'unclear'];

/** The scanner that produced a finding, as far as Fixture Lens knows it; anything else keeps its own name. */
export type ToolName = 'bandit' | 'ruff' | 'semgrep' | 'codeql' | (string & {});

/** One scanner result, normalised from Bandit JSON or SARIF 2.1.0. */
export interface ImportedFinding {
  readonly tool: ToolName;
  readonly ruleId: string;
  /** Root-relative POSIX path, or null when the result has no file location. */
  readonly path: string | null;
  /** 1-based; null when the result has no line. */
  readonly line: number | null;
  /** 1-based UTF-16 column, when the tool gives one. */
  readonly column?: number;
  readonly endLine?: number;
  readonly message: string;
  /** SARIF level as the tool gave it (Bandit severity HIGH/MEDIUM/LOW → error/warning/note). */
  readonly level?: 'error' | 'warning' | 'note' | 'none';
  /** `CWE-259`, … from the result, its rule, or the tool's own field. */
  readonly cwe: readonly string[];
  /** Where it came from: the findings file as given, the run (SARIF) and the result's index in it. */
  readonly source: { readonly file: string; readonly run: number; readonly index: number };
}

/** A verdict with why: plain sentences, each with the `path:line` evidence that backs it. */
export interface Reasoned {
  readonly verdict: Verdict;
  readonly points: readonly ReasonPoint[];
}

export interface ReasonPoint {
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export interface FindingVerdict extends Reasoned {
  readonly finding: ImportedFinding;
  /** Key in `knowledge/finding-concerns.json`. */
  readonly concern: string;
  /** Text for a suppression when the verdict is `not-applicable` (one line, no `#`). */
  readonly justification: string | null;
}

export type ClaimCategory =
  | 'idor'
  | 'authn'
  | 'authz'
  | 'injection'
  | 'secret'
  | 'tls'
  | 'ssrf'
  | 'deserialization'
  | 'path'
  | 'crypto'
  | 'exposure'
  | 'other';

/** One claim of a free-text review. */
export interface ReviewClaim {
  /** 1-based, in review order. */
  readonly index: number;
  readonly title: string;
  /** The claim's full text (title and body). */
  readonly text: string;
  /** The main category, then every other category the text argues. */
  readonly category: ClaimCategory;
  readonly categories: readonly ClaimCategory[];
  /** Names the claim is about, as written (`api_fixture`, `post_server_action`, `placement`). */
  readonly targets: readonly string[];
  /** 1-based line of the review where the claim starts. */
  readonly reviewLine: number;
}

/** Where a claim's target was found in the file: lines, and the doubles it stands for. */
export interface LocatedTarget {
  readonly target: string;
  /** How it was found (`double`, `assignment`, `call`, `function`, `import`, `alias`, `text`). */
  readonly via: string;
  /** 1-based lines in the analysed file. */
  readonly lines: readonly number[];
  /** Indexes into `FileAnalysis.doubles`. */
  readonly doubles: readonly number[];
  /** Functions (`Class.method` or `function`) the target is used in or is. */
  readonly scopes: readonly string[];
  /** True when the target names a function or method of the file: a place, not a subject. */
  readonly isPlace: boolean;
}

export interface ClaimVerdict extends Reasoned {
  readonly claim: ReviewClaim;
  readonly located: readonly LocatedTarget[];
  readonly unlocated: readonly string[];
}

/**
 * What a file's syntax tells triage beyond the `FileAnalysis`: statements, calls and bindings by
 * line, so a finding's line can be read the way the scanner read it.
 */
export interface TriageSyntax {
  readonly lines: readonly string[];
  readonly calls: readonly CallSite[];
  readonly strings: readonly StringBinding[];
  readonly classes: readonly ClassDef[];
  readonly functions: readonly FunctionDef[];
  readonly imports: readonly ImportBinding[];
  readonly comments: readonly Comment[];
  /** Simple statements and compound-statement headers: 0-based first and last rows. */
  readonly statements: ReadonlyArray<{ readonly start: number; readonly end: number; readonly type: string }>;
  /** 0-based rows where a comment cannot be appended (inside a multi-line string, after a `\`). */
  readonly uncommentableRows: readonly number[];
  /** 0-based first and last rows of each multi-line string: where each scanner reads a suppression depends on them. */
  readonly multilineStrings: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** Which rules ran on the file, so a rule's silence can be told from its absence. */
export type RulesRun = ReadonlySet<string>;

/** Reads one line of a workspace file (1-based), for evidence at a definition; null when unknown. */
export type SourceLineReader = (path: string, line: number) => string | null;
