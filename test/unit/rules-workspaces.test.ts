/**
 * The context hints (FL101-FL104) and the workspace-dependent genuine risks (FL202, FL205, FL206)
 * on whole workspaces: the fixture workspaces with caret-free expectations (exact codes and ranges,
 * 1-based lines, 0-based columns), plus small workspaces written for the look-alikes each rule must
 * tell apart.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Finding } from '../../server/src/model/types';
import { loadWorkspace, py, removeTemp, writeTempWorkspace, WORKSPACES, type LoadedWorkspace } from '../helpers/workspace';

/** The rules this file covers; other rules have their own suites. */
const RULE_IDS = new Set(['FL101', 'FL102', 'FL103', 'FL104', 'FL202', 'FL205', 'FL206']);

function format(file: string, d: Finding): string {
  return `${file}:${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column} ${d.ruleId}`;
}

/** Every diagnostic of these rules in every workspace file (test and production), sorted. */
function allFindings(ws: LoadedWorkspace): string[] {
  const files = ws.index.workspaceEntries.filter((e) => e.rootKind === 'workspace').map((e) => e.path);
  return files.flatMap((file) => ws.analyze(file).diagnostics.filter((d) => RULE_IDS.has(d.ruleId)).map((d) => format(file, d))).sort();
}

function finding(ws: LoadedWorkspace, file: string, line: number, ruleId: string): Finding {
  const found = ws.analyze(file).diagnostics.filter((d) => d.ruleId === ruleId && d.span.start.row + 1 === line);
  assert.equal(found.length, 1, `one ${ruleId} at ${file}:${line}`);
  return found[0];
}

function relatedOf(f: Finding): string[] {
  return (f.related ?? []).map((r) => `${r.path}:${r.line}`);
}

