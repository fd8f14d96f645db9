/**
 * Syntax facts: what one file says, read off its tree by the extractors in `analysis/`.
 * Rules read these (never trees), so a test can build them by hand.
 */
import type { Span } from './types';

/** One name the file binds by importing: `alias` → `qualifiedName` (`nova_fixtures` → `nova.tests.fixtures`). */
export interface ImportBinding {
  readonly alias: string;
  readonly qualifiedName: string;
  /** 1-based line of the import statement. */
  readonly line: number;
  readonly isWildcard: boolean;
}

export interface ClassDef {
  readonly name: string;
  /** Superclass expressions as written (`test.TestCase`, `fixtures.Fixture`). */
  readonly bases: readonly string[];
  readonly span: Span;
  /** Span of the name, for diagnostics and hovers. */
  readonly nameSpan: Span;
}

export interface Parameter {
  readonly name: string;
  readonly span: Span;
}

export interface FunctionDef {
  readonly name: string;
  /** Enclosing class name, or null for a module-level function. */
  readonly className: string | null;
  readonly parameters: readonly Parameter[];
  readonly span: Span;
  readonly nameSpan: Span;
}

export interface PytestFixtureDef {
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly scope: string | null;
  readonly autouse: boolean;
  readonly requests: readonly string[];
  readonly isYieldFixture: boolean;
}

export type BindingForm = 'assignment' | 'keyword' | 'default' | 'compare' | 'dict';

/** A string literal bound to a name (`password = "fake"`, `f(token="x")`, `def f(pw="x")`). */
export interface StringBinding {
  readonly name: string;
  readonly form: BindingForm;
  /** The literal's value without quotes or prefixes; null when it has interpolation (f-string). */
  readonly value: string | null;
  readonly span: Span;
}

export type ArgumentValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'tuple'; readonly items: readonly ArgumentValue[] }
  | { readonly kind: 'name'; readonly name: string }
  | {
      readonly kind: 'call';
      /** Callee as written, whitespace removed. */
      readonly callee: string;
      readonly arguments: ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>;
    }
  | { readonly kind: 'lambda'; readonly text: string }
  | { readonly kind: 'other'; readonly text: string };

export interface CallArgument {
  /** Keyword name, or null for a positional argument. */
  readonly keyword: string | null;
  readonly value: ArgumentValue;
  readonly span: Span;
}

export interface CallSite {
  /** Callee as written, whitespace removed (`socket.socket().bind` stays as text). */
  readonly callee: string;
  /** Callee through the import table (`HTTPServer` → `http.server.HTTPServer`), or the callee when not imported. */
  readonly qualifiedCallee: string;
  readonly arguments: readonly CallArgument[];
  readonly span: Span;
  readonly calleeSpan: Span;
}

export interface Comment {
  readonly row: number;
  readonly column: number;
  readonly text: string;
}

/** Module-level `NAME = <literal>` assignments, so `HOST = '0.0.0.0'` can be followed. */
export interface ModuleConstant {
  readonly name: string;
  readonly value: ArgumentValue;
  readonly line: number;
}

/** A string literal anywhere in the file (implicit concatenations count once, as a whole). */
export interface StringLiteral {
  /** The value without quotes or prefixes; null when it interpolates (f-string). */
  readonly value: string | null;
  readonly span: Span;
}

/**
 * `target = value` (or `with value as target`), for rules that follow a value one step back:
 * the SSL context a call uses, the path a file is opened at, the data a loader reads.
 */
export interface Assignment {
  /** The name or attribute assigned, whitespace removed (`ctx`, `self.ctx`, `ctx.check_hostname`). */
  readonly target: string;
  readonly value: ArgumentValue;
  /** The whole assignment or `with` item. */
  readonly span: Span;
  readonly valueSpan: Span;
}
