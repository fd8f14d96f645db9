/**
 * The workspace index: module paths and files, resolution through imports, re-exports and
 * submodules (the definitions table of `nova_like/EXPECTED.md`), unresolved packages with a reason,
 * `src/` layouts, environments (`.venv`, `.tox`) and name-level reachability from production.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { absolutize, internStrings, summarizeModule } from '../../server/src/analysis/summarize-module';
import { qualifyInModule, type Resolution } from '../../server/src/analysis/workspace-index';
import { analyzeText } from '../../server/src/analysis/analyze-file';
import { parseSettings } from '../../server/src/settings';
import { getParsing } from '../helpers/parsing';
import { createFileSystemHost } from '../../server/src/io/workspace-host';
import { loadWorkspace, py, removeTemp, WORKSPACES, writeTempWorkspace, type LoadedWorkspace } from '../helpers/workspace';

/** `kind path:line` of a resolution, or `unresolved: reason`. */
function where(resolution: Resolution): string {
  switch (resolution.kind) {
    case 'unresolved':
      return `unresolved: ${resolution.reason}`;
    case 'module':
      return `module ${resolution.module.path}`;
    case 'class':
      return `class ${resolution.module.path}:${resolution.cls.line}`;
    case 'function':
      return `function ${resolution.module.path}:${resolution.fn.line}`;
    case 'method':
      return `method ${resolution.module.path}:${resolution.fn.line}`;
    case 'assignment':
      return `assignment ${resolution.module.path}:${resolution.assignment.line}`;
  }
}

const DEMO = 'compute/tests/functional/regressions/test_bug_1000001.py';

