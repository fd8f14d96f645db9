/**
 * The pipeline for one file: tree → syntax facts → test context → doubles → rules → findings
 * with fixes. Deterministic and I/O-free: callers parse (or reuse a tree) and pass text in.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Comment, PytestFixtureDef } from '../model/syntax';
import type { ModuleSummary } from '../model/workspace';
import type { AuthorizationScope, FileAnalysis, Finding, Fix, InlineSuppression, Interceptor, Severity, Span, TestContext, TestDouble } from '../model/types';
import { exceedsIndentLimit } from '../parsing/indentation-guard';
import type { PythonParsing } from '../parsing/parser';
import { queryGroup, type Queries } from '../parsing/queries';
import { RULES } from '../rules';
import { compileAllowList } from '../rules/secret-allow-list';
import type { Rule, RuleContext, RuleHit, RuleSyntax } from '../rules/rule';

export type { RuleSyntax } from '../rules/rule';
import type { Settings } from '../settings';
import { collectAssignments } from './assignments';
import { collectCalls, collectModuleConstants, matchCalls } from './calls';
import { collectImports } from './imports';
import { matchTogether, queryMatches } from './matches';
import { modulePathOf } from './module-path';
import { collectPatchSites } from './patch-sites';
import { collectInterceptors } from './interceptors';
import { computeAuthorizationScopes, resolveDoubles, type WorkspaceContext } from './resolve-doubles';
import { absolutize, summarizeModule } from './summarize-module';
import { collectFixtureDefinitions, collectFixtureParameters } from './pytest-fixtures';
import { collectStringBindings } from './string-bindings';
import { collectStringLiterals } from './string-literals';
import { fixtureLensRows, suppressionFixAt, type LineLayout } from './suppression-fixes';
import { isSuppressed, JUSTIFICATION_TEMPLATE, parseSuppression } from './suppressions';
import { decideTestContext, definesTests } from './test-context';
import { collectTestGroups } from './test-groups';
import { collectTestStructure } from './test-structure';
import { collectUseFixtureCalls } from './use-fixture-calls';

export interface AnalyzeTreeInput {
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly text: string;
  readonly tree: Tree;
  readonly queries: Queries;
  readonly settings: Settings;
  /** The workspace the file belongs to; without it, doubles stay as syntax shows them. */
  readonly workspace?: WorkspaceContext;
}

export function analyzeTree(input: AnalyzeTreeInput): FileAnalysis {
  return analyzeTreeWithBasis(input).analysis;
}

/**
 * What an analysis was made of, kept by the editor so that an edit inside one test can be
 * re-analysed alone (`analyze-edit.ts`): the file's syntax facts, its summary and the result.
 */
export interface AnalysisBasis extends RuleSyntax {
  readonly path: string;
  readonly modulePath: string;
  readonly lines: readonly string[];
  readonly fixtureDefinitions: readonly PytestFixtureDef[];
  /** Null without a workspace for a file that is not test code (nothing was summarised). */
  readonly summary: ModuleSummary | null;
  readonly analysis: FileAnalysis;
}

export function analyzeTreeWithBasis(input: AnalyzeTreeInput): { readonly analysis: FileAnalysis; readonly basis: AnalysisBasis } {
  const entry = input.workspace?.index.entryAt(input.path);
  // A file the index summarised from this very text (opening it in the editor) is not summarised again.
  const indexed = entry ? (input.workspace?.index.summaryMadeOf(entry, input.text) ?? null) : null;
  const read = readFileSyntax({ ...input, module: entry ?? null, withWorkspace: input.workspace !== undefined, summary: indexed });
  const layout = treeLineLayout(input.tree.rootNode, read.lines, read.syntax.comments);
  return analyzeFileSyntax(read, { settings: input.settings, workspace: input.workspace, layout });
}

/**
 * What a file's tree gives its analysis, as plain data: read where the tree is (any thread), then
 * analysed against the workspace by `analyzeFileSyntax`, possibly in another thread.
 */
export interface FileSyntax {
  readonly path: string;
  readonly modulePath: string;
  readonly lines: readonly string[];
  readonly test: TestContext;
  readonly fixtureDefinitions: readonly PytestFixtureDef[];
  /** The doubles as syntax shows them, before resolution. */
  readonly syntacticDoubles: readonly TestDouble[];
  /** Null without a workspace for a file that is not test code (nothing was summarised). */
  readonly summary: ModuleSummary | null;
  readonly syntax: RuleSyntax;
  readonly hasSyntaxErrors: boolean;
}

