/**
 * Pushed diagnostics over stdio: what opening a file publishes, how incremental edits move and remove
 * findings (checked against a fresh parse of the same text), closing, and configuration changes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LSP_FIXTURES, LspSession, MINIMAL_CAPABILITIES, readFixture, uriOf } from '../helpers/lsp-session';
import { applyEdits, rangeOf } from '../helpers/text-positions';

/** What the tests compare: everything a user sees of a diagnostic. */
function summary(params: PublishDiagnosticsParams): unknown[] {
  return params.diagnostics.map((d: Diagnostic) => ({ code: d.code, range: d.range, severity: d.severity }));
}

describe('diagnostics', () => {
  let session: LspSession;
  before(async () => {
    ({ session } = await LspSession.start());
  });
  after(() => session.kill());

  test('opening a test file publishes its findings at once, with codes, ranges, severities and data', async () => {
    const { uri, text } = await session.open('tests/test_service.py');
    const published = await session.diagnosticsFor(uri, 1);
    assert.deepEqual(summary(published), [
      { code: 'FL105', range: rangeOf(text, '"fake"', 'API_PASSWORD'), severity: DiagnosticSeverity.Hint },
      { code: 'FL204', range: rangeOf(text, 'sock.bind', 'sock.bind'), severity: DiagnosticSeverity.Warning },
      { code: 'FL105', range: rangeOf(text, '"fake"', 'password="fake"'), severity: DiagnosticSeverity.Hint },
    ]);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'Fixture Lens');
      assert.deepEqual(Object.keys(d.data as object).sort(), ['key', 'ruleId', 'version']);
      assert.equal((d.data as { ruleId: string }).ruleId, d.code);
      assert.equal((d.data as { version: number }).version, 1);
    }
    assert.match(published.diagnostics[1].message, /binds all interfaces '0\.0\.0\.0'/);
    assert.equal(new Set(published.diagnostics.map((d) => (d.data as { key: string }).key)).size, 3, 'keys are distinct');
  });

  test('a file that is not test code publishes an empty list', async () => {
    const { uri } = await session.open('app/config.py');
    assert.deepEqual((await session.diagnosticsFor(uri, 1)).diagnostics, []);
  });

  test('incremental edits move findings, remove them, and match a fresh parse of the same text', async () => {
    // Another URI, so this test does not depend on the state the first one left.
    const { uri, text } = await session.open('tests/test_edits.py', readFixture('tests/test_service.py'));
    const rows = (await session.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.range.start.line);

    // Insert a line above everything: every finding moves down one row.
    const inserted = '# a new first line\n';
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: inserted }]);
    let current = inserted + text;
    const moved = await session.diagnosticsFor(uri, 2);
    assert.equal(rows.length, 3);
    assert.deepEqual(
      moved.diagnostics.map((d) => d.range.start.line),
      rows.map((row) => row + 1),
    );

    // Two changes in one notification, the second ranged over the text the first left behind.
    const literal = rangeOf(current, '"fake"', 'API_PASSWORD');
    const afterFirst = applyEdits(current, [{ range: literal, newText: 'os.environ["API_PASSWORD"]' }]);
    const bind = rangeOf(afterFirst, '"0.0.0.0"', 'sock.bind');
    const edits = [
      { range: literal, text: 'os.environ["API_PASSWORD"]' },
      { range: bind, text: '"127.0.0.1"' },
    ];
    await session.change(uri, 3, edits);
    current = applyEdits(afterFirst, [{ range: bind, newText: '"127.0.0.1"' }]);
    const remaining = await session.diagnosticsFor(uri, 3);
    assert.deepEqual(summary(remaining), [
      { code: 'FL105', range: rangeOf(current, '"fake"', 'password="fake"'), severity: DiagnosticSeverity.Hint },
    ]);

    // Delete the last literal's line, then put two literals back and compare with a fresh parse.
    const line = rangeOf(current, '    client = make_client(password="fake")\n', 'password="fake"');
    await session.change(uri, 4, [{ range: line, text: '' }]);
    current = applyEdits(current, [{ range: line, newText: '' }]);
    const incremental = await session.diagnosticsFor(uri, 4);
    assert.deepEqual(incremental.diagnostics, []);

    const reinserted = { start: line.start, end: line.start };
    await session.change(uri, 5, [{ range: reinserted, text: '    client = make_client(token="fake", secret="fake")\n' }]);
    current = applyEdits(current, [{ range: reinserted, newText: '    client = make_client(token="fake", secret="fake")\n' }]);
    const fresh = await session.open('tests/test_fresh.py', current);
    assert.deepEqual(summary(await session.diagnosticsFor(uri, 5)), summary(await session.diagnosticsFor(fresh.uri, 1)));
    assert.equal((await session.diagnosticsFor(uri, 5)).diagnostics.length, 2);
  });

  test('a burst of keystrokes is analysed once it pauses, for the latest version', async () => {
    const { uri, text } = await session.open('tests/test_typing.py', 'import pytest\n\n\ndef test_a():\n    x = 1\n');
    await session.diagnosticsFor(uri, 1);
    const before = session.publishCount(uri);
    const at = (character: number) => ({ start: { line: 5, character }, end: { line: 5, character } });
    const typed = '    password = "fake"';
    // One character per change, the way an editor sends keystrokes; most versions do not parse.
    for (let i = 0; i < typed.length; i++) await session.change(uri, 2 + i, [{ range: at(i), text: typed[i] }]);
    const published = await session.diagnosticsFor(uri, 1 + typed.length);
    const expected = [{ code: 'FL105', range: rangeOf(text + typed, '"fake"'), severity: DiagnosticSeverity.Hint }];
    assert.deepEqual(summary(published), expected);
    assert.ok(session.publishCount(uri) - before < typed.length, 'intermediate versions were not all published');
  });

  test('closing a document clears its diagnostics', async () => {
    const { uri } = await session.open('tests/test_closing.py', 'import pytest\nPASSWORD = "fake"\n');
    assert.equal((await session.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    const cleared = session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, { onlyNew: true });
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await cleared;
  });

  test('a configuration change is pulled and every open document re-published', async () => {
    const { uri } = await session.open('tests/test_config.py', 'import pytest\nPASSWORD = "fake"\n');
    assert.equal((await session.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    const requests = session.configurationRequests;
    session.settings = { rules: { disabled: ['FL105'] } };
    const disabled = session.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.length === 0, { onlyNew: true });
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await disabled;
    assert.ok(session.configurationRequests > requests, 'the server asked for the fixtureLens section');

    session.settings = { contextHints: 'information' };
    const back = session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, { onlyNew: true });
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const [hint] = (await back).diagnostics;
    assert.equal(hint.severity, DiagnosticSeverity.Information);
    assert.equal(session.stderr, '');
  });
});