describe('fixture workspaces: FL101-FL104, FL202, FL205, FL206', () => {
  describe('nova_like', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'nova_like'));
    });
    const demo = 'compute/tests/functional/regressions/test_bug_1000001.py';
    const vacuous = 'compute/tests/functional/test_policy_vacuous.py';

    it('reports exactly these', () => {
      assert.deepEqual(allFindings(ws), [
        'compute/tests/fixtures/core.py:52:32-52:51 FL101',
        'compute/tests/fixtures/core.py:66:33-66:42 FL103',
        `${demo}:23:41-23:58 FL104`,
        `${demo}:24:41-24:55 FL102`,
        `${demo}:25:41-25:54 FL102`,
        `${demo}:28:55-28:67 FL101`,
        `${demo}:28:55-28:67 FL103`,
        `${demo}:31:31-31:40 FL101`,
        `${demo}:31:31-31:40 FL103`,
        `${demo}:34:21-34:45 FL102`,
        `${vacuous}:13:41-13:64 FL206`,
        `${vacuous}:14:41-14:55 FL102`,
        `${vacuous}:15:41-15:54 FL102`,
        `${vacuous}:16:55-16:67 FL101`,
        `${vacuous}:16:55-16:67 FL103`,
        `${vacuous}:18:37-18:46 FL101`,
        `${vacuous}:18:37-18:46 FL103`,
        `${vacuous}:19:31-19:34 FL101`,
        `${vacuous}:19:31-19:34 FL103`,
        // The other four tests there make the patched check deny (side_effect): not vacuous.
        'compute/tests/unit/api/test_server_delete_policy.py:44:10-44:15 FL206',
        'compute/tests/unit/api/test_server_delete_policy.py:56:8-56:60 FL206',
        'compute/utils/debug.py:2:0-2:58 FL205',
      ]);
    });

    it('FL102 at :34: a helper that stubs production code replaces it with test fakes', () => {
      assert.match(finding(ws, demo, 34, 'FL102').message, /^set_stub_network_methods\(…\) replaces production code with test fakes \(compute\/tests\/unit\/fake_network\.py:13\)/);
    });

    it('FL101/FL103 at OSAPIFixture name wsgi-intercept (core.py:52) and the stubbed keystone middleware (core.py:66)', () => {
      const fl101 = finding(ws, demo, 28, 'FL101');
      assert.match(fl101.message, /^OSAPIFixture\(…\) serves the API in-process through wsgi-intercept interceptor \(compute\/tests\/fixtures\/core\.py:52\): no socket, no network$/);
      assert.deepEqual(relatedOf(fl101), ['compute/tests/fixtures/core.py:25', 'compute/tests/fixtures/core.py:52']);
      assert.match(finding(ws, demo, 28, 'FL103').message, /simulates authentication \(compute\/tests\/fixtures\/core\.py:66\)/);
      assert.match(finding(ws, demo, 31, 'FL101').message, /admin_api is a client of OSAPIFixture/);
    });

    it('FL104 at RealPolicyFixture names the oslo.policy Enforcer (compute/policy.py:33); none in the bypassed file', () => {
      assert.match(finding(ws, demo, 23, 'FL104').message, /enforces the real policy \(oslo\.policy Enforcer, compute\/policy\.py:33\)/);
      assert.ok(!ws.analyze(vacuous).diagnostics.some((d) => d.ruleId === 'FL104'));
    });

    it('FL102 names what fakes the service; PlacementFixture (unknown) gets no hint', () => {
      assert.match(finding(ws, demo, 24, 'FL102').message, /NeutronFixture\(…\) is a fake service: answers in-process \(compute\/tests\/fixtures\/neutron\.py:63\), serves fake data/);
      assert.ok(!ws.analyze(demo).diagnostics.some((d) => d.span.start.row + 1 === 26));
    });

    it('FL206 at the PermissivePolicyFixture in setUp, for the one test that claims a denial, with the bypass and the check as related', () => {
      const fl206 = finding(ws, vacuous, 13, 'FL206');
      assert.match(fl206.message, /compute\.policy\.authorize is patched to allow by PermissivePolicyFixture \(compute\/tests\/fixtures\/policy\.py:22\)/);
      assert.match(fl206.message, /ServerDeletePolicyTest\.test_delete_forbidden_for_non_admin \(its name says "forbidden"\)/);
      assert.doesNotMatch(fl206.message, /test_server_list_includes_new_server/);
      assert.deepEqual(relatedOf(fl206), [`${vacuous}:21`, `${vacuous}:13`, 'compute/tests/fixtures/policy.py:22', 'compute/policy.py:39']);
    });

    it('FL205 at the production import of the permissive fixture, saying what it is and where it is used', () => {
      const fl205 = finding(ws, 'compute/utils/debug.py', 2, 'FL205');
      assert.match(fl205.message, /imports test code: compute\.tests\.fixtures\.PermissivePolicyFixture \(compute\/tests\/fixtures\/policy\.py:17\), a test-only authorization bypass \(compute\/tests\/fixtures\/policy\.py:22\), used at line 10/);
      assert.equal(fl205.severity, 'warning');
    });
  });

  describe('pytest_app', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'pytest_app'));
    });

    it('reports exactly these', () => {
      const orders = 'tests/api/test_orders.py';
      assert.deepEqual(allFindings(ws), [
        'tests/api/conftest.py:7:13-7:24 FL101',
        'tests/api/conftest.py:8:20-8:39 FL103',
        `${orders}:13:22-13:28 FL101`,
        `${orders}:13:22-13:28 FL103`,
        `${orders}:18:39-18:45 FL101`,
        `${orders}:18:39-18:45 FL103`,
        `${orders}:25:39-25:45 FL101`,
        `${orders}:25:39-25:45 FL103`,
        `${orders}:31:38-31:44 FL101`,
        `${orders}:31:38-31:44 FL103`,
        `${orders}:31:4-31:37 FL206`,
        `${orders}:6:27-6:33 FL101`,
        `${orders}:6:27-6:33 FL103`,
        // Session writes that choose no identity (a flash message, user_id = None) simulate nothing; update(user_id=2) does.
        'tests/api/test_session_state.py:12:13-12:24 FL101',
        'tests/api/test_session_state.py:19:13-19:24 FL101',
        'tests/api/test_session_state.py:20:20-20:39 FL103',
        'tests/api/test_session_state.py:5:13-5:24 FL101',
        'tests/conftest.py:15:13-15:24 FL101',
        'tests/payments/test_charges.py:13:29-13:42 FL102',
        'tests/payments/test_charges.py:20:1-20:19 FL102',
        'tests/payments/test_charges.py:28:1-28:19 FL102',
        'tests/payments/test_charges.py:37:11-37:23 FL202',
        // Patched authentication checks: a yes (the fixture at :11, :17) simulates; a no (:22) and a spy (:31) do not.
        'tests/test_mfa.py:11:14-11:19 FL103',
        'tests/test_mfa.py:16:23-16:29 FL101',
        'tests/test_mfa.py:17:14-17:19 FL103',
        'tests/test_mfa.py:21:23-21:29 FL101',
        'tests/test_mfa.py:26:41-26:47 FL101',
        'tests/test_mfa.py:26:49-26:64 FL103',
        'tests/test_mfa.py:30:43-30:49 FL101',
      ]);
    });

    it('FL206 at the test def when the bypass is an autouse fixture of a covering conftest.py', () => {
      const fl206 = finding(ws, 'tests/api/test_orders.py', 31, 'FL206');
      assert.match(fl206.message, /shop\.auth\.check_permission is patched to allow \(tests\/api\/conftest\.py:15\) for test test_forbidden_without_permission/);
      assert.deepEqual(relatedOf(fl206), ['tests/api/test_orders.py:31', 'tests/api/conftest.py:15', 'shop/auth.py:13']);
    });

    it('FL202 names the host and the scope; the responses-covered call at :32 is not reported', () => {
      assert.match(finding(ws, 'tests/payments/test_charges.py', 37, 'FL202').message, /^requests\.get reaches api\.payments\.example\.com, a real host, with no interceptor active for it in test test_provider_health_live/);
    });
  });

  describe('django_app', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'django_app'));
    });

    it('reports exactly these', () => {
      const views = 'blog/tests/test_views.py';
      const api = 'blog/tests/test_api.py';
      assert.deepEqual(allFindings(ws), [
        `${api}:16:22-16:31 FL101`,
        `${api}:23:20-23:38 FL103`,
        `${api}:28:20-28:38 FL103`,
        `${api}:34:18-34:35 FL101`,
        `${api}:35:8-35:26 FL103`,
        // :40 forces carol; :41 (`user=None`) clears the identity: no simulated authentication there.
        `${api}:40:20-40:38 FL103`,
        // A test's consent step runs as carol (:47) before logout; the helper's login (:55) likewise,
        // and the test that calls the helper (:61) gets no hint: the helper leaves no identity behind.
        `${api}:47:20-47:31 FL103`,
        `${api}:55:20-55:31 FL103`,
        `${views}:21:20-21:26 FL101`,
        `${views}:25:13-25:19 FL101`,
        `${views}:25:20-25:31 FL103`,
        `${views}:31:17-31:23 FL101`,
        `${views}:37:20-37:26 FL101`,
        `${views}:40:10-40:15 FL206`,
        `${views}:42:13-42:19 FL101`,
        `${views}:42:20-42:31 FL103`,
        `${views}:48:13-48:19 FL101`,
        `${views}:48:20-48:31 FL103`,
        `${views}:49:18-49:23 FL104`,
        `${views}:57:13-57:19 FL101`,
        `${views}:57:20-57:31 FL103`,
        `${views}:65:13-65:19 FL101`,
        `${views}:65:20-65:31 FL103`,
      ]);
    });

    it('FL206 at the decorator that patches can_edit for the test that asserts 403; the spy gets FL104 instead', () => {
      const fl206 = finding(ws, 'blog/tests/test_views.py', 40, 'FL206');
      assert.match(fl206.message, /blog\.views\.can_edit is patched to allow \(blog\/tests\/test_views\.py:40\) for test PostViewTests\.test_edit_forbidden_for_other_user/);
      assert.ok(relatedOf(fl206).includes('blog/views.py:10'));
      assert.match(finding(ws, 'blog/tests/test_views.py', 49, 'FL104').message, /the patch of blog\.views\.can_edit is a spy that wraps the real check/);
    });
  });

  describe('fastapi_app', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'fastapi_app'));
    });

    it('reports exactly these', () => {
      const items = 'tests/test_items.py';
      assert.deepEqual(allFindings(ws), [
        'tests/conftest.py:12:9-12:19 FL101',
        `${items}:25:20-25:26 FL101`,
        `${items}:25:20-25:26 FL103`,
        `${items}:31:33-31:39 FL101`,
        `${items}:31:33-31:39 FL103`,
        `${items}:38:22-38:35 FL101`,
        `${items}:45:1-45:11 FL102`,
        `${items}:53:1-53:9 FL102`,
        `${items}:53:1-53:9 FL103`,
      ]);
    });

    it('FL102 on moto says it fakes AWS only; FL103 on the client cites the dependency override', () => {
      assert.match(finding(ws, 'tests/test_items.py', 53, 'FL102').message, /only AWS endpoints are faked, other hosts pass through to the network/);
      // moto taking any credentials says nothing of the application's own authentication.
      assert.match(finding(ws, 'tests/test_items.py', 53, 'FL103').message, /^@mock_aws sets up a fake service that accepts any credentials \(moto AWS mocks, tests\/test_items\.py:53\): the credentials this test passes to it are never checked$/);
      assert.match(finding(ws, 'tests/test_items.py', 25, 'FL103').message, /tests\/conftest\.py:11/);
    });
  });

  describe('lookalikes', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'lookalikes'));
    });

    it('reports exactly these: the interceptor and client that are not, and the real requests-mock', () => {
      const network = 'tests/test_network_lookalikes.py';
      assert.deepEqual(allFindings(ws), [`${network}:16:13-16:36 FL202`, `${network}:21:34-21:37 FL202`, `${network}:24:27-24:33 FL102`]);
    });

    it('FL202 on a double cites the line that connects, in the support module', () => {
      const network = 'tests/test_network_lookalikes.py';
      const first = finding(ws, network, 16, 'FL202');
      assert.match(first.message, /FakeRequestsInterceptor\(…\) connects to the network \(tests\/doubles\.py:19/);
      assert.deepEqual(first.evidence.map((e) => `${e.path}:${e.line}`), ['tests/doubles.py:19']);
      assert.deepEqual(finding(ws, network, 21, 'FL202').evidence.map((e) => `${e.path}:${e.line}`), ['tests/doubles.py:36', 'tests/doubles.py:7']);
    });
  });

  describe('virt_helpers', () => {
    let ws: LoadedWorkspace;
    before(async () => {
      ws = await loadWorkspace(path.join(WORKSPACES, 'virt_helpers'));
    });

    it('reports exactly these: the bypass and the egress in helpers, found through the tests that call them', () => {
      const driver = 'hypervisor/tests/unit/virt/test_driver.py';
      assert.deepEqual(allFindings(ws), [`${driver}:37:13-37:21 FL206`, `${driver}:49:15-49:27 FL202`]);
      assert.match(finding(ws, driver, 37, 'FL206').message, /test_spawn_forbidden_for_reader/);
      assert.doesNotMatch(finding(ws, driver, 37, 'FL206').message, /test_spawn_allowed_for_admin/);
    });
  });
});

