/** Call sites with their arguments, and module-level constants they may refer to. */
import type { Node } from 'web-tree-sitter';
import type { CallSite, ImportBinding, ModuleConstant } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { qualifyName } from './imports';
import { argumentValue, callArguments, compactText, spanOf } from './nodes';
import { queryMatches } from './matches';

export function collectCalls(root: Node, queries: Queries, imports: readonly ImportBinding[]): CallSite[] {
  const calls: CallSite[] = [];
  for (const match of queryMatches(queries.calls, root)) {
    const call = match.get('call.def');
    const callee = match.get('call.callee');
    const args = match.get('call.args');
    if (!call || !callee || !args) continue;
    const written = compactText(callee);
    calls.push({
      callee: written,
      qualifiedCallee: qualifyName(written, imports) ?? written,
      arguments: callArguments(args),
      span: spanOf(call),
      calleeSpan: spanOf(callee),
    });
  }
  return calls;
}

/** `NAME = literal` at module level; later assignments win, as at import time. */
export function collectModuleConstants(root: Node): ModuleConstant[] {
  const constants = new Map<string, ModuleConstant>();
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const value = argumentValue(right);
    if (value.kind === 'other') continue;
    constants.set(left.text, { name: left.text, value, line: assignment.startPosition.row + 1 });
  }
  return [...constants.values()];
}