describe('workspace index: nova_like definitions', () => {
  let ws: LoadedWorkspace;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'nova_like'));
  });

  const asUsedInDemo: Array<[string, string]> = [
    // `from .core import *` in compute/tests/fixtures/__init__.py:2
    ['compute_fixtures.OSAPIFixture', 'class compute/tests/fixtures/core.py:25'],
    ['compute_fixtures.LiveAPIServerFixture', 'class compute/tests/fixtures/core.py:80'],
    ['compute_fixtures.StandardLogging', 'class compute/tests/fixtures/core.py:17'],
    // explicit relative re-exports, :3-:6
    ['compute_fixtures.GlanceFixture', 'class compute/tests/fixtures/glance.py:9'],
    ['compute_fixtures.NeutronFixture', 'class compute/tests/fixtures/neutron.py:35'],
    ['compute_fixtures.PermissivePolicyFixture', 'class compute/tests/fixtures/policy.py:17'],
    ['compute_fixtures.RealPolicyFixture', 'class compute/tests/fixtures/policy.py:7'],
    ['func_fixtures.PlacementFixture', 'class compute/tests/functional/fixtures.py:6'],
    ['fake_network.set_stub_network_methods', 'function compute/tests/unit/fake_network.py:4'],
    ['test.TestCase', 'class compute/test.py:16'],
    ['integrated_helpers.InstanceHelperMixin', 'class compute/tests/functional/integrated_helpers.py:7'],
  ];
  for (const [name, expected] of asUsedInDemo) {
    it(`resolves ${name} as the demo file imports it`, () => {
      assert.equal(where(ws.index.resolveNameIn(ws.summary(DEMO), name)), expected);
    });
  }

  it('resolves the same names by their absolute dotted path', () => {
    assert.equal(where(ws.index.resolve('compute.tests.fixtures.OSAPIFixture')), 'class compute/tests/fixtures/core.py:25');
    assert.equal(where(ws.index.resolve('compute.tests.fixtures.core.OSAPIFixture')), 'class compute/tests/fixtures/core.py:25');
    assert.equal(where(ws.index.resolve('compute.tests.fixtures.PermissivePolicyFixture')), 'class compute/tests/fixtures/policy.py:17');
  });

  it('resolves methods of the API client (all end in requests.request at client.py:27)', () => {
    const client = 'compute.tests.functional.api.client.TestOpenStackClient';
    assert.equal(where(ws.index.resolve(client)), 'class compute/tests/functional/api/client.py:14');
    const methods: Array<[string, number]> = [['post_server_action', 67], ['get_server', 58], ['post_server', 64], ['delete_server', 70], ['get_servers', 61], ['request', 24]];
    for (const [method, line] of methods) assert.equal(where(ws.index.resolve(`${client}.${method}`)), `method compute/tests/functional/api/client.py:${line}`);
    const request = ws.index.resolve(`${client}.request`);
    assert.ok(request.kind === 'method' && request.fn.calls.some((c) => c.callee === 'requests.request' && c.line === 27));
  });

  it('finds self.stub_out, self.flags and the mixin helpers through the test class bases', () => {
    const testClass = ws.classRef(DEMO, 'TestLiveMigrateAfterStop');
    const at = (name: string): string => {
      const found = ws.context.deriver.findMethod(testClass, name);
      return found ? `${found.owner.module.path}:${found.fn.line}` : 'missing';
    };
    assert.equal(at('stub_out'), 'compute/test.py:27');
    assert.equal(at('flags'), 'compute/test.py:31');
    assert.equal(at('_create_server'), 'compute/tests/functional/integrated_helpers.py:23');
    assert.equal(at('_wait_for_state_change'), 'compute/tests/functional/integrated_helpers.py:14');
    assert.equal(at('no_such_helper'), 'missing');
  });

  it('reads api_fixture.admin_api / .api as attributes OSAPIFixture.setUp assigns', () => {
    const derivation = ws.context.deriver.deriveClass(ws.classRef('compute/tests/fixtures/core.py', 'OSAPIFixture'));
    const admin = derivation.attributes.get('admin_api');
    const api = derivation.attributes.get('api');
    assert.equal(admin?.evidence.line, 60);
    assert.equal(api?.evidence.line, 57);
    assert.equal(admin?.valueClass?.cls.name, 'TestOpenStackClient');
    assert.equal(admin?.valueClass?.module.path, 'compute/tests/functional/api/client.py');
  });

  it('resolves submodules and module-level values', () => {
    assert.equal(where(ws.index.resolve('compute.tests.fixtures.glance')), 'module compute/tests/fixtures/glance.py');
    assert.equal(where(ws.index.resolve('compute.tests.fixtures.glance.IMAGE_CIRROS')), 'assignment compute/tests/fixtures/glance.py:6');
    assert.equal(where(ws.index.resolve('compute.tests.fixtures')), 'module compute/tests/fixtures/__init__.py');
    assert.equal(ws.index.findModule('compute.tests.fixtures')?.isPackage, true);
    assert.equal(ws.index.findModule('compute.tests.fixtures.core')?.isPackage, false);
  });

  it('makes relative imports absolute in summaries', () => {
    const init = ws.summary('compute/tests/fixtures/__init__.py');
    const imports = init.imports.map((b) => `${b.line} ${b.isWildcard ? '*' : b.alias} ${b.qualifiedName}`);
    assert.deepEqual(imports, [
      '2 * compute.tests.fixtures.core',
      '3 GlanceFixture compute.tests.fixtures.glance.GlanceFixture',
      '4 NeutronFixture compute.tests.fixtures.neutron.NeutronFixture',
      '5 PermissivePolicyFixture compute.tests.fixtures.policy.PermissivePolicyFixture',
      '6 RealPolicyFixture compute.tests.fixtures.policy.RealPolicyFixture',
    ]);
  });

  it('leaves a base from a package outside the workspace unresolved, with a reason naming the package', () => {
    const placement = ws.classRef('compute/tests/functional/fixtures.py', 'PlacementFixture');
    const resolution = ws.index.resolveNameIn(placement.module, placement.cls.bases[0]);
    assert.equal(resolution.kind, 'unresolved');
    assert.ok(resolution.kind === 'unresolved');
    assert.equal(resolution.externalPackage, 'placement');
    assert.match(resolution.reason, /`placement`/);
    assert.match(resolution.reason, /not in the workspace or its environments/);
  });

  it('explains names a workspace module does not define', () => {
    const resolution = ws.index.resolve('compute.tests.fixtures.NoSuchFixture');
    assert.equal(resolution.kind, 'unresolved');
    assert.ok(resolution.kind === 'unresolved' && resolution.externalPackage === null);
    assert.match(where(resolution), /NoSuchFixture is not defined in compute\.tests\.fixtures \(compute\/tests\/fixtures\/__init__\.py\)/);
  });

  it('decides test code by content as well as path (compute/test.py is test support, compute/utils/debug.py production)', () => {
    assert.equal(ws.summary('compute/test.py').isTest, true);
    assert.equal(ws.summary('compute/utils/debug.py').isTest, false);
    assert.equal(ws.summary('compute/policy.py').isTest, false);
    assert.equal(ws.summary(DEMO).isTest, true);
  });

  it('finds production importers by name: only compute/utils/debug.py imports PermissivePolicyFixture', () => {
    const importers = (file: string, name: string) => {
      const ref = ws.classRef(file, name);
      return ws.index.productionImportersOf({ path: ref.module.path, line: ref.cls.line }).map((i) => `${i.path}:${i.line}`);
    };
    assert.deepEqual(importers('compute/tests/fixtures/policy.py', 'PermissivePolicyFixture'), ['compute/utils/debug.py:2']);
    // compute/test.py:11 imports compute.tests.fixtures but is test code; the re-exporting __init__ is test code too.
    for (const [file, name] of [
      ['compute/tests/fixtures/policy.py', 'RealPolicyFixture'],
      ['compute/tests/fixtures/core.py', 'OSAPIFixture'],
      ['compute/tests/fixtures/core.py', 'LiveAPIServerFixture'],
      ['compute/tests/fixtures/neutron.py', 'NeutronFixture'],
      ['compute/tests/fixtures/glance.py', 'GlanceFixture'],
    ]) {
      assert.deepEqual(importers(file, name), [], name);
    }
  });
});

