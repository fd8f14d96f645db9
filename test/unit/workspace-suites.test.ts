/**
 * The fixture workspaces end to end: the facts, kinds, definitions, evidence, reachability and
 * authorization scopes their `EXPECTED.md` files list (nova, pytest, Django, FastAPI styles and
 * the look-alikes), as the CLI analyses them. Rules other than FL105 belong to later issues.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { FileAnalysis, TestDouble } from '../../server/src/model/types';
import { doubleAt, evidenceOf, loadWorkspace, WORKSPACES, type LoadedWorkspace } from '../helpers/workspace';

/** The facts of a double without reachability, for compact comparisons. */
function factsOf(double: TestDouble): string {
  const { transport, authn, authz, data } = double.facts;
  return `transport=${transport} authn=${authn} authz=${authz} data=${data}`;
}

function scopeOf(analysis: FileAnalysis, test: string): { authz: string; steps: string[] } {
  const scope = analysis.authorization.find((s) => s.test === test);
  if (!scope) throw new Error(`no authorization scope for ${test}`);
  return { authz: scope.authz, steps: scope.steps.map((s) => `${s.path}:${s.line}=${s.authz}`) };
}

function fl105Lines(analysis: FileAnalysis): number[] {
  return analysis.diagnostics.filter((d) => d.ruleId === 'FL105').map((d) => d.span.start.row + 1);
}