export interface FileSyntaxInput {
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly text: string;
  readonly tree: Tree;
  readonly queries: Queries;
  readonly settings: Settings;
  /** The file's workspace module, when the workspace has one at its path. */
  readonly module: { readonly modulePath: string; readonly isPackage: boolean } | null;
  /** Whether the file will be analysed against a workspace (then it is always summarised). */
  readonly withWorkspace: boolean;
  /** A summary already made of this text, used as it is. */
  readonly summary?: ModuleSummary | null;
}

export function readFileSyntax(input: FileSyntaxInput): FileSyntax {
  const root = input.tree.rootNode;
  const { queries } = input;
  matchTogether(root, queryGroup(queries, 'file'));
  const lines = input.text.split(/\r\n|\r|\n/);
  const imports = collectImports(root, queries);
  const { classes, functions } = collectTestStructure(root, queries);
  const test = decideTestContext({ path: input.path, imports, classes, functions, testGlobs: input.settings.testGlobs });
  const fixtureDefinitions = collectFixtureDefinitions(root, queries);
  const modulePath = input.module?.modulePath ?? modulePathOf(input.path);
  const syntacticDoubles = [
    ...collectUseFixtureCalls({ root, queries, path: input.path, modulePath, imports, classes }),
    ...collectPatchSites({ root, queries, imports }),
    ...collectFixtureParameters({ root, queries, path: input.path, classes, definitions: fixtureDefinitions }),
  ];
  const callMatches = matchCalls(root, queries);
  // Test files are summarised even without a workspace: the interceptors in effect (FL202) need it.
  const summary = input.summary ?? (input.withWorkspace || test.isTest
    ? summarizeModule({ tree: input.tree, root, queries, text: input.text, modulePath, path: input.path, isPackage: input.module?.isPackage ?? /(^|\/)__init__\.py$/.test(input.path), testGlobs: input.settings.testGlobs, syntax: { imports, structure: { classes, functions }, calls: callMatches } })
    : null);
  const syntax: RuleSyntax = {
    imports,
    classes,
    functions,
    calls: collectCalls(root, queries, imports, callMatches),
    constants: collectModuleConstants(root),
    strings: collectStringBindings(root, queries),
    literals: collectStringLiterals(root, queries),
    assignments: collectAssignments(root, queries),
    comments: collectComments(root, queries),
  };
  return { path: input.path, modulePath, lines, test, fixtureDefinitions, syntacticDoubles, summary, syntax, hasSyntaxErrors: root.hasError || exceedsIndentLimit(input.text) };
}

/** The workspace half of a file's analysis: resolves its doubles, runs the rules, places the fixes. */
export function analyzeFileSyntax(read: FileSyntax, options: { readonly settings: Settings; readonly workspace?: WorkspaceContext; readonly layout: LineLayout }): { readonly analysis: FileAnalysis; readonly basis: AnalysisBasis } {
  const { settings, workspace } = options;
  const { test, summary, syntax, lines } = read;
  const entry = workspace?.index.entryAt(read.path);
  if (entry && summary) workspace?.index.remember(entry, summary);
  const doubles = sortBySpan<TestDouble>(
    workspace && summary ? resolveDoubles({ context: workspace, module: summary, doubles: read.syntacticDoubles }) : [...read.syntacticDoubles],
  );
  const authorization = workspace && summary && test.isTest ? computeAuthorizationScopes(workspace, summary, doubles) : [];
  const context = ruleContextFor({ path: read.path, test, syntax, doubles, authorization, summary, lines, settings, workspace });
  const diagnostics = findingsOf(context, settings, options.layout, syntax.comments);
  const analysis: FileAnalysis = { path: read.path, test, testGroups: test.isTest ? collectTestGroups(syntax.classes, syntax.functions) : [], doubles, diagnostics: sortBySpan(diagnostics), hasSyntaxErrors: read.hasSyntaxErrors, authorization };
  return { analysis, basis: { path: read.path, modulePath: read.modulePath, lines, fixtureDefinitions: read.fixtureDefinitions, summary, analysis, ...syntax } };
}

