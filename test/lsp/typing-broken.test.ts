/**
 * While a document does not parse (a call half typed, a bracket left open), the server publishes the
 * analysis of its last text that did, moved with the edits, instead of analysing the broken text in
 * full at every keystroke; once it parses again, the edit since that text is re-analysed as usual,
 * and a text left broken is analysed as it is once the typing stopped.
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

const HEADER = serviceTestHeader('Generated: test classes to type in.');
const SOURCE = HEADER + [0, 1, 2, 3].map(serviceTestClass).join('');
const BROKEN = py('import socket', '', '', 'def test_broken():', '    value = (', '', '', 'def test_bind():', '    sock = socket.socket()', '    sock.bind(("0.0.0.0", 0))');

let root: string;
before(() => {
  root = writeTempWorkspace(
    serviceWorkspace({
      'test_service.py': SOURCE,
      'test_broken.py': BROKEN,
    }),
  );
});
after(() => removeTemp(root));

const withoutVersion = (diagnostics: readonly Diagnostic[]): string => JSON.stringify(diagnostics.map((d) => ({ ...d, data: undefined })));
/** The diagnostics with every row after `afterRow` moved by `delta`. */
const moved = (diagnostics: readonly Diagnostic[], afterRow: number, delta: number): string =>
  withoutVersion(
    diagnostics.map((d) => {
      const shift = (p: { line: number; character: number }) => (p.line > afterRow ? { ...p, line: p.line + delta } : p);
      return { ...d, range: { start: shift(d.range.start), end: shift(d.range.end) } };
    }),
  );

/** The row of the first line holding `needle` after row `from`. */
const rowOf = (text: string, needle: string, from = 0): number => text.split('\n').findIndex((line, row) => row >= from && line.includes(needle));

async function session(): Promise<{ session: LspSession; uri: string; logsFor: (version: number) => string[] }> {
  const { session } = await LspSession.start({ workspaceFolder: root, settings: { server: { logLevel: 'debug' } } });
  await session.waitForProgressEnd(120_000);
  const uri = pathToFileURL(path.join(root, 'tests', 'test_service.py')).href;
  return { session, uri, logsFor: (version) => session.logs.filter((l) => l.message.includes(` v${version} `)).map((l) => l.message) };
}

/** A full analysis of `text` for comparison: the document closed and opened again with that text. */
async function reopened(s: LspSession, uri: string, version: number, text: string): Promise<readonly Diagnostic[]> {
  await s.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  await s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
  return (await s.diagnosticsFor(uri, version)).diagnostics;
}

test('a string typed with its quotes still open shows the last parsed analysis moved; closing them re-analyses the test alone', async () => {
  const { session: s, uri, logsFor } = await session();
  try {
    await s.openUri(uri, SOURCE);
    const first = (await s.diagnosticsFor(uri, 1)).diagnostics;
    assert.ok(first.some((d) => d.code === 'FL204'), 'the sockets bound to all interfaces are reported');
    // A new line at the end of test_login_1's body: an unterminated string, which runs to the end of the file.
    const row = rowOf(SOURCE, 'self.assertTrue(client)', rowOf(SOURCE, 'def test_login_1'));
    const end = SOURCE.split('\n')[row].length;
    await s.change(uri, 2, [{ range: { start: { line: row, character: end }, end: { line: row, character: end } }, text: '\n        note = """' }]);
    const open = (await s.diagnosticsFor(uri, 2)).diagnostics;
    assert.ok(logsFor(2).some((m) => m.includes('does not parse')), logsFor(2).join('\n'));
    assert.equal(withoutVersion(open), moved(first, row, 1), 'the findings below the line moved down by one');
    await s.change(uri, 3, [{ range: { start: { line: row + 1, character: 18 }, end: { line: row + 1, character: 18 } }, text: 'a note' }]);
    assert.equal(withoutVersion((await s.diagnosticsFor(uri, 3)).diagnostics), moved(first, row, 1));
    assert.ok(logsFor(3).some((m) => m.includes('does not parse')), logsFor(3).join('\n'));

    // Hovers explain the doubles of the moved analysis: the patch decorator of test_login_2, one row lower.
    const lines = SOURCE.split('\n');
    const text3 = [...lines.slice(0, row + 1), '        note = """a note', ...lines.slice(row + 1)].join('\n');
    const patchRow = rowOf(text3, '@mock.patch', rowOf(text3, 'class TestService2'));
    const hover = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: patchRow, character: 10 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /patch-decorator/);

    // The quotes closed: the text parses, and the edit since the last parsed text is the edited test alone.
    await s.change(uri, 4, [{ range: { start: { line: row + 1, character: 24 }, end: { line: row + 1, character: 24 } }, text: '"""' }]);
    const closed = (await s.diagnosticsFor(uri, 4)).diagnostics;
    assert.ok(logsFor(4).some((m) => m.includes('the edited test alone')), logsFor(4).join('\n'));
    const text4 = text3.replace('note = """a note\n', 'note = """a note"""\n');
    assert.equal(withoutVersion(closed), withoutVersion(await reopened(s, uri, 5, text4)), 'the same findings as a full analysis');
  } finally {
    await s.stop();
  }
});

