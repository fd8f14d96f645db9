/**
 * Patch sites: `mock.patch` family (decorator, `with`, `start()`), `fixtures.MockPatch*`,
 * `monkeypatch.setattr` and friends, nova's `self.stub_out`. Reads what is patched and how;
 * whether the target is an authorization check is the knowledge base's call (#3).
 */
import type { Node } from 'web-tree-sitter';
import type { ImportBinding } from '../model/syntax';
import { UNKNOWN_FACTS, type DoubleForm, type DoubleKind, type Span, type TestDouble } from '../model/types';
import type { Queries } from '../parsing/queries';
import { qualifyName } from './imports';
import { compactText, scopeOf, spanOf, stringValue } from './nodes';
import { queryMatches } from './matches';

const DOTTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;

const PATCH_CALLEE = /(^|\.)(patch|patch\.object|patch\.dict|patch\.multiple|MockPatch|MockPatchObject|MonkeyPatch|stub_out)$/;

/** True for callees the patch-sites query matches (shared with `use-fixture-calls.ts`). */
export function isPatchCallee(callee: string): boolean {
  return PATCH_CALLEE.test(callee);
}

export interface PatchSiteInput {
  readonly root: Node;
  readonly queries: Queries;
  readonly imports: readonly ImportBinding[];
}

export function collectPatchSites(input: PatchSiteInput): TestDouble[] {
  const doubles: TestDouble[] = [];
  for (const match of queryMatches(input.queries['patch-sites'], input.root)) {
    const call = match.get('patch.call');
    const calleeNode = match.get('patch.callee');
    const args = match.get('patch.args');
    if (!call || !calleeNode || !args) continue;
    const callee = compactText(calleeNode);
    const isMonkeypatch = callee.startsWith('monkeypatch.');
    const isStubOut = /(^|\.)stub_out$/.test(callee);
    const displayName = isMonkeypatch ? callee : callee.replace(/^.*?\b(patch(\.\w+)?|MockPatch\w*|MonkeyPatch|stub_out)$/, '$1');
    const kind: DoubleKind = isMonkeypatch ? 'monkeypatch' : isStubOut ? 'stub' : 'mock-patch';
    const span = nameSpanOf(calleeNode, displayName);
    const qualifiedName = qualifyName(callee, input.imports);
    const target = patchTarget(callee, args, input.imports);
    // `client.patch('/items/1')` is an HTTP PATCH: a `patch` method of an unknown receiver is a patch
    // only when it names a dotted target (`mocker.patch('a.b')`, testtools' `self.patch(obj, 'attr', v)`).
    if (qualifiedName === null && !isMonkeypatch && !isStubOut && !(target !== null && DOTTED_NAME.test(target))) continue;
    doubles.push({
      name: displayName,
      qualifiedName,
      form: isMonkeypatch ? 'monkeypatch-setattr' : isStubOut ? 'stub-out' : formOf(call),
      kind,
      span,
      target,
      scope: scopeOf(call),
      definedAt: null,
      facts: UNKNOWN_FACTS,
      evidence: [],
      unresolved: 'what the patch replaces is resolved only with a workspace',
    });
  }
  return doubles;
}

/** Span of the displayed name: `patch.object` in `mock.patch.object`, `MockPatch` in `fixtures.MockPatch`. */
function nameSpanOf(callee: Node, displayName: string): Span {
  if (callee.type !== 'attribute') return spanOf(callee);
  const parts = displayName.split('.').length;
  let first: Node = callee;
  for (let i = 1; i < parts; i++) first = first.childForFieldName('object') ?? first;
  const start = first.type === 'attribute' ? (first.childForFieldName('attribute') ?? first) : first;
  return { start: spanOf(start).start, end: spanOf(callee).end };
}

/** How the patch is applied, read from where the call sits. */
function formOf(call: Node): DoubleForm {
  const parent = call.parent;
  if (!parent) return 'patcher';
  if (parent.type === 'decorator') return 'patch-decorator';
  if (parent.type === 'with_item' || parent.type === 'as_pattern') return 'patch-context';
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'start') return 'patch-start';
  if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
    const outer = parent.parent.childForFieldName('function');
    if (outer && /(^|\.)useFixture$/.test(compactText(outer))) return 'patch-fixture';
  }
  return 'patcher';
}

/**
 * The dotted target a patch replaces: the string of `patch('a.b')`, or `Obj.attr` for
 * `patch.object(Obj, 'attr')` / `monkeypatch.setattr(Obj, 'attr', v)`, qualified through imports.
 */
function patchTarget(callee: string, args: Node, imports: readonly ImportBinding[]): string | null {
  const positional = args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'keyword_argument' && c.type !== 'comment');
  const keyword = (name: string) =>
    args.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? null;
  const first = positional[0] ?? keyword('target');
  if (!first) return null;
  if (/(^|\.)setenv$|(^|\.)delenv$/.test(callee)) {
    const name = stringValue(first);
    return name === null ? null : `environ:${name}`;
  }
  const firstString = stringValue(first);
  if (firstString !== null) return firstString;
  const attribute = positional[1] ? stringValue(positional[1]) : (keyword('attribute') && stringValue(keyword('attribute') as Node));
  if (first.type === 'identifier' || first.type === 'attribute') {
    const objectName = compactText(first);
    const qualified = qualifyName(objectName, imports) ?? objectName;
    return attribute ? `${qualified}.${attribute}` : qualified;
  }
  return null;
}
