/**
 * Runs compiled queries and hands back each match as a name → node map (first node per capture).
 * Queries run together on a root node (`matchTogether`) are answered from that one walk, once each.
 */
import type { Node, Query, QueryMatch } from 'web-tree-sitter';
import type { QueryGroup } from '../parsing/queries';

/** A match's nodes by capture name (the first node of each name), iterable as `[name, node]` pairs. */
export interface CaptureMap extends Iterable<[string, Node]> {
  get(name: string): Node | undefined;
  has(name: string): boolean;
}

/**
 * Matches of a combined walk by part, per root node object: callers that share a root share its
 * walk. Each part is handed out once and then forgotten (asking again runs the query alone): kept
 * for the whole analysis, a large file's matches outlived the young generation, and collecting them
 * cost more than the walks saved.
 */
const together = new WeakMap<Node, Map<Query, QueryMatch[]>>();

export function queryMatches(query: Query, root: Node): CaptureMap[] {
  const parts = together.get(root);
  const shared = parts?.get(query);
  if (!parts || !shared) return query.matches(root).map(toCaptureMap);
  parts.delete(query);
  return shared.map(toCaptureMap);
}

/**
 * Runs a group's queries in one walk of `root`; the next `queryMatches` call for each of its parts on
 * the same root object gets the same matches, in the same order, as running it alone.
 */
export function matchTogether(root: Node, group: QueryGroup | null): void {
  if (!group || together.has(root)) return;
  const matches = group.query.matches(root);
  // Never expected at the default limit; each query then runs alone, with its own limit.
  if (group.query.didExceedMatchLimit()) return;
  const byPart = new Map<Query, QueryMatch[]>();
  for (const part of group.parts) if (!byPart.has(part)) byPart.set(part, []);
  for (const match of matches) byPart.get(group.parts[match.patternIndex])?.push(match);
  together.set(root, byPart);
}

function toCaptureMap(match: QueryMatch): CaptureMap {
  return new MatchCaptures(match.captures);
}

/**
 * Reads the match's own capture list (a handful of entries, the first of a name wins): a map per
 * match was built for every call, string and assignment of a file, and most are asked once or twice.
 */
class MatchCaptures implements CaptureMap {
  constructor(private readonly captures: QueryMatch['captures']) {}

  get(name: string): Node | undefined {
    for (const capture of this.captures) if (capture.name === name) return capture.node;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  *[Symbol.iterator](): Iterator<[string, Node]> {
    const seen = new Set<string>();
    for (const capture of this.captures) {
      if (seen.has(capture.name)) continue;
      seen.add(capture.name);
      yield [capture.name, capture.node];
    }
  }
}
