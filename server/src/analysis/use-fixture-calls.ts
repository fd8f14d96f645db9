/**
 * `self.useFixture(X(...))` sites (testtools, oslotest, nova). Patch fixtures passed to
 * useFixture (`fixtures.MockPatch`) are left to `patch-sites.ts`, which knows their targets.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassDef, ImportBinding } from '../model/syntax';
import { UNKNOWN_FACTS, type TestDouble } from '../model/types';
import type { Queries } from '../parsing/queries';
import { qualifyName } from './imports';
import { compactText, scopeOf, spanOf } from './nodes';
import { queryMatches } from './matches';
import { isPatchCallee } from './patch-sites';

export interface UseFixtureInput {
  readonly root: Node;
  readonly queries: Queries;
  readonly path: string;
  readonly modulePath: string;
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassDef[];
}

export function collectUseFixtureCalls(input: UseFixtureInput): TestDouble[] {
  const doubles: TestDouble[] = [];
  for (const match of queryMatches(input.queries['use-fixture-calls'], input.root)) {
    const arg = match.get('use.arg');
    if (!arg) continue;
    const constructed = arg.type === 'call' ? arg.childForFieldName('function') : null;
    const nameNode = constructed ?? arg;
    const written = compactText(nameNode);
    if (constructed && isPatchCallee(written)) continue;
    const name = written.split('.').pop() ?? written;
    const isDottedName = nameNode.type === 'identifier' || nameNode.type === 'attribute';
    const local = constructed && nameNode.type === 'identifier' ? input.classes.find((c) => c.name === name) : undefined;
    const qualifiedName = isDottedName
      ? (qualifyName(written, input.imports) ?? (local ? `${input.modulePath}.${name}` : null))
      : null;
    const nameSpan = nameNode.type === 'attribute' ? spanOf(nameNode.childForFieldName('attribute') ?? nameNode) : spanOf(nameNode);
    doubles.push({
      name,
      qualifiedName,
      form: 'use-fixture',
      kind: 'unresolved',
      span: nameSpan,
      target: null,
      scope: scopeOf(arg),
      definedAt: local ? { path: input.path, line: local.span.start.row + 1 } : null,
      facts: UNKNOWN_FACTS,
      evidence: [],
      unresolved: unresolvedReason(constructed !== null, local !== undefined, qualifiedName),
    });
  }
  return doubles;
}

function unresolvedReason(isConstructed: boolean, isLocal: boolean, qualifiedName: string | null): string {
  // Syntax-only answers; with a workspace, resolution replaces them.
  if (!isConstructed) return 'useFixture is given a variable; its value is traced only with a workspace';
  if (isLocal) return 'defined in this file; its facts are derived only with a workspace';
  if (qualifiedName) return `imported as ${qualifiedName}; resolved only with a workspace`;
  return 'not imported or defined in this file';
}