describe('nova_like', () => {
  let ws: LoadedWorkspace;
  let demo: FileAnalysis;
  let vacuous: FileAnalysis;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'nova_like'));
    demo = ws.analyze('compute/tests/functional/regressions/test_bug_1000001.py');
    vacuous = ws.analyze('compute/tests/functional/test_policy_vacuous.py');
  });

  describe('the demo file (test_bug_1000001.py)', () => {
    it(':23 RealPolicyFixture enforces the shipped policy (compute/policy.py:33)', () => {
      const real = doubleAt(demo, 23, 'RealPolicyFixture');
      assert.equal(real.kind, 'policy');
      assert.deepEqual(real.definedAt, { path: 'compute/tests/fixtures/policy.py', line: 7 });
      assert.equal(real.facts.authz, 'enforced');
      assert.deepEqual(evidenceOf(real, 'authz'), ['compute/policy.py:33']);
      assert.equal(real.facts.reachableFromProduction, false);
    });

    it(':24 NeutronFixture(self) and :25 GlanceFixture(self) are in-process fake services', () => {
      const neutron = doubleAt(demo, 24, 'NeutronFixture');
      assert.equal(neutron.kind, 'fake-service');
      assert.deepEqual(neutron.definedAt, { path: 'compute/tests/fixtures/neutron.py', line: 35 });
      assert.equal(factsOf(neutron), 'transport=in-process authn=unknown authz=unknown data=fake');
      assert.ok(evidenceOf(neutron, 'data').includes('compute/tests/fixtures/neutron.py:61'));
      const glance = doubleAt(demo, 25, 'GlanceFixture');
      assert.equal(glance.kind, 'fake-service');
      assert.equal(factsOf(glance), 'transport=in-process authn=unknown authz=unknown data=fake');
      assert.deepEqual(evidenceOf(glance, 'transport'), ['compute/tests/fixtures/glance.py:31']);
      // The config value http://localhost:9292 (glance.py:30) is never called: no evidence.
      assert.ok(!evidenceOf(glance).includes('compute/tests/fixtures/glance.py:30'));
    });

    it(':26 PlacementFixture stays unknown: its base is outside the workspace, its docstring is no evidence', () => {
      const placement = doubleAt(demo, 26, 'PlacementFixture');
      assert.deepEqual(placement.definedAt, { path: 'compute/tests/functional/fixtures.py', line: 6 });
      assert.equal(factsOf(placement), 'transport=unknown authn=unknown authz=unknown data=unknown');
      assert.match(placement.unresolved ?? '', /`placement`/);
      assert.ok(!evidenceOf(placement).includes('compute/tests/functional/fixtures.py:9'));
    });

    it(':28 OSAPIFixture is in-process (wsgi-intercept, core.py:52) with simulated identity (core.py:66)', () => {
      const osapi = doubleAt(demo, 28, 'OSAPIFixture');
      assert.equal(osapi.kind, 'in-process-api');
      assert.deepEqual(osapi.definedAt, { path: 'compute/tests/fixtures/core.py', line: 25 });
      assert.equal(osapi.facts.transport, 'in-process');
      assert.equal(osapi.facts.authn, 'simulated');
      assert.equal(osapi.facts.authz, 'unknown', 'the fixture does not touch policy');
      assert.deepEqual(evidenceOf(osapi, 'transport'), ['compute/tests/fixtures/core.py:52']);
      assert.deepEqual(evidenceOf(osapi, 'authn'), ['compute/tests/fixtures/core.py:66']);
      assert.ok(!evidenceOf(osapi).includes('compute/tests/fixtures/core.py:28'), 'the docstring "binds a port" is no evidence');
      assert.equal(osapi.facts.reachableFromProduction, false);
    });

    it(':31 api_fixture.admin_api inherits the fixture’s transport and identity', () => {
      const admin = doubleAt(demo, 31, 'admin_api');
      assert.equal(admin.form, 'fixture-attribute');
      assert.deepEqual(admin.definedAt, { path: 'compute/tests/fixtures/core.py', line: 60 });
      assert.equal(admin.facts.transport, 'in-process');
      assert.equal(admin.facts.authn, 'simulated');
      assert.ok(evidenceOf(admin, 'transport').includes('compute/tests/fixtures/core.py:52'));
    });

    it(':34 fake_network.set_stub_network_methods(self) stubs the network allocation with fakes', () => {
      const helper = doubleAt(demo, 34, 'set_stub_network_methods');
      assert.equal(helper.form, 'helper-call');
      assert.deepEqual(helper.definedAt, { path: 'compute/tests/unit/fake_network.py', line: 4 });
      assert.equal(helper.facts.data, 'fake');
      assert.deepEqual(evidenceOf(helper, 'data'), ['compute/tests/unit/fake_network.py:13', 'compute/tests/unit/fake_network.py:15']);
      assert.match(helper.unresolved ?? '', /compute\.manager\.ComputeManager\._allocate_network/);
    });

    it('the test runs under the real policy: authorization enforced, from RealPolicyFixture', () => {
      assert.deepEqual(scopeOf(demo, 'TestLiveMigrateAfterStop.test_live_migrate_after_stop_start'), { authz: 'enforced', steps: ['compute/policy.py:33=enforced'] });
    });

    it('no double claims network or loopback, and no FL2xx rule fires', () => {
      assert.deepEqual(demo.doubles.filter((d) => d.facts.transport === 'network' || d.facts.transport === 'loopback').map((d) => d.name), []);
      assert.deepEqual(demo.diagnostics.filter((d) => d.ruleId.startsWith('FL2')), []);
    });
  });

  describe('the FL206 file (test_policy_vacuous.py)', () => {
    it(':13 PermissivePolicyFixture bypasses authorization and is reachable from production (compute/utils/debug.py:2)', () => {
      const permissive = doubleAt(vacuous, 13, 'PermissivePolicyFixture');
      assert.equal(permissive.kind, 'policy-bypass');
      assert.deepEqual(permissive.definedAt, { path: 'compute/tests/fixtures/policy.py', line: 17 });
      assert.equal(permissive.facts.authz, 'bypassed');
      assert.deepEqual(evidenceOf(permissive, 'authz'), ['compute/tests/fixtures/policy.py:22']);
      assert.equal(permissive.facts.reachableFromProduction, true);
      assert.deepEqual(evidenceOf(permissive, 'reachableFromProduction'), ['compute/utils/debug.py:2']);
    });

    it(':16 OSAPIFixture and its :18 admin_api / :19 api clients are in-process with simulated identity', () => {
      assert.equal(factsOf(doubleAt(vacuous, 16, 'OSAPIFixture')), 'transport=in-process authn=simulated authz=unknown data=fake');
      for (const [line, name, definedLine] of [[18, 'admin_api', 60], [19, 'api', 57]] as const) {
        const client = doubleAt(vacuous, line, name);
        assert.deepEqual(client.definedAt, { path: 'compute/tests/fixtures/core.py', line: definedLine });
        assert.equal(client.facts.transport, 'in-process');
        assert.equal(client.facts.authn, 'simulated');
      }
    });

    it('every test in the class runs with authorization bypassed by the setUp fixture', () => {
      for (const test of ['ServerDeletePolicyTest.test_delete_forbidden_for_non_admin', 'ServerDeletePolicyTest.test_server_list_includes_new_server']) {
        assert.deepEqual(scopeOf(vacuous, test), { authz: 'bypassed', steps: ['compute/tests/fixtures/policy.py:22=bypassed'] });
      }
    });
  });

  it('test_live_api.py :12 LiveAPIServerFixture binds all interfaces: network, not in-process, no inherited identity', () => {
    const live = doubleAt(ws.analyze('compute/tests/functional/test_live_api.py'), 12, 'LiveAPIServerFixture');
    assert.equal(live.kind, 'network-server');
    assert.equal(live.facts.transport, 'network');
    assert.deepEqual(evidenceOf(live, 'transport'), ['compute/tests/fixtures/core.py:85']);
    assert.equal(live.facts.authn, 'unknown');
    assert.ok(!evidenceOf(live).includes('compute/tests/fixtures/core.py:81'), 'the docstring "in-process" is no evidence');
  });

  it('test_conf.py: self.flags(my_ip=...) is configuration, not a bind', () => {
    const conf = ws.analyze('compute/tests/unit/test_conf.py');
    assert.ok(!conf.doubles.some((d) => d.facts.transport === 'network'));
  });

  it('reachability: only PermissivePolicyFixture is imported by production code', () => {
    const reachable = [...demo.doubles, ...vacuous.doubles].filter((d) => d.form === 'use-fixture').map((d) => `${d.name}=${d.facts.reachableFromProduction}`);
    assert.deepEqual([...new Set(reachable)].sort(), [
      'GlanceFixture=false',
      'NeutronFixture=false',
      'OSAPIFixture=false',
      'PermissivePolicyFixture=true',
      'PlacementFixture=false',
      'RealPolicyFixture=false',
    ]);
  });
});