describe('workspace index: layouts and environments', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'src/shop/__init__.py': py('from .models import Order  # re-export'),
      'src/shop/models.py': py('class Order:', '    pass'),
      'src/shop/api/__init__.py': '',
      'src/shop/api/views.py': py('from ..models import Order', 'from . import helpers', '', 'def list_orders():', '    return helpers.load(Order)'),
      'src/shop/api/helpers.py': py('def load(model):', '    return []'),
      'tests/test_orders.py': py('from shop import Order', 'from shop.api import views', 'from extlib import Interceptor', 'import toxonly.fake', 'from shadowed import where', '', 'def test_order():', '    assert Order'),
      '.venv/lib/python3.12/site-packages/extlib/__init__.py': py('from .core import Interceptor'),
      '.venv/lib/python3.12/site-packages/extlib/core.py': py('class Interceptor:', '    def __enter__(self):', '        return self'),
      '.venv/lib/python3.12/site-packages/shadowed.py': py('where = "environment"'),
      '.tox/py312/lib/python3.12/site-packages/toxonly/__init__.py': '',
      '.tox/py312/lib/python3.12/site-packages/toxonly/fake.py': py('class FakeThing:', '    pass'),
      'shadowed.py': py('where = "workspace"'),
      'a.py': py('from b import Loop'),
      'b.py': py('from a import Loop'),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('imports src/ packages by their package name', () => {
    assert.equal(where(ws.index.resolve('shop.models.Order')), 'class src/shop/models.py:1');
    assert.equal(where(ws.index.resolve('shop.Order')), 'class src/shop/models.py:1');
    assert.equal(ws.index.findModule('src.shop.models'), null);
    assert.equal(where(ws.index.resolveNameIn(ws.summary('tests/test_orders.py'), 'Order')), 'class src/shop/models.py:1');
  });

  it('follows `..` and `from . import x` inside a src/ package', () => {
    const views = ws.summary('src/shop/api/views.py');
    assert.equal(where(ws.index.resolveNameIn(views, 'Order')), 'class src/shop/models.py:1');
    assert.equal(where(ws.index.resolveNameIn(views, 'helpers.load')), 'function src/shop/api/helpers.py:1');
  });

  it('finds site-packages of .venv and .tox environments, resolves modules in them on demand', () => {
    const roots = ws.host.environmentRoots.map((r) => path.relative(root, r).split(path.sep).join('/'));
    assert.deepEqual(roots.sort(), ['.tox/py312/lib/python3.12/site-packages', '.venv/lib/python3.12/site-packages']);
    assert.ok(!ws.index.workspaceEntries.some((e) => e.path.includes('site-packages')), 'environments are not walked as workspace code');
    assert.equal(where(ws.index.resolve('extlib.Interceptor')), 'class .venv/lib/python3.12/site-packages/extlib/core.py:1');
    assert.equal(ws.index.findModule('extlib.core')?.rootKind, 'environment');
    assert.equal(where(ws.index.resolve('toxonly.fake.FakeThing')), 'class .tox/py312/lib/python3.12/site-packages/toxonly/fake.py:1');
  });

  it('finds environment modules through links and tells modules from directories of the same name', async () => {
    const parsing = await getParsing();
    const site = path.join(root, '.venv/lib/python3.12/site-packages');
    fs.mkdirSync(path.join(root, 'vendored'), { recursive: true });
    fs.writeFileSync(path.join(root, 'vendored', 'linked.py'), py('class Linked:', '    pass'));
    fs.symlinkSync(path.join(root, 'vendored', 'linked.py'), path.join(site, 'linked.py'));
    fs.mkdirSync(path.join(site, 'notapackage.py'));
    const host = createFileSystemHost({ root, parsing, testGlobs: parseSettings({}).testGlobs });
    assert.equal(host.findEnvironmentModule('linked')?.path, '.venv/lib/python3.12/site-packages/linked.py');
    assert.equal(host.findEnvironmentModule('notapackage'), null);
    assert.equal(host.findEnvironmentModule('extlib.core')?.isPackage, false);
    assert.equal(host.findEnvironmentModule('extlib')?.isPackage, true);
    assert.equal(host.findEnvironmentModule('extlib.missing.deeper'), null);
  });

  it('prefers the workspace over an environment for the same module, as on sys.path', () => {
    assert.equal(ws.index.findModule('shadowed')?.rootKind, 'workspace');
    assert.equal(where(ws.index.resolve('shadowed.where')), 'assignment shadowed.py:1');
  });

  it('reports an import cycle instead of looping', () => {
    const resolution = ws.index.resolve('a.Loop');
    assert.equal(resolution.kind, 'unresolved');
    assert.match(where(resolution), /cycle/);
  });

  it('names the missing package when neither the workspace nor an environment has it', () => {
    const resolution = ws.index.resolve('notinstalled.sub.Thing');
    assert.ok(resolution.kind === 'unresolved');
    assert.equal(resolution.externalPackage, 'notinstalled');
    assert.match(resolution.reason, /`notinstalled`/);
  });

  it('reads open-editor text (overlay) instead of the file on disk', async () => {
    const { createFileSystemHost } = await import('../../server/src/io/workspace-host');
    const { WorkspaceIndex } = await import('../../server/src/analysis/workspace-index');
    const { getParsing } = await import('../helpers/parsing');
    const modelsPath = path.join(root, 'src', 'shop', 'models.py');
    const host = createFileSystemHost({
      root,
      parsing: await getParsing(),
      testGlobs: ['tests/**'],
      overlay: (file) => (file === modelsPath ? { text: 'class Unsaved:\n    pass\n\n\nclass Order:\n    pass\n', version: 2 } : null),
    });
    assert.equal(where(new WorkspaceIndex(host).resolve('shop.models.Order')), 'class src/shop/models.py:5');
  });
});

