/**
 * Runs compiled queries and hands back each match as a name → node map (first node per capture).
 * Queries run together on a root node (`matchTogether`) are answered from that one walk.
 */
import type { Node, Query, QueryMatch } from 'web-tree-sitter';
import type { QueryGroup } from '../parsing/queries';

export type CaptureMap = ReadonlyMap<string, Node>;

/**
 * Matches of a combined walk by part, per root node object: callers that share a root share its
 * walk, and the matches go when the root does (a tree is often reused, its analysis not).
 */
const together = new WeakMap<Node, Map<Query, { raw: QueryMatch[]; maps: CaptureMap[] | null }>>();

export function queryMatches(query: Query, root: Node): CaptureMap[] {
  const shared = together.get(root)?.get(query);
  if (!shared) return query.matches(root).map(toCaptureMap);
  shared.maps ??= shared.raw.map(toCaptureMap);
  return [...shared.maps];
}

/**
 * Runs a group's queries in one walk of `root`; later `queryMatches` calls for its parts on the same
 * root object get the same matches, in the same order, as running each alone.
 */
export function matchTogether(root: Node, group: QueryGroup | null): void {
  if (!group || together.has(root)) return;
  const matches = group.query.matches(root);
  // Never expected at the default limit; each query then runs alone, with its own limit.
  if (group.query.didExceedMatchLimit()) return;
  const byPart = new Map<Query, { raw: QueryMatch[]; maps: CaptureMap[] | null }>();
  for (const part of group.parts) if (!byPart.has(part)) byPart.set(part, { raw: [], maps: null });
  for (const match of matches) byPart.get(group.parts[match.patternIndex])?.raw.push(match);
  together.set(root, byPart);
}

function toCaptureMap(match: QueryMatch): CaptureMap {
  const captures = new Map<string, Node>();
  for (const capture of match.captures) {
    if (!captures.has(capture.name)) captures.set(capture.name, capture.node);
  }
  return captures;
}