describe('pytest_app', () => {
  let ws: LoadedWorkspace;
  let orders: FileAnalysis;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'pytest_app'));
    orders = ws.analyze('tests/api/test_orders.py');
  });

  it('client resolves to the nearest conftest.py (tests/api overrides tests/): in-process Flask client, session injected', () => {
    for (const line of [6, 13, 18, 25, 31]) {
      const client = doubleAt(orders, line, 'client');
      assert.deepEqual(client.definedAt, { path: 'tests/api/conftest.py', line: 5 }, `:${line}`);
      assert.equal(client.kind, 'in-process-client');
      assert.equal(client.facts.transport, 'in-process');
      assert.equal(client.facts.authn, 'simulated');
      assert.deepEqual(evidenceOf(client, 'transport'), ['tests/api/conftest.py:7']);
      assert.deepEqual(evidenceOf(client, 'authn'), ['tests/api/conftest.py:8']);
      assert.equal(client.facts.reachableFromProduction, false);
    }
  });

  it('db comes from tests/conftest.py; parametrize names are not fixtures; tmp_path and monkeypatch are builtins', () => {
    assert.deepEqual(doubleAt(orders, 13, 'db').definedAt, { path: 'tests/conftest.py', line: 28 });
    assert.ok(!orders.doubles.some((d) => d.name === 'qty' || d.name === 'expected'));
    assert.deepEqual(doubleAt(orders, 18, 'tmp_path').definedAt, { knowledge: 'pytest-tmp-path' });
    assert.deepEqual(doubleAt(orders, 25, 'monkeypatch', 'pytest-parameter').definedAt, { knowledge: 'pytest-monkeypatch' });
  });

  it('summaries keep fixture options: session scope, yield fixtures, autouse', () => {
    const fixtures = (file: string) => Object.fromEntries(ws.summary(file).functions.flatMap((f) => (f.fixture ? [[f.fixture.name, f.fixture]] : [])));
    const root = fixtures('tests/conftest.py');
    assert.equal(root.app.scope, 'session');
    assert.equal(root.client.isYieldFixture, true);
    assert.equal(root.db.isYieldFixture, true);
    assert.equal(root.no_network.autouse, true);
    assert.equal(fixtures('tests/api/conftest.py').allow_all.autouse, true);
  });

  it('the autouse allow_all fixture bypasses authorization for every test under tests/api/', () => {
    for (const scope of orders.authorization) {
      assert.deepEqual({ test: scope.test, ...scopeOf(orders, scope.test) }, { test: scope.test, authz: 'bypassed', steps: ['tests/api/conftest.py:15=bypassed'] });
    }
    assert.equal(orders.authorization.length, 5);
  });

  it('allow_all does not cover tests/test_cli.py or tests/payments/', () => {
    const cli = ws.analyze('tests/test_cli.py');
    assert.deepEqual(scopeOf(cli, 'test_purge_forbidden_without_permission'), { authz: 'unknown', steps: [] });
    assert.deepEqual(doubleAt(cli, 17, 'capsys').definedAt, { knowledge: 'pytest-builtins' });
    const charges = ws.analyze('tests/payments/test_charges.py');
    assert.ok(charges.authorization.every((s) => s.authz === 'unknown' && s.steps.length === 0));
  });

  it('no_network is not an interceptor: it only edits proxy variables', () => {
    const { module, fn } = ws.functionOf('tests/conftest.py', 'no_network');
    const derivation = ws.context.deriver.deriveFunction(module, fn);
    assert.ok(!derivation.claims.some((c) => c.fact === 'transport'));
  });

  it('payments: the requests_mock plugin fixture and @responses.activate are in-process HTTP mocks with fake data', () => {
    const charges = ws.analyze('tests/payments/test_charges.py');
    const mock = doubleAt(charges, 13, 'requests_mock');
    assert.deepEqual(mock.definedAt, { knowledge: 'requests-mock' });
    assert.equal(mock.kind, 'intercepted-http');
    assert.equal(factsOf(mock), 'transport=in-process authn=unknown authz=unknown data=fake');
    for (const line of [20, 28]) {
      const decorator = doubleAt(charges, line, 'responses.activate');
      assert.deepEqual(decorator.definedAt, { knowledge: 'responses' });
      assert.equal(decorator.facts.transport, 'in-process');
    }
  });
});

