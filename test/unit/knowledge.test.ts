/**
 * The knowledge base: every pattern of every entry (`primitives.json`, `fixture-libraries.json`) fires on a tiny snippet
 * that uses it (generated, one per pattern), and the same name from another package does not; the
 * data files validate (unique ids and names, legal fact values, well-formed locators, third-party
 * names only).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeClaims } from '../../server/src/analysis/derive-facts';
import { isAuthorizationCheck, KNOWLEDGE, PATCH_PRIMITIVES, type KnowledgeEntry } from '../../server/src/analysis/knowledge';
import fixtureLibraryData from '../../server/src/knowledge/fixture-libraries.json';
import networkTable from '../../server/src/knowledge/network-calls.json';
import patchData from '../../server/src/knowledge/patch-primitives.json';
import primitiveData from '../../server/src/knowledge/primitives.json';
import bindTable from '../../server/src/knowledge/server-binds.json';
import { loadWorkspace, py, removeTemp, WORKSPACES, writeTempWorkspace, type LoadedWorkspace } from '../helpers/workspace';

/** Legal values per fact (SPEC §3). */
const FACT_VALUES: Record<string, readonly string[]> = {
  transport: ['in-process', 'loopback', 'network', 'none', 'unknown'],
  authn: ['real', 'simulated', 'bypassed', 'none', 'unknown'],
  authz: ['enforced', 'bypassed', 'unknown'],
  data: ['fake', 'recorded', 'real', 'unknown'],
};
const MATCH_KINDS = ['calls', 'bases', 'decorators', 'patchTargets', 'fixtures', 'methods', 'subscriptAssignments'] as const;
type MatchKind = (typeof MATCH_KINDS)[number];
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(\.\*)?$/;
const LOCATOR = /^(arg\d+(\.item\d+)?|kw:\w+(\.item\d+)?)$/;

/** `a.b.C` → import line and the name to use; `.*` patterns get a concrete last part. */
function importOf(pattern: string, packageOverride?: string): { line: string; name: string; qualified: string } {
  const concrete = pattern.replace(/\.\*$/, '.anything');
  const parts = concrete.split('.');
  const name = parts[parts.length - 1];
  const module = packageOverride ? `${packageOverride}.sub` : parts.slice(0, -1).join('.');
  return { line: `from ${module} import ${name}`, name, qualified: `${module}.${name}` };
}

interface Case {
  readonly entry: KnowledgeEntry;
  readonly kind: MatchKind;
  readonly pattern: string;
  readonly id: number;
}

/** One case per pattern; dotless base patterns name builtins (`object`) and need no import. */
const CASES: Case[] = [];
for (const entry of KNOWLEDGE) {
  for (const kind of MATCH_KINDS) {
    for (const pattern of entry.match[kind] ?? []) {
      if (kind === 'bases' && !pattern.includes('.')) continue;
      CASES.push({ entry, kind, pattern, id: CASES.length });
    }
  }
}
const PLUGINS = [...new Set(KNOWLEDGE.flatMap((e) => (e.requiresPlugin ? [e.requiresPlugin] : [])))];

function hasEffect(entry: KnowledgeEntry): boolean {
  return Object.keys(entry.facts).length > 0 || Boolean(entry.kind);
}