describe('absolutize', () => {
  const binding = (qualifiedName: string) => ({ alias: 'x', qualifiedName, line: 1, isWildcard: false });
  it('resolves dots against the module or the package', () => {
    assert.equal(absolutize(binding('.core.X'), 'a.b.m', false).qualifiedName, 'a.b.core.X');
    assert.equal(absolutize(binding('.core.X'), 'a.b', true).qualifiedName, 'a.b.core.X');
    assert.equal(absolutize(binding('..models.X'), 'a.b.m', false).qualifiedName, 'a.models.X');
    assert.equal(absolutize(binding('..models.X'), 'a.b', true).qualifiedName, 'a.models.X');
    assert.equal(absolutize(binding('.'), 'a.b.m', false).qualifiedName, 'a.b');
    assert.equal(absolutize(binding('plain.X'), 'a.b.m', false).qualifiedName, 'plain.X');
  });
});

describe('workspace index: cached resolutions', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'app/__init__.py': '',
      'app/models.py': py('class Order:', '    pass'),
      'tests/__init__.py': '',
      'tests/test_orders.py': py('from app.models import Order', '', 'def test_order():', '    assert Order'),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('answers a repeated lookup from the cache while no summary changed', () => {
    const first = ws.index.resolve('app.models.Order');
    const generation = ws.index.generation;
    assert.equal(ws.index.resolve('app.models.Order'), first);
    assert.equal(ws.index.resolveNameIn(ws.summary('tests/test_orders.py'), 'Order'), first);
    assert.equal(ws.index.generation, generation);
  });

  it('reuses the summary the index made of the same text: nothing re-summarised, no resolution forgotten', async () => {
    const first = ws.index.resolve('app.models.Order');
    const generation = ws.index.generation;
    const entry = ws.index.entryAt('app/models.py');
    assert.ok(entry);
    const indexed = ws.index.summary(entry);
    const text = fs.readFileSync(path.join(root, 'app', 'models.py'), 'utf8');
    analyzeText(await getParsing(), { path: 'app/models.py', text, settings: parseSettings({}), workspace: ws.context });
    assert.equal(ws.index.summary(entry), indexed);
    assert.equal(ws.index.generation, generation);
    assert.equal(ws.index.resolve('app.models.Order'), first);
  });

  it('forgets cached resolutions when an analysis replaces a summary they read', async () => {
    assert.equal(where(ws.index.resolve('app.models.Order')), 'class app/models.py:1');
    const generation = ws.index.generation;
    // The editor's unsaved text moves the class down two lines.
    const text = py('', '', 'class Order:', '    pass');
    analyzeText(await getParsing(), { path: 'app/models.py', text, settings: parseSettings({}), workspace: ws.context });
    assert.equal(where(ws.index.resolve('app.models.Order')), 'class app/models.py:3');
    assert.notEqual(ws.index.generation, generation);
  });

  it('re-summarises the text on disk after an analysis of other text replaced the summary', async () => {
    const text = fs.readFileSync(path.join(root, 'app', 'models.py'), 'utf8');
    const generation = ws.index.generation;
    analyzeText(await getParsing(), { path: 'app/models.py', text, settings: parseSettings({}), workspace: ws.context });
    assert.equal(where(ws.index.resolve('app.models.Order')), 'class app/models.py:1');
    assert.notEqual(ws.index.generation, generation);
  });

  it('forgets them when a file is invalidated', () => {
    ws.index.resolve('app.models.Order');
    const generation = ws.index.generation;
    ws.index.invalidate(path.join(root, 'app', 'models.py'));
    assert.equal(ws.index.generation, generation + 1);
    // Back to the text on disk.
    assert.equal(where(ws.index.resolve('app.models.Order')), 'class app/models.py:1');
  });
});