describe('django_app', () => {
  let views: FileAnalysis;
  let api: FileAnalysis;
  before(async () => {
    const ws = await loadWorkspace(path.join(WORKSPACES, 'django_app'));
    views = ws.analyze('blog/tests/test_views.py');
    api = ws.analyze('blog/tests/test_api.py');
  });

  it('self.client provided by django.test.TestCase is an in-process client on the test database, at its first use in each test', () => {
    const uses = views.doubles.filter((d) => d.form === 'fixture-attribute' && d.name === 'client').map((d) => d.span.start.row + 1);
    assert.deepEqual(uses, [21, 25, 31, 37, 42, 48, 57, 65]);
    const client = doubleAt(views, 21, 'client');
    assert.equal(client.kind, 'in-process-client');
    assert.deepEqual(client.definedAt, { knowledge: 'django-testcase-client' });
    assert.equal(client.qualifiedName, 'django.test.TestCase.client');
    assert.equal(client.facts.transport, 'in-process');
    assert.equal(client.facts.data, 'fake');
    assert.deepEqual(evidenceOf(client, 'transport'), ['blog/tests/test_views.py:12']);
  });

  it('force_login simulates identity on the in-process client; login() checks a real password', () => {
    for (const line of [25, 42, 48, 57, 65]) {
      const login = doubleAt(views, line, 'force_login');
      assert.equal(login.kind, 'auth-simulated');
      assert.equal(factsOf(login), 'transport=in-process authn=simulated authz=unknown data=fake', `:${line}`);
    }
    const real = doubleAt(views, 31, 'login');
    assert.deepEqual(real.definedAt, { knowledge: 'django-client-login' });
    assert.equal(real.facts.authn, 'real');
  });

  it(':35 override_settings is a scoped configuration override', () => {
    const override = doubleAt(views, 35, 'override_settings');
    assert.equal(override.kind, 'config-override');
    assert.equal(factsOf(override), 'transport=unknown authn=unknown authz=unknown data=unknown');
  });

  it('patches of can_edit: :40 bypass, :49 spy (wraps=) keeps the check, :59 bypass in a with block', () => {
    const bypass = doubleAt(views, 40, 'patch');
    assert.deepEqual(bypass.definedAt, { path: 'blog/views.py', line: 10 });
    assert.equal(bypass.facts.authz, 'bypassed');
    assert.deepEqual(evidenceOf(bypass, 'authz'), ['blog/tests/test_views.py:40']);
    assert.equal(doubleAt(views, 49, 'patch').facts.authz, 'enforced');
    assert.equal(doubleAt(views, 59, 'patch').facts.authz, 'bypassed');
  });

  it('authorization scopes follow the patches', () => {
    assert.deepEqual(scopeOf(views, 'PostViewTests.test_edit_forbidden_for_other_user'), { authz: 'bypassed', steps: ['blog/tests/test_views.py:40=bypassed'] });
    assert.deepEqual(scopeOf(views, 'PostViewTests.test_edit_denied_checks_can_edit'), { authz: 'enforced', steps: ['blog/tests/test_views.py:49=enforced'] });
    assert.deepEqual(scopeOf(views, 'PostViewTests.test_locked_post_cannot_be_edited'), { authz: 'bypassed', steps: ['blog/tests/test_views.py:59=bypassed'] });
    assert.deepEqual(scopeOf(views, 'PostViewTests.test_delete_requires_permission'), { authz: 'unknown', steps: [] });
  });

  it('LiveServerTestCase: :74 loopback by default; :81 with host = "0.0.0.0" (:84) on all interfaces', () => {
    const loopback = doubleAt(views, 74, 'LiveServerTestCase');
    assert.equal(loopback.form, 'base-class');
    assert.equal(loopback.kind, 'loopback-server');
    assert.equal(loopback.facts.transport, 'loopback');
    assert.equal(loopback.facts.data, 'fake');
    const lan = doubleAt(views, 81, 'LiveServerTestCase');
    assert.equal(lan.kind, 'network-server');
    assert.equal(lan.facts.transport, 'network');
    assert.deepEqual(evidenceOf(lan, 'transport'), ['blog/tests/test_views.py:84']);
    assert.ok(!evidenceOf(lan).includes('blog/tests/test_views.py:82'), 'the docstring is no evidence');
  });

  it('FL105 marks the placeholder passwords', () => {
    assert.deepEqual(fl105Lines(views), [16, 17, 31]);
    assert.deepEqual(fl105Lines(api), [13, 14]);
  });

  it('test_api.py: APIClient and APIRequestFactory are in-process; force_authenticate simulates identity', () => {
    assert.equal(doubleAt(api, 16, 'APIClient').facts.transport, 'in-process');
    assert.equal(doubleAt(api, 34, 'APIRequestFactory').facts.transport, 'in-process');
    for (const line of [23, 28]) assert.equal(factsOf(doubleAt(api, line, 'force_authenticate')), 'transport=in-process authn=simulated authz=unknown data=unknown');
    const onRequest = doubleAt(api, 35, 'force_authenticate');
    assert.deepEqual(onRequest.definedAt, { knowledge: 'django-force-login' });
    assert.equal(onRequest.facts.authn, 'simulated');
  });

  it('test_api.py: self.client.patch(...) is an HTTP PATCH, not a mock patch; nothing bypasses the permission classes', () => {
    assert.ok(!api.doubles.some((d) => d.span.start.row + 1 === 29), api.doubles.map((d) => `${d.span.start.row + 1} ${d.name}`).join(', '));
    assert.ok(api.authorization.every((s) => s.authz === 'unknown'));
  });
});

