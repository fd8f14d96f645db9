/** Assignments and `with … as` bindings, in source order: the one-step data flow FL203/FL207/FL208 follow. */
import type { Node } from 'web-tree-sitter';
import type { Assignment } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { queryMatches } from './matches';
import { argumentValue, compactText, spanOf } from './nodes';

export function collectAssignments(root: Node, queries: Queries): Assignment[] {
  const assignments: Assignment[] = [];
  for (const match of queryMatches(queries.assignments, root)) {
    const def = match.get('assignment.def');
    const target = match.get('assignment.target');
    const value = match.get('assignment.value');
    if (!def || !target || !value) continue;
    assignments.push({ target: compactText(target), value: argumentValue(value), span: spanOf(def), valueSpan: spanOf(value) });
  }
  return assignments.sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
}