test('paths follow the innermost workspace folder, and a folder change re-publishes', async () => {
  const { session } = await LspSession.start();
  try {
    // Only its path makes this file test code: `tests/helper.py` matches the `**/tests/**` glob.
    const { uri } = await session.open('tests/helper.py', 'PASSWORD = "fake"\n');
    assert.deepEqual((await session.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['FL105']);
    const republished = session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, { onlyNew: true });
    const inner = path.join(LSP_FIXTURES, 'tests');
    await session.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: uriOf(inner), name: 'tests' }], removed: [] },
    });
    await republished;
    assert.equal(await session.stop(), 0);
    assert.equal(session.stderr, '');
  } finally {
    session.kill();
  }
});

test('a client that cannot be asked pushes its settings with the notification', async () => {
  const { workspace, ...rest } = MINIMAL_CAPABILITIES;
  const { session } = await LspSession.start({ capabilities: { ...rest, workspace: { ...workspace, configuration: false } } });
  try {
    const { uri } = await session.open('tests/test_service.py');
    assert.equal((await session.diagnosticsFor(uri, 1)).diagnostics.length, 3);
    const republished = session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, { onlyNew: true });
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { fixtureLens: { rules: { severity: { FL204: 'error' }, disabled: ['fl105'] } } },
    });
    const published = await republished;
    assert.equal(published.diagnostics[0].code, 'FL204');
    assert.equal(published.diagnostics[0].severity, DiagnosticSeverity.Error);
    assert.equal(session.configurationRequests, 0);
    assert.equal(await session.stop(), 0);
    assert.equal(session.stderr, '');
  } finally {
    session.kill();
  }
});
