// End-to-end in real VS Code (code-server): the packaged extension activates on a Python test file,
// its server publishes diagnostics, hovers explain doubles with facts derived from the workspace,
// and a quick fix suppresses a finding. All through the public API; screenshots by file handshake.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'fixture-lens.fixture-lens';
const { poll, screenshot, ours } = require('./helpers');
const SAMPLE = [
  '"""End-to-end sample: one in-process fixture, one placeholder password, one bind on all interfaces."""',
  'import socket',
  '',
  'from nova import test',
  'from nova.tests import fixtures as nova_fixtures',
  '',
  '',
  'class TestSample(test.TestCase):',
  '    def setUp(self):',
  '        super().setUp()',
  '        self.api_fixture = self.useFixture(nova_fixtures.OSAPIFixture())',
  '',
  '    def test_login(self):',
  '        self.api_fixture.api.login(password="fake-password")',
  '',
  '    def test_metadata_server(self):',
  '        server = socket.socket()',
  '        server.bind(("0.0.0.0", 0))',
  '',
].join('\n');

function hoverText(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Fixture Lens in VS Code', function () {
  let document;
  let uri;

  before(async function () {
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const file = path.join(folder, 'nova', 'tests', 'functional', 'test_e2e_sample.py');
    fs.writeFileSync(file, SAMPLE);
    uri = vscode.Uri.file(file);
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  after(async function () {
    await vscode.commands.executeCommand('editor.action.hideHover');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
  });

  it('activates on a Python test file', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await poll('activation', () => extension.isActive);
  });

  it('publishes the placeholder hint and the bind-all warning', async function () {
    const diagnostics = await poll('FL105 and FL204', () => {
      const found = ours(uri);
      return found.some((d) => d.code === 'FL204') && found.some((d) => d.code === 'FL105') ? found : null;
    });
    const fl204 = diagnostics.find((d) => d.code === 'FL204');
    assert.equal(fl204.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(fl204.range.start.line, 17);
    assert.match(fl204.message, /binds all interfaces '0\.0\.0\.0'/);
    const fl105 = diagnostics.find((d) => d.code === 'FL105');
    assert.equal(fl105.severity, vscode.DiagnosticSeverity.Hint);
    assert.equal(fl105.range.start.line, 13);
  });

  it('explains a fixture in the hover with facts derived from the workspace', async function () {
    const line = document.lineAt(10).text;
    const position = new vscode.Position(10, line.indexOf('OSAPIFixture') + 3);
    const text = await poll('hover', async () => {
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
      const value = hoverText(hovers || []);
      return /transport: in-process/.test(value) ? value : null;
    });
    assert.match(text, /authn: simulated/);
    assert.match(text, /nova\/tests\/fixtures\/nova\.py:\d+/);
    const editor = vscode.window.activeTextEditor;
    const bind = new vscode.Position(17, document.lineAt(17).text.indexOf('bind') + 1);
    editor.selection = new vscode.Selection(bind, bind);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('hover');
    await vscode.commands.executeCommand('editor.action.hideHover');
  });

  it('applies the suppression quick fix and the hint goes away', async function () {
    const fl105 = ours(uri).find((d) => d.code === 'FL105');
    // What a user sees first: the quick fix menu on the hint (a screenshot for the README).
    const editor = vscode.window.activeTextEditor;
    editor.selection = new vscode.Selection(fl105.range.start, fl105.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await screenshot('quick-fix');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, fl105.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /Suppress FL105 on this line \(Fixture Lens\)/.test(a.title));
    assert.ok(fix, `quick fix offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.lineAt(13).text, /# fixture-lens: ignore\[FL105\] placeholder credential in test code/);
    await poll('FL105 gone', () => !ours(uri).some((d) => d.code === 'FL105'));
    assert.ok(ours(uri).some((d) => d.code === 'FL204'), 'the warning stays');
    await screenshot('after-fix');
  });
});
