// End-to-end: the explanation panel in real VS Code on the bundled example (examples/nova_style).
// It opens for the file with its doubles and the SPEC §2 argument, an evidence link clicked in the
// webview opens the right file and line, a review is triaged from a file, and file-derived text
// that looks like markup is shown as text (issue #8's injection case). Screenshots for the README.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { HAS_BROWSER, poll, screenshot, panelDom, clickInPanel, ours, sleep } = require('./helpers');

const EXAMPLE = path.join('nova', 'tests', 'functional', 'regressions', 'test_bug_1702454.py');
const REVIEW = path.join('nova', 'tests', 'functional', 'regressions', 'test_bug_1702454.review.txt');
const INJECTION = '<img src=x onerror=alert(1)>';

function panelState() {
  return vscode.commands.executeCommand('fixtureLens.internal.panelState');
}

describe('The explanation panel', function () {
  let folder;
  let uri;

  before(async function () {
    folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    uri = vscode.Uri.file(path.join(folder, EXAMPLE));
    await vscode.commands.executeCommand('editor.action.hideHover');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await poll('diagnostics on the example', () => ours(uri).some((d) => d.code === 'FL204'));
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
  });

  it('opens for the active file with its doubles and the argument', async function () {
    await vscode.commands.executeCommand('fixtureLens.showPanel');
    const state = await poll('the panel model', async () => {
      const s = await panelState();
      return s.open && s.ready && s.path === EXAMPLE.split(path.sep).join('/') && s.doubles.includes('OSAPIFixture') ? s : null;
    });
    assert.match(state.conclusion, /^Genuine risk: condition A holds \(FL204\)/);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview);
    assert.ok(tab, 'a webview tab is open');
    assert.match(tab.input.viewType, /fixtureLens\.explanation$/);
    if (!HAS_BROWSER) return;
    const dom = await poll('the panel rendered', async () => {
      const d = await panelDom('panel-open');
      return d.found && d.doubles.includes('OSAPIFixture') ? d : null;
    });
    assert.deepEqual(dom.conditions, ['condition-A=holds', 'condition-B=fails', 'condition-C=fails']);
    assert.match(dom.text, /No request leaves the test process: .*OSAPIFixture/);
    assert.match(dom.text, /FL204/);
    assert.match(dom.csp, /^default-src 'none'/);
    assert.ok(dom.links > 5, `evidence links rendered (${dom.links})`);
    await screenshot('panel');
  });

  it('shows a CodeLens summary above the test class that opens the panel there', async function () {
    const lenses = await poll('the CodeLens', async () => {
      const found = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) || [];
      return found.some((l) => l.command) ? found : null;
    });
    const lens = lenses.find((l) => l.range.start.line === 21);
    assert.ok(lens, `a lens on the class line (got lines ${lenses.map((l) => l.range.start.line).join(', ')})`);
    assert.match(lens.command.title, /in-process/);
    assert.equal(lens.command.command, 'fixtureLens.showPanel');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments || []));
    const state = await panelState();
    assert.ok(state.open && state.doubles.includes('OSAPIFixture'));
  });

  it('"Explain in panel" on a diagnostic opens the panel at that finding', async function () {
    const fl204 = ours(uri).find((d) => d.code === 'FL204');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, fl204.range, vscode.CodeActionKind.QuickFix.value);
    const explain = actions.find((a) => a.command && a.command.command === 'fixtureLens.showPanel');
    assert.ok(explain, `an Explain in panel action (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.match(explain.title, /Explain FL204 in panel/);
    await vscode.commands.executeCommand(explain.command.command, ...(explain.command.arguments || []));
    if (!HAS_BROWSER) return;
    const dom = await poll('the finding focused', async () => {
      const d = await panelDom('panel-explain');
      return d.found && d.focused.length ? d : null;
    });
    assert.deepEqual(dom.focused, [`risk@${fl204.range.start.line + 1}`]);
  });

  it('opens an evidence link clicked in the panel at the right file and line', async function () {
    if (!HAS_BROWSER) this.skip();
    await clickInPanel('definition', 'li.double[data-name="OSAPIFixture"] .defined button.link');
    const target = path.join(folder, 'nova', 'tests', 'fixtures', 'nova.py');
    const opened = await poll('the definition opened', async () => {
      const s = await panelState();
      return s.opened.find((o) => o.file === target) ?? null;
    });
    const editor = await poll('the editor on the definition', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === target ? e : null;
    });
    assert.equal(editor.selection.active.line + 1, opened.line);
    assert.match(editor.document.lineAt(opened.line - 1).text, /class OSAPIFixture\b/);
  });

  it('triages a review from a file: each claim with its verdict', async function () {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
    await vscode.commands.executeCommand('fixtureLens.triageReviewFromFile', uri, vscode.Uri.file(path.join(folder, REVIEW)));
    const state = await poll('claims in the panel', async () => {
      const s = await panelState();
      return s.claims > 0 ? s : null;
    });
    assert.equal(state.claims, 6, 'six numbered claims; the closing paragraph is not one');
    if (!HAS_BROWSER) return;
    const dom = await poll('claims rendered', async () => {
      const d = await panelDom('panel-claims');
      return /Review claims \(6\)/.test(d.text) ? d : null;
    });
    assert.match(dom.text, /not-applicable/);
    assert.match(dom.text, /applies/, 'the bind on all interfaces (claim 5) applies');
    await screenshot('panel-claims');
  });

  it('shows markup from files and reviews as text, never as elements', async function () {
    if (!HAS_BROWSER) this.skip();
    const file = path.join(folder, 'nova', 'tests', 'functional', 'test_e2e_injection.py');
    fs.writeFileSync(
      file,
      [
        `"""</script>${INJECTION} docstring."""`,
        'from nova import test',
        '',
        `ADMIN_PASSWORD = 'fake-${INJECTION}'`,
        '',
        '',
        'class TestInjection(test.TestCase):',
        '    def test_login(self):',
        '        self.assertTrue(ADMIN_PASSWORD)',
        '',
      ].join('\n'),
    );
    const review = path.join(folder, 'injection-review.txt');
    fs.writeFileSync(review, `1. ${INJECTION} IDOR in </script><script>alert(2)</script>:\nThe \`ADMIN_PASSWORD\` is hardcoded.\n`);
    const injectionUri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(injectionUri), vscode.ViewColumn.One);
    await poll('the FL105 hint', () => ours(injectionUri).some((d) => d.code === 'FL105'));
    await vscode.commands.executeCommand('fixtureLens.showPanel', injectionUri);
    await vscode.commands.executeCommand('fixtureLens.triageReviewFromFile', injectionUri, vscode.Uri.file(review));
    const dom = await poll('the hostile text rendered', async () => {
      const d = await panelDom('panel-injection');
      return d.found && d.text.includes(`fake-${INJECTION}`) && d.text.includes('</script><script>alert(2)</script>') ? d : null;
    });
    assert.equal(dom.injected, 0, 'no element was created from file-derived text');
    assert.equal(dom.images, 0);
    assert.ok(dom.scripts <= 2, `only the nonce script and VS Code's own webview script (${dom.scripts})`);
    await sleep(200);
  });
});
