/**
 * `Analyses.prepare` analyses a changed document while its diagnostics wait for the typing to pause,
 * but only when that takes no whole-file analysis: an edit inside one test, a text that does not
 * parse. What it prepared is what `get` then answers, without analysing again.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyses } from '../../server/src/services/analyses';
import { getParsing } from '../helpers/parsing';
import { serviceTestClass, serviceTestHeader, serviceWorkspace } from '../helpers/service-tests';
import { py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

const SOURCE = serviceTestHeader('Generated: test classes to edit.') + [0, 1, 2].map(serviceTestClass).join('');

let root: string;
before(() => {
  root = writeTempWorkspace(
    serviceWorkspace({
      'test_service.py': SOURCE,
    }),
  );
});
after(() => removeTemp(root));

/** An `Analyses` over the workspace, the document it analyses, and its debug log. */
async function editing(): Promise<{ analyses: Analyses; logs: string[]; change: (text: string) => TextDocument }> {
  const logs: string[] = [];
  const log = { info() {}, warn() {}, setLevel() {}, error: (message: string) => void logs.push(message), debug: (message: string) => void logs.push(message) };
  const analyses = new Analyses(log);
  analyses.start(await getParsing());
  analyses.setWorkspaceFolders([{ uri: pathToFileURL(root).href }]);
  await analyses.indexes?.indexAll([root], { isCancelled: () => false, report() {} });
  let document = TextDocument.create(pathToFileURL(path.join(root, 'tests', 'test_service.py')).href, 'python', 1, SOURCE);
  assert.ok(analyses.get(document), 'the document is analysed when opened');
  // As the server's document store does: the change is recorded before it is applied.
  const change = (text: string): TextDocument => {
    const old = document.getText();
    let start = 0;
    while (start < old.length && old[start] === text[start]) start++;
    let end = 0;
    while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
    analyses.recordChange(document.uri, old, { startIndex: start, oldEndIndex: old.length - end, newText: text.slice(start, text.length - end) });
    document = TextDocument.update(document, [{ text }], document.version + 1);
    return document;
  };
  return { analyses, logs, change };
}

const analysedLogs = (logs: readonly string[], version: number): string[] => logs.filter((m) => m.startsWith('analyzed ') && m.includes(` v${version} `));

test('an edit inside a test is prepared: get answers it without analysing again', async () => {
  const { analyses, logs, change } = await editing();
  const edited = change(SOURCE.replace('        password = "fake"\n        client = make_client', '        password = "fake"\n        probe = [1, 2]\n        client = make_client'));
  assert.equal(analyses.prepare(edited), true);
  assert.deepEqual(analysedLogs(logs, 2).map((m) => m.includes('(the edited test alone)')), [true], logs.join('\n'));
  const analysis = analyses.get(edited);
  assert.ok(analysis);
  assert.equal(analysedLogs(logs, 2).length, 1, 'get did not analyse the version again');
  assert.ok(analysis.diagnostics.some((d) => d.ruleId === 'FL204'), 'the findings are there');
});

test('an edit in a helper only tests name is prepared too: it is re-analysed with those tests', async () => {
  const { analyses, logs, change } = await editing();
  const helper = change(SOURCE.replace('    return password\n', '    return password or None\n'));
  assert.equal(analyses.prepare(helper), true);
  assert.deepEqual(analysedLogs(logs, 2).map((m) => m.includes('(the edited helper with the 3 functions depending on it)')), [true], logs.join('\n'));
  assert.ok(analyses.get(helper));
  assert.equal(analysedLogs(logs, 2).length, 1, 'get did not analyse the version again');
});

test('a text that does not parse is prepared too (the last parsed analysis, moved)', async () => {
  const { analyses, logs, change } = await editing();
  const broken = change(SOURCE.replace('        self.assertTrue(client)\n', '        self.assertTrue(client\n'));
  assert.equal(analyses.prepare(broken), true);
  assert.ok(analysedLogs(logs, 2).every((m) => m.includes('does not parse')), logs.join('\n'));
  assert.equal(analyses.get(broken)?.hasSyntaxErrors, true);
  assert.equal(analysedLogs(logs, 2).length, 1);
});

test('an edit that takes a whole-file analysis (a set-up method, which runs before every test) is left until get', async () => {
  const { analyses, logs, change } = await editing();
  const setUp = change(SOURCE.replace('        super().setUp()\n', '        super().setUp()\n        self.addCleanup(print)\n'));
  assert.equal(analyses.prepare(setUp), false);
  assert.deepEqual(analysedLogs(logs, 2), [], 'nothing was analysed');
  assert.ok(analyses.get(setUp));
  const made = analysedLogs(logs, 2);
  assert.equal(made.length, 1);
  assert.doesNotMatch(made[0], /\(/, `a whole-file analysis: ${made[0]}`);
});

test('an unchanged version is prepared already; a document never analysed is not prepared', async () => {
  const { analyses, change } = await editing();
  const same = change(SOURCE);
  assert.equal(analyses.prepare(same), true, 'the same text: its analysis holds');
  const other = TextDocument.create(pathToFileURL(path.join(root, 'tests', 'test_other.py')).href, 'python', 1, py('def test_x():', '    assert True'));
  assert.equal(analyses.prepare(other), false, 'a first analysis is a whole-file one');
});
