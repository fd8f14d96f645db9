/**
 * The contract every rule implements. Rules read the model (syntax facts, test context, doubles),
 * never trees or documents, so tests can build their input by hand.
 */
import type { Assignment, CallSite, ClassDef, Comment, FunctionDef, ImportBinding, ModuleConstant, StringBinding, StringLiteral } from '../model/syntax';
import type { AuthorizationScope, Evidence, Interceptor, Severity, Span, TestContext, TestDouble } from '../model/types';

/** What rules may ask of the workspace (null when analysing a lone file): answers, not trees. */
export interface RuleWorkspace {
  /**
   * The test module a dotted import refers to (`nova.tests.fixtures` → its path), or null when it
   * is production code, third-party or unknown.
   */
  testModuleOf(dotted: string): { readonly path: string } | null;
  /** A dotted name as imported, relative ones made absolute from this file's module (`.tests.fakes` in `app.views` → `app.tests.fakes`). */
  absoluteName(dotted: string): string;
  /** Where a dotted name (`compute.policy.authorize`) is defined in the workspace or its environments, or null. */
  definitionOf(dotted: string): { readonly path: string; readonly line: number } | null;
}

/** The syntax facts of a file that rules read. */
export interface RuleSyntax {
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassDef[];
  readonly functions: readonly FunctionDef[];
  readonly calls: readonly CallSite[];
  readonly constants: readonly ModuleConstant[];
  readonly strings: readonly StringBinding[];
  /** Every string literal, bound to a name or not. */
  readonly literals: readonly StringLiteral[];
  /** Assignments and `with … as` bindings, in source order. */
  readonly assignments: readonly Assignment[];
  /** Comments of the file (row, column, text). */
  readonly comments: readonly Comment[];
}

export interface RuleContext extends RuleSyntax {
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly test: TestContext;
  readonly doubles: readonly TestDouble[];
  /** Authorization in effect per test (empty without a workspace). */
  readonly authorization: readonly AuthorizationScope[];
  /**
   * HTTP interceptors and patches of network calls in effect in the file, with the scope each
   * covers (computed on first call: only rules that meet an outgoing call need them).
   */
  interceptors(): readonly Interceptor[];
  readonly workspace: RuleWorkspace | null;
  /** True for a value the project's `allow-secrets` lists as a known test key (FL201). */
  isAllowedSecret(value: string): boolean;
  /** Source lines, for evidence text. */
  readonly lines: readonly string[];
  /**
   * Rows whose hits are wanted, when only part of the file is re-checked (the editor after an edit
   * inside one test): rules may skip what starts elsewhere, whose hits would be dropped anyway.
   */
  readonly wants?: (row: number) => boolean;
  /**
   * For tests whose calls `calls` does not hold, by the row of their `def`: the row of the first call
   * asserting a denial (FL206), or null. The editor re-checks one edited test with the calls of that
   * test and of the code outside tests only, and keeps this for the others.
   */
  readonly denialCallRows?: ReadonlyMap<number, number | null>;
}

export interface RuleHit {
  readonly span: Span;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Why suppressing is right, when the rule itself knows (FL1xx); absent for genuine risks. */
  readonly justification?: string;
  /** Other places that matter (the bypass of an FL206, the definitions behind a hint). */
  readonly related?: readonly Evidence[];
  /** Scanner rules this hit explains, so the fix can suppress them in their own dialect. */
  readonly scannerRules?: readonly ScannerRule[];
}

export interface ScannerRule {
  readonly tool: 'bandit' | 'ruff';
  readonly ruleId: string;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** Markdown for hovers, the panel and the README: why it matters, how to fix, false positives. */
  readonly explanation: string;
  check(context: RuleContext): RuleHit[];
}

/** Whether hits starting on `row` are wanted (all are, unless the context says otherwise). */
export function isWanted(context: RuleContext, row: number): boolean {
  return context.wants ? context.wants(row) : true;
}

/** Evidence for a 0-based row of the file under analysis. */
export function evidenceAt(context: RuleContext, row: number, fact?: Evidence['fact']): Evidence {
  const text = (context.lines[row] ?? '').trim();
  return { ...(fact ? { fact } : {}), path: context.path, line: row + 1, text: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}
