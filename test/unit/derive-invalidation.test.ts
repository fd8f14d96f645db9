/**
 * Derivations follow the workspace as it changes. The language server keeps one deriver per
 * folder while files are edited: when the editor's text of a fixture module is analysed (the index
 * then remembers its new summary), a test file analysed afterwards must see what the fixture does
 * now, not what it did when the deriver first met it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/analysis/analyze-file';
import { parseSettings } from '../../server/src/settings';
import { getParsing } from '../helpers/parsing';
import { doubleAt, evidenceOf, loadWorkspace, py, removeTemp, writeTempWorkspace, type LoadedWorkspace } from '../helpers/workspace';

/** The fixture module up to its setUp's last line; the versions below differ in that line only, so the class and its setUp keep their lines. */
const FIXTURE_HEAD = ['import wsgiref.simple_server', '', 'import fixtures', '', '', 'class ServerFixture(fixtures.Fixture):', '    def setUp(self):', '        super().setUp()'];

/** Binds all interfaces: transport network. */
const SERVING = py(...FIXTURE_HEAD, "        self.server = wsgiref.simple_server.make_server('0.0.0.0', 0, None)");

/** The same fixture, edited to stub the production client instead: in-process, fake data. */
const STUBBING = py(...FIXTURE_HEAD, "        self.useFixture(fixtures.MonkeyPatch('app.service.get_client', lambda: None))");

/** A helper that patches whatever its caller names (a patch wrapper), at line 4. */
const WRAPPER = py('import fixtures', '', '', 'def swap(test, old, new):', '    test.useFixture(fixtures.MonkeyPatch(old, new))');

/** The same helper, edited at the same line to start a server instead of patching. */
const SERVING_HELPER = py('import wsgiref.simple_server', '', '', 'def swap(test, old, new):', "    wsgiref.simple_server.make_server('0.0.0.0', 0, None)");

const TEST_FILE = py(
  'import unittest',
  '',
  'from tests.fx import ServerFixture',
  '',
  '',
  'class ApiTest(unittest.TestCase):',
  '    def setUp(self):',
  '        super().setUp()',
  '        self.server = self.useFixture(ServerFixture())',
  '',
  '    def test_get(self):',
  '        pass',
);

const WRAPPED_FIXTURE = py(
  'import fixtures',
  '',
  'from tests.helpers import swap',
  '',
  '',
  'class StubClient(fixtures.Fixture):',
  '    def setUp(self):',
  '        super().setUp()',
  "        swap(self, 'app.service.get_client', lambda: None)",
);

const WRAPPED_TEST = py(
  'import unittest',
  '',
  'from tests.wrapped import StubClient',
  '',
  '',
  'class ClientTest(unittest.TestCase):',
  '    def setUp(self):',
  '        super().setUp()',
  '        self.client = self.useFixture(StubClient())',
  '',
  '    def test_get(self):',
  '        pass',
);

describe('derivations after a workspace module is edited in the editor', () => {
  let root: string;
  let ws: LoadedWorkspace;
  const settings = parseSettings({});
  /** Analyses `text` as the editor's buffer of `path` (the index remembers its summary, as in the server). */
  const analyzeBuffer = async (path: string, text: string) => analyzeText(await getParsing(), { path, text, settings, workspace: ws.context });

  before(async () => {
    root = writeTempWorkspace({
      'app/__init__.py': '',
      'app/service.py': py('def get_client():', '    return object()'),
      'tests/__init__.py': '',
      'tests/fx.py': SERVING,
      'tests/test_api.py': TEST_FILE,
      'tests/helpers.py': WRAPPER,
      'tests/wrapped.py': WRAPPED_FIXTURE,
      'tests/test_client.py': WRAPPED_TEST,
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('a fixture class edited from serving to stubbing: the test file gets the new facts and evidence', async () => {
    const before = doubleAt(await analyzeBuffer('tests/test_api.py', TEST_FILE), 9, 'ServerFixture');
    assert.equal(before.facts.transport, 'network');
    assert.deepEqual(evidenceOf(before, 'transport'), ['tests/fx.py:9']);

    await analyzeBuffer('tests/fx.py', STUBBING);
    const after = doubleAt(await analyzeBuffer('tests/test_api.py', TEST_FILE), 9, 'ServerFixture');
    assert.equal(after.facts.transport, 'in-process');
    assert.equal(after.facts.data, 'fake');
    assert.deepEqual(evidenceOf(after, 'transport'), ['tests/fx.py:9']);
    assert.doesNotMatch(JSON.stringify(after.evidence), /make_server/);

    // And back: the editor's text is the fixture's text again.
    await analyzeBuffer('tests/fx.py', SERVING);
    const back = doubleAt(await analyzeBuffer('tests/test_api.py', TEST_FILE), 9, 'ServerFixture');
    assert.equal(back.facts.transport, 'network');
  });

  it('a helper edited from patching its argument to starting a server is no longer taken for a patch wrapper', async () => {
    const before = doubleAt(await analyzeBuffer('tests/test_client.py', WRAPPED_TEST), 9, 'StubClient');
    assert.equal(before.facts.data, 'fake');
    assert.notEqual(before.facts.transport, 'network');

    await analyzeBuffer('tests/helpers.py', SERVING_HELPER);
    const after = doubleAt(await analyzeBuffer('tests/test_client.py', WRAPPED_TEST), 9, 'StubClient');
    assert.equal(after.facts.transport, 'network');
    assert.deepEqual(evidenceOf(after, 'transport'), ['tests/helpers.py:5']);
  });

  it('a fixture module changed on disk and invalidated: the same deriver derives the new text', async () => {
    await analyzeBuffer('tests/fx.py', SERVING);
    assert.equal(doubleAt(await analyzeBuffer('tests/test_api.py', TEST_FILE), 9, 'ServerFixture').facts.transport, 'network');
    fs.writeFileSync(path.join(root, 'tests/fx.py'), STUBBING);
    ws.index.invalidate(path.join(root, 'tests/fx.py'));
    assert.equal(doubleAt(await analyzeBuffer('tests/test_api.py', TEST_FILE), 9, 'ServerFixture').facts.transport, 'in-process');
    fs.writeFileSync(path.join(root, 'tests/fx.py'), SERVING);
    ws.index.invalidate(path.join(root, 'tests/fx.py'));
  });

  it('the deriver asked directly answers for the current summary', async () => {
    await analyzeBuffer('tests/fx.py', SERVING);
    const serving = ws.context.deriver.deriveClass(ws.classRef('tests/fx.py', 'ServerFixture'));
    assert.ok(serving.claims.some((c) => c.fact === 'transport' && c.value === 'network'));
    await analyzeBuffer('tests/fx.py', STUBBING);
    const stubbing = ws.context.deriver.deriveClass(ws.classRef('tests/fx.py', 'ServerFixture'));
    assert.ok(!stubbing.claims.some((c) => c.fact === 'transport' && c.value === 'network'));
    assert.ok(stubbing.patches.some((p) => p.target === 'app.service.get_client'));
  });
});