/** Files for the positive (and, with `otherPackage`, the look-alike) snippet of a case. */
function snippetFiles(c: Case, otherPackage?: string): Record<string, string> {
  const dir = `tests/${otherPackage ? 'neg' : 'pos'}_${c.id}`;
  const imported = importOf(c.pattern, otherPackage);
  const fixtureClass = (...body: string[]) => py('import fixtures', imported.line, '', '', 'class Subject(fixtures.Fixture):', '    def setUp(self):', '        super().setUp()', ...body.map((b) => `        ${b}`));
  switch (c.kind) {
    case 'calls': {
      const runs = c.entry.runs?.[0];
      const args = runs ? (runs.startsWith('kw:') ? `${runs.slice(3)}=_serve` : 'None, _serve') : '';
      return {
        [`${dir}/subject.py`]: py(
          'import wsgiref.simple_server',
          fixtureClass(`${imported.name}(${args})`),
          '',
          'def _serve():',
          "    wsgiref.simple_server.make_server('0.0.0.0', 0, None)",
        ),
        [`${dir}/test_use.py`]: py(imported.line, '', '', 'def test_use():', `    ${imported.name}()`),
      };
    }
    case 'methods': {
      const receiver = c.entry.receivers?.map((id) => KNOWLEDGE.find((e) => e.id === id)?.match.calls?.[0]).find(Boolean);
      const make = receiver && !otherPackage ? importOf(receiver) : null;
      if (otherPackage) {
        // A plain function of the same name; for receiver-bound entries, also a receiver of unknown type.
        const untyped = c.entry.receivers ? [`obj = object()`, `obj.${c.pattern}()`] : [];
        return { [`${dir}/subject.py`]: py('import fixtures', `from ${otherPackage} import ${c.pattern}`, '', '', 'class Subject(fixtures.Fixture):', '    def setUp(self):', '        super().setUp()', `        ${c.pattern}(self)`, ...untyped.map((l) => `        ${l}`)) };
      }
      // An entry that needs an identity written gets one (`with obj.session_transaction() as sess: sess['user_id'] = 7`).
      const use = c.entry.identityWrite ? [`with obj.${c.pattern}() as sess:`, "    sess['user_id'] = 7"] : [`obj.${c.pattern}()`];
      return { [`${dir}/subject.py`]: py('import fixtures', make?.line ?? '', '', '', 'class Subject(fixtures.Fixture):', '    def setUp(self):', '        super().setUp()', `        obj = ${make ? make.name : 'object'}()`, ...use.map((l) => `        ${l}`)) };
    }
    case 'bases':
      return { [`${dir}/subject.py`]: py(imported.line, '', '', `class Subject(${imported.name}):`, ...(c.entry.hostAttribute ? [`    ${c.entry.hostAttribute} = '0.0.0.0'`] : ['    pass'])) };
    case 'decorators':
      return { [`${dir}/test_use.py`]: py(imported.line, '', '', `@${imported.name}`, 'def test_use():', '    pass') };
    case 'patchTargets': {
      const target = otherPackage ? `${otherPackage}.${c.pattern.replace(/\.\*$/, '.anything')}` : c.pattern.replace(/\.\*$/, '.anything');
      return { [`${dir}/subject.py`]: py('import fixtures', '', '', 'class Subject(fixtures.Fixture):', '    def setUp(self):', '        super().setUp()', `        self.useFixture(fixtures.MockPatch('${target}'))`) };
    }
    case 'fixtures':
      return {
        [`${dir}/test_use.py`]: py('def test_use(' + c.pattern + '):', '    pass'),
        ...(otherPackage ? { [`${dir}/conftest.py`]: py('import pytest', '', '', '@pytest.fixture', `def ${c.pattern}():`, '    return object()') } : {}),
      };
    case 'subscriptAssignments':
      return { [`${dir}/subject.py`]: py('import pytest', '', '', '@pytest.fixture', 'def subject(app):', otherPackage ? `    ${c.pattern}['key'] = lambda: None` : `    app.${c.pattern}['key'] = lambda: None`, '    yield app') };
  }
}

