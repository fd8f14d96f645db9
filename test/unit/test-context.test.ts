/** Test-context decisions: path globs, imports, TestCase bases, test functions, conftest.py. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../helpers/parsing';

describe('test context', () => {
  it('recognises a nova-style functional test by path, imports and base class', async () => {
    const text = ['from nova import test', 'from nova.tests import fixtures as nova_fixtures', '', 'class TestX(test.TestCase):', '    def test_a(self):', '        pass', ''].join('\n');
    const { test } = await analyzeSource(text, 'nova/tests/functional/regressions/test_bug_1.py');
    assert.equal(test.isTest, true);
    assert.deepEqual(test.frameworks, ['unittest', 'nova']);
    assert.ok(test.reasons.includes('path matches **/test_*.py'));
    assert.ok(test.reasons.some((r) => r.startsWith('imports nova.test (line 1)')));
    assert.ok(test.reasons.some((r) => r === 'class TestX derives from test.TestCase (line 4)'));
  });

  it('recognises a pytest module by its test functions even outside test paths', async () => {
    const { test } = await analyzeSource('def test_addition():\n    assert 1 + 1 == 2\n', 'src/checks.py');
    assert.equal(test.isTest, true);
    assert.deepEqual(test.frameworks, ['pytest']);
    assert.deepEqual(test.reasons, ['defines test_addition (line 1)']);
  });

  it('treats conftest.py as pytest test code', async () => {
    const { test } = await analyzeSource('import pytest\n', 'pkg/conftest.py');
    assert.equal(test.isTest, true);
    assert.ok(test.reasons.includes('file is a pytest conftest.py'));
  });

  it('recognises Django TestCase subclasses', async () => {
    const { test } = await analyzeSource('from django.test import TestCase\n\nclass LoginTests(TestCase):\n    pass\n', 'accounts/checks.py');
    assert.equal(test.isTest, true);
    assert.deepEqual(test.frameworks, ['unittest', 'django']);
  });

  it('does not call production code test code', async () => {
    const text = 'import os\n\nclass Service:\n    def run(self):\n        return os.getcwd()\n';
    const { test } = await analyzeSource(text, 'myapp/service.py');
    assert.equal(test.isTest, false);
    assert.deepEqual(test.reasons, []);
  });

  it('does not call a view\'s `test` action or a nested `def test` a test; a Test class method is one', async () => {
    const view = ['class MailAccountViewSet:', '    def test(self, request):', '        return self.check(request)', ''].join('\n');
    assert.equal((await analyzeSource(view, 'documents/views.py')).test.isTest, false);
    const decorator = ['def user_passes(check):', '    def test(user):', '        return check(user)', '    return test', ''].join('\n');
    assert.equal((await analyzeSource(decorator, 'admin/auth.py')).test.isTest, false);
    const cases = ['class TestParser:', '    def test_empty(self):', '        assert parse("") == []', ''].join('\n');
    const { test } = await analyzeSource(cases, 'tools/parsing_checks.py');
    assert.equal(test.isTest, true);
    assert.deepEqual(test.reasons, ['defines TestParser.test_empty (line 2)']);
  });

  it('does not take a view with Django\'s UserPassesTestMixin for a test class; a base named like one still makes one', async () => {
    const view = ['from django.contrib.auth.mixins import UserPassesTestMixin', 'from django.views.generic import View', '', '', 'class SystemView(UserPassesTestMixin, View):', '    def test_func(self):', '        return self.request.user.is_superuser', ''].join('\n');
    const viewContext = (await analyzeSource(view, 'core/views.py')).test;
    assert.equal(viewContext.isTest, false, viewContext.reasons.join('; '));
    const cases = ['from myproject.testing import ServerTests', '', '', 'class RebootChecks(ServerTests):', '    def test_reboot(self):', '        pass', ''].join('\n');
    const { test } = await analyzeSource(cases, 'tools/reboot_checks.py');
    assert.equal(test.isTest, true);
    assert.deepEqual(test.reasons, ['defines RebootChecks.test_reboot (line 5)']);
  });

  it('does not count `import mock` alone in a helper module', async () => {
    const { test } = await analyzeSource('import mock\n\nVALUE = 1\n', 'myapp/helpers.py');
    assert.equal(test.isTest, false);
    assert.ok(test.reasons.includes('imports mock (line 1)'));
  });

  it('honours configured test globs', async () => {
    const { parseSettings } = await import('../../server/src/settings');
    const settings = parseSettings({ testGlobs: ['checks/**/*.py'] });
    const { test } = await analyzeSource('VALUE = 1\n', 'checks/deep/module.py', settings);
    assert.equal(test.isTest, true);
    assert.deepEqual(test.reasons, ['path matches checks/**/*.py']);
  });
});
