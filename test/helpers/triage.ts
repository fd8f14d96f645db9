/**
 * Triage inputs for tests: a workspace analysed the way the CLI does it (index, rules, syntax for
 * the lines findings point at), the triage fixture folder, and small readers for fixture files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTree } from '../../server/src/analysis/analyze-file';
import { createWorkspaceContext } from '../../server/src/analysis/resolve-doubles';
import { collectTriageSyntax } from '../../server/src/analysis/triage-syntax';
import { WorkspaceIndex } from '../../server/src/analysis/workspace-index';
import { rulesRun } from '../../server/src/cli/triage-run';
import { createFileSystemHost } from '../../server/src/io/workspace-host';
import { parseSettings, type Settings } from '../../server/src/settings';
import type { TriageFile } from '../../server/src/triage/finding-site';
import type { FileLookup } from '../../server/src/triage/triage-findings';
import { FIXTURES, getParsing } from './parsing';
import { WORKSPACES } from './workspace';

export const TRIAGE = path.join(FIXTURES, 'triage');
export const PROJECT = path.join(TRIAGE, 'project');
export { WORKSPACES };

export interface TriageWorkspace {
  readonly root: string;
  /** The analysed file (cached), with its syntax and the rules that ran. */
  file(relative: string): TriageFile;
  /** What `triageFinding` needs: analysed files by path, or why there is none. */
  readonly lookup: FileLookup;
}

export async function loadTriageWorkspace(root: string, settings: Settings = parseSettings({})): Promise<TriageWorkspace> {
  const parsing = await getParsing();
  const host = createFileSystemHost({ root, parsing, testGlobs: settings.testGlobs, extraPaths: settings.extraPaths });
  const workspace = createWorkspaceContext(new WorkspaceIndex(host));
  const ran = rulesRun(settings);
  const cache = new Map<string, TriageFile>();
  const file = (relative: string): TriageFile => {
    const cached = cache.get(relative);
    if (cached) return cached;
    const text = fs.readFileSync(path.join(root, relative), 'utf8');
    const tree = parsing.parse(text);
    try {
      const analysis = analyzeTree({ path: relative, text, tree, queries: parsing.queries, settings, workspace });
      const triageFile = { analysis, syntax: collectTriageSyntax(tree, parsing.queries, text), rulesRun: ran };
      cache.set(relative, triageFile);
      return triageFile;
    } finally {
      tree.delete();
    }
  };
  const lookup: FileLookup = (relative) => (fs.existsSync(path.join(root, relative)) && relative.endsWith('.py') ? file(relative) : { missing: `${relative} does not exist under the root` });
  return { root, file, lookup };
}

/** A fixture file's text; SARIF fixtures write `{ROOT}` where the absolute root goes. */
export function readFixture(relative: string, root?: string): string {
  const text = fs.readFileSync(path.join(TRIAGE, relative), 'utf8');
  return root ? text.split('{ROOT}').join(root.replace(/\\/g, '/')) : text;
}