describe('fastapi_app', () => {
  let items: FileAnalysis;
  before(async () => {
    items = (await loadWorkspace(path.join(WORKSPACES, 'fastapi_app'))).analyze('tests/test_items.py');
  });

  it('client (conftest.py:10): TestClient in-process, identity simulated by dependency_overrides, fake user', () => {
    for (const line of [25, 31]) {
      const client = doubleAt(items, line, 'client');
      assert.deepEqual(client.definedAt, { path: 'tests/conftest.py', line: 10 });
      assert.equal(client.kind, 'in-process-client');
      assert.equal(factsOf(client), 'transport=in-process authn=simulated authz=unknown data=fake');
      assert.deepEqual(evidenceOf(client, 'transport'), ['tests/conftest.py:12']);
      assert.deepEqual(evidenceOf(client, 'authn'), ['tests/conftest.py:11']);
      assert.ok(evidenceOf(client, 'data').includes('tests/conftest.py:6'));
    }
    assert.equal(scopeOf(items, 'test_delete_item_needs_scope').authz, 'unknown', 'nothing patches the scope check');
  });

  it(':38 ASGITransport is in-process; :45 respx and :53 moto are fakes', () => {
    assert.equal(doubleAt(items, 38, 'ASGITransport').facts.transport, 'in-process');
    const respx = doubleAt(items, 45, 'respx.mock');
    assert.deepEqual(respx.definedAt, { knowledge: 'respx' });
    assert.equal(factsOf(respx), 'transport=in-process authn=unknown authz=unknown data=fake');
    const moto = doubleAt(items, 53, 'mock_aws');
    assert.deepEqual(moto.definedAt, { knowledge: 'moto' });
    assert.equal(moto.facts.authn, 'simulated');
    assert.equal(moto.facts.data, 'fake');
  });

  it(':80 live_server (test_items.py:74) runs uvicorn on all interfaces in a thread: network', () => {
    const live = doubleAt(items, 80, 'live_server');
    assert.deepEqual(live.definedAt, { path: 'tests/test_items.py', line: 74 });
    assert.equal(live.facts.transport, 'network');
    assert.deepEqual(evidenceOf(live, 'transport'), ['tests/test_items.py:70']);
  });

  it('FL105 marks the placeholder AWS secret', () => {
    assert.ok(fl105Lines(items).includes(57));
  });
});

