/**
 * The server with a real workspace folder: background indexing with progress, facts derived
 * through the workspace in hover and `fixture-lens/explainFile`, and facts that vanish when the
 * definition is deleted (`workspace/didChangeWatchedFiles`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { FIXTURES } from '../helpers/parsing';
import { LspSession, uriOf, withTimeout } from '../helpers/lsp-session';

const SOURCE = path.join(FIXTURES, 'workspaces', 'nova_like');
const TEST_FILE = 'compute/tests/functional/regressions/test_bug_1000001.py';

let workspace: string;
let session: LspSession;

before(async () => {
  // A copy: the last test deletes a file.
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-lsp-ws-'));
  fs.cpSync(SOURCE, workspace, { recursive: true });
  ({ session } = await LspSession.start({ workspaceFolder: workspace }));
});

after(() => {
  session?.kill();
  fs.rmSync(workspace, { recursive: true, force: true });
});

interface ExplainedDouble {
  name: string;
  kind: string;
  facts: Record<string, unknown>;
  evidence: Array<{ fact?: string; path: string; line: number }>;
  unresolved: string | null;
}

async function explain(uri: string): Promise<{ doubles: ExplainedDouble[]; authorization: Array<{ test: string; authz: string }> }> {
  return withTimeout(session.connection.sendRequest('fixture-lens/explainFile', { textDocument: { uri } }), 'explainFile');
}

test('indexes the workspace in the background and reports progress', async () => {
  await session.waitForProgressEnd();
  assert.equal(session.progress[0].kind, 'begin');
  assert.match(session.progress[0].title ?? '', /indexing/);
  assert.ok(session.progress.some((p) => p.kind === 'report' || p.kind === 'end'));
});

test('hover on a useFixture site shows the facts derived through the workspace, with evidence', async () => {
  const { uri, text } = await session.openFile(path.join(workspace, TEST_FILE));
  const row = text.split('\n').findIndex((l) => l.includes('OSAPIFixture('));
  const column = text.split('\n')[row].indexOf('OSAPIFixture');
  const hover = await withTimeout(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: row, character: column + 2 } }), 'hover');
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /- transport: in-process/);
  assert.match(value, /- authn: simulated/);
  // Evidence links open the file at the line; the argument of SPEC §2 comes first, in one line.
  assert.match(value, /\[`compute\/tests\/fixtures\/core\.py:(\d+)`\]\(file:\/\/\/[^)]*\/compute\/tests\/fixtures\/core\.py#L\1\) \(transport\): `intercept = interceptor\.RequestsInterceptor/);
  assert.match(value, /\*Not an attack surface by itself: A fails: no request leaves the test process; B fails: the identity is chosen by the test itself; no production module imports it\.\*/);
});

test('fixture-lens/explainFile returns doubles and the authorization in effect per test', async () => {
  const uri = uriOf(path.join(workspace, TEST_FILE));
  const model = await explain(uri);
  const osapi = model.doubles.find((d) => d.name === 'OSAPIFixture');
  assert.equal(osapi?.kind, 'in-process-api');
  assert.equal(osapi?.facts.transport, 'in-process');
  assert.equal(osapi?.facts.reachableFromProduction, false);
  assert.equal(model.doubles.find((d) => d.name === 'admin_api')?.facts.transport, 'in-process');
  assert.equal(model.doubles.find((d) => d.name === 'RealPolicyFixture')?.facts.authz, 'enforced');
  assert.ok(model.authorization.length > 0);
  for (const scope of model.authorization) assert.equal(scope.authz, 'enforced', scope.test);
  assert.equal(await withTimeout(session.connection.sendRequest('fixture-lens/explainFile', { textDocument: { uri: 'file:///not/open.py' } }), 'explainFile'), null);
});

test('deleting the fixture definition makes its facts unknown, with the reason', async () => {
  const uri = uriOf(path.join(workspace, TEST_FILE));
  const core = path.join(workspace, 'compute', 'tests', 'fixtures', 'core.py');
  fs.rmSync(core);
  await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(core), type: FileChangeType.Deleted }] });
  const osapi = (await explain(uri)).doubles.find((d) => d.name === 'OSAPIFixture');
  assert.equal(osapi?.facts.transport, 'unknown');
  assert.equal(osapi?.facts.authn, 'unknown');
  assert.match(osapi?.unresolved ?? '', /OSAPIFixture is not defined in compute\.tests\.fixtures/);
  assert.equal(session.stderr, '');
});
