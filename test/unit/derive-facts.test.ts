/**
 * Fact derivation, one propagation step per test: knowledge-base calls and patch targets, setup
 * methods with dynamic dispatch, bases, child fixtures, patch wrappers, parameter bindings, binds and
 * client calls, policy engines fed with test data; and the negatives (look-alike names, docstrings,
 * uncalled methods, deleted definitions stay unknown with a reason).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeClaims, type ClassRef, type Derivation } from '../../server/src/analysis/derive-facts';
import { copyWorkspace, doubleAt, evidenceOf, loadWorkspace, py, removeTemp, WORKSPACES, writeTempWorkspace, type LoadedWorkspace } from '../helpers/workspace';

const FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/policy.py': py(
    'from oslo_policy import policy',
    '',
    '_ENFORCER = None',
    '',
    'def init():',
    '    global _ENFORCER',
    '    _ENFORCER = policy.Enforcer(None)',
    '    return _ENFORCER',
    '',
    'def authorize(context, action):',
    '    return init().authorize(action, {}, context)',
  ),
  'app/service.py': py('def get_client():', '    return object()'),
  'tests/__init__.py': '',
  'tests/fake_policy.py': py("policy_data = '{\"admin_api\": \"\"}'"),
  'tests/base.py': py(
    'import fixtures',
    'import testtools',
    '',
    '',
    'class TestCase(testtools.TestCase):',
    '    def stub_out(self, old, new):',
    '        self.useFixture(fixtures.MonkeyPatch(old, new))',
  ),
  'tests/helpers.py': py(
    'import fixtures',
    '',
    '',
    'def swap(test, old, new):',
    '    test.useFixture(fixtures.MonkeyPatch(old, new))',
  ),
  'tests/fx.py': py(
    'import threading',
    'import wsgiref.simple_server',
    '',
    'import fixtures',
    'import requests',
    'from oslo_policy import policy as oslo_policy',
    'from oslo_serialization import jsonutils',
    'from wsgi_intercept import interceptor',
    '',
    'from app import policy',
    'from tests import fake_policy',
    'from tests.helpers import swap',
    '',
    "LAN = '0.0.0.0'",
    "API = 'https://api.example.com'",
    "LOCAL = 'http://127.0.0.1:8000'",
    '',
    '',
    'class Intercepted(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        interceptor.RequestsInterceptor(lambda: None, url='http://sentinel/')",
    '',
    '',
    'class KeystoneStub(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self.useFixture(fixtures.MockPatch(',
    "            'keystonemiddleware.auth_token.filter_factory', return_value=lambda app: app))",
    '',
    '',
    'class AllowAll(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.useFixture(fixtures.MockPatch('app.policy.authorize', return_value=True))",
    '',
    '',
    'class DenyAll(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.useFixture(fixtures.MockPatch('app.policy.authorize', return_value=False))",
    '',
    '',
    'class SpyPolicy(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.useFixture(fixtures.MockPatch('app.policy.authorize', wraps=policy.authorize))",
    '',
    '',
    'class CannedClient(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.useFixture(fixtures.MonkeyPatch('app.service.get_client', lambda: None))",
    '',
    '',
    'class DelegatingClient(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.useFixture(fixtures.MonkeyPatch('app.service.get_client', self._client))",
    '',
    '    def _client(self):',
    '        return object()',
    '',
    '',
    'class Template(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self._install()',
    '',
    '    def _install(self):',
    '        pass',
    '',
    '',
    'class InterceptingTemplate(Template):',
    '    def _install(self):',
    "        interceptor.RequestsInterceptor(lambda: None, url='http://sentinel/')",
    '',
    '',
    'class InheritsIntercepted(Intercepted):',
    '    pass',
    '',
    '',
    'class Parent(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self.useFixture(Intercepted())',
    '',
    '',
    'class WrappedPatch(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        swap(self, 'app.policy.authorize', lambda *a: True)",
    '',
    '',
    'class NeedsTest(fixtures.Fixture):',
    '    def __init__(self, test):',
    '        super().__init__()',
    '        self.test = test',
    '',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.test.stub_out('app.service.get_client', lambda: None)",
    '',
    '',
    'class LanServer(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.server = wsgiref.simple_server.make_server('0.0.0.0', 0, None)",
    '',
    '',
    'class LanServerByConstant(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self.server = wsgiref.simple_server.make_server(LAN, 0, None)',
    '',
    '',
    'class LoopbackServer(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        self.server = wsgiref.simple_server.make_server('127.0.0.1', 0, None)",
    '',
    '',
    'class ThreadedServer(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        threading.Thread(target=_serve, daemon=True).start()',
    '',
    '',
    'def _serve():',
    "    wsgiref.simple_server.make_server('0.0.0.0', 8080, None).serve_forever()",
    '',
    '',
    'class RealHost(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        requests.get('https://api.example.com/health', timeout=5)",
    '',
    '',
    'class LocalHost(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        requests.get('http://localhost:8080/health', timeout=5)",
    '',
    '',
    'class BuiltUrl(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        requests.get(f'{API}/status', timeout=5)",
    '',
    '',
    'class BuiltLocalUrl(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        requests.get(LOCAL + '/status', timeout=5)",
    '',
    '',
    'class UnreadableUrl(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    "        requests.get(self.base + '/status', timeout=5)",
    '',
    '',
    'class RealPolicy(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        policy.init()',
    '',
    '',
    'class TestRulesPolicy(fixtures.Fixture):',
    '    def setUp(self):',
    '        super().setUp()',
    '        enforcer = oslo_policy.Enforcer(None)',
    '        enforcer.set_rules(jsonutils.loads(fake_policy.policy_data))',
    '',
    '',
    'class Talker(fixtures.Fixture):',
    '    """Binds 0.0.0.0 and installs wsgi_intercept.interceptor.RequestsInterceptor."""',
    '',
    '    def setUp(self):',
    '        super().setUp()',
    "        # make_server('0.0.0.0', 0, app) would be reachable from the LAN",
    "        self.note = 'wsgi_intercept.interceptor.RequestsInterceptor'",
    '',
    '    def serve_on_lan(self):',
    "        wsgiref.simple_server.make_server('0.0.0.0', 0, None)",
  ),
  'tests/test_uses.py': py(
    'from tests import base',
    'from tests import fx',
    '',
    '',
    'class UsesTest(base.TestCase):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self.useFixture(fx.NeedsTest(self))',
    '',
    '    def test_nothing(self):',
    '        pass',
  ),
};

/** 1-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  const index = FILES[file].split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

function facts(derivation: Derivation): Record<string, string | boolean | null> {
  return { ...summarizeClaims(derivation.claims).facts };
}

describe('fact derivation', () => {
  let root: string;
  let ws: LoadedWorkspace;
  const fx = (name: string): ClassRef => ws.classRef('tests/fx.py', name);
  const derive = (name: string): Derivation => ws.context.deriver.deriveClass(fx(name));
  before(async () => {
    root = writeTempWorkspace(FILES);
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('a knowledge-base call sets the fact, with the call line as evidence', () => {
    const derivation = derive('Intercepted');
    const summary = summarizeClaims(derivation.claims);
    assert.equal(summary.facts.transport, 'in-process');
    assert.equal(summary.kind, 'in-process-api');
    assert.deepEqual(evidenceOf(summary, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', 'interceptor.RequestsInterceptor')}`]);
    assert.match(derivation.claims[0].because, /wsgi-intercept/);
  });

  it('a patch of a known third-party target takes the target entry facts (keystone stubbed → authn simulated)', () => {
    const derivation = derive('KeystoneStub');
    assert.equal(facts(derivation).authn, 'simulated');
    assert.equal(derivation.patches[0]?.target, 'keystonemiddleware.auth_token.filter_factory');
    assert.equal(derivation.patches[0]?.replacesProductionCode, false);
    assert.deepEqual(evidenceOf(summarizeClaims(derivation.claims), 'authn'), [`tests/fx.py:${lineOf('tests/fx.py', 'self.useFixture(fixtures.MockPatch(')}`]);
  });

  it('patching an authorization check to allow → authz bypassed; to deny → not bypassed; a spy → enforced', () => {
    const allow = derive('AllowAll');
    assert.equal(facts(allow).authz, 'bypassed');
    assert.ok(allow.patches[0]?.isAuthorizationCheck);
    assert.deepEqual(evidenceOf(summarizeClaims(allow.claims), 'authz'), [`tests/fx.py:${lineOf('tests/fx.py', "'app.policy.authorize', return_value=True")}`]);
    assert.equal(facts(derive('DenyAll')).authz, 'unknown');
    assert.equal(facts(derive('SpyPolicy')).authz, 'enforced');
    assert.equal(facts(derive('SpyPolicy')).data, 'unknown', 'a spy fakes nothing');
  });

  it('stubbing production code makes its data fake; a canned replacement also answers in-process', () => {
    const canned = derive('CannedClient');
    assert.equal(facts(canned).data, 'fake');
    assert.equal(facts(canned).transport, 'in-process');
    assert.equal(canned.patches[0]?.replacesProductionCode, true);
    const delegating = derive('DelegatingClient');
    assert.equal(facts(delegating).data, 'fake');
    assert.equal(facts(delegating).transport, 'unknown', 'a replacement method may do anything');
  });

  it('dispatches self.method() on the most derived class (template method override)', () => {
    assert.equal(facts(derive('Template')).transport, 'unknown');
    const derived = summarizeClaims(derive('InterceptingTemplate').claims);
    assert.equal(derived.facts.transport, 'in-process');
    assert.deepEqual(evidenceOf(derived, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', 'class InterceptingTemplate') + 2}`]);
  });

  it('inherits setup from workspace base classes', () => {
    const inherited = summarizeClaims(derive('InheritsIntercepted').claims);
    assert.equal(inherited.facts.transport, 'in-process');
    assert.deepEqual(evidenceOf(inherited, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', 'interceptor.RequestsInterceptor')}`]);
  });

  it('runs child fixtures installed with useFixture', () => {
    const parent = summarizeClaims(derive('Parent').claims);
    assert.equal(parent.facts.transport, 'in-process');
    assert.deepEqual(evidenceOf(parent, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', 'interceptor.RequestsInterceptor')}`]);
  });

  it('recognises a workspace patch wrapper by its body and records the caller’s target', () => {
    const derivation = derive('WrappedPatch');
    assert.equal(facts(derivation).authz, 'bypassed');
    assert.equal(derivation.patches[0]?.target, 'app.policy.authorize');
    assert.match(derivation.patches[0]?.via ?? '', /swap \(tests\/helpers\.py:4, which calls fixtures\.MonkeyPatch\)/);
  });

  it('binds constructor parameters: NeedsTest(self) gets the test case, whose stub_out patches', () => {
    assert.equal(derive('NeedsTest').patches.length, 0, 'without the test case, self.test.stub_out is not known');
    const testCase = ws.classRef('tests/test_uses.py', 'UsesTest');
    const bound = ws.context.deriver.deriveClass(fx('NeedsTest'), new Map([['test', testCase]]));
    assert.equal(bound.patches[0]?.target, 'app.service.get_client');
    assert.match(bound.patches[0]?.via ?? '', /stub_out/);
    assert.equal(facts(bound).data, 'fake');
    // The same binding happens from a real use site.
    const analysis = ws.analyze('tests/test_uses.py');
    assert.equal(doubleAt(analysis, 8, 'NeedsTest').facts.data, 'fake');
  });

  it('a bind on all interfaces is network; through a module constant too; a loopback bind is loopback', () => {
    const lan = summarizeClaims(derive('LanServer').claims);
    assert.equal(lan.facts.transport, 'network');
    assert.equal(lan.kind, 'network-server');
    assert.deepEqual(evidenceOf(lan, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', "make_server('0.0.0.0', 0, None)")}`]);
    assert.equal(facts(derive('LanServerByConstant')).transport, 'network');
    const loopback = summarizeClaims(derive('LoopbackServer').claims);
    assert.equal(loopback.facts.transport, 'loopback');
    assert.equal(loopback.kind, 'loopback-server');
  });

  it('follows a thread target: the server it binds counts', () => {
    const threaded = summarizeClaims(derive('ThreadedServer').claims);
    assert.equal(threaded.facts.transport, 'network');
    assert.deepEqual(evidenceOf(threaded, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', "make_server('0.0.0.0', 8080")}`]);
  });

  it('a client call to a real host is network; to localhost, loopback', () => {
    const real = summarizeClaims(derive('RealHost').claims);
    assert.equal(real.facts.transport, 'network');
    assert.equal(real.kind, 'network-client');
    assert.equal(facts(derive('LocalHost')).transport, 'loopback');
  });

  it('a URL built from a module constant takes the constant’s host, with the constant as evidence', () => {
    const built = summarizeClaims(derive('BuiltUrl').claims);
    assert.equal(built.facts.transport, 'network');
    assert.deepEqual(evidenceOf(built, 'transport'), [`tests/fx.py:${lineOf('tests/fx.py', "f'{API}/status'")}`, `tests/fx.py:${lineOf('tests/fx.py', 'API = ')}`]);
    assert.equal(facts(derive('BuiltLocalUrl')).transport, 'loopback');
    const unreadable = derive('UnreadableUrl');
    assert.equal(facts(unreadable).transport, 'unknown');
    assert.ok(unreadable.gaps.some((g) => g.includes('cannot be read statically')), unreadable.gaps.join('; '));
  });

  it('a policy engine with the shipped rules enforces; fed with test-data rules, authorization is unknown', () => {
    const real = summarizeClaims(derive('RealPolicy').claims);
    assert.equal(real.facts.authz, 'enforced');
    assert.deepEqual(evidenceOf(real, 'authz'), [`app/policy.py:${lineOf('app/policy.py', 'policy.Enforcer')}`]);
    const testRules = derive('TestRulesPolicy');
    assert.equal(facts(testRules).authz, 'unknown');
    assert.ok(testRules.gaps.some((g) => g.includes('test data') && g.includes('tests/fake_policy.py:1')), testRules.gaps.join('; '));
  });

  it('docstrings, comments, string values and methods setup does not call are not evidence', () => {
    const talker = derive('Talker');
    assert.deepEqual(talker.claims, []);
    assert.deepEqual(facts(talker), { transport: 'unknown', authn: 'unknown', authz: 'unknown', data: 'unknown', reachableFromProduction: null });
  });
});

describe('fact derivation: look-alikes (lookalikes workspace)', () => {
  let ws: LoadedWorkspace;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'lookalikes'));
  });

  it('FakeRequestsInterceptor opens a real connection: network, never in-process', () => {
    const derivation = ws.context.deriver.deriveClass(ws.classRef('tests/doubles.py', 'FakeRequestsInterceptor'));
    const summary = summarizeClaims(derivation.claims);
    assert.equal(summary.facts.transport, 'network');
    assert.deepEqual(evidenceOf(summary, 'transport'), ['tests/doubles.py:19']);
    assert.ok(!derivation.claims.some((c) => c.value === 'in-process'));
  });

  it('InProcessClient is a real requests.Session: its setup claims nothing in-process', () => {
    const derivation = ws.context.deriver.deriveClass(ws.classRef('tests/doubles.py', 'InProcessClient'));
    assert.notEqual(summarizeClaims(derivation.claims).facts.transport, 'in-process');
    assert.equal(derivation.attributes.get('session')?.valueCallee, 'requests.Session');
  });

  it('the local MockPatch patches nothing', () => {
    const derivation = ws.context.deriver.deriveClass(ws.classRef('tests/doubles.py', 'MockPatch'));
    assert.deepEqual(derivation.patches, []);
    assert.deepEqual(derivation.claims, []);
  });
});

describe('fact derivation: deleted definitions stay unknown, with a reason', () => {
  const nova = path.join(WORKSPACES, 'nova_like');
  const demo = 'compute/tests/functional/regressions/test_bug_1000001.py';
  const copies: string[] = [];
  after(() => copies.forEach(removeTemp));

  it('control: the intact workspace derives OSAPIFixture and RealPolicyFixture', async () => {
    const analysis = (await loadWorkspace(nova)).analyze(demo);
    assert.equal(doubleAt(analysis, 28, 'OSAPIFixture').facts.transport, 'in-process');
    assert.equal(doubleAt(analysis, 23, 'RealPolicyFixture').facts.authz, 'enforced');
  });

  it('without the fixture module, OSAPIFixture is unknown and says why', async () => {
    const root = copyWorkspace(nova, ['compute/tests/fixtures/core.py']);
    copies.push(root);
    const analysis = (await loadWorkspace(root)).analyze(demo);
    const osapi = doubleAt(analysis, 28, 'OSAPIFixture');
    assert.deepEqual(
      { transport: osapi.facts.transport, authn: osapi.facts.authn, data: osapi.facts.data, definedAt: osapi.definedAt },
      { transport: 'unknown', authn: 'unknown', data: 'unknown', definedAt: null },
    );
    assert.match(osapi.unresolved ?? '', /OSAPIFixture is not defined in compute\.tests\.fixtures/);
    // What does not depend on core.py is unchanged.
    assert.equal(doubleAt(analysis, 23, 'RealPolicyFixture').facts.authz, 'enforced');
  });

  it('without the production policy module, the real-policy fixture is unknown and says why', async () => {
    const root = copyWorkspace(nova, ['compute/policy.py']);
    copies.push(root);
    const analysis = (await loadWorkspace(root)).analyze(demo);
    const real = doubleAt(analysis, 23, 'RealPolicyFixture');
    assert.equal(real.facts.authz, 'unknown');
    assert.match(real.unresolved ?? '', /policy\.init \(compute\/tests\/fixtures\/policy\.py:\d+\) cannot be followed: policy is not defined in compute/);
  });
});

describe('a base setUp derived once for the test classes it behaves the same in', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'app/__init__.py': '',
      'app/policy.py': py('def authorize(context, action):', '    return True'),
      'tests/__init__.py': '',
      'tests/base.py': py(
        'from unittest import mock',
        'import unittest',
        '',
        'class BaseTest(unittest.TestCase):',
        '    def setUp(self):',
        '        self.install_policy()',
        '',
        '    def install_policy(self):',
        "        mock.patch('app.policy.authorize', return_value=True).start()",
      ),
      'tests/test_things.py': py(
        'from tests import base',
        '',
        'class FirstTest(base.BaseTest):',
        '    def test_a(self):',
        '        pass',
        '',
        'class SecondTest(base.BaseTest):',
        '    def test_b(self):',
        '        pass',
        '',
        'class RealPolicyTest(base.BaseTest):',
        '    def install_policy(self):',
        '        pass',
        '',
        '    def test_c(self):',
        '        pass',
      ),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  const setUpOf = () => {
    const base = ws.classRef('tests/base.py', 'BaseTest');
    const fn = base.cls.methods.find((m) => m.name === 'setUp');
    assert.ok(fn);
    return { module: base.module, fn };
  };
  const authz = (derivation: Derivation): string[] => derivation.claims.filter((c) => c.fact === 'authz').map((c) => `${c.value} ${c.evidence.path}:${c.evidence.line}`);

  it('reuses the derivation for a class whose lookups on self find the same methods', () => {
    const { module, fn } = setUpOf();
    const first = ws.context.deriver.deriveInheritedSetup(module, fn, ws.classRef('tests/test_things.py', 'FirstTest'));
    const second = ws.context.deriver.deriveInheritedSetup(module, fn, ws.classRef('tests/test_things.py', 'SecondTest'));
    assert.equal(second, first);
    assert.deepEqual(authz(first), ['bypassed tests/base.py:9']);
  });

  it('derives again for a class that overrides a method the setUp dispatches to', () => {
    const { module, fn } = setUpOf();
    const first = ws.context.deriver.deriveInheritedSetup(module, fn, ws.classRef('tests/test_things.py', 'FirstTest'));
    const overriding = ws.context.deriver.deriveInheritedSetup(module, fn, ws.classRef('tests/test_things.py', 'RealPolicyTest'));
    assert.notEqual(overriding, first);
    assert.deepEqual(authz(overriding), []);
    // The same as deriving it from scratch.
    const fresh = ws.context.deriver.deriveFunction(module, fn, new Map(), ws.classRef('tests/test_things.py', 'RealPolicyTest'));
    assert.deepEqual(authz(fresh), authz(overriding));
  });
});

describe('derivations of a fixture built with the test case', () => {
  // Two test modules both define `_BaseTestCase`; only one inherits a `stub_out` that installs a
  // MonkeyPatch. A fixture that calls `self.test.stub_out(...)` must be derived per bound class.
  const files = {
    'base.py': py('import fixtures', 'import unittest', '', '', 'class TestCase(unittest.TestCase):', '    def stub_out(self, old, new):', '        self.useFixture(fixtures.MonkeyPatch(old, new))', ''),
    'fixtures_mod.py': py(
      'import fixtures',
      '',
      '',
      'class EchoFixture(fixtures.Fixture):',
      '    def __init__(self, test):',
      '        super().__init__()',
      '        self.test = test',
      '',
      '    def setUp(self):',
      '        super().setUp()',
      "        self.test.stub_out('service.client.get_client', lambda: self)",
      '',
    ),
    'tests/test_plain.py': py('import unittest', '', 'from fixtures_mod import EchoFixture', '', '', 'class _BaseTestCase(unittest.TestCase):', '    def setUp(self):', '        super().setUp()', '        self.echo = self.useFixture(EchoFixture(self))', ''),
    'tests/test_stubbed.py': py('import base', '', 'from fixtures_mod import EchoFixture', '', '', 'class _BaseTestCase(base.TestCase):', '    def setUp(self):', '        super().setUp()', '        self.echo = self.useFixture(EchoFixture(self))', ''),
  };
  let root: string;
  before(() => {
    root = writeTempWorkspace(files);
  });
  after(() => removeTemp(root));

  it('does not depend on which file was analysed first', async () => {
    const kinds = async (order: string[]) => {
      const ws = await loadWorkspace(root);
      const result: Record<string, string> = {};
      for (const file of order) result[file] = doubleAt(ws.analyze(file), 9, 'EchoFixture').kind;
      return result;
    };
    const expected = { 'tests/test_plain.py': 'fixture', 'tests/test_stubbed.py': 'stub' };
    assert.deepEqual(await kinds(['tests/test_stubbed.py', 'tests/test_plain.py']), expected);
    assert.deepEqual(await kinds(['tests/test_plain.py', 'tests/test_stubbed.py']), expected);
  });
});
