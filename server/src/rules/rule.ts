/**
 * The contract every rule implements. Rules read the model (syntax facts, test context, doubles),
 * never trees or documents, so tests can build their input by hand.
 */
import type { CallSite, ClassDef, FunctionDef, ImportBinding, ModuleConstant, StringBinding } from '../model/syntax';
import type { Evidence, Severity, Span, TestContext, TestDouble } from '../model/types';

export interface RuleContext {
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly test: TestContext;
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassDef[];
  readonly functions: readonly FunctionDef[];
  readonly calls: readonly CallSite[];
  readonly constants: readonly ModuleConstant[];
  readonly strings: readonly StringBinding[];
  readonly doubles: readonly TestDouble[];
  /** Source lines, for evidence text. */
  readonly lines: readonly string[];
}

export interface RuleHit {
  readonly span: Span;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Why suppressing is right, when the rule itself knows (FL1xx); absent for genuine risks. */
  readonly justification?: string;
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

/** Evidence for a 0-based row of the file under analysis. */
export function evidenceAt(context: RuleContext, row: number, fact?: Evidence['fact']): Evidence {
  const text = (context.lines[row] ?? '').trim();
  return { ...(fact ? { fact } : {}), path: context.path, line: row + 1, text: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}