export interface RuleContextInput {
  readonly path: string;
  readonly test: TestContext;
  readonly syntax: RuleSyntax;
  readonly doubles: readonly TestDouble[];
  readonly authorization: readonly AuthorizationScope[];
  readonly summary: ModuleSummary | null;
  readonly lines: readonly string[];
  readonly settings: Settings;
  readonly workspace?: WorkspaceContext;
  /** `RuleContext.denialCallRows`, when `syntax` lacks some tests' calls. */
  readonly denialCallRows?: ReadonlyMap<number, number | null>;
}

export function ruleContextFor(input: RuleContextInput): RuleContext {
  const { test, summary, lines, syntax } = input;
  const index = input.workspace?.index;
  let interceptors: Interceptor[] | undefined;
  return {
    path: input.path,
    test,
    ...syntax,
    doubles: input.doubles,
    authorization: input.authorization,
    interceptors: () => (interceptors ??= test.isTest && summary ? collectInterceptors({ module: summary, lines, functions: syntax.functions, workspace: input.workspace ?? null }) : []),
    workspace: index
      ? {
          testModuleOf: (dotted) => {
            const module = index.findModule(dotted);
            // Third-party test helpers (a library's own `tests/`) are not this project's test code.
            if (!module || module.rootKind !== 'workspace') return null;
            // Test code is what the globs say, or a module that defines tests; a helper that only imports
            // `django.test` (a request factory for production views) is not.
            if (index.isTestPath(module.path)) return { path: module.path };
            const summary = index.summary(module);
            return summary?.isTest && definesTests(summary) ? { path: module.path } : null;
          },
          absoluteName: (dotted) => (summary ? absolutize({ qualifiedName: dotted }, summary.modulePath, summary.isPackage).qualifiedName : dotted),
          definitionOf: (dotted) => {
            const resolution = index.resolve(dotted);
            if (resolution.kind === 'unresolved') return null;
            const line = resolution.kind === 'module' ? 1 : resolution.kind === 'assignment' ? resolution.assignment.line : resolution.kind === 'class' ? resolution.cls.line : resolution.fn.line;
            return { path: resolution.module.path, line };
          },
        }
      : null,
    isAllowedSecret: allowListFor(input.settings.project.allowSecrets),
    ...(input.denialCallRows ? { denialCallRows: input.denialCallRows } : {}),
    lines,
  };
}

/**
 * Runs every enabled rule. `keep` (default: all) says which rows each rule's hits are wanted on,
 * when only part of the file is re-checked; the rule may skip the rest (`RuleContext.wants`).
 */
export function findingsOf(context: RuleContext, settings: Settings, layout: LineLayout, comments: readonly Comment[], keep?: (ruleId: string, row: number) => boolean): Finding[] {
  const suppressions = comments.flatMap((c): InlineSuppression[] => {
    const parsed = parseSuppression(c.text);
    return parsed ? [{ row: c.row, ...parsed }] : [];
  });
  const diagnostics: Finding[] = [];
  for (const rule of RULES) {
    const severity = effectiveSeverity(rule, settings);
    if (severity === 'off') continue;
    const wants = keep ? (row: number): boolean => keep(rule.id, row) : null;
    for (const hit of rule.check(wants ? { ...context, wants } : context)) {
      if (wants && !wants(hit.span.start.row)) continue;
      diagnostics.push({
        ruleId: rule.id,
        severity,
        span: hit.span,
        message: hit.message,
        evidence: hit.evidence,
        ...(hit.related ? { related: hit.related } : {}),
        fixes: fixesFor(rule, hit, layout),
        suppressed: fixtureLensRows(hit.span, layout).some((row) => isSuppressed(rule.id, row, suppressions)),
      });
    }
  }
  return diagnostics;
}

/** Parses and analyses in one go, for the CLI and tests. */
export function analyzeText(parsing: PythonParsing, input: { path: string; text: string; settings: Settings; workspace?: WorkspaceContext }): FileAnalysis {
  const tree = parsing.parse(input.text);
  try {
    return analyzeTree({ ...input, tree, queries: parsing.queries });
  } finally {
    tree.delete();
  }
}

/** Compiled once per settings object: the list lives as long as the settings that carry it. */
const allowLists = new WeakMap<readonly string[], (value: string) => boolean>();
function allowListFor(entries: readonly string[]): (value: string) => boolean {
  let compiled = allowLists.get(entries);
  if (!compiled) allowLists.set(entries, (compiled = compileAllowList(entries)));
  return compiled;
}

