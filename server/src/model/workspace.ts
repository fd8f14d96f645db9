/**
 * What the workspace index keeps per Python module: a summary of what the module defines and what
 * its setup code calls, as plain strings and numbers (no trees), so a whole suite fits in memory.
 */
import type { ArgumentValue, ImportBinding } from './syntax';
import type { Span } from './types';

/** A call as written, with where it is: the raw material of fact derivation and its evidence. */
export interface CallSummary {
  /** Callee as written, whitespace removed: `interceptor.RequestsInterceptor`, `self._stub_keystone`, `super().setUp`. */
  readonly callee: string;
  readonly arguments: ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>;
  /** 1-based line of the call's start. */
  readonly line: number;
  /** The source line, trimmed (evidence text). */
  readonly text: string;
  /** Name the call's result is bound to (`intercept = ...`, `self.api = ...`), or null. */
  readonly assignedTo: string | null;
  /** Span of the callee (use-site position for doubles found in summaries). */
  readonly calleeSpan: Span;
}

export interface AssignmentSummary {
  /** Target as written: `self.admin_api`, `CONF`, `client`, `app.dependency_overrides[get_user]`. */
  readonly target: string;
  readonly value: ArgumentValue;
  readonly line: number;
  readonly text: string;
  /** Span of the assigned value. */
  readonly valueSpan: Span;
}

export interface DecoratorSummary {
  /** Decorator expression's callee as written (`pytest.fixture`, `mock.patch.object`, `responses.activate`). */
  readonly callee: string;
  readonly arguments: ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>;
  readonly line: number;
  readonly text: string;
}

export interface ParameterSummary {
  readonly name: string;
  readonly default: ArgumentValue | null;
}

export interface PytestFixtureOptions {
  /** The name tests request it by (`name=` or the function name). */
  readonly name: string;
  readonly scope: string | null;
  readonly autouse: boolean;
  readonly isYieldFixture: boolean;
}

export interface FunctionSummary {
  readonly name: string;
  readonly line: number;
  readonly parameters: readonly ParameterSummary[];
  readonly decorators: readonly DecoratorSummary[];
  /** Non-null when decorated as a pytest fixture. */
  readonly fixture: PytestFixtureOptions | null;
  /** Calls the body makes when it runs (nested function and lambda bodies excluded: they run later, if ever). */
  readonly calls: readonly CallSummary[];
  readonly assignments: readonly AssignmentSummary[];
  readonly returns: readonly ArgumentValue[];
  readonly yields: readonly ArgumentValue[];
}

export interface ClassSummary {
  readonly name: string;
  readonly line: number;
  /** Span of the class name (use site of doubles a base class provides). */
  readonly nameSpan: Span;
  /** Superclass expressions as written. */
  readonly bases: readonly string[];
  readonly decorators: readonly DecoratorSummary[];
  readonly methods: readonly FunctionSummary[];
  /** Class-level assignments (`client_class = APIClient`). */
  readonly attributes: readonly AssignmentSummary[];
}

export interface ModuleSummary {
  /** Dotted module path: `nova.tests.fixtures.nova`; a package's `__init__.py` has the package's path. */
  readonly modulePath: string;
  /** Path relative to the analysis root, POSIX separators (evidence paths). */
  readonly path: string;
  readonly isPackage: boolean;
  /** Decided by the same test-context rules as analysed files. */
  readonly isTest: boolean;
  /** Import bindings; relative imports already made absolute. */
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassSummary[];
  readonly functions: readonly FunctionSummary[];
  /** Module-level assignments. */
  readonly assignments: readonly AssignmentSummary[];
  /** Calls made at import time (module level). */
  readonly calls: readonly CallSummary[];
}

/** Where module files come from. */
export type SourceRootKind = 'workspace' | 'environment' | 'extra';

export interface ModuleEntry {
  readonly modulePath: string;
  /** Absolute path on disk. */
  readonly absolutePath: string;
  /** Path relative to the analysis root, POSIX separators. */
  readonly path: string;
  readonly rootKind: SourceRootKind;
  readonly isPackage: boolean;
}
