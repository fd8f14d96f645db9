/**
 * Indexing a generated workspace through the real server (issue #8): every file is summarised with
 * progress, and `window/workDoneProgress/cancel` stops it early. The 10,000-file run with memory
 * figures is `npm run fuzz -- --index-files 10000` (too slow for every `npm test`).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { indexOverLsp, writeGeneratedWorkspace } from '../helpers/generated-workspace';
import { removeTemp } from '../helpers/workspace';

let workspace: { root: string; files: number };
before(() => {
  workspace = writeGeneratedWorkspace(1000);
});
after(() => removeTemp(workspace.root));

test('a 1,000-file workspace is indexed in full, with progress', async () => {
  assert.equal(workspace.files, 1000);
  const run = await indexOverLsp(workspace.root, workspace.files, { timeoutMs: 60_000 });
  assert.deepEqual([run.indexed, run.isCancelled], [1000, false]);
});

test('cancelling the progress stops indexing early and says so', async () => {
  const run = await indexOverLsp(workspace.root, workspace.files, { cancel: true, timeoutMs: 60_000 });
  assert.equal(run.isCancelled, true);
  assert.ok(run.indexed < workspace.files, `stopped after ${run.indexed} of ${workspace.files} files`);
});