/** Findings of these rules in one file of a temporary workspace: `line:col-line:col RULE`. */
async function findingsIn(files: Record<string, string>, file: string): Promise<string[]> {
  const root = writeTempWorkspace(files);
  try {
    const ws = await loadWorkspace(root);
    return ws
      .analyze(file)
      .diagnostics.filter((d) => RULE_IDS.has(d.ruleId))
      .map((d) => `${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column} ${d.ruleId}`);
  } finally {
    removeTemp(root);
  }
}

describe('FL202 across a workspace', () => {
  const app = { 'app/__init__.py': '', 'app/client.py': py('import requests', '', 'def fetch():', "    return requests.get('https://api.github.com/zen', timeout=5)") };

  it('an autouse fixture of a covering conftest.py intercepts; a sibling folder it does not cover is reported', async () => {
    const files = {
      ...app,
      'tests/__init__.py': '',
      'tests/api/__init__.py': '',
      'tests/api/conftest.py': py('import pytest', 'import responses', '', '@pytest.fixture(autouse=True)', 'def no_egress():', '    with responses.RequestsMock() as rsps:', '        yield rsps'),
      'tests/api/test_zen.py': py('import requests', '', 'def test_zen():', "    assert requests.get('https://api.github.com/zen', timeout=5).ok"),
      'tests/cli/__init__.py': '',
      'tests/cli/test_zen.py': py('import requests', '', 'def test_zen():', "    assert requests.get('https://api.github.com/zen', timeout=5).ok"),
    };
    assert.deepEqual(await findingsIn(files, 'tests/api/test_zen.py'), []);
    assert.deepEqual(await findingsIn(files, 'tests/cli/test_zen.py'), ['4:11-4:23 FL202']);
  });

  it('a base class in another module that installs requests-mock in setUp covers its subclasses', async () => {
    const base = py('import requests_mock', 'import testtools', '', 'class HttpTestCase(testtools.TestCase):', '    def setUp(self):', '        super().setUp()', '        self.requests = self.useFixture(requests_mock.contrib.fixture.Fixture())');
    const files = {
      'tests/__init__.py': '',
      'tests/base.py': base,
      'tests/test_zen.py': py(
        'import requests',
        'import testtools',
        '',
        'from tests import base',
        '',
        'class Covered(base.HttpTestCase):',
        '    def test_zen(self):',
        "        requests.get('https://api.github.com/zen', timeout=5)",
        '',
        'class Uncovered(testtools.TestCase):',
        '    def test_zen(self):',
        "        requests.get('https://api.github.com/zen', timeout=5)",
      ),
    };
    assert.deepEqual(await findingsIn(files, 'tests/test_zen.py'), ['12:8-12:20 FL202']);
  });

  it('a requested fixture that connects is reported at the test that requests it, unless the test intercepts', async () => {
    const files = {
      'tests/__init__.py': '',
      'tests/conftest.py': py('import pytest', 'import requests', '', '@pytest.fixture', 'def zen():', "    return requests.get('https://api.github.com/zen', timeout=5).text"),
      'tests/test_zen.py': py('def test_zen(zen):', '    assert zen', '', '', 'def test_zen_mocked(requests_mock, zen):', '    assert zen'),
    };
    // The test that requests `requests_mock` gets the FL102 hint for it instead.
    assert.deepEqual(await findingsIn(files, 'tests/test_zen.py'), ['1:13-1:16 FL202', '5:20-5:33 FL102']);
  });

  it('production code that calls a real host is not test code', async () => {
    assert.deepEqual(await findingsIn({ ...app, 'tests/__init__.py': '', 'tests/test_app.py': py('def test_nothing():', '    pass') }, 'app/client.py'), []);
  });
});

