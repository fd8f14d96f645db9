/** Runs a compiled query and hands back each match as a name → node map (first node per capture). */
import type { Node, Query } from 'web-tree-sitter';

export type CaptureMap = ReadonlyMap<string, Node>;

export function queryMatches(query: Query, root: Node): CaptureMap[] {
  return query.matches(root).map((match) => {
    const captures = new Map<string, Node>();
    for (const capture of match.captures) {
      if (!captures.has(capture.name)) captures.set(capture.name, capture.node);
    }
    return captures;
  });
}
