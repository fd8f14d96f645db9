/**
 * Hovers over stdio: a `useFixture` and a `mock.patch` use site, a finding, nothing elsewhere, and
 * file-derived text kept inert in the markdown.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { LspSession } from '../helpers/lsp-session';
import { rangeOf } from '../helpers/text-positions';

let session: LspSession;
let uri: string;
let text: string;

before(async () => {
  ({ session } = await LspSession.start());
  ({ uri, text } = await session.open('tests/test_service.py'));
  await session.diagnosticsFor(uri, 1);
});
after(() => session.kill());

async function hover(position: Position): Promise<Hover | null> {
  return session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
}

function markdown(result: Hover | null): string {
  assert.ok(result, 'a hover was returned');
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

test('a useFixture use site shows the double, its definition status and unknown facts honestly', async () => {
  // Imported from a module the workspace does not have: it must stay unknown, never be guessed.
  const name = rangeOf(text, 'DatabaseFixture');
  const result = await hover({ line: name.start.line, character: name.start.character + 3 });
  const value = markdown(result);
  assert.deepEqual(result?.range, name);
  assert.match(value, /^\*\*Test double\*\* `DatabaseFixture` \(use-fixture, unresolved\)/);
  assert.match(value, /- qualified name: `service\.tests\.fixtures\.DatabaseFixture`/);
  assert.match(value, /- scope: `TestService\.setUp`/);
  assert.match(value, /- defined at: unknown/);
  assert.match(value, /- unresolved: \S/);
  for (const fact of ['transport', 'authn', 'authz', 'data']) assert.match(value, new RegExp(`- ${fact}: unknown`));
  assert.match(value, /- reachable from production: unknown/);
});

test('a mock.patch decorator shows its target', async () => {
  const name = rangeOf(text, 'patch', '@mock.patch');
  const value = markdown(await hover(name.start));
  assert.match(value, /`patch` \(patch-decorator, mock-patch\)/);
  assert.match(value, /- qualified name: `unittest\.mock\.patch`/);
  assert.match(value, /- target: `service\.api\.send_email`/);
  assert.match(value, /- scope: `test_login`/);
});

test('a pytest fixture parameter shows where the fixture is defined', async () => {
  const name = rangeOf(text, 'listening_socket', 'def test_login');
  const value = markdown(await hover(name.start));
  // The fixture binds 0.0.0.0 in its body: derived from source, it is a server reachable from the network.
  assert.match(value, /`listening_socket` \(pytest-parameter, network-server\)/);
  assert.match(value, /- transport: network/);
  // The definition is the `def` line (not its decorator); the path is relative to the workspace folder.
  const definitionLine = text.split('\n').indexOf('def listening_socket():') + 1;
  assert.ok(value.includes(`- defined at: [\`tests/test_service.py:${definitionLine}\`](file://`), value);
  assert.ok(value.includes(`/tests/test_service.py#L${definitionLine})`), value);
  assert.match(value, /\*It is reachable from the network while the test runs \(condition A holds\)/);
});

test('a finding shows its rule, message and explanation', async () => {
  const bind = rangeOf(text, 'sock.bind');
  const result = await hover({ line: bind.start.line, character: bind.start.character + 1 });
  const value = markdown(result);
  assert.deepEqual(result?.range, bind);
  assert.match(value, /^\*\*FL204\*\* Test server or socket bound to all interfaces \(warning\)/);
  assert.match(value, /The socket binds all interfaces '0\.0\.0\.0'/);
  assert.match(value, /\*\*Why it matters\.\*\*/, 'the rule explanation follows');
});

test('file-derived text cannot inject markup', async () => {
  const name = rangeOf(text, 'patch', 'weird');
  const value = markdown(await hover(name.start));
  // The target holds backticks and HTML: a longer fence keeps it one literal code span.
  assert.ok(value.includes('- target: ``service.`weird`.<b>name</b>``'), value);
  assert.ok(!/(^|[^`])<b>name/.test(value.replace(/``[^\n]*?``/g, '')), 'no raw HTML outside code spans');
});

test('elsewhere there is no hover', async () => {
  assert.equal(await hover({ line: 0, character: 2 }), null);
  assert.equal(await hover(rangeOf(text, 'yield').start), null);
  const end = rangeOf(text, 'sock.bind').end;
  assert.equal(await hover(end), null, 'the end of a span is exclusive');
  assert.equal(await hover({ line: 10_000, character: 0 }), null);
  assert.equal(session.stderr, '');
});
