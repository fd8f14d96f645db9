/**
 * Quick fixes over stdio: the suppressions a finding carries, applied as a client would, silence it;
 * fixes computed for an older version are refused; versioned edits for clients that support them;
 * "Explain in panel" last, for every current diagnostic.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { SHOW_PANEL_COMMAND } from '../../server/src/protocol';
import { LspSession, MINIMAL_CAPABILITIES } from '../helpers/lsp-session';
import { applyEdits, positionAt } from '../helpers/text-positions';

const sessions: LspSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

async function start(capabilities = MINIMAL_CAPABILITIES): Promise<LspSession> {
  const { session } = await LspSession.start({ capabilities });
  sessions.push(session);
  return session;
}

function codeActions(session: LspSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0].range;
  return session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `${action.title} edits ${uri} through "changes"`);
  return edits;
}

test('the preferred suppression, applied and sent back as a change, silences the finding', async () => {
  const session = await start();
  const { uri, text } = await session.open('tests/test_service.py');
  const [hint, warning, keywordHint] = (await session.diagnosticsFor(uri, 1)).diagnostics;

  const actions = await codeActions(session, uri, [hint]);
  assert.deepEqual(
    actions.map((a) => a.title.split(':')[0]),
    ['Suppress FL105 on this line (Fixture Lens)', 'Suppress B105 on this line (Bandit)', 'Suppress S105 on this line (Ruff)', 'Explain FL105 in panel'],
  );
  assert.ok(actions.every((a) => a.kind === CodeActionKind.QuickFix && a.diagnostics?.[0].code === 'FL105'));
  assert.deepEqual(actions.map((a) => a.isPreferred === true), [true, false, false, false]);

  const [edit] = editsOf(actions[0], uri);
  assert.equal(edit.range.start.line, hint.range.start.line, 'one edit, on the finding line');
  assert.equal(edit.range.end.line, hint.range.start.line);
  const fixed = applyEdits(text, [edit]);
  assert.match(fixed.split('\n')[hint.range.start.line], /^API_PASSWORD = "fake" {2}# fixture-lens: ignore\[FL105\] \S/);

  await session.change(uri, 2, [{ range: edit.range, text: edit.newText }]);
  const after = await session.diagnosticsFor(uri, 2);
  assert.deepEqual(after.diagnostics.map((d) => d.code), ['FL204', 'FL105']);
  assert.deepEqual(after.diagnostics.map((d) => d.range), [warning.range, keywordHint.range]);
  assert.equal(session.stderr, '');
});

test('genuine risks get a justification template, never a preferred fix', async () => {
  const session = await start();
  const { uri, text } = await session.open('tests/test_service.py');
  const [, warning] = (await session.diagnosticsFor(uri, 1)).diagnostics;
  const actions = await codeActions(session, uri, [warning]);
  assert.deepEqual(actions.map((a) => a.title.split(':')[0]), ['Suppress FL204 on this line (Fixture Lens)', 'Explain FL204 in panel']);
  assert.equal(actions[0].isPreferred, undefined);
  const [edit] = editsOf(actions[0], uri);
  assert.match(edit.newText, /# fixture-lens: ignore\[FL204\] <why this is safe>/);

  // An unedited template does not suppress: the warning stays.
  await session.change(uri, 2, [{ range: edit.range, text: edit.newText }]);
  const after = await session.diagnosticsFor(uri, 2);
  assert.ok(after.diagnostics.some((d) => d.code === 'FL204'));
  assert.ok(applyEdits(text, [edit]).includes('<why this is safe>'));
});

test('fixes are refused for a stale version, a foreign diagnostic, or an unrequested kind', async () => {
  const session = await start();
  const { uri, text } = await session.open('tests/test_service.py');
  const [hint] = (await session.diagnosticsFor(uri, 1)).diagnostics;
  assert.deepEqual(await codeActions(session, uri, [hint], ['refactor']), []);
  assert.equal((await codeActions(session, uri, [hint], ['quickfix'])).length, 4);
  assert.deepEqual(await codeActions(session, uri, [{ ...hint, source: 'other-linter' }]), []);

  // Appending leaves the finding where it was: only the version tells the fix is stale.
  const end = positionAt(text, text.length);
  await session.change(uri, 2, [{ range: { start: end, end }, text: '# appended\n' }]);
  const [current] = (await session.diagnosticsFor(uri, 2)).diagnostics;
  assert.deepEqual(current.range, hint.range);
  assert.deepEqual(await codeActions(session, uri, [hint]), [], 'data.version 1 is not the current version 2');
  assert.equal((await codeActions(session, uri, [current])).length, 4);
});

test('a client that drops data still gets fixes, matched by code and range in the current analysis', async () => {
  const session = await start();
  const { uri } = await session.open('tests/test_service.py');
  const [hint] = (await session.diagnosticsFor(uri, 1)).diagnostics;
  const withoutData = { ...hint, data: undefined };
  assert.equal((await codeActions(session, uri, [withoutData])).length, 4);
  // A range the analysis does not know gets no fix; explaining its line is still safe.
  const moved = { ...withoutData, range: { ...hint.range, start: { ...hint.range.start, character: 0 } } };
  assert.deepEqual((await codeActions(session, uri, [moved])).map((a) => a.title), ['Explain FL105 in panel']);
});

test('a client that supports versioned edits gets documentChanges', async () => {
  const session = await start({
    ...MINIMAL_CAPABILITIES,
    workspace: { ...MINIMAL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } },
  });
  const { uri } = await session.open('tests/test_service.py');
  const [hint] = (await session.diagnosticsFor(uri, 1)).diagnostics;
  const [first] = await codeActions(session, uri, [hint]);
  assert.equal(first.edit?.changes, undefined);
  const [change] = first.edit?.documentChanges ?? [];
  assert.ok(change && 'textDocument' in change);
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  assert.equal(change.edits.length, 1);
});

test('"Explain in panel" runs the panel command at the diagnostic line, after the suppressions', async () => {
  const session = await start();
  const { uri } = await session.open('tests/test_service.py');
  const diagnostics = (await session.diagnosticsFor(uri, 1)).diagnostics;
  for (const diagnostic of diagnostics) {
    const actions = await codeActions(session, uri, [diagnostic]);
    const explain = actions.at(-1);
    assert.equal(explain?.title, `Explain ${String(diagnostic.code)} in panel`);
    assert.equal(explain?.edit, undefined);
    assert.deepEqual(explain?.command, { title: 'Explain in panel', command: SHOW_PANEL_COMMAND, arguments: [uri, diagnostic.range.start.line + 1] });
    assert.equal(actions.filter((a) => a.command).length, 1, 'only the explain action runs a command');
  }
  assert.equal(session.stderr, '');
});