describe('knowledge base entries fire on their own names only', () => {
  let root: string;
  let withoutPlugins: string;
  let ws: LoadedWorkspace;
  let bare: LoadedWorkspace;
  before(async () => {
    const files: Record<string, string> = { 'tests/__init__.py': '' };
    for (const c of CASES) Object.assign(files, snippetFiles(c), snippetFiles(c, 'otherpkg'));
    for (const plugin of PLUGINS) files[`.venv/lib/python3.12/site-packages/${plugin}/__init__.py`] = '';
    root = writeTempWorkspace(files);
    withoutPlugins = writeTempWorkspace(Object.fromEntries(CASES.filter((c) => c.entry.requiresPlugin).flatMap((c) => Object.entries(snippetFiles(c)))));
    ws = await loadWorkspace(root);
    bare = await loadWorkspace(withoutPlugins);
  });
  after(() => {
    removeTemp(root);
    removeTemp(withoutPlugins);
  });

  const derive = (workspace: LoadedWorkspace, file: string) => workspace.context.deriver.deriveClass(workspace.classRef(file, 'Subject'));
  const firesIn = (claims: ReadonlyArray<{ because: string }>, entry: KnowledgeEntry) => claims.some((c) => c.because === entry.because);

  it('covers every entry with at least one case', () => {
    const covered = new Set(CASES.map((c) => c.entry.id));
    assert.deepEqual(KNOWLEDGE.map((e) => e.id).filter((id) => !covered.has(id)), []);
  });

  for (const c of CASES) {
    const { entry, kind, pattern } = c;
    const pos = `tests/pos_${c.id}`;
    const neg = `tests/neg_${c.id}`;
    it(`${entry.id}: ${kind} ${pattern}`, () => {
      switch (kind) {
        case 'calls': {
          const derivation = derive(ws, `${pos}/subject.py`);
          if (hasEffect(entry)) {
            assert.ok(firesIn(derivation.claims, entry), `no claim from ${entry.id}`);
            const use = ws.analyze(`${pos}/test_use.py`).doubles.find((d) => d.form === 'library-call');
            assert.deepEqual(use?.definedAt, { knowledge: entry.id });
            assert.equal(use?.kind, entry.kind);
          }
          if (entry.runs) {
            const summary = summarizeClaims(derivation.claims);
            assert.equal(summary.facts.transport, 'network', `${pattern} runs its target`);
            assert.ok(summary.evidence.some((e) => e.text.includes("make_server('0.0.0.0'")));
          }
          const other = derive(ws, `${neg}/subject.py`);
          assert.ok(!firesIn(other.claims, entry), 'otherpkg look-alike fired');
          if (entry.runs) assert.equal(summarizeClaims(other.claims).facts.transport, 'unknown', 'a look-alike does not run its argument');
          assert.ok(!ws.analyze(`${neg}/test_use.py`).doubles.some((d) => d.definedAt && 'knowledge' in d.definedAt && d.definedAt.knowledge === entry.id));
          break;
        }
        case 'methods': {
          assert.ok(firesIn(derive(ws, `${pos}/subject.py`).claims, entry), `no claim from ${entry.id}`);
          assert.ok(!firesIn(derive(ws, `${neg}/subject.py`).claims, entry), 'a plain function or an unknown receiver fired');
          break;
        }
        case 'bases': {
          const derivation = derive(ws, `${pos}/subject.py`);
          const other = derive(ws, `${neg}/subject.py`);
          if (hasEffect(entry)) assert.ok(firesIn(derivation.claims, entry), `no claim from ${entry.id}`);
          for (const attribute of Object.keys(entry.attributes ?? {})) assert.equal(derivation.attributes.get(attribute)?.valueEntry?.id, entry.id, attribute);
          if (entry.hostAttribute) assert.equal(summarizeClaims(derivation.claims).facts.transport, 'network', `${entry.hostAttribute} = '0.0.0.0' widens the bind`);
          // A known base is no gap; the same name from an unknown package is one, and gives nothing.
          assert.deepEqual(derivation.gaps, []);
          assert.ok(other.gaps.some((g) => g.includes('`otherpkg`')), other.gaps.join('; '));
          assert.ok(!firesIn(other.claims, entry));
          assert.equal(other.attributes.size, 0);
          break;
        }
        case 'decorators': {
          const double = ws.analyze(`${pos}/test_use.py`).doubles.find((d) => d.form === 'decorator');
          assert.deepEqual(double?.definedAt, { knowledge: entry.id });
          assert.ok(!ws.analyze(`${neg}/test_use.py`).doubles.some((d) => d.form === 'decorator'));
          break;
        }
        case 'patchTargets': {
          assert.ok(firesIn(derive(ws, `${pos}/subject.py`).claims, entry), `no claim from ${entry.id}`);
          assert.ok(!firesIn(derive(ws, `${neg}/subject.py`).claims, entry));
          break;
        }
        case 'fixtures': {
          const double = ws.analyze(`${pos}/test_use.py`).doubles.find((d) => d.form === 'pytest-parameter');
          assert.deepEqual(double?.definedAt, { knowledge: entry.id });
          assert.equal(double?.kind, entry.kind);
          // A conftest.py fixture of the same name wins over the knowledge base.
          const shadowed = ws.analyze(`${neg}/test_use.py`).doubles.find((d) => d.form === 'pytest-parameter');
          assert.deepEqual(shadowed?.definedAt, { path: `${neg}/conftest.py`, line: 5 });
          if (entry.requiresPlugin) {
            const missing = bare.analyze(`${pos}/test_use.py`).doubles.find((d) => d.form === 'pytest-parameter');
            assert.equal(missing?.definedAt, null, `${entry.requiresPlugin} is not installed there`);
            assert.match(missing?.unresolved ?? '', /no fixture named/);
          }
          break;
        }
        case 'subscriptAssignments': {
          const subject = (file: string) => {
            const { module, fn } = ws.functionOf(file, 'subject');
            return ws.context.deriver.deriveFunction(module, fn);
          };
          assert.ok(firesIn(subject(`${pos}/subject.py`).claims, entry), `no claim from ${entry.id}`);
          assert.ok(!firesIn(subject(`${neg}/subject.py`).claims, entry), 'an item of a plain name fired');
          break;
        }
      }
    });
  }
});

