/**
 * Suppression dialects over stdio: `# fixture-lens: ignore[…]`, Bandit `# nosec`, Ruff `# noqa:` —
 * each placed where its tool reads it (a decorator, a multi-line call, a multi-line string, a line
 * with a comment or a `noqa` already), each applied as a client would, none offered twice, and none
 * for a stale version. Semgrep's placement is covered by the unit tests: no FL1xx/FL2xx rule
 * explains a Semgrep rule.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { LspSession, readFixture } from '../helpers/lsp-session';
import { applyEdits } from '../helpers/text-positions';

let session: LspSession;
before(async () => {
  ({ session } = await LspSession.start());
});
after(() => session.kill());

const FILE = 'tests/test_dialects.py';
const REASON = 'placeholder credential in test code (contains "fake")';

async function suppressions(uri: string, diagnostic: Diagnostic): Promise<Map<string, TextEdit>> {
  const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  const byTool = new Map<string, TextEdit>();
  for (const action of actions) {
    const tool = /\(([^)]+)\):/.exec(action.title)?.[1];
    const edits = action.edit?.changes?.[uri];
    if (!tool || !edits) continue;
    assert.equal(edits.length, 1, `${action.title}: one edit`);
    byTool.set(tool, edits[0]);
  }
  return byTool;
}

/** Opens the fixture under a fresh URI, so each test starts at version 1. */
async function openFresh(name: string): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
  const { uri, text } = await session.open(`tests/${name}.py`, readFixture(FILE));
  return { uri, text, diagnostics: (await session.diagnosticsFor(uri, 1)).diagnostics };
}

function lineOf(text: string, line: number): string {
  return text.split('\n')[line];
}

test('each dialect lands where its tool reads it', async () => {
  const { uri, text, diagnostics } = await openFresh('test_dialects_placement');
  const rows = diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
  assert.deepEqual(rows, ['FL105@7', 'FL105@11', 'FL105@13', 'FL105@15', 'FL105@16', 'FL204@18']);
  const [decorator, multiLineCall, inString, commented, noqa, bind] = diagnostics;

  // The decorator's own line; the keyword's line inside a multi-line call (where Ruff reports S106).
  for (const [diagnostic, line, code] of [[decorator, 6, 'S105'], [multiLineCall, 10, 'S106']] as const) {
    const edits = await suppressions(uri, diagnostic);
    assert.deepEqual([...edits.keys()], ['Fixture Lens', 'Bandit', 'Ruff']);
    assert.ok([...edits.values()].every((e) => e.range.start.line === line && e.range.end.line === line));
    assert.equal(lineOf(applyEdits(text, [edits.get('Ruff')!]), line), `${lineOf(text, line)}  # noqa: ${code} # ${REASON}`);
    assert.equal(lineOf(applyEdits(text, [edits.get('Bandit')!]), line), `${lineOf(text, line)}  # nosec B${code.slice(1)} # ${REASON}`);
  }

  // A call whose line ends inside a multi-line string: every tool reads the string's last line.
  const stringEdits = await suppressions(uri, inString);
  assert.deepEqual([...stringEdits.values()].map((e) => e.range.start.line), [13, 13, 13]);
  assert.equal(lineOf(applyEdits(text, [stringEdits.get('Fixture Lens')!]), 13), `second""")  # fixture-lens: ignore[FL105] ${REASON}`);

  // After an existing comment; merged into an existing `noqa`, with the reason, never a bare `# noqa`.
  const afterComment = await suppressions(uri, commented);
  assert.equal(lineOf(applyEdits(text, [afterComment.get('Ruff')!]), 14), `    client.login(password="fake")  # legacy client  # noqa: S106 # ${REASON}`);
  const merged = await suppressions(uri, noqa);
  assert.equal(lineOf(applyEdits(text, [merged.get('Ruff')!]), 15), `    client.login(password="fake")  # noqa: E501, S106 # ${REASON}`);

  // A genuine risk in a multi-line call: our own directive only, with a template to fill in.
  const bindEdits = await suppressions(uri, bind);
  assert.deepEqual([...bindEdits.keys()], ['Fixture Lens']);
  assert.equal(lineOf(applyEdits(text, [bindEdits.get('Fixture Lens')!]), 17), '    sock.bind(  # fixture-lens: ignore[FL204] <why this is safe>');
  assert.equal(session.stderr, '');
});

test('applying a fix twice changes nothing the second time, in every dialect', async () => {
  const { uri, diagnostics } = await openFresh('test_dialects_twice');
  let version = 1;
  let current = diagnostics.find((d) => d.range.start.line === 10)!;
  for (const tool of ['Ruff', 'Bandit']) {
    const edit = (await suppressions(uri, current)).get(tool);
    assert.ok(edit, `${tool} is offered once`);
    await session.change(uri, ++version, [{ range: edit.range, text: edit.newText }]);
    // Another tool's directive does not silence ours: the finding stays, without that tool's fix.
    current = (await session.diagnosticsFor(uri, version)).diagnostics.find((d) => d.range.start.line === 10)!;
    assert.ok(current, `${tool}: FL105 is still published`);
    assert.equal((await suppressions(uri, current)).has(tool), false, `${tool} is not offered twice`);
  }
  const own = (await suppressions(uri, current)).get('Fixture Lens');
  assert.ok(own);
  await session.change(uri, ++version, [{ range: own.range, text: own.newText }]);
  const published = await session.diagnosticsFor(uri, version);
  assert.equal(published.diagnostics.some((d) => d.range.start.line === 10), false, 'our own directive suppresses the finding');
});

test('a diagnostic from a stale version gets no edit', async () => {
  const { uri, diagnostics } = await openFresh('test_dialects_stale');
  const [decorator] = diagnostics;
  await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' }]);
  await session.diagnosticsFor(uri, 2);
  assert.equal((await suppressions(uri, decorator)).size, 0);
});