describe('qualifyInModule', () => {
  it('qualifies through the last import of a name, which wins over a definition, else through the module path', async () => {
    const parsing = await getParsing();
    const text = py(
      'import os.path as p',
      'from a.b import thing',
      'from c import thing',
      'from d import *',
      'def helper(): pass',
      'class thing: pass',
      'VALUE = 1',
    );
    const tree = parsing.parse(text);
    try {
      const module = summarizeModule({ tree, queries: parsing.queries, text, modulePath: 'pkg.mod', path: 'pkg/mod.py', isPackage: false, testGlobs: [] });
      assert.equal(qualifyInModule(module, 'thing.x.y'), 'c.thing.x.y');
      assert.equal(qualifyInModule(module, 'p.join'), 'os.path.join');
      assert.equal(qualifyInModule(module, 'helper'), 'pkg.mod.helper');
      assert.equal(qualifyInModule(module, 'VALUE.real'), 'pkg.mod.VALUE.real');
      // Wildcard imports, locals and builtins are not known to the module's table.
      assert.equal(qualifyInModule(module, 'self.run'), null);
      assert.equal(qualifyInModule(module, 'len'), null);
    } finally {
      tree.delete();
    }
  });
});

describe('internStrings', () => {
  it('keeps data equal and objects the same, making equal strings one', () => {
    const shared = { name: 'OSAPIFixture', line: 3 };
    const original = { modulePath: 'nova.tests.fixtures', classes: [shared, shared], flags: [true, null, 0], callees: ['self.flags', ['self', 'flags'].join('.')], text: '' };
    const expected = structuredClone(original);
    const result = internStrings(original);
    assert.equal(result, original);
    assert.deepEqual(result, expected);
    assert.equal(result.classes[0], shared);
  });

  it('copies long strings exactly, lone surrogates and escapes included', () => {
    const source = `x = "${'\ud800'}\\n" + 'é𝒳' * 40 # ${'a'.repeat(200)}`;
    const original = { texts: [source.slice(2, 40), source.slice(3), source.slice(0, 12), source] };
    const expected = structuredClone(original);
    assert.deepEqual(internStrings(original), expected);
  });
});