test('a broken line taken back restores the last analysis; a text left broken is analysed as it is once the typing stopped', async () => {
  const { session: s, uri, logsFor } = await session();
  try {
    await s.openUri(uri, SOURCE);
    const first = (await s.diagnosticsFor(uri, 1)).diagnostics;
    const row = rowOf(SOURCE, 'sock = socket.socket()', rowOf(SOURCE, 'def test_bind_2'));
    const line = { start: { line: row, character: 0 }, end: { line: row, character: 0 } };
    await s.change(uri, 2, [{ range: line, text: '        value = """\n' }]);
    assert.equal(withoutVersion((await s.diagnosticsFor(uri, 2)).diagnostics), moved(first, row - 1, 1));
    await s.change(uri, 3, [{ range: { start: { line: row, character: 0 }, end: { line: row + 1, character: 0 } }, text: '' }]);
    assert.equal(withoutVersion((await s.diagnosticsFor(uri, 3)).diagnostics), withoutVersion(first));
    assert.ok(logsFor(3).some((m) => m.includes('the text of its last analysis')), logsFor(3).join('\n'));

    // Broken again, and left so: after the pause, the broken text's own full analysis is published for the same version.
    await s.change(uri, 4, [{ range: line, text: '        value = """\n' }]);
    await s.diagnosticsFor(uri, 4);
    await s.waitForLog(/v4 \(did not parse since \d+ ms\)/, 10_000);
    const forV4 = () => s.publishesFor(uri).filter((p) => p.version === 4);
    await s.waitForDiagnostics(uri, () => forV4().length === 2);
    const caughtUp = forV4()[1];
    const lines = SOURCE.split('\n');
    const text4 = [...lines.slice(0, row), '        value = """', ...lines.slice(row)].join('\n');
    assert.equal(withoutVersion(caughtUp.diagnostics), withoutVersion(await reopened(s, uri, 5, text4)), 'the broken text\'s own analysis');
  } finally {
    await s.stop();
  }
});

test('a line break typed after a test\'s last line, then a statement on the new line: each keystroke is the edited test alone', async () => {
  const { session: s, uri, logsFor } = await session();
  try {
    await s.openUri(uri, SOURCE);
    await s.diagnosticsFor(uri, 1);
    const row = rowOf(SOURCE, 'self.assertTrue(client)', rowOf(SOURCE, 'def test_login_2'));
    const end = SOURCE.split('\n')[row].length;
    await s.change(uri, 2, [{ range: { start: { line: row, character: end }, end: { line: row, character: end } }, text: '\n        ' }]);
    await s.diagnosticsFor(uri, 2);
    let version = 2;
    for (const [character, typed] of [...'self.fail()'].entries()) {
      version++;
      await s.change(uri, version, [{ range: { start: { line: row + 1, character: 8 + character }, end: { line: row + 1, character: 8 + character } }, text: typed }]);
      await s.diagnosticsFor(uri, version);
    }
    // Each keystroke that parses is the edited test alone; `self.` and `self.fail(` do not parse and show the last analysis moved.
    for (let v = 2; v <= version; v++) assert.ok(logsFor(v).some((m) => /the edited test alone|does not parse/.test(m)), `v${v}: ${logsFor(v).join('\n')}`);
    const lines = SOURCE.split('\n');
    const final = [...lines.slice(0, row + 1), '        self.fail()', ...lines.slice(row + 1)].join('\n');
    assert.equal(withoutVersion((await s.diagnosticsFor(uri, version)).diagnostics), withoutVersion(await reopened(s, uri, version + 1, final)));
  } finally {
    await s.stop();
  }
});

test('a file that did not parse when analysed is analysed in full after an edit that does not parse either', async () => {
  const { session: s, logsFor } = await session();
  try {
    const uri = pathToFileURL(path.join(root, 'tests', 'test_broken.py')).href;
    await s.openUri(uri, fs.readFileSync(path.join(root, 'tests', 'test_broken.py'), 'utf8'));
    const first = (await s.diagnosticsFor(uri, 1)).diagnostics;
    await s.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a comment\n' }]);
    const second = (await s.diagnosticsFor(uri, 2)).diagnostics;
    assert.ok(!logsFor(2).some((m) => m.includes('does not parse')), logsFor(2).join('\n'));
    assert.equal(second.length, first.length);
  } finally {
    await s.stop();
  }
});
