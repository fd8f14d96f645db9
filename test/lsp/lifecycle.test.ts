/**
 * The server's life cycle over stdio with a client that is not VS Code: capabilities, clean shutdown
 * and exit, nothing on stderr, and a missing grammar reported to the user without killing the server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import {
  CodeActionRequest,
  HoverRequest,
  MessageType,
  TextDocumentSyncKind,
  type TextDocumentSyncOptions,
} from 'vscode-languageserver-protocol/node';
import { LspSession, MINIMAL_CAPABILITIES, SERVER } from '../helpers/lsp-session';

const sessions: LspSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

test('announces incremental sync, hover and quick fixes, then shuts down cleanly', async () => {
  const { session, result } = await LspSession.start();
  sessions.push(session);
  const sync = result.capabilities.textDocumentSync as TextDocumentSyncOptions;
  assert.equal(sync.change, TextDocumentSyncKind.Incremental);
  assert.equal(sync.openClose, true);
  assert.equal(result.capabilities.hoverProvider, true);
  assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixtureLens.suppressNotApplicable'] });
  assert.equal(result.capabilities.diagnosticProvider, undefined, 'diagnostics are pushed, not pulled');
  assert.equal(result.serverInfo?.name, 'Fixture Lens');
  assert.ok(
    session.logs.some((l) => l.type === MessageType.Info && /grammar loaded/.test(l.message)),
    'the grammar was loaded during initialize',
  );

  assert.equal(await session.stop(), 0, 'exit after shutdown ends the process with code 0');
  assert.equal(session.stderr, '');
  assert.deepEqual(session.messages, []);
});

test('offers plain code actions to a client without code action literals', async () => {
  const { textDocument, ...rest } = MINIMAL_CAPABILITIES;
  const { session, result } = await LspSession.start({ capabilities: { ...rest, textDocument: { ...textDocument, codeAction: {} } } });
  sessions.push(session);
  assert.equal(result.capabilities.codeActionProvider, true);
  assert.equal(await session.stop(), 0);
  assert.equal(session.stderr, '');
});

test('without its grammar the server tells the user and keeps answering with empty results', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-no-grammar-'));
  // Deeper than the six levels `findGrammarsDir` climbs, so no stray `grammars/` above can be found.
  const serverPath = path.join(dir, 'a', 'b', 'c', 'd', 'e', 'f', 'server.js');
  fs.mkdirSync(path.dirname(serverPath), { recursive: true });
  fs.copyFileSync(SERVER, serverPath);
  const { session } = await LspSession.start({ serverPath });
  sessions.push(session);
  try {
    const error = session.messages.find((m) => m.type === MessageType.Error);
    assert.ok(error, 'a window/showMessage error arrives before initialize returns');
    assert.match(error.message, /grammar did not load/);
    assert.match(error.message, /Reinstall the extension/);

    const { uri } = await session.open('tests/test_service.py');
    const position = { line: 14, character: 9 };
    assert.equal(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), null);
    const actions = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    assert.equal(session.publishCount(uri), 0);
    assert.equal(await session.stop(), 0);
    assert.equal(session.stderr, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
