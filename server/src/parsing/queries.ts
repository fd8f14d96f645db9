/**
 * Compiles each `.scm` query under `grammars/queries/` once. A query that fails to compile stops
 * start-up with its file name, so a broken grammar upgrade cannot fail silently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Query, type Language } from 'web-tree-sitter';

export const QUERY_NAMES = [
  'imports',
  'test-structure',
  'use-fixture-calls',
  'patch-sites',
  'fixture-definitions',
  'string-bindings',
  'calls',
  'comments',
  'string-literals',
  'assignments',
  'module-bodies',
  'function-definitions',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];
export type Queries = Readonly<Record<QueryName, Query>>;

/**
 * Queries run together in one walk of a tree: each query walks the whole tree, and the walk, not
 * the matching, is most of a query's cost (nine separate walks took three times one combined walk).
 */
export const QUERY_GROUPS = {
  /** What analysing a file reads. */
  file: QUERY_NAMES,
  /** What summarising a module that is not analysed reads. */
  summary: ['imports', 'test-structure', 'calls', 'module-bodies'],
} as const satisfies Record<string, readonly QueryName[]>;

export type QueryGroupName = keyof typeof QUERY_GROUPS;

/** One compiled query made of several: `parts[i]` is the query pattern `i` of `query` came from. */
export interface QueryGroup {
  readonly query: Query;
  readonly parts: readonly Query[];
}

/** The groups compiled with a set of queries, so callers need nothing besides `Queries`. */
const groupsByQueries = new WeakMap<Queries, Readonly<Record<QueryGroupName, QueryGroup>>>();

/** The combined query of `name` for queries made by `loadQueries`; null for queries built otherwise. */
export function queryGroup(queries: Queries, name: QueryGroupName): QueryGroup | null {
  return groupsByQueries.get(queries)?.[name] ?? null;
}

export function loadQueries(language: Language, queriesDir: string): Queries {
  const compiled: Partial<Record<QueryName, Query>> = {};
  const sources: Partial<Record<QueryName, string>> = {};
  for (const name of QUERY_NAMES) {
    const file = path.join(queriesDir, `${name}.scm`);
    const source = fs.readFileSync(file, 'utf8');
    try {
      compiled[name] = new Query(language, source);
      sources[name] = source;
    } catch (error) {
      throw new Error(`query ${name}.scm does not compile: ${(error as Error).message}`);
    }
  }
  const queries = compiled as Queries;
  const groups = {} as Record<QueryGroupName, QueryGroup>;
  for (const [group, names] of Object.entries(QUERY_GROUPS) as Array<[QueryGroupName, readonly QueryName[]]>) {
    // Patterns are numbered in source order, so each part's patterns follow the previous part's.
    const parts = names.flatMap((name) => Array.from({ length: queries[name].patternCount() }, () => queries[name]));
    groups[group] = { query: new Query(language, names.map((name) => sources[name]).join('\n')), parts };
  }
  groupsByQueries.set(queries, groups);
  return queries;
}
