/** String literals bound to names: the raw material of the credential and path rules (FL105, FL201). */
import type { Node } from 'web-tree-sitter';
import type { BindingForm, StringBinding } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { compactText, spanOf, stringValue } from './nodes';
import { queryMatches } from './matches';

const FORMS: readonly BindingForm[] = ['assignment', 'keyword', 'default', 'compare', 'dict'];

export function collectStringBindings(root: Node, queries: Queries): StringBinding[] {
  const bindings: StringBinding[] = [];
  for (const match of queryMatches(queries['string-bindings'], root)) {
    const nameNode = match.get('binding.name');
    const valueNode = match.get('binding.value');
    const form = FORMS.find((f) => match.has(`binding.kind.${f}`));
    if (!nameNode || !valueNode || !form) continue;
    const name = nameNode.type === 'string' ? (stringValue(nameNode) ?? nameNode.text) : lastPart(nameNode);
    bindings.push({ name, form, value: stringValue(valueNode), span: spanOf(valueNode) });
  }
  return bindings;
}

function lastPart(node: Node): string {
  return compactText(node).split('.').pop() ?? node.text;
}