describe('FL206 across a workspace', () => {
  const policy = py('def authorize(context, action):', "    if not context.get('is_admin'):", "        raise PermissionError(action)", '    return True');
  const base = { 'app/__init__.py': '', 'app/policy.py': policy, 'app/exception.py': py('class Forbidden(Exception):', '    pass'), 'tests/__init__.py': '' };

  it('a class decorator that patches the check covers every test of the class; only the ones about authorization are listed', async () => {
    const files = {
      ...base,
      'tests/test_policy.py': py(
        'from unittest import mock',
        '',
        'import testtools',
        '',
        'from app import exception, policy',
        '',
        "@mock.patch('app.policy.authorize', return_value=True)",
        'class PolicyTests(testtools.TestCase):',
        '    def test_delete(self, authorize):',
        '        self.assertRaises(exception.Forbidden, policy.authorize, {}, "delete")',
        '',
        '    def test_rbac_reader_cannot_write(self, authorize):',
        '        policy.authorize({}, "write")',
        '',
        '    def test_list(self, authorize):',
        '        policy.authorize({}, "list")',
      ),
    };
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const fl206 = ws.analyze('tests/test_policy.py').diagnostics.filter((d) => d.ruleId === 'FL206');
      assert.deepEqual(fl206.map((d) => `${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column}`), ['7:6-7:11']);
      assert.match(fl206[0].message, /for tests PolicyTests\.test_delete \(it asserts a denial \(line 10\)\), PolicyTests\.test_rbac_reader_cannot_write \(its name says "rbac"\)/);
      assert.doesNotMatch(fl206[0].message, /test_list/);
      assert.ok(relatedOf(fl206[0]).includes('app/policy.py:1'));
    } finally {
      removeTemp(root);
    }
  });

  it('spies, deeper-layer bypasses in a with block, and tests that claim nothing are not reported', async () => {
    const files = {
      ...base,
      'tests/test_policy.py': py(
        'from unittest import mock',
        '',
        'import pytest',
        '',
        'from app import policy',
        '',
        '',
        'def test_delete_forbidden_is_checked():',
        "    with mock.patch('app.policy.authorize', wraps=policy.authorize) as spy:",
        '        with pytest.raises(PermissionError):',
        '            policy.authorize({}, "delete")',
        '    spy.assert_called_once()',
        '',
        '',
        'def test_locked_item_cannot_be_deleted(client):',
        '    # Bypass the role check so only the lock can refuse.',
        "    with mock.patch('app.policy.authorize', return_value=True):",
        "        resp = client.delete('/items/locked')",
        '    assert resp.status_code == 403',
        '',
        '',
        "@mock.patch('app.policy.authorize', return_value=True)",
        'def test_listing_sorts_by_name(authorize, client):',
        "    assert client.get('/items').json() == sorted(client.get('/items').json())",
      ),
    };
    assert.deepEqual(await findingsIn(files, 'tests/test_policy.py'), ['9:14-9:19 FL104']);
  });

  it('a with-block bypass in a test whose name claims a denial is reported; pytest.raises(PermissionDenied) is an assertion of one', async () => {
    const files = {
      ...base,
      'tests/test_policy.py': py(
        'from unittest import mock',
        '',
        'import pytest',
        '',
        'from app import policy',
        '',
        '',
        'def test_delete_forbidden_for_reader():',
        "    with mock.patch('app.policy.authorize', return_value=True):",
        '        policy.authorize({}, "delete")',
        '',
        '',
        "@mock.patch('app.policy.authorize', return_value=True)",
        'def test_purge(authorize):',
        '    with pytest.raises(PermissionDenied):',
        '        policy.authorize({}, "purge")',
      ),
    };
    assert.deepEqual(await findingsIn(files, 'tests/test_policy.py'), ['9:14-9:19 FL206', '13:6-13:11 FL206']);
  });

  it('a test that inspects the mock of the check tests the call, and "tenant" alone names an identifier', async () => {
    const files = {
      ...base,
      'tests/test_limits.py': py(
        'from unittest import mock',
        '',
        'import testtools',
        '',
        'from app import policy',
        '',
        'class LimitsTests(testtools.TestCase):',
        '    def setUp(self):',
        '        super().setUp()',
        "        patcher = mock.patch('app.policy.authorize')",
        '        self.mock_authorize = patcher.start()',
        '        self.addCleanup(patcher.stop)',
        '',
        '    def test_limits_policy_is_checked(self):',
        '        policy.authorize({}, "limits")',
        '        self.assertEqual(1, self.mock_authorize.call_count)',
        '',
        '    def test_index_by_tenant(self):',
        '        policy.authorize({}, "limits")',
        '',
        '    def test_other_tenant_cannot_read_limits(self):',
        '        policy.authorize({}, "limits")',
        '',
        "    @mock.patch('app.policy.authorize')",
        '    def test_skip_policy_for_none(self, skipped):',
        '        policy.authorize({}, "none")',
        '        skipped.assert_not_called()',
      ),
    };
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const fl206 = ws.analyze('tests/test_limits.py').diagnostics.filter((d) => d.ruleId === 'FL206');
      assert.deepEqual(fl206.map((d) => `${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column}`), ['10:23-10:28']);
      assert.match(fl206[0].message, /for test LimitsTests\.test_other_tenant_cannot_read_limits \(its name says "other_tenant"\); the check/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('FL205 across a workspace', () => {
  const files = {
    'app/__init__.py': '',
    'app/views.py': py('from app import models', 'import app.tests.fakes', 'from app.tests.fakes import FakeMailer as Mailer  # noqa', '', 'def mailer():', '    return Mailer()'),
    'app/models.py': py('class Item:', '    pass'),
    'app/testing_support.py': py('from app.tests import fakes', '', 'def test_helper_is_test_code():', '    assert fakes'),
    'app/tests/__init__.py': '',
    'app/tests/fakes.py': py('class FakeMailer:', '    sent = []'),
    'app/tests/test_views.py': py('from app.tests import fakes', '', 'def test_mailer():', '    assert fakes.FakeMailer'),
  };

  it('reports each production import of test code at the statement, and nothing in test code', async () => {
    assert.deepEqual(await findingsIn(files, 'app/views.py'), ['2:0-2:22 FL205', '3:0-3:48 FL205']);
    assert.deepEqual(await findingsIn(files, 'app/models.py'), []);
    assert.deepEqual(await findingsIn(files, 'app/testing_support.py'), []);
    assert.deepEqual(await findingsIn(files, 'app/tests/test_views.py'), []);
  });

  it('outside the test globs, test code is a module that defines tests: not one that only imports django.test', async () => {
    const more = {
      ...files,
      // wagtail-style: a production helper builds requests with django.test's RequestFactory.
      'app/coreutils.py': py('from django.test import RequestFactory', '', 'def dummy_request(path="/"):', '    return RequestFactory().get(path)'),
      // paperless-style: a view whose action is called `test`.
      'app/mail_views.py': py('class MailAccountViewSet:', '    def test(self, request):', '        return request'),
      // A template-tag module's module-level `test_…` function is no test a runner collects.
      'app/tags.py': py('def test_collection_is_public(collection):', '    return collection.public'),
      'app/checks.py': py('from django.test import TestCase', '', 'class ItemChecks(TestCase):', '    def test_item(self):', '        pass'),
      'app/urls.py': py('from app.coreutils import dummy_request', 'from app.mail_views import MailAccountViewSet', 'from app.checks import ItemChecks', 'from app.tags import test_collection_is_public'),
    };
    assert.deepEqual(await findingsIn(more, 'app/urls.py'), ['3:0-3:33 FL205']);
  });

  it('relative imports are read from the importing module: in a module and in a package __init__.py', async () => {
    const relative = {
      ...files,
      'app/admin.py': py('from .tests.fakes import FakeMailer', 'from .tests import fakes', 'from . import models', 'from .models import Item'),
      'app/api/__init__.py': py('from ..tests import fakes', 'from .. import models'),
      'app/api/views.py': py('from ..tests.fakes import FakeMailer', 'from .. import models'),
    };
    assert.deepEqual(await findingsIn(relative, 'app/admin.py'), ['1:0-1:35 FL205', '2:0-2:24 FL205']);
    assert.deepEqual(await findingsIn(relative, 'app/api/__init__.py'), ['1:0-1:25 FL205']);
    assert.deepEqual(await findingsIn(relative, 'app/api/views.py'), ['1:0-1:36 FL205']);
  });
});

describe('FL104 across a workspace', () => {
  it('a policy engine loaded with rules from test data, or loaded on the way by a helper, gets no hint', async () => {
    const files = {
      'app/__init__.py': '',
      'app/policy.py': py('from oslo_policy import policy', '', '_ENFORCER = None', '', 'def init(rules=None):', '    global _ENFORCER', '    _ENFORCER = policy.Enforcer(None, rules=rules)'),
      'tests/__init__.py': '',
      'tests/fake_policy.py': py("policy_data = {'admin_api': '@'}"),
      'tests/fixtures.py': py(
        'import fixtures',
        '',
        'from app import policy',
        'from tests import fake_policy',
        '',
        'class RealPolicyFixture(fixtures.Fixture):',
        '    def _setUp(self):',
        '        policy.init()',
        '',
        'class TestDataPolicyFixture(fixtures.Fixture):',
        '    def _setUp(self):',
        '        policy.init(rules=fake_policy.policy_data)',
      ),
      'tests/helpers.py': py('from app import policy', '', 'def make_context():', '    policy.init()', "    return {'user': 'u1'}"),
      'tests/test_policy.py': py(
        'import testtools',
        '',
        'from tests import fixtures as test_fixtures',
        'from tests.helpers import make_context',
        '',
        'class RealTests(testtools.TestCase):',
        '    def setUp(self):',
        '        super().setUp()',
        '        self.useFixture(test_fixtures.RealPolicyFixture())',
        '',
        '    def test_admin_only(self):',
        '        pass',
        '',
        'class TestDataTests(testtools.TestCase):',
        '    def setUp(self):',
        '        super().setUp()',
        '        self.useFixture(test_fixtures.TestDataPolicyFixture())',
        '',
        '    def test_admin_only(self):',
        '        pass',
        '',
        'def test_context_helper():',
        '    assert make_context()',
      ),
    };
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const analysis = ws.analyze('tests/test_policy.py');
      // The helper does load the real engine (the model says so); the hint stays on the fixture.
      assert.equal(analysis.doubles.find((d) => d.name === 'make_context')?.facts.authz, 'enforced');
      const hints = analysis.diagnostics.filter((d) => RULE_IDS.has(d.ruleId)).map((d) => `${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column} ${d.ruleId}`);
      assert.deepEqual(hints, ['9:38-9:55 FL104']);
    } finally {
      removeTemp(root);
    }
  });
});


describe('FL102/FL103 on a workspace fixture that sets up a known fake', () => {
  it('says which fake it sets up (a helper stubbing production code still "replaces production code": nova_like :34)', async () => {
    const files = {
      'shop/__init__.py': '',
      'shop/payments.py': py('def charge(amount):', '    raise RuntimeError("network")'),
      'tests/__init__.py': '',
      'tests/conftest.py': py('import pytest', 'from moto import mock_aws', '', '', '@pytest.fixture', 'def aws():', '    with mock_aws():', '        yield'),
      'tests/test_buckets.py': py('def test_bucket(aws):', '    assert aws is None'),
    };
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const file = 'tests/test_buckets.py';
      assert.match(finding(ws, file, 1, 'FL102').message, /^aws sets up a fake service \(moto AWS mocks\): serves fake data \(tests\/conftest\.py:7\); only AWS endpoints are faked/);
      assert.match(finding(ws, file, 1, 'FL103').message, /^aws sets up a fake service that accepts any credentials \(moto AWS mocks, tests\/conftest\.py:7\)/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('FL101/FL103 on requests a RequestFactory builds', () => {
  it('the factory is a request builder (FL101); request.user set by the test simulates authentication (FL103), not None, not on other objects', async () => {
    const files = {
      'blog/__init__.py': '',
      'blog/views.py': py('def post_detail(request, pk):', '    return request.user'),
      'tests/__init__.py': '',
      'tests/test_views.py': py(
        'from django.contrib.auth.models import AnonymousUser', // 1
        'from django.test import RequestFactory, TestCase',
        'from blog.views import post_detail',
        '',
        '',
        'class PostDetailViewTest(TestCase):', // 6
        '    @classmethod',
        '    def setUpTestData(cls):',
        '        cls.factory = RequestFactory()', // 9
        '',
        '    def setUp(self):',
        "        self.request = self.factory.get('/posts/1/')", // 12
        '',
        '    def test_author_sees_draft(self):',
        '        self.request.user = self.author', // 15: FL103
        '        post_detail(self.request, 1)',
        '',
        '    def test_local_request(self):',
        "        request = RequestFactory().post('/posts/')", // 19: FL101
        '        request.user = self.author', // 20: FL103
        '',
        '    def test_anonymous(self):',
        '        self.request.user = None', // 23: none
        '        self.request.user = AnonymousUser()', // 24: none
        '',
        '    def test_other_objects(self):',
        '        profile = make_profile()',
        '        profile.user = self.author', // 28: none
        "        response = self.client.get('/')",
        '        response.user = self.author', // 30: none, a client's response
        '',
        '',
        'def test_with_rf_fixture(rf, admin_user):', // 33: FL101 (rf)
        "    request = rf.get('/')",
        '    request.user = admin_user', // 35: FL103
        '',
        '',
        'def test_with_own_factory(factory, user):',
        "    request = factory.get('/')",
        '    request.user = user', // 40: none, factory is unknown
      ),
      '.venv/lib/python3.12/site-packages/pytest_django/__init__.py': '',
    };
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const analysis = ws.analyze('tests/test_views.py');
      const hints = analysis.diagnostics.filter((d) => d.ruleId === 'FL101' || d.ruleId === 'FL103').map((d) => `${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.column} ${d.ruleId}`);
      assert.deepEqual(hints, ['9:22-36 FL101', '15:8-25 FL103', '19:18-32 FL101', '20:8-20 FL103', '29:24-30 FL101', '33:25-27 FL101', '35:4-16 FL103']);
      const fl103 = finding(ws, 'tests/test_views.py', 15, 'FL103');
      assert.match(fl103.message, /^setting self\.request\.user simulates authentication/);
      assert.match(finding(ws, 'tests/test_views.py', 9, 'FL101').message, /builds requests that the test hands to a view itself.*no client, no middleware, no socket/);
      const double = analysis.doubles.find((d) => d.form === 'identity-assignment' && d.span.start.row + 1 === 15);
      assert.match(double?.explanation ?? '', /The request is built at tests\/test_views\.py:12\./);
      // The identity is the test's, on a request that goes to a view in the test process.
      assert.deepEqual({ authn: double?.facts.authn, transport: double?.facts.transport }, { authn: 'simulated', transport: 'in-process' });
      assert.deepEqual(double?.evidence.map((e) => `${e.fact}@${e.line}`).sort(), ['authn@15', 'transport@12']);
    } finally {
      removeTemp(root);
    }
  });
});
