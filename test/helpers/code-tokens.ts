/** What a suppression edit must leave alone, read from a syntax tree: the code tokens and the error count. */
import type { Node } from 'web-tree-sitter';

/** Leaf tokens other than comments, with their text: what Python executes. */
export function codeTokens(node: Node): string[] {
  if (node.type === 'comment') return [];
  if (node.childCount === 0) return [`${node.type} ${node.text}`];
  return node.children.flatMap((child) => (child ? codeTokens(child) : []));
}

/** ERROR and MISSING nodes in the tree. */
export function countErrors(node: Node): number {
  let count = node.isError || node.isMissing ? 1 : 0;
  for (const child of node.children) if (child) count += countErrors(child);
  return count;
}
