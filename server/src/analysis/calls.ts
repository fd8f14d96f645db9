/** Call sites with their arguments, and module-level constants they may refer to. */
import type { Node } from 'web-tree-sitter';
import type { CallArgument, CallSite, ImportBinding, ModuleConstant } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { qualifyName } from './imports';
import { argumentValue, callArguments, compactText, spanOf } from './nodes';
import { queryMatches } from './matches';

/** One match of the calls query, read once: the summary and the rules both need every call. */
export interface CallMatch {
  readonly call: Node;
  readonly callee: Node;
  /** The callee as written, whitespace removed. */
  readonly written: string;
  readonly arguments: readonly CallArgument[];
}

export function matchCalls(root: Node, queries: Queries): CallMatch[] {
  const matched: CallMatch[] = [];
  for (const match of queryMatches(queries.calls, root)) {
    const call = match.get('call.def');
    const callee = match.get('call.callee');
    const args = match.get('call.args');
    if (!call || !callee || !args) continue;
    matched.push({ call, callee, written: compactText(callee), arguments: callArguments(args) });
  }
  return matched;
}

/** `matched` (from `matchCalls` on the same tree) saves a second pass of the calls query. */
export function collectCalls(root: Node, queries: Queries, imports: readonly ImportBinding[], matched: readonly CallMatch[] = matchCalls(root, queries)): CallSite[] {
  return matched.map(({ call, callee, written, arguments: args }) => ({
    callee: written,
    qualifiedCallee: qualifyName(written, imports) ?? written,
    arguments: args,
    span: spanOf(call),
    calleeSpan: spanOf(callee),
  }));
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