function effectiveSeverity(rule: Rule, settings: Settings): Severity | 'off' {
  if (settings.rules.disabled.includes(rule.id)) return 'off';
  const override = settings.rules.severity[rule.id];
  if (override) return override;
  if (/^FL1\d\d$/.test(rule.id)) return settings.contextHints;
  return rule.defaultSeverity;
}

export function collectComments(root: Node, queries: Queries): Comment[] {
  return queryMatches(queries.comments, root).flatMap((match) => {
    const node = match.get('comment');
    return node ? [{ row: node.startPosition.row, column: node.startPosition.column, text: node.text }] : [];
  });
}

/**
 * Suppression fixes for a hit: the Fixture Lens directive always, plus the scanner's own
 * dialect when the rule explains a scanner finding (FL105 → `# nosec B106`, `# noqa: S106`),
 * each where its tool reads it; none where a comment cannot go without changing the code.
 */
function fixesFor(rule: Rule, hit: RuleHit, layout: LineLayout): Fix[] {
  // Genuine risks get a template the user must replace: an unedited template suppresses nothing.
  const justification = hit.justification ?? JUSTIFICATION_TEMPLATE;
  const requests = [
    { dialect: 'fixture-lens' as const, ruleId: rule.id },
    ...(hit.scannerRules ?? []).map((s) => ({ dialect: s.tool, ruleId: s.ruleId })),
  ];
  return requests.flatMap((request) => {
    const fix = suppressionFixAt({ ...request, justification, span: hit.span, layout });
    return fix ? [fix] : [];
  });
}

/** Where multi-line strings run, read off the tree on demand (only rows with findings are asked about). */
export function treeLineLayout(root: Node, lines: readonly string[], comments: readonly Comment[]): LineLayout {
  const enclosingString = (row: number, column: number, isEnclosing: (node: Node) => boolean): Node | null => {
    let node: Node | null = root.descendantForPosition({ row, column });
    for (; node; node = node.parent) if (node.type === 'string' && isEnclosing(node)) return node;
    return null;
  };
  // Memoised: every dialect asks about the same rows, and each lookup descends from the root.
  const stringEnds = new Map<number, number | null>();
  return {
    lines,
    comments,
    stringEndAfter(row) {
      if (stringEnds.has(row)) return stringEnds.get(row) ?? null;
      const line = (lines[row] ?? '').trimEnd();
      // An empty row can still lie inside a string: then it starts there too.
      const isInside = (node: Node): boolean => node.endPosition.row > row && (line.length > 0 || node.startPosition.row < row);
      const end = enclosingString(row, Math.max(line.length - 1, 0), isInside)?.endPosition.row ?? null;
      stringEnds.set(row, end);
      return end;
    },
    startsInsideString(row) {
      return enclosingString(row, 0, (node) => node.startPosition.row < row) !== null;
    },
  };
}

/**
 * A tree's line layout answered ahead, for analysing the file where its tree is not (another
 * thread): only the rows of multi-line strings can be inside a string, so only they are asked.
 */
export interface StringRowAnswers {
  /** `stringEndAfter` for the rows where it is not null. */
  readonly stringEnds: ReadonlyMap<number, number>;
  /** The rows where `startsInsideString` is true. */
  readonly insideRows: ReadonlySet<number>;
}

/**
 * `literals` (every string, or the concatenation holding it) cover every multi-line string's rows;
 * the tree decides each row, so a row asked for nothing costs only the asking.
 */
export function answerStringRows(root: Node, read: Pick<FileSyntax, 'lines' | 'syntax'>): StringRowAnswers {
  const layout = treeLineLayout(root, read.lines, read.syntax.comments);
  const stringEnds = new Map<number, number>();
  const insideRows = new Set<number>();
  const asked = new Set<number>();
  for (const { span } of read.syntax.literals) {
    for (let row = span.start.row; row <= span.end.row && span.end.row > span.start.row; row++) {
      if (asked.has(row)) continue;
      asked.add(row);
      const end = layout.stringEndAfter(row);
      if (end !== null) stringEnds.set(row, end);
      if (layout.startsInsideString(row)) insideRows.add(row);
    }
  }
  return { stringEnds, insideRows };
}

export function layoutFromStringRowAnswers(lines: readonly string[], comments: readonly Comment[], answers: StringRowAnswers): LineLayout {
  return { lines, comments, stringEndAfter: (row) => answers.stringEnds.get(row) ?? null, startsInsideString: (row) => answers.insideRows.has(row) };
}

export function sortBySpan<T extends { span: Span }>(items: T[]): T[] {
  return items.sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
}
