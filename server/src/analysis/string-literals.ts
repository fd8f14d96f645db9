/** Every string literal of a file with its value: FL201 looks for provider key formats in all of them. */
import type { Node } from 'web-tree-sitter';
import type { StringLiteral } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { queryMatches } from './matches';
import { spanOf, stringValue } from './nodes';

export function collectStringLiterals(root: Node, queries: Queries): StringLiteral[] {
  const literals: StringLiteral[] = [];
  for (const match of queryMatches(queries['string-literals'], root)) {
    const node = match.get('string.literal');
    // A part of `'a' 'b'` is reported with the whole concatenation, whose value joins the parts.
    if (!node || node.parent?.type === 'concatenated_string') continue;
    literals.push({ value: stringValue(node), span: spanOf(node) });
  }
  return literals;
}
