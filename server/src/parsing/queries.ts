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
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];
export type Queries = Readonly<Record<QueryName, Query>>;

export function loadQueries(language: Language, queriesDir: string): Queries {
  const compiled: Partial<Record<QueryName, Query>> = {};
  for (const name of QUERY_NAMES) {
    const file = path.join(queriesDir, `${name}.scm`);
    const source = fs.readFileSync(file, 'utf8');
    try {
      compiled[name] = new Query(language, source);
    } catch (error) {
      throw new Error(`query ${name}.scm does not compile: ${(error as Error).message}`);
    }
  }
  return compiled as Queries;
}
