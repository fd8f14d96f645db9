/** Use sites of fixtures and test doubles, as syntax shows them (resolution comes later). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { TestDouble } from '../../server/src/model/types';
import { analyzeSource, REPO_ROOT } from '../helpers/parsing';
import { loadWorkspace, py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

function summary(d: TestDouble): string {
  return `${d.form} ${d.name} ${d.qualifiedName ?? '-'} ${d.target ?? '-'} @${d.span.start.row + 1}:${d.span.start.column + 1} [${d.scope}]`;
}

describe('doubles', () => {
  it('lists useFixture, patch decorator/context and stub_out sites of the nova-style example', async () => {
    const relative = 'nova/tests/functional/regressions/test_bug_1702454.py';
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'nova_style', relative), 'utf8');
    const analysis = await analyzeSource(text, relative);
    const forms = analysis.doubles.map((d) => d.form);
    assert.ok(forms.includes('use-fixture'));
    const osapi = analysis.doubles.find((d) => d.name === 'OSAPIFixture');
    assert.ok(osapi, 'OSAPIFixture use site');
    assert.equal(osapi.qualifiedName, 'nova.tests.fixtures.OSAPIFixture');
    assert.equal(osapi.kind, 'unresolved');
    assert.equal(osapi.definedAt, null);
    assert.equal(osapi.facts.transport, 'unknown');
    assert.equal(osapi.facts.reachableFromProduction, null);
    assert.match(osapi.unresolved ?? '', /resolved only with a workspace/);
    const decorator = analysis.doubles.find((d) => d.form === 'patch-decorator');
    assert.ok(decorator);
    assert.equal(decorator.target, 'nova.compute.api.API._check_image_is_volume_backed');
    assert.equal(decorator.qualifiedName, 'unittest.mock.patch');
    assert.equal(decorator.scope, 'TestRebuildVolumeBackedServer.test_rebuild_volume_backed_with_new_image');
    assert.ok(analysis.doubles.some((d) => d.form === 'patch-context' && d.name === 'patch.object'));
    assert.ok(analysis.doubles.some((d) => d.form === 'stub-out' && d.target === 'nova.virt.fake.FakeDriver.get_info'));
  });

  it('tells patch forms apart: decorator, with, start(), patcher, MockPatch fixture', async () => {
    const text = [
      'import fixtures',
      'from unittest import mock',
      '',
      'class T(testtools.TestCase):',
      '    @mock.patch.object(Service, "authorize")',
      '    def test_a(self, m):',
      '        with mock.patch("a.b.c") as c:',
      '            pass',
      '        mock.patch.dict("os.environ", {"X": "1"}).start()',
      '        patcher = mock.patch("a.b.d")',
      '        self.useFixture(fixtures.MockPatch("nova.policy.authorize"))',
      '',
    ].join('\n');
    const analysis = await analyzeSource(text, 'tests/test_forms.py');
    assert.deepEqual(analysis.doubles.map(summary), [
      'patch-decorator patch.object unittest.mock.patch.object Service.authorize @5:11 [T.test_a]',
      'patch-context patch unittest.mock.patch a.b.c @7:19 [T.test_a]',
      'patch-start patch.dict unittest.mock.patch.dict os.environ @9:14 [T.test_a]',
      'patcher patch unittest.mock.patch a.b.d @10:24 [T.test_a]',
      'patch-fixture MockPatch fixtures.MockPatch nova.policy.authorize @11:34 [T.test_a]',
    ]);
  });

  it('lists pytest fixture parameters, skipping self, parametrize names and unittest methods', async () => {
    const text = [
      'import pytest',
      '',
      '@pytest.fixture(scope="module")',
      'def client(app):',
      '    yield app.test_client()',
      '',
      '@pytest.mark.parametrize("status, code", [("ok", 200)])',
      'def test_status(client, status, code, monkeypatch):',
      '    monkeypatch.setattr("myapp.auth.check", lambda *a: True)',
      '    monkeypatch.setenv("API_URL", "http://localhost")',
      '',
      'class TestApi:',
      '    def test_get(self, client, tmp_path):',
      '        pass',
      '',
      'class LegacyTests(unittest.TestCase):',
      '    def test_legacy(self, not_a_fixture=None):',
      '        pass',
      '',
    ].join('\n');
    const analysis = await analyzeSource(text, 'tests/test_api.py');
    assert.deepEqual(analysis.doubles.map(summary), [
      'pytest-parameter app - - @4:12 [client]',
      'pytest-parameter client - - @8:17 [test_status]',
      'pytest-parameter monkeypatch - - @8:39 [test_status]',
      'monkeypatch-setattr monkeypatch.setattr - myapp.auth.check @9:5 [test_status]',
      'monkeypatch-setattr monkeypatch.setenv - environ:API_URL @10:5 [test_status]',
      'pytest-parameter client - - @13:24 [TestApi.test_get]',
      'pytest-parameter tmp_path - - @13:32 [TestApi.test_get]',
    ]);
    const client = analysis.doubles.find((d) => d.name === 'client' && d.scope === 'test_status');
    assert.deepEqual(client?.definedAt, { path: 'tests/test_api.py', line: 4 });
  });

  it('keeps going through syntax errors', async () => {
    const text = 'class T(test.TestCase):\n    def test_a(self:\n        self.useFixture(fx.Thing())\n';
    const analysis = await analyzeSource(text, 'tests/test_broken.py');
    assert.equal(analysis.hasSyntaxErrors, true);
    assert.ok(analysis.test.isTest);
  });
});

describe('a patched check the test makes answer (answerGivenInTest)', () => {
  it('a bare @patch of a check is a bypass unless the test sets its mock to deny or raise; mocks map bottom-up past `new=` patches', async () => {
    const root = writeTempWorkspace({
      'shop/__init__.py': '',
      'shop/perms.py': py('def has_perms_owner_aware(user, perms, obj):', '    return user.is_superuser'),
      'shop/other.py': py('def lookup(key):', '    return key', '', '', 'def thing():', '    return 1'),
      'tests/__init__.py': '',
      'tests/test_perms.py': py(
        'from unittest import TestCase, mock', // 1
        '',
        '',
        'class DocumentPermissionTest(TestCase):', // 4
        "    @mock.patch('shop.perms.has_perms_owner_aware')", // 5
        '    def test_denied_without_permission(self, mock_has_perms):',
        '        mock_has_perms.return_value = False',
        '',
        "    @mock.patch('shop.perms.has_perms_owner_aware')", // 9
        '    def test_bypassed(self, mock_has_perms):',
        '        pass',
        '',
        "    @mock.patch('shop.perms.has_perms_owner_aware')", // 13
        "    @mock.patch('shop.other.thing', new=mock.Mock())",
        "    @mock.patch('shop.other.lookup')",
        '    def test_other_mock_denies(self, mock_lookup, mock_has_perms):',
        '        mock_lookup.return_value = False',
        '',
        "    @mock.patch('shop.perms.has_perms_owner_aware')", // 19
        "    @mock.patch('shop.other.thing', new=mock.Mock())",
        "    @mock.patch('shop.other.lookup')",
        '    def test_raises(self, mock_lookup, mock_has_perms):',
        '        mock_has_perms.side_effect = PermissionError("no")',
        '',
        "    @mock.patch('shop.perms.has_perms_owner_aware')", // 25
        '    def test_allowed_by_lambda(self, mock_has_perms):',
        '        mock_has_perms.side_effect = lambda *a, **kw: True',
      ),
    });
    try {
      const ws = await loadWorkspace(root);
      const analysis = ws.analyze('tests/test_perms.py');
      const at = (line: number) => analysis.doubles.find((d) => d.span.start.row + 1 === line && d.target === 'shop.perms.has_perms_owner_aware');
      assert.deepEqual([5, 9, 13, 19, 25].map((line) => `${line} ${at(line)?.kind} ${at(line)?.facts.authz}`), ['5 mock-patch unknown', '9 policy-bypass bypassed', '13 policy-bypass bypassed', '19 mock-patch unknown', '25 policy-bypass bypassed']);
    } finally {
      removeTemp(root);
    }
  });
});
