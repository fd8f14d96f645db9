/** The rule catalogue, in code order. Explicit on purpose: no discovery, no hidden rules. */
import { fl105PlaceholderCredential } from './fl105-placeholder-credential';
import { fl204BindAllInterfaces } from './fl204-bind-all-interfaces';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [fl105PlaceholderCredential, fl204BindAllInterfaces];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
