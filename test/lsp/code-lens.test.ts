/**
 * CodeLens over stdio: one summary per test class and per module-level test group, running the panel
 * command at its line; none for production code; switched off and on by `codeLens.enabled`, with a
 * `workspace/codeLens/refresh` request to clients that support it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  type CodeLens,
  type ServerCapabilities,
} from 'vscode-languageserver-protocol/node';
import { SHOW_PANEL_COMMAND } from '../../server/src/protocol';
import { LspSession, MINIMAL_CAPABILITIES, TIMEOUT_MS } from '../helpers/lsp-session';

const sessions: LspSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

const REFRESHING_CAPABILITIES = { ...MINIMAL_CAPABILITIES, workspace: { ...MINIMAL_CAPABILITIES.workspace, codeLens: { refreshSupport: true } } };

async function start(capabilities = MINIMAL_CAPABILITIES): Promise<{ session: LspSession; capabilities: ServerCapabilities }> {
  const { session, result } = await LspSession.start({ capabilities });
  sessions.push(session);
  return { session, capabilities: result.capabilities };
}

function lenses(session: LspSession, uri: string): Promise<CodeLens[]> {
  return session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) as Promise<CodeLens[]>;
}

test('a lens above each test class and above the module-level tests, opening the panel at that line', async () => {
  const { session, capabilities } = await start();
  assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  const { uri } = await session.open('tests/test_service.py');
  const found = await lenses(session, uri);
  assert.deepEqual(
    found.map((lens) => ({ line: lens.range.start.line, character: lens.range.start.character, command: lens.command })),
    [
      // `def test_login` (line 22) requests `listening_socket`, which binds all interfaces (FL204).
      { line: 21, character: 4, command: { title: 'network · 1 finding', command: SHOW_PANEL_COMMAND, arguments: [uri, 22] } },
      // `class TestService` (line 27): its database fixture is not in this workspace, so nothing is known.
      { line: 26, character: 6, command: { title: 'facts unknown · no findings', command: SHOW_PANEL_COMMAND, arguments: [uri, 27] } },
    ],
  );
  assert.equal(session.stderr, '');
});

test('the summary counts genuine risks inside the group and states known facts', async () => {
  const { session } = await start();
  const text = [
    'import socket',
    'import unittest',
    'from django.test import Client',
    '',
    '',
    'class ServerTest(unittest.TestCase):',
    '    def setUp(self):',
    '        self.client = Client()',
    '',
    '    def test_bind(self):',
    '        sock = socket.socket()',
    '        sock.bind(("0.0.0.0", 0))',
    '',
    '',
    'def test_nothing():',
    '    assert True',
    '',
  ].join('\n');
  const { uri } = await session.open('tests/test_lens_summary.py', text);
  const published = await session.diagnosticsFor(uri, 1);
  assert.deepEqual(published.diagnostics.map((d) => d.code).filter((c) => /^FL2/.test(String(c))), ['FL204']);
  const titles = (await lenses(session, uri)).map((lens) => [lens.range.start.line, lens.command?.title]);
  assert.deepEqual(titles, [
    // A Django test client is in-process; without `force_login` nothing says how it authenticates.
    [5, 'in-process · 1 finding'],
    [14, 'no doubles · no findings'],
  ]);
});

test('production code gets no lens', async () => {
  const { session } = await start();
  const { uri } = await session.open('app/config.py');
  assert.deepEqual(await lenses(session, uri), []);
});

test('codeLens.enabled turns lenses off and on, and a refreshing client is asked to refresh', async () => {
  const { session } = await start(REFRESHING_CAPABILITIES);
  let refreshes = 0;
  const waiters: Array<() => void> = [];
  session.connection.onRequest(CodeLensRefreshRequest.type, () => {
    refreshes++;
    waiters.splice(0).forEach((wake) => wake());
    return null;
  });
  const nextRefresh = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no codeLens refresh within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      waiters.push(() => (clearTimeout(timer), resolve()));
    });
  const { uri } = await session.open('tests/test_service.py');
  await session.diagnosticsFor(uri, 1);
  assert.equal((await lenses(session, uri)).length, 2);

  session.settings = { codeLens: { enabled: false } };
  const off = nextRefresh();
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await off;
  assert.deepEqual(await lenses(session, uri), []);

  session.settings = {};
  const on = nextRefresh();
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await on;
  assert.equal((await lenses(session, uri)).length, 2);
  assert.ok(refreshes >= 2);
  assert.equal(session.stderr, '');
});

test('a client without refresh support is never sent the refresh request', async () => {
  const { session } = await start();
  let refreshes = 0;
  session.connection.onRequest(CodeLensRefreshRequest.type, () => (refreshes++, null));
  const { uri } = await session.open('tests/test_service.py');
  await session.diagnosticsFor(uri, 1);
  session.settings = { codeLens: { enabled: false } };
  const republished = session.waitForDiagnostics(uri, () => true, { onlyNew: true });
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await republished;
  assert.deepEqual(await lenses(session, uri), []);
  assert.equal(refreshes, 0);
});