describe('workspace index: production importers of a definition outside the test folders', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      // Test support kept with the application code: not under the test globs.
      'clinic/fakes.py': py('class FakeClock:', '    pass', '', 'class FakePager:', '    pass'),
      'clinic/tests/__init__.py': '',
      'clinic/tests/fixtures.py': py('from clinic.fakes import FakeClock  # re-export for the tests'),
      'clinic/scheduler.py': py('from clinic.tests.fixtures import FakeClock', 'from clinic.fakes import FakeClock as Clock', 'from clinic.fakes import FakePager'),
      'clinic/billing.py': py('import clinic.fakes', 'from clinic.fakes import FakeClock'),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  const importers = (name: string): string[] => {
    const ref = ws.classRef('clinic/fakes.py', name);
    return ws.index.productionImportersOf({ path: ref.module.path, line: ref.cls.line }).map((i) => `${i.path}:${i.line}`);
  };

  it('finds imports from the module itself and through test re-exports, in file and line order', () => {
    assert.deepEqual(importers('FakeClock'), ['clinic/billing.py:2', 'clinic/scheduler.py:1', 'clinic/scheduler.py:2']);
    assert.deepEqual(importers('FakePager'), ['clinic/scheduler.py:3']);
  });

  it('answers the same when asked again, and again after a file is forgotten', () => {
    const first = importers('FakeClock');
    assert.deepEqual(importers('FakeClock'), first);
    ws.index.invalidate(path.join(root, 'clinic/billing.py'));
    assert.deepEqual(importers('FakeClock'), first);
  });
});

