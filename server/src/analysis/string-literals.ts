/** Every string literal of a file with its value: FL201 looks for provider key formats in all of them. */
import type { Node } from 'web-tree-sitter';
import type { StringLiteral } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { queryMatches } from './matches';
import { spanOf, stringValue } from './nodes';

export function collectStringLiterals(root: Node, queries: Queries): StringLiteral[] {
  const literals: StringLiteral[] = [];
  const nodes = queryMatches(queries['string-literals'], root).map((match) => match.get('string.literal'));
  // A part of `'a' 'b'` is reported with the whole concatenation, whose value joins the parts. The
  // parts are read off the (rare) concatenations: asking each string for its parent costs a descent from the root.
  const parts = new Set<number>();
  for (const node of nodes) {
    if (node?.type !== 'concatenated_string') continue;
    for (const part of node.namedChildren) if (part) parts.add(part.id);
  }
  for (const node of nodes) {
    if (!node || parts.has(node.id)) continue;
    literals.push({ value: stringValue(node), span: spanOf(node) });
  }
  return literals;
}