describe('lookalikes', () => {
  let ws: LoadedWorkspace;
  let network: FileAnalysis;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'lookalikes'));
    network = ws.analyze('tests/test_network_lookalikes.py');
  });

  it(':16 FakeRequestsInterceptor connects to a public host: network, never in-process', () => {
    const fake = doubleAt(network, 16, 'FakeRequestsInterceptor');
    assert.deepEqual(fake.definedAt, { path: 'tests/doubles.py', line: 10 });
    assert.equal(fake.facts.transport, 'network');
    assert.deepEqual(evidenceOf(fake, 'transport'), ['tests/doubles.py:19']);
  });

  it(':20 InProcessClient is not in-process; :21 api.get goes to the real host (doubles.py:36, host :7)', () => {
    assert.notEqual(doubleAt(network, 20, 'InProcessClient').facts.transport, 'in-process');
    const get = doubleAt(network, 21, 'get');
    assert.equal(get.facts.transport, 'network');
    assert.deepEqual(evidenceOf(get, 'transport'), ['tests/doubles.py:36', 'tests/doubles.py:7']);
  });

  it(':24 requests_mock.Mocker is the real requests-mock', () => {
    const mocker = doubleAt(network, 24, 'Mocker');
    assert.deepEqual(mocker.definedAt, { knowledge: 'requests-mock' });
    assert.equal(mocker.facts.transport, 'in-process');
  });

  it('no double in the network file is in-process except requests-mock', () => {
    assert.deepEqual(network.doubles.filter((d) => d.facts.transport === 'in-process').map((d) => d.name), ['Mocker']);
  });

  it('the local MockPatch (tests/doubles.py:39) patches nothing: authorization is not bypassed', () => {
    const auth = ws.analyze('tests/test_auth_lookalikes.py');
    const local = doubleAt(auth, 23, 'MockPatch');
    assert.deepEqual(local.definedAt, { path: 'tests/doubles.py', line: 39 });
    assert.equal(local.facts.authz, 'unknown');
    assert.equal(local.facts.data, 'unknown');
    assert.match(local.unresolved ?? '', /not a known patch primitive/);
    assert.equal(scopeOf(auth, 'WidgetAccessTests.test_delete_forbidden_without_grant').authz, 'unknown');
    // A payment pre-authorization mocked by name: bypassed is tolerated, enforced never.
    assert.notEqual(doubleAt(auth, 12, 'patch').facts.authz, 'enforced');
  });

  it('settings objects and dict literals with 0.0.0.0 are not binds', () => {
    const config = ws.analyze('tests/test_config_lookalikes.py');
    assert.ok(!config.doubles.some((d) => d.facts.transport === 'network'));
    assert.deepEqual(config.diagnostics.filter((d) => d.ruleId === 'FL204'), []);
  });

  it('FL105 marks the fake password', () => {
    assert.ok(fl105Lines(ws.analyze('tests/test_secret_lookalikes.py')).includes(10));
  });
});

describe('examples/nova_style (the bundled example)', () => {
  it('a decorator patch of production code quotes its own line as the evidence of its fake data', async () => {
    const ws = await loadWorkspace(path.join(WORKSPACES, '..', '..', '..', 'examples', 'nova_style'));
    const patch = doubleAt(ws.analyze('nova/tests/functional/regressions/test_bug_1702454.py'), 42, 'patch');
    assert.equal(patch.form, 'patch-decorator');
    assert.deepEqual(
      patch.evidence.filter((e) => e.fact === 'data').map((e) => `${e.line} ${e.text}`),
      ["42 @mock.patch('nova.compute.api.API._check_image_is_volume_backed')"],
    );
  });
});
