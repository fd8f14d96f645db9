/**
 * The file's import table: which local names stand for which dotted names. Resolving those
 * names to files is the workspace index's job (#3), not this module's.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportBinding } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { compactText } from './nodes';
import { queryMatches } from './matches';

export function collectImports(root: Node, queries: Queries): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const match of queryMatches(queries.imports, root)) {
    const statement = match.get('import.stmt');
    if (!statement) continue;
    const line = statement.startPosition.row + 1;
    const alias = match.get('import.alias')?.text;
    const module = match.get('import.module');
    const from = match.get('import.from');
    if (module) {
      const dotted = compactText(module);
      // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
      if (alias) bindings.push({ alias, qualifiedName: dotted, line, isWildcard: false });
      else bindings.push({ alias: dotted.split('.')[0], qualifiedName: dotted.split('.')[0], line, isWildcard: false });
    } else if (from) {
      const fromName = compactText(from);
      if (match.has('import.wildcard')) {
        bindings.push({ alias: '*', qualifiedName: fromName, line, isWildcard: true });
        continue;
      }
      const name = match.get('import.name');
      if (!name) continue;
      const imported = compactText(name);
      const separator = fromName.endsWith('.') ? '' : '.';
      bindings.push({ alias: alias ?? imported, qualifiedName: `${fromName}${separator}${imported}`, line, isWildcard: false });
    }
  }
  return bindings;
}

/**
 * Expands a dotted name through the import table: with `from nova.tests import fixtures as
 * nova_fixtures`, `nova_fixtures.OSAPIFixture` → `nova.tests.fixtures.OSAPIFixture`.
 * Returns null when the first part is not imported (a local or builtin name).
 */
export function qualifyName(dotted: string, imports: readonly ImportBinding[]): string | null {
  const [head, ...rest] = dotted.split('.');
  // Later imports shadow earlier ones, as at run time for module-level code.
  for (let i = imports.length - 1; i >= 0; i--) {
    const binding = imports[i];
    if (!binding.isWildcard && binding.alias === head) {
      return [binding.qualifiedName, ...rest].join('.');
    }
  }
  return null;
}
