// End-to-end without a workspace folder: a user opens one test file on its own and still gets
// diagnostics, hover and the panel (issue #6). Run by `node test/e2e/run.mjs --no-folder`.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { HAS_BROWSER, poll, panelDom, ours } = require('./helpers');

describe('A test file opened without a folder', function () {
  let uri;

  before(async function () {
    assert.equal(vscode.workspace.workspaceFolders, undefined, 'no folder is open');
    uri = vscode.Uri.file(process.env.FL_E2E_LONE_FILE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  it('gets diagnostics', async function () {
    const diagnostics = await poll('FL204 and FL105', () => {
      const found = ours(uri);
      return found.some((d) => d.code === 'FL204') && found.some((d) => d.code === 'FL105') ? found : null;
    });
    assert.equal(diagnostics.find((d) => d.code === 'FL204').range.start.line, 54);
  });

  it('gets a hover on a flagged literal', async function () {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = new vscode.Position(17, document.lineAt(17).text.indexOf("'fake") + 3);
    const text = await poll('hover', async () => {
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || [];
      const value = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /FL105/.test(value) ? value : null;
    });
    assert.match(text, /placeholder/i);
  });

  it('gets the panel, with absolute paths and the argument', async function () {
    await vscode.commands.executeCommand('fixtureLens.showPanel');
    const state = await poll('the panel model', async () => {
      const s = await vscode.commands.executeCommand('fixtureLens.internal.panelState');
      return s.ready && s.path ? s : null;
    });
    assert.equal(state.path, uri.fsPath);
    assert.match(state.conclusion, /condition A holds \(FL204\)/);
    if (!HAS_BROWSER) return;
    const dom = await poll('the panel rendered', async () => {
      const d = await panelDom('lone-panel');
      return d.found && d.conditions.length === 3 ? d : null;
    });
    assert.equal(dom.conditions[0], 'condition-A=holds');
  });
});