describe('arguments that change what a primitive is (whenArgument)', () => {
  let root: string;
  let ws: LoadedWorkspace;
  const file = 'tests/unit/test_policy.py';
  before(async () => {
    root = writeTempWorkspace({
      'tests/__init__.py': '',
      'tests/unit/__init__.py': '',
      [file]: py(
        'import testtools',
        'from oslo_policy import fixture as op_fixture',
        'from oslo_policy import policy as oslo_policy',
        '',
        '',
        'class PolicyTestCase(testtools.TestCase):',
        '    def test_enforce_http_false(self):',
        '        self.useFixture(op_fixture.HttpCheckFixture(False))',
        '        self.assertRaises(oslo_policy.PolicyNotAuthorized, enforce, "example:get_http")',
        '',
        '    def test_enforce_http_keyword_none(self):',
        '        self.useFixture(op_fixture.HttpCheckFixture(return_value=None))',
        '        self.assertRaises(oslo_policy.PolicyNotAuthorized, enforce, "example:get_http")',
        '',
        '    def test_enforce_http_denied(self):',
        '        self.useFixture(op_fixture.HttpCheckFixture())',
        '        self.assertRaises(oslo_policy.PolicyNotAuthorized, enforce, "example:get_http")',
        '',
        '    def test_enforce_http_true(self):',
        '        self.useFixture(op_fixture.HttpCheckFixture(True))',
        '        self.assertTrue(enforce("example:get_http"))',
      ),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  it('HttpCheckFixture(False) / (return_value=None) makes remote checks deny: no bypass, no FL206', () => {
    const analysis = ws.analyze(file);
    const authz = analysis.doubles.filter((d) => d.name === 'HttpCheckFixture').map((d) => `${d.scope}:${d.facts.authz}`);
    assert.deepEqual(authz, [
      'PolicyTestCase.test_enforce_http_false:unknown',
      'PolicyTestCase.test_enforce_http_keyword_none:unknown',
      'PolicyTestCase.test_enforce_http_denied:bypassed',
      'PolicyTestCase.test_enforce_http_true:bypassed',
    ]);
    const denying = analysis.doubles.find((d) => d.scope === 'PolicyTestCase.test_enforce_http_false');
    assert.match(denying?.explanation ?? JSON.stringify(denying), /false return_value/);
    // The default (True) allows every remote check, and the test claims a denial: vacuous.
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.ruleId === 'FL206').map((d) => d.span.start.row + 1),
      [16],
    );
  });
});

describe('what a fixture leaves behind (endedBy)', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'tests/__init__.py': '',
      'tests/conftest.py': py(
        'import pytest',
        '',
        '',
        '@pytest.fixture',
        'def consented_token(client, user):',
        '    client.force_login(user)',
        "    token = client.post('/authorize/', {'allow': True}).data['token']",
        '    client.logout()',
        '    return token',
        '',
        '',
        '@pytest.fixture',
        'def logged_in(client, user):',
        '    client.force_login(user)',
        '    return client',
      ),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  const authn = (name: string): string[] => {
    const { module, fn } = ws.functionOf('tests/conftest.py', name);
    return ws.context.deriver.deriveFunction(module, fn).claims.filter((c) => c.fact === 'authn').map((c) => `${c.value} :${c.evidence.line}`);
  };

  it('a login the fixture ends with logout() leaves no simulated identity; one it keeps does', () => {
    assert.deepEqual(authn('consented_token'), []);
    assert.deepEqual(authn('logged_in'), ['simulated :14']);
  });
});

describe('dependency overrides: what is simulated comes from the overridden dependency', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace({
      'svc/__init__.py': '',
      'svc/main.py': py(
        'from fastapi import Depends, FastAPI',
        'from fastapi.security import OAuth2PasswordBearer',
        '',
        'app = FastAPI()',
        "oauth2_scheme = OAuth2PasswordBearer(tokenUrl='token')",
        '',
        'def get_token_user(token: str = Depends(oauth2_scheme)):',
        '    return token',
        '',
        'def get_admin(user=Depends(get_token_user)):',
        '    return user',
        '',
        'def get_db():',
        '    return None',
      ),
      'tests/__init__.py': '',
      'tests/conftest.py': py(
        'import pytest',
        '',
        'from svc.main import app, get_admin, get_db',
        '',
        "fake_admin = {'name': 'root'}",
        '',
        '@pytest.fixture',
        'def as_admin():',
        '    app.dependency_overrides[get_admin] = lambda: fake_admin',
        '    yield app',
        '',
        '@pytest.fixture',
        'def memory_db():',
        '    app.dependency_overrides[get_db] = lambda: None',
        '    yield app',
        '',
        '@pytest.fixture',
        'def missing():',
        '    app.dependency_overrides[not_imported] = lambda: None',
        '    yield app',
      ),
    });
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  const derive = (name: string) => {
    const { module, fn } = ws.functionOf('tests/conftest.py', name);
    return ws.context.deriver.deriveFunction(module, fn);
  };

  it('an authentication dependency (two levels above a fastapi.security scheme) → authn simulated, data fake from test code', () => {
    const summary = summarizeClaims(derive('as_admin').claims);
    assert.equal(summary.facts.authn, 'simulated');
    assert.equal(summary.facts.data, 'fake');
    assert.deepEqual(summary.evidence.filter((e) => e.fact === 'data').map((e) => `${e.path}:${e.line}`), ['tests/conftest.py:9', 'tests/conftest.py:5']);
    assert.ok(derive('as_admin').claims.some((c) => c.fact === 'authn' && c.because.includes('svc/main.py:5')));
  });

  it('any other dependency → data fake, authentication unknown', () => {
    const summary = summarizeClaims(derive('memory_db').claims);
    assert.equal(summary.facts.authn, 'unknown');
    assert.equal(summary.facts.data, 'fake');
  });

  it('an override of a name that cannot be resolved is a gap, not a guess', () => {
    const derivation = derive('missing');
    assert.equal(summarizeClaims(derivation.claims).facts.authn, 'unknown');
    assert.ok(derivation.gaps.some((g) => g.includes('not_imported')), derivation.gaps.join('; '));
  });
});

