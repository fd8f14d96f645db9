/**
 * A hostile workspace through the real server (issue #8): a malformed `pyproject.toml` is reported
 * once and the editor settings apply; binary and invalid UTF-8 files are left out of the index
 * without an error; a buffer that starts with a BOM keeps UTF-16 columns. (Files that vanish while
 * indexing: `test/unit/hostile-workspace.test.ts`, where the timing can be controlled.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { MessageType } from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf } from '../helpers/lsp-session';
import { rangeOf } from '../helpers/text-positions';
import { py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

const LOGIN = py('def test_x(client):', '    client.login(password="fake")');

let root: string;
let session: LspSession;
before(async () => {
  root = writeTempWorkspace({
    'pyproject.toml': '[tool.fixture-lens\ntest-globs = ["checks/**"]\n',
    'tests/test_login.py': LOGIN,
  });
  fs.writeFileSync(path.join(root, 'tests', 'test_binary.py'), Buffer.from([0x70, 0x00, 0x01, 0x02]));
  fs.writeFileSync(path.join(root, 'tests', 'test_latin1.py'), Buffer.from('name = "caf\xe9"\n', 'latin1'));
  ({ session } = await LspSession.start({ workspaceFolder: root }));
  await session.waitForProgressEnd(30_000);
});
after(() => {
  session.kill();
  removeTemp(root);
});

test('a malformed pyproject.toml is reported once, plainly, and the editor settings apply', async () => {
  // The warning follows the end of indexing; poll for it rather than sleep.
  for (let waited = 0; waited < 10_000 && !session.messages.length; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const warnings = session.messages.filter((m) => m.type === MessageType.Warning).map((m) => m.message);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^Fixture Lens: \/.*\/pyproject\.toml: invalid TOML at line 1, column 19: /);
  const { uri } = await session.openFile(path.join(root, 'tests', 'test_login.py'));
  const published = await session.diagnosticsFor(uri, 1);
  assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range]), [['FL105', rangeOf(LOGIN, '"fake"')]]);
});

test('binary and invalid UTF-8 files are indexed as nothing, without an error', async () => {
  await session.waitForLog(/^workspace index ready: 3 files in \d+ ms$/);
  assert.deepEqual(session.logs.filter((l) => l.type === MessageType.Error), []);
  assert.equal(session.stderr, '');
});

test('a buffer that starts with a BOM counts it as one UTF-16 column on its line', async () => {
  const text = `\uFEFF${py('password = "fake"', 'def test_x(client):', '    client.login(password="fake")')}`;
  const uri = uriOf(path.join(root, 'tests', 'test_bom.py'));
  await session.openUri(uri, text);
  const published = await session.diagnosticsFor(uri, 1);
  assert.deepEqual(
    published.diagnostics.map((d) => d.range),
    [rangeOf(text, '"fake"'), rangeOf(text, '"fake"', 'client.login')],
  );
  assert.equal(published.diagnostics[0].range.start.character, 12, 'BOM + `password = `');
});
