/**
 * The syntax triage reads a finding's line with: statements with their extents, calls, string
 * bindings, classes, functions, imports, comments and the rows a comment cannot go on. Tree in,
 * plain data out; the judging happens in `triage/`.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Queries } from '../parsing/queries';
import type { TriageSyntax } from '../triage/types';
import { collectCalls } from './calls';
import { collectImports } from './imports';
import { queryMatches } from './matches';
import { collectStringBindings } from './string-bindings';
import { collectTestStructure } from './test-structure';

const SIMPLE_STATEMENTS = new Set([
  'expression_statement',
  'return_statement',
  'assert_statement',
  'raise_statement',
  'delete_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'global_statement',
  'nonlocal_statement',
  'pass_statement',
  'print_statement',
  'exec_statement',
  'decorator',
]);

/** Compound statements whose header (up to the body) is what a scanner reports a line of. */
const COMPOUND_STATEMENTS = new Set([
  'if_statement',
  'elif_clause',
  'while_statement',
  'for_statement',
  'with_statement',
  'function_definition',
  'class_definition',
  'except_clause',
  'match_statement',
  'case_clause',
]);

export function collectTriageSyntax(tree: Tree, queries: Queries, text: string): TriageSyntax {
  const root = tree.rootNode;
  const imports = collectImports(root, queries);
  const { classes, functions } = collectTestStructure(root, queries);
  const lines = text.split(/\r\n|\r|\n/);
  const statements: Array<{ start: number; end: number; type: string }> = [];
  const uncommentable = new Set<number>();
  const multilineStrings: Array<{ start: number; end: number }> = [];
  walk(root, (node) => {
    if (SIMPLE_STATEMENTS.has(node.type)) {
      statements.push({ start: node.startPosition.row, end: node.endPosition.row, type: node.type });
    } else if (COMPOUND_STATEMENTS.has(node.type)) {
      const body = node.childForFieldName('body') ?? node.childForFieldName('consequence');
      const end = body ? Math.max(node.startPosition.row, body.startPosition.row - (body.startPosition.row > node.startPosition.row ? 1 : 0)) : node.startPosition.row;
      statements.push({ start: node.startPosition.row, end, type: node.type });
    } else if (node.type === 'string' && node.endPosition.row > node.startPosition.row) {
      multilineStrings.push({ start: node.startPosition.row, end: node.endPosition.row });
      for (let row = node.startPosition.row; row < node.endPosition.row; row++) uncommentable.add(row);
    }
  });
  lines.forEach((line, row) => {
    if (/\\\s*$/.test(line)) uncommentable.add(row);
  });
  const comments = queryMatches(queries.comments, root).flatMap((match) => {
    const node = match.get('comment');
    return node ? [{ row: node.startPosition.row, column: node.startPosition.column, text: node.text }] : [];
  });
  return {
    lines,
    calls: collectCalls(root, queries, imports),
    strings: collectStringBindings(root, queries),
    classes,
    functions,
    imports,
    comments,
    statements,
    uncommentableRows: [...uncommentable].sort((a, b) => a - b),
    multilineStrings,
  };
}

/** Pre-order walk with a cursor: no recursion, so 1,000-deep nesting cannot overflow the stack. */
function walk(root: Node, visit: (node: Node) => void): void {
  const cursor = root.walk();
  try {
    for (;;) {
      visit(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}
