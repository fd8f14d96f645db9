/**
 * Large test files are analysed while the server gets ready (`Analyses.analyseAhead`): opening one
 * publishes those diagnostics at once and makes the rest of the analysis afterwards. The answer must
 * be the one a full analysis gives, and must not be used once the text or anything it read changed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspSession } from '../helpers/lsp-session';
import { serviceTestClass, serviceTestHeader, serviceWorkspace } from '../helpers/service-tests';
import { py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

const HEADER = serviceTestHeader('Generated: a test module large enough to be analysed ahead of its opening.');

let root: string;
let large: string;
before(() => {
  const classes: string[] = [];
  // Above the size from which the server analyses a test file ahead (384 KiB).
  for (let i = 0, size = HEADER.length; size < 420 * 1024; i++) {
    classes.push(serviceTestClass(i));
    size += classes[i].length;
  }
  root = writeTempWorkspace(
    serviceWorkspace({
      'test_large.py': HEADER + classes.join(''),
      'test_small.py': py('from unittest import mock', '', '', 'def test_small():', '    value = 1', '    assert value'),
    }),
  );
  large = path.join(root, 'tests', 'test_large.py');
});
after(() => removeTemp(root));

const withoutVersion = (diagnostics: readonly Diagnostic[]): string => JSON.stringify(diagnostics.map((d) => ({ ...d, data: undefined })));

/** A server on the generated workspace, ready, and how many openings of the large file it served from what it analysed ahead. */
async function readySession(settings: unknown = { server: { logLevel: 'debug' } }): Promise<{ session: LspSession; servedAhead: () => number; uri: string; text: string; open: (version: number, content: string) => Promise<void> }> {
  const { session } = await LspSession.start({ workspaceFolder: root, settings });
  await session.waitForProgressEnd(120_000);
  const uri = pathToFileURL(large).href;
  return {
    session,
    servedAhead: () => session.logs.filter((l) => /test_large\.py v\d+ as analysed ahead/.test(l.message)).length,
    uri,
    text: fs.readFileSync(large, 'utf8'),
    // Each opening at a version of its own, so the diagnostics awaited are that opening's.
    open: (version, content) => session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text: content } }),
  };
}

test('a large test file analysed ahead: its diagnostics on opening are a full analysis\'s, and the rest follows', async () => {
  const { session, servedAhead, uri, text, open } = await readySession();
  try {
    await session.waitForLog(/analysed 1 large test files ahead of their opening/);
    await open(1, text);
    const ahead = await session.diagnosticsFor(uri, 1);
    assert.equal(servedAhead(), 1, 'the first opening is served from the analysis made ahead');
    assert.ok(ahead.diagnostics.some((d) => d.code === 'FL204'), 'the sockets bound to all interfaces are reported');
    assert.ok(ahead.diagnostics.length > 100, `${ahead.diagnostics.length} diagnostics`);

    // The rest of the analysis follows: a hover on a patch decorator explains it.
    const row = text.split('\n').findIndex((line) => line.includes('@mock.patch('));
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: row, character: text.split('\n')[row].indexOf('patch(') + 1 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /patch-decorator/);

    // Its own full analysis changed nothing the index holds: opening it again is served the same way.
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await open(2, text);
    assert.equal(withoutVersion((await session.diagnosticsFor(uri, 2)).diagnostics), withoutVersion(ahead.diagnostics));
    assert.equal(servedAhead(), 2, 'opening the same text again is served from the analysis made ahead');

    // The same text with a comment appended is not what was analysed: a full analysis, with the same findings.
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await open(3, `${text}# end\n`);
    const full = await session.diagnosticsFor(uri, 3);
    assert.equal(servedAhead(), 2, 'a different text is analysed in full');
    assert.equal(withoutVersion(full.diagnostics), withoutVersion(ahead.diagnostics));
  } finally {
    await session.stop();
  }
});

test('what was analysed ahead is not used once another file changed what the index holds', async () => {
  const { session, servedAhead, uri, text, open } = await readySession();
  try {
    const small = pathToFileURL(path.join(root, 'tests', 'test_small.py')).href;
    await session.openUri(small, fs.readFileSync(path.join(root, 'tests', 'test_small.py'), 'utf8'));
    await session.diagnosticsFor(small, 1);
    await session.change(small, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '    other = 2\n' }]);
    await session.diagnosticsFor(small, 2);
    await open(1, text);
    const full = await session.diagnosticsFor(uri, 1);
    assert.equal(servedAhead(), 0, 'after the index changed, the opening is analysed in full');
    assert.ok(full.diagnostics.some((d) => d.code === 'FL204'));
  } finally {
    await session.stop();
  }
});

test('with fixtureLens.server.analyseAhead off, nothing is analysed ahead and the opening is a full analysis', async () => {
  const { session, servedAhead, uri, text, open } = await readySession({ server: { logLevel: 'debug', analyseAhead: false } });
  try {
    await open(1, text);
    const full = await session.diagnosticsFor(uri, 1);
    assert.equal(servedAhead(), 0);
    await session.waitForLog(/analysed 0 large test files ahead/);
    assert.ok(full.diagnostics.some((d) => d.code === 'FL204'));
  } finally {
    await session.stop();
  }
});
