/**
 * `[tool.fixture-lens]` over stdio: a malformed pyproject.toml gets an error diagnostic at the TOML
 * error's position, cleared when the file is fixed; an ignored key gets a warning at its line; the
 * project's allow-secrets list applies to open documents as soon as the file changes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf } from '../helpers/lsp-session';
import { py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

const TOKEN = 'ghp_3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvtgq';
const root = writeTempWorkspace({
  'pyproject.toml': '[project]\nname = "keys"\n\n[tool.fixture-lens\ntest-globs = ["tests/**/*.py"]\n',
  'tests/test_keys.py': py(`GITHUB_TOKEN = '${TOKEN}'`, '', '', 'def test_token():', '    assert GITHUB_TOKEN'),
});
const sessions: LspSession[] = [];
after(() => {
  sessions.forEach((s) => s.kill());
  removeTemp(root);
});

test('pyproject.toml problems are diagnostics on the file, and go away when it is fixed', async () => {
  const { session } = await LspSession.start({ workspaceFolder: root });
  sessions.push(session);
  const config = path.join(root, 'pyproject.toml');
  const configUri = uriOf(config);
  const changed = async (text: string): Promise<void> => {
    fs.writeFileSync(config, text);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
  };

  const [broken] = (await session.waitForDiagnostics(configUri, (p) => p.diagnostics.length > 0)).diagnostics;
  assert.equal(broken.severity, DiagnosticSeverity.Error);
  assert.equal(broken.source, 'Fixture Lens');
  assert.deepEqual(broken.range.start, { line: 3, character: 18 });
  assert.match(broken.message, /^invalid TOML at line 4, column 19: /);

  // The defaults apply meanwhile: the token is reported.
  const { uri } = await session.openFile(path.join(root, 'tests', 'test_keys.py'));
  assert.deepEqual((await session.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['FL201']);

  // Fixed, with the token listed as a known test key: the error is cleared and FL201 goes.
  const cleared = session.waitForDiagnostics(configUri, (p) => p.diagnostics.length === 0, { onlyNew: true });
  const republished = session.waitForDiagnostics(uri, (p) => p.diagnostics.every((d) => d.code !== 'FL201'), { onlyNew: true });
  await changed(`[project]\nname = "keys"\n\n[tool.fixture-lens]\nallow-secrets = ["${TOKEN}"]\n`);
  await cleared;
  await republished;

  // An ignored key is a warning at its own line.
  const warned = session.waitForDiagnostics(configUri, (p) => p.diagnostics.length === 1, { onlyNew: true });
  await changed(`[tool.fixture-lens]\nallow-secrets = ["${TOKEN}"]\n  colour = "blue"\n`);
  const [unknown] = (await warned).diagnostics;
  assert.equal(unknown.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(unknown.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 17 } });
  assert.match(unknown.message, /unknown key "colour"/);

  // Deleted: nothing left to show.
  const gone = session.waitForDiagnostics(configUri, (p) => p.diagnostics.length === 0, { onlyNew: true });
  fs.rmSync(config);
  await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Deleted }] });
  await gone;
  assert.equal(session.stderr, '');
});

/**
 * A test requesting `httpx_mock` is open; `file` (relative, holding `before`) is rewritten to `after`,
 * which declares pytest-httpx. Undeclared, the fixture is unknown and the request reaches the real
 * host (FL202); declared, pytest-httpx's fixture intercepts httpx (FL102) and no FL202 is left.
 */
async function declaringPytestHttpx(file: string, before: string, after: string): Promise<void> {
  const project = writeTempWorkspace({
    [file]: before,
    'tests/test_rates.py': py('import httpx', '', '', 'def test_rates(httpx_mock):', '    httpx_mock.add_response(json={"EUR": 1.1})', '    assert httpx.get("https://rates.example.org/today").json()'),
  });
  try {
    const { session } = await LspSession.start({ workspaceFolder: project });
    sessions.push(session);
    const { uri } = await session.openFile(path.join(project, 'tests', 'test_rates.py'));
    assert.deepEqual((await session.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['FL202']);
    const changed = path.join(project, ...file.split('/'));
    const republished = session.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'FL202'), { onlyNew: true });
    fs.writeFileSync(changed, after);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(changed), type: FileChangeType.Changed }] });
    assert.deepEqual((await republished).diagnostics.map((d) => d.code), ['FL102']);
    assert.equal(session.stderr, '');
  } finally {
    removeTemp(project);
  }
}

test('a pytest plugin declared in pyproject.toml takes effect on open documents when the file changes', async () => {
  await declaringPytestHttpx('pyproject.toml', '[project]\nname = "rates"\n', '[project]\nname = "rates"\n\n[dependency-groups]\ntest = ["pytest-httpx"]\n');
});

test('a requirements file that comes to declare a pytest plugin takes effect when it changes', async () => {
  await declaringPytestHttpx('test-requirements.txt', 'pytest>=8\n', 'pytest>=8\npytest-httpx\n');
});