describe('workspace index: environment modules behind symbolic links and in fresh folders', () => {
  let root: string;
  let ws: LoadedWorkspace;
  const SITE = '.venv/lib/python3.12/site-packages';
  before(async () => {
    root = writeTempWorkspace({
      'vendor/linkedpkg/__init__.py': py('from .core import Client'),
      'vendor/linkedpkg/core.py': py('class Client:', '    pass'),
      'vendor/single.py': py('def helper():', '    return 1'),
      [`${SITE}/plainpkg/__init__.py`]: '',
      [`${SITE}/plainpkg/sub/mod.py`]: py('VALUE = 1'),
      'tests/test_env.py': py('from linkedpkg import Client', 'from single import helper', '', 'def test_env():', '    assert Client and helper'),
    });
    // Editable installs and some environment managers link packages into site-packages.
    fs.symlinkSync(path.join(root, 'vendor/linkedpkg'), path.join(root, SITE, 'linkedpkg'), 'dir');
    fs.symlinkSync(path.join(root, 'vendor/single.py'), path.join(root, SITE, 'single.py'), 'file');
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('finds packages and modules that are symbolic links, and plain ones at any depth', () => {
    assert.equal(where(ws.index.resolve('linkedpkg.Client')), `class ${SITE}/linkedpkg/core.py:1`);
    assert.equal(where(ws.index.resolve('single.helper')), `function ${SITE}/single.py:1`);
    assert.equal(where(ws.index.resolve('plainpkg.sub.mod.VALUE')), `assignment ${SITE}/plainpkg/sub/mod.py:1`);
    assert.equal(ws.index.findModule('plainpkg.sub'), null, 'a folder without __init__.py is not a package module');
    assert.equal(ws.index.findModule('plainpkg.missing'), null);
  });

  it('sees a module added after a miss once the host forgets what it cached', () => {
    assert.equal(ws.index.findModule('plainpkg.later'), null);
    fs.writeFileSync(path.join(root, SITE, 'plainpkg/later.py'), py('LATER = 1'));
    ws.index.invalidate(path.join(root, SITE, 'plainpkg/later.py'));
    assert.equal(ws.index.findModule('plainpkg.later')?.path, `${SITE}/plainpkg/later.py`);
  });
});

describe('workspace index: releasing the summaries of test modules nothing imports', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'app/__init__.py': '',
      'app/auth.py': py('def check_policy(context):', '    return True'),
      'tests/__init__.py': '',
      'tests/conftest.py': py('import pytest', '', '@pytest.fixture', 'def client():', '    return None'),
      'tests/fakes.py': py('class FakeAuth:', '    def setUp(self):', '        pass'),
      'tests/base.py': py('class BaseTest:', '    pass'),
      'tests/test_auth.py': py('from tests.fakes import FakeAuth', 'from tests import base', '', 'class TestAuth(base.BaseTest):', '    def test_it(self):', '        assert FakeAuth'),
      'tests/test_alone.py': py('class TestAlone:', '    def test_alone(self):', '        assert True'),
    });
    ws = await loadWorkspace(root);
    for (const entry of ws.index.workspaceEntries) ws.index.summary(entry);
  });
  after(() => removeTemp(root));

  it('drops only unimported test modules (not conftest.py, packages, imported ones or production code), and reads them again on demand', () => {
    const generation = ws.index.generation;
    const before = ws.summary('tests/test_alone.py');
    assert.equal(ws.index.releaseUnimportedTestSummaries(), 2, 'tests/test_alone.py and tests/test_auth.py');
    assert.equal(ws.index.generation, generation, 'nothing changed: no cached resolution is forgotten');
    // Imported test modules (by module and by name) and production code still resolve, now and after.
    assert.equal(where(ws.index.resolve('tests.fakes.FakeAuth')), 'class tests/fakes.py:1');
    assert.equal(where(ws.index.resolve('tests.base.BaseTest')), 'class tests/base.py:1');
    assert.equal(where(ws.index.resolve('app.auth.check_policy')), 'function app/auth.py:1');
    // A released module is summarised again, from disk, when something asks for it.
    const again = ws.summary('tests/test_alone.py');
    assert.notEqual(again, before);
    assert.deepEqual(again, before);
    assert.equal(where(ws.index.resolve('tests.test_alone.TestAlone')), 'class tests/test_alone.py:1');
    // Its analysis is the same as before the release.
    assert.equal(ws.analyze('tests/test_auth.py').test.isTest, true);
  });
});
