/** Whether a pytest plugin is there for a workspace's tests, and the evidence when only its declaration says so. */
import { normalizeDistributionName, type DeclaredPackage } from '../config/declared-packages';
import type { Evidence } from '../model/types';
import type { KnowledgeBase, KnowledgeEntry } from './knowledge';
import type { WorkspaceIndex } from './workspace-index';

/**
 * Whether the tests have pytest plugin `plugin` (an import name): importable from the workspace or
 * its environments, or declared in pyproject.toml or a requirements file, then with the line that declares it.
 */
export function pluginPresence(context: { readonly index: WorkspaceIndex; readonly declaredPackages: readonly DeclaredPackage[] }, plugin: string): { readonly declaredAt: Evidence | null } | null {
  if (context.index.findModule(plugin) !== null) return { declaredAt: null };
  const declared = context.declaredPackages.find((p) => p.name === normalizeDistributionName(plugin));
  return declared ? { declaredAt: { path: declared.path, line: declared.line, text: declared.requirement } } : null;
}

/**
 * The knowledge entry of a pytest fixture named `name`: a builtin, or a plugin's that the workspace
 * has (`pluginPresence`); without a workspace, any plugin's.
 */
export function pluginFixtureEntry(knowledge: KnowledgeBase, name: string, context: Parameters<typeof pluginPresence>[0] | null): KnowledgeEntry | null {
  return knowledge.entryForFixture(name, (plugin) => context === null || pluginPresence(context, plugin) !== null);
}