describe('knowledge data files', () => {
  const entries = [...primitiveData.entries, ...fixtureLibraryData.entries] as unknown as KnowledgeEntry[];

  it('is what the engine loads', () => {
    assert.deepEqual(KNOWLEDGE.map((e) => e.id), entries.map((e) => e.id));
  });

  it('entries: unique ids, non-empty titles and reasons, known match kinds', () => {
    const ids = entries.map((e) => e.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    for (const entry of entries) {
      assert.match(entry.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, entry.id);
      assert.ok(entry.title.trim() && entry.because.trim().length > 20, entry.id);
      const kinds = Object.keys(entry.match);
      assert.ok(kinds.length > 0, `${entry.id} matches nothing`);
      for (const kind of kinds) assert.ok((MATCH_KINDS as readonly string[]).includes(kind), `${entry.id}: unknown match kind ${kind}`);
      for (const kind of MATCH_KINDS) for (const pattern of entry.match[kind] ?? []) assert.match(pattern, kind === 'fixtures' || kind === 'methods' || kind === 'subscriptAssignments' ? /^[A-Za-z_]\w*$/ : DOTTED, `${entry.id}: ${pattern}`);
    }
  });

  it('entries: every fact value is legal, in facts and in provided attributes', () => {
    const check = (where: string, facts: Record<string, string>) => {
      for (const [fact, value] of Object.entries(facts)) {
        assert.ok(fact in FACT_VALUES, `${where}: unknown fact ${fact}`);
        assert.ok(FACT_VALUES[fact].includes(value), `${where}: ${fact}=${value}`);
        assert.notEqual(value, 'unknown', `${where}: an entry that knows nothing says nothing`);
      }
    };
    for (const entry of entries) {
      assert.ok(typeof entry.facts === 'object' && entry.facts !== null, `${entry.id} has facts (possibly {})`);
      check(entry.id, entry.facts as Record<string, string>);
      for (const [name, attribute] of Object.entries(entry.attributes ?? {})) {
        check(`${entry.id}.${name}`, attribute.facts as Record<string, string>);
        assert.ok(attribute.kind, `${entry.id}.${name} has a kind`);
      }
      if (entry.whenArgument) check(`${entry.id} whenArgument`, entry.whenArgument.facts as Record<string, string>);
    }
  });

  it('entries: optional fields are well formed', () => {
    const ids = new Set(entries.map((e) => e.id));
    for (const entry of entries) {
      for (const receiver of entry.receivers ?? []) assert.ok(ids.has(receiver), `${entry.id}: receiver ${receiver}`);
      if (entry.receivers) assert.ok(entry.match.methods?.length, `${entry.id}: receivers without methods`);
      for (const locator of entry.runs ?? []) assert.match(locator, LOCATOR, entry.id);
      if (entry.hostAttribute) assert.match(entry.hostAttribute, /^[A-Za-z_]\w*$/);
      if (entry.requiresPlugin) assert.match(entry.requiresPlugin, /^[A-Za-z_]\w*$/);
      for (const marker of entry.dependencyMarkers ?? []) assert.match(marker, DOTTED);
      if (entry.whenArgument) {
        assert.ok(entry.match.calls?.length, `${entry.id}: whenArgument applies to calls`);
        const where = entry.whenArgument.argument;
        if (where !== 'every') for (const locator of where) assert.match(locator, /^(arg\d+|kw:\w+)$/, entry.id);
        assert.ok(entry.whenArgument.values.length && entry.whenArgument.because.trim(), entry.id);
      }
    }
  });

  it('entries: no pattern is claimed by two entries (the first would hide the second)', () => {
    for (const kind of MATCH_KINDS) {
      const seen = new Map<string, string>();
      for (const entry of entries) {
        for (const pattern of entry.match[kind] ?? []) {
          assert.ok(!seen.has(pattern), `${kind} ${pattern}: ${seen.get(pattern)} and ${entry.id}`);
          seen.set(pattern, entry.id);
        }
      }
    }
  });

  it('holds third-party names only: no pattern names a package of the fixture workspaces', () => {
    const packages = new Set<string>();
    for (const workspace of fs.readdirSync(WORKSPACES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const item of fs.readdirSync(path.join(WORKSPACES, workspace.name), { withFileTypes: true })) {
        if (item.isDirectory() && fs.existsSync(path.join(WORKSPACES, workspace.name, item.name, '__init__.py'))) packages.add(item.name);
      }
    }
    assert.ok(packages.has('compute') && packages.has('shop') && packages.has('widgets'));
    for (const entry of entries) {
      for (const kind of ['calls', 'bases', 'decorators', 'patchTargets'] as const) {
        for (const pattern of entry.match[kind] ?? []) assert.ok(!packages.has(pattern.split('.')[0]), `${entry.id}: ${pattern}`);
      }
    }
  });

  it('patch-primitives.json: unique names, legal target forms, aligned replacement alternatives', () => {
    const names = PATCH_PRIMITIVES.map((p) => p.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
    for (const primitive of PATCH_PRIMITIVES) {
      assert.match(primitive.name, DOTTED);
      const forms = primitive.target.split('|');
      for (const form of forms) assert.ok(['arg0', 'arg0.arg1'].includes(form), `${primitive.name}: ${form}`);
      for (const where of primitive.new) {
        const alternatives = where.split('|');
        assert.ok(alternatives.length === 1 || alternatives.length === forms.length, `${primitive.name}: ${where}`);
        for (const alternative of alternatives) assert.match(alternative, LOCATOR);
      }
      assert.ok(primitive.scope.trim());
    }
  });

  it('patch-primitives.json: the authorization-check pattern compiles and tells checks from look-alikes', () => {
    assert.doesNotThrow(() => new RegExp(patchData.authorizationCheckNames));
    for (const name of ['compute.policy.authorize', 'shop.auth.check_permission', 'blog.views.can_edit', 'x.User.has_perm', 'app.RequestContext.can', 'oslo_policy.policy.Enforcer.enforce', 'documents.views.has_perms_owner_aware', 'wagtail.admin.auth.user_has_any_page_permission', 'x.has_change_permission']) {
      assert.ok(isAuthorizationCheck(name), name);
    }
    for (const name of ['widgets.access.is_allowed', 'x.can_retry', 'compute.api.auth.ComputeKeystoneContext._create_context', 'app.scanner', 'links.has_permalink', 'x.has_permanent_address', 'x.perms_cache', 'x.hash_permission_key']) {
      assert.ok(!isAuthorizationCheck(name), name);
    }
  });

  it('network-calls.json and server-binds.json: unique names, legal locators and host lists', () => {
    const calls = networkTable.entries.map((e) => e.name);
    assert.deepEqual(calls.filter((n, i) => calls.indexOf(n) !== i), []);
    for (const entry of networkTable.entries) {
      assert.match(entry.name, DOTTED);
      const locators = [...(('url' in entry ? entry.url : undefined) ?? []), ...(('host' in entry ? entry.host : undefined) ?? [])];
      assert.ok(locators.length > 0, entry.name);
      for (const locator of locators) assert.match(locator, LOCATOR, entry.name);
    }
    const binds = bindTable.entries.map((e) => e.name);
    assert.deepEqual(binds.filter((n, i) => binds.indexOf(n) !== i), []);
    for (const entry of bindTable.entries) {
      assert.ok(['qualified', 'method'].includes(entry.match), entry.name);
      for (const locator of entry.host) assert.match(locator, LOCATOR, entry.name);
    }
    assert.ok(bindTable.allInterfaces.includes('0.0.0.0') && networkTable.loopbackHosts.includes('127.0.0.1'));
    assert.ok(!bindTable.allInterfaces.some((h) => networkTable.loopbackHosts.includes(h)));
  });
});
