/**
 * The analysis model: plain readonly data shared by the core, the rules, the CLI and the server.
 * Nothing here knows about LSP or VS Code; positions are tree-sitter points (0-based rows, UTF-16 columns).
 */

/** A 0-based position: `row` is the line, `column` counts UTF-16 code units (web-tree-sitter's unit). */
export interface Point {
  readonly row: number;
  readonly column: number;
}

export interface Span {
  readonly start: Point;
  readonly end: Point;
}

/** Source text that establishes a fact; `line` is 1-based, `path` relative to the analysis root. */
export interface Evidence {
  readonly fact?: FactName;
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

export type Framework = 'pytest' | 'unittest' | 'testtools' | 'oslotest' | 'django' | 'nova';

export interface TestContext {
  readonly isTest: boolean;
  readonly frameworks: readonly Framework[];
  /** Human-readable reasons, one per piece of evidence ("path matches tests/**"). */
  readonly reasons: readonly string[];
}

export type Transport = 'in-process' | 'loopback' | 'network' | 'none' | 'unknown';
export type Authn = 'real' | 'simulated' | 'bypassed' | 'none' | 'unknown';
export type Authz = 'enforced' | 'bypassed' | 'unknown';
export type DataOrigin = 'fake' | 'recorded' | 'real' | 'unknown';

export interface Facts {
  readonly transport: Transport;
  readonly authn: Authn;
  readonly authz: Authz;
  readonly data: DataOrigin;
  /** `null` until production imports have been examined (SPEC §3): unknown, not false. */
  readonly reachableFromProduction: boolean | null;
}

export type FactName = keyof Facts;

export const UNKNOWN_FACTS: Facts = {
  transport: 'unknown',
  authn: 'unknown',
  authz: 'unknown',
  data: 'unknown',
  reachableFromProduction: null,
};

/** How a double appears at its use site: the syntax, not what it is. */
export type DoubleForm =
  | 'use-fixture'
  | 'pytest-parameter'
  | 'pytest-fixture-definition'
  | 'patch-decorator'
  | 'patch-context'
  | 'patch-start'
  | 'patcher'
  | 'patch-fixture'
  | 'monkeypatch-setattr'
  | 'stub-out'
  | 'fixture-attribute'
  | 'helper-call'
  | 'library-call'
  | 'decorator'
  | 'base-class'
  /** An identity the test assigns onto an object a known primitive built (`request.user = user` on a RequestFactory request). */
  | 'identity-assignment';

/**
 * What a double is. Syntax alone settles only the patch family (`mock-patch`, `monkeypatch`,
 * `stub`); resolution derives the rest from source and the knowledge base: `in-process-api`,
 * `in-process-client`, `intercepted-http`, `fake-service`, `loopback-server`, `network-server`,
 * `policy`, `policy-bypass`, `auth-simulated`, `recorded-http`, `fixture`, `pytest-fixture`, …
 * `unresolved` until then.
 */
export type DoubleKind = string;

/** Where a double is defined: workspace source, a knowledge-base primitive, or not known. */
export type Definition = { readonly path: string; readonly line: number } | { readonly knowledge: string } | null;

export interface TestDouble {
  /** As written at the use site, last dotted part (`OSAPIFixture`, `monkeypatch`). */
  readonly name: string;
  /** Dotted name through the file's imports, or null when the file alone cannot tell. */
  readonly qualifiedName: string | null;
  readonly form: DoubleForm;
  readonly kind: DoubleKind;
  /** Span of the name at the use site. */
  readonly span: Span;
  /** For patches: the patched target as written (`nova.compute.api.API.get`), else null. */
  readonly target: string | null;
  /** Enclosing test scope: `Class.method`, `function`, or `<module>`. */
  readonly scope: string;
  readonly definedAt: Definition;
  readonly facts: Facts;
  readonly evidence: readonly Evidence[];
  /** Why a definition or fact is missing, when it is. */
  readonly unresolved: string | null;
  /** Why the facts hold, when a knowledge-base entry gives them their meaning. */
  readonly explanation?: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * A text edit within one row (0-based, UTF-16 columns): what a suppression quick fix applies. An
 * insertion at column 0 whose text ends with a newline adds a line above the row.
 */
export interface LineEdit {
  readonly row: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly newText: string;
}

/** A suppression a quick fix can apply, with the justification it writes. */
export interface Fix {
  readonly title: string;
  readonly edit: LineEdit;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly fixes: readonly Fix[];
  /** Other locations that matter (shown as related information). */
  readonly related?: readonly Evidence[];
  /** True when an inline `# fixture-lens: ignore[...]` with a reason covers it. */
  readonly suppressed: boolean;
  /**
   * What the finding is about, where one rule can report the same span more than once: FL301–FL303
   * carry the imported finding (`bandit B106`), so two scanner results on one line keep their own fixes.
   */
  readonly subject?: string;
  /** True when `check --baseline` accepted it (it is then also `suppressed`). */
  readonly baselined?: boolean;
}

/** An inline suppression written in the file: `# fixture-lens: ignore[FL201,FL105] reason`. */
export interface InlineSuppression {
  readonly row: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
}

/**
 * The authorization in effect for one test: the last authorization-affecting step of its setup
 * (base classes first, then the class, then the method's own decorators and `with` blocks) wins;
 * every step is evidence, in order.
 */
export interface AuthorizationScope {
  /** `Class.test_method` or `test_function`. */
  readonly test: string;
  /** 1-based line of the test's `def`. */
  readonly line: number;
  readonly authz: Authz;
  readonly steps: ReadonlyArray<Evidence & { readonly authz: string; readonly because: string }>;
}

/**
 * An HTTP interceptor (requests-mock, responses, respx, moto, wsgi-intercept, …) or a patch of a
 * network call that is in effect for part of a test file: what keeps a call off the network (FL202).
 */
export interface Interceptor {
  /** The knowledge entry (`requests-mock`, `moto`), or `patch` for a patched network call. */
  readonly id: string;
  readonly title: string;
  /** For a patch: the patched name (`requests.get`); calls under it are intercepted. */
  readonly target: string | null;
  /** For interceptors that take a host (wsgi-intercept): the literal hosts registered; empty when not literal. */
  readonly registeredHosts: readonly string[];
  /**
   * What it covers: `Class.test_method` or `function` (one test or helper), a class name (every
   * method of the class), or `<module>` (every test of the file: autouse fixtures, import time).
   */
  readonly scope: string;
  /** 0-based rows (inclusive) of this file it covers within its scope (a `with` block); null for the whole scope. */
  readonly rows: { readonly start: number; readonly end: number } | null;
  readonly evidence: Evidence;
}

/** A class with test methods, or a file's module-level test functions together (CodeLens summarises each). */
export interface TestGroup {
  readonly kind: 'class' | 'module';
  /** The class name, or `<module>`. */
  readonly name: string;
  /** Where its summary belongs: the class name, or the first module-level test's name. */
  readonly anchor: Span;
  /** 0-based row ranges (inclusive) that belong to it: the class, or the tests and the fixtures they request. */
  readonly rows: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  /** Double scopes in effect for it (besides `<module>`): the class and its in-file bases, or the functions' names. */
  readonly scopes: readonly string[];
  /** Its tests as `AuthorizationScope.test` names them (`Class.test_x`, `test_y`). */
  readonly tests: readonly string[];
}

export interface FileAnalysis {
  /** Path relative to the analysis root, POSIX separators. */
  readonly path: string;
  readonly test: TestContext;
  /** Test classes and the module-level test functions (test files only), for per-group summaries. */
  readonly testGroups: readonly TestGroup[];
  readonly doubles: readonly TestDouble[];
  readonly diagnostics: readonly Finding[];
  readonly hasSyntaxErrors: boolean;
  /** Per test, when the workspace was available; empty otherwise. */
  readonly authorization: readonly AuthorizationScope[];
}
