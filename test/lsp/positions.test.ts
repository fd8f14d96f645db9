/**
 * Positions over stdio are LSP's UTF-16 columns: after non-ASCII and astral characters, on a very long
 * line, in a file with syntax errors, and after incremental edits that insert such characters.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspSession, readFixture } from '../helpers/lsp-session';
import { applyEdits, positionAt, rangeOf } from '../helpers/text-positions';

let session: LspSession;
before(async () => {
  ({ session } = await LspSession.start());
});
after(() => session.kill());

test('columns after é😀 and on a 5,000-character line count UTF-16 code units', async () => {
  const { uri, text } = await session.open('tests/test_unicode.py');
  const published = await session.diagnosticsFor(uri, 1);
  const password = rangeOf(text, '"fake"', 'password = "fake"');
  const token = rangeOf(text, '"fake"', 'token = "fake"');
  // Guard the fixture itself: the astral character must sit before the literal on its line.
  assert.ok(text.split('\n')[password.start.line].indexOf('😀') < password.start.character);
  assert.ok(token.start.character > 5000);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range]),
    [
      ['FL105', password],
      ['FL105', token],
    ],
  );
});

test('an incremental edit that inserts astral characters shifts columns by their UTF-16 length', async () => {
  const { uri, text } = await session.open('tests/test_unicode_edit.py', readFixture('tests/test_unicode.py'));
  const before = rangeOf(text, '"fake"', 'password = "fake"');
  await session.diagnosticsFor(uri, 1);

  const insertion = '"😀é😀"; ';
  const at = { line: before.start.line, character: text.split('\n')[before.start.line].indexOf('label') };
  await session.change(uri, 2, [{ range: { start: at, end: at }, text: insertion }]);
  const published = await session.diagnosticsFor(uri, 2);
  const shift = insertion.length;
  assert.equal(shift, 9, '2 + 1 + 2 UTF-16 units inside the quotes');
  assert.deepEqual(published.diagnostics[0].range, {
    start: { line: before.start.line, character: before.start.character + shift },
    end: { line: before.end.line, character: before.end.character + shift },
  });

  // Hover lands on the finding at the shifted column, and not at the old one.
  const hover = await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: before.start.line, character: before.start.character + shift },
  });
  assert.ok(hover);
  assert.deepEqual(hover.range, published.diagnostics[0].range);
});

test('incremental edits after non-ASCII text give the same diagnostics as a fresh parse', async () => {
  const { uri, text } = await session.open('tests/test_unicode_inner.py', readFixture('tests/test_unicode.py'));
  await session.diagnosticsFor(uri, 1);
  // Inside the string that holds é😀, then after it on the long line: offsets past astral characters.
  const inString = positionAt(text, text.indexOf('é😀') + 'é😀'.length);
  let current = applyEdits(text, [{ range: { start: inString, end: inString }, newText: '😀' }]);
  const onLongLine = positionAt(current, current.indexOf('token = "fake"'));
  const edits = [
    { range: { start: inString, end: inString }, text: '😀' },
    { range: { start: onLongLine, end: onLongLine }, text: 'key = "😀"; ' },
  ];
  await session.change(uri, 2, edits);
  current = applyEdits(current, [{ range: { start: onLongLine, end: onLongLine }, newText: 'key = "😀"; ' }]);
  const incremental = await session.diagnosticsFor(uri, 2);
  const fresh = await session.open('tests/test_unicode_fresh.py', current);
  const ranges = (p: { diagnostics: { code?: unknown; range: unknown }[] }) => p.diagnostics.map((d) => [d.code, d.range]);
  assert.deepEqual(ranges(incremental), ranges(await session.diagnosticsFor(fresh.uri, 1)));
  assert.deepEqual(incremental.diagnostics[0].range, rangeOf(current, '"fake"', 'password = "fake"'));
});

test('a file with syntax errors still gets diagnostics for the parts that parse', async () => {
  const { uri } = await session.open('tests/test_broken.py', 'import pytest\n\nPASSWORD = "fake"\n\ndef test_(:\n    x = [1,\n');
  const published = await session.diagnosticsFor(uri, 1);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['FL105', 2, 11]],
  );
  assert.equal(session.stderr, '');
});

test('binary-looking and empty content never breaks the server', async () => {
  const { uri } = await session.open('tests/test_garbage.py', '\u0000\u0001\uFFFD\uD83D(((\r\n\r"""');
  assert.deepEqual((await session.diagnosticsFor(uri, 1)).diagnostics, []);
  await session.change(uri, 2, [{ text: '' }]);
  assert.deepEqual((await session.diagnosticsFor(uri, 2)).diagnostics, []);
  assert.equal(await session.stop(), 0);
  assert.equal(session.stderr, '');
});
