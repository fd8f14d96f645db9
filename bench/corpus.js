// Writes a synthetic Python test suite for the benchmark: a small production package and its tests
// in the styles Fixture Lens reads (nova-style unittest with fixtures and mock.patch, pytest with
// conftest hierarchies, Django TestCase), with lines scanners flag, plus one very large test file.
// Deterministic: the same seed and sizes give the same bytes, so runs on different machines compare.
const fs = require('node:fs');
const path = require('node:path');

const MARKER = '.fixture-lens-bench-corpus';

/** mulberry32: a tiny seeded PRNG, good enough to vary shapes; never used for anything secret. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const AREAS = ['compute', 'network', 'volume', 'image', 'scheduler', 'identity', 'billing', 'quota'];
const NOUNS = ['server', 'port', 'flavor', 'instance', 'host', 'volume', 'snapshot', 'keypair', 'aggregate', 'migration'];
const VERBS = ['create', 'delete', 'resize', 'rebuild', 'show', 'list', 'update', 'attach', 'detach', 'evacuate'];

const PRODUCTION = {
  'shop/__init__.py': '',
  'shop/config.py': `import os\n\nDEBUG = False\nDATABASE_URL = os.environ.get("DATABASE_URL", "sqlite://")\n\n\ndef flag(name, default=None):\n    return os.environ.get(name, default)\n`,
  'shop/db.py': `import sqlite3\n\n\nclass Session:\n    def __init__(self, url):\n        self.connection = sqlite3.connect(url)\n\n    def execute(self, statement, params=()):\n        return self.connection.execute(statement, params)\n\n\ndef get_session(url="shop.db"):\n    return Session(url)\n`,
  'shop/auth.py': `import hmac\n\n\nclass Policy:\n    def authorize(self, context, action, target):\n        if not context.get("roles"):\n            raise PermissionError(action)\n        return True\n\n\ndef check_token(token, expected):\n    return hmac.compare_digest(token, expected)\n`,
  'shop/clients.py': `import requests\n\n\nclass ImageClient:\n    def __init__(self, endpoint):\n        self.endpoint = endpoint\n\n    def show(self, image_id):\n        return requests.get(f"{self.endpoint}/images/{image_id}", timeout=10).json()\n\n    def delete(self, image_id):\n        return requests.delete(f"{self.endpoint}/images/{image_id}", timeout=10)\n`,
  'shop/api.py': `from shop import auth\nfrom shop import db\n\n\nclass API:\n    def __init__(self):\n        self.policy = auth.Policy()\n        self.session = db.get_session()\n\n    def handle(self, context, action, body):\n        self.policy.authorize(context, action, body)\n        return {"action": action, "body": body}\n`,
  'shop/tests/__init__.py': '',
  'shop/tests/unit/__init__.py': '',
  'shop/tests/functional/__init__.py': '',
  'shop/tests/test.py': `import unittest\nfrom unittest import mock\n\nimport fixtures\n\n\nclass TestCase(fixtures.TestWithFixtures, unittest.TestCase):\n    def flags(self, **kw):\n        for name, value in kw.items():\n            self.useFixture(fixtures.MonkeyPatch("shop.config." + name.upper(), value))\n\n\nclass NoDBTestCase(TestCase):\n    USES_DB = False\n`,
  'shop/tests/fixtures.py': `import fixtures\nfrom unittest import mock\n\nfrom shop import api\n\n\nclass PolicyFixture(fixtures.Fixture):\n    def setUp(self):\n        super().setUp()\n        self.useFixture(fixtures.MockPatch("shop.auth.Policy.authorize", return_value=True))\n\n\nclass ImageServiceFixture(fixtures.Fixture):\n    def setUp(self):\n        super().setUp()\n        self.images = {}\n        self.useFixture(fixtures.MockPatchObject(api.API, "handle", side_effect=self._handle))\n\n    def _handle(self, context, action, body):\n        return {"action": action}\n\n\nclass FakeDatabase(fixtures.Fixture):\n    def setUp(self):\n        super().setUp()\n        self.useFixture(fixtures.MonkeyPatch("shop.config.DATABASE_URL", "sqlite://"))\n`,
  'shop/tests/conftest.py': `import pytest\n\nfrom shop import api\nfrom shop import db\n\n\n@pytest.fixture(scope="session")\ndef database():\n    return db.get_session(":memory:")\n\n\n@pytest.fixture\ndef app(database, monkeypatch):\n    monkeypatch.setattr("shop.auth.Policy.authorize", lambda *a, **k: True)\n    return api.API()\n\n\n@pytest.fixture\ndef admin_context():\n    return {"user": "admin", "roles": ["admin"], "password": "admin-pass-1234"}\n`,
  'shop/tests/unit/conftest.py': `import pytest\nfrom unittest import mock\n\n\n@pytest.fixture\ndef image_client():\n    with mock.patch("shop.clients.requests") as fake_requests:\n        fake_requests.get.return_value.json.return_value = {"id": "fake"}\n        yield fake_requests\n\n\n@pytest.fixture(autouse=True)\ndef no_network(monkeypatch):\n    monkeypatch.setattr("socket.socket.connect", lambda *a: None)\n`,
  'shop/tests/functional/conftest.py': `import pytest\n\n\n@pytest.fixture\ndef app(app, admin_context):\n    app.context = admin_context\n    return app\n`,
};

/** The imports every nova-style file of the corpus starts with (the names its tests use). */
const NOVA_STYLE_IMPORTS = [
    'import subprocess',
    'from unittest import mock',
    '',
    'import fixtures',
    '',
    'from shop import api',
    'from shop import clients',
    'from shop.tests import fixtures as shop_fixtures',
    'from shop.tests import test',
    '',
];

function novaStyleFile(random, area, index) {
  const lines = [...NOVA_STYLE_IMPORTS];
  const classes = 2 + random.int(3);
  for (let c = 0; c < classes; c++) {
    const noun = random.pick(NOUNS);
    lines.push('', `class Test${capital(area)}${capital(noun)}${index}${c}(test.NoDBTestCase):`, '    def setUp(self):', '        super().setUp()');
    lines.push('        self.useFixture(shop_fixtures.PolicyFixture())');
    if (random.chance(0.5)) lines.push('        self.images = self.useFixture(shop_fixtures.ImageServiceFixture())');
    if (random.chance(0.3)) lines.push(`        self.flags(debug=True)`);
    lines.push('        self.api = api.API()', '');
    const methods = 4 + random.int(10);
    for (let m = 0; m < methods; m++) lines.push(...novaTestMethod(random, noun, m));
  }
  return `${lines.join('\n')}\n`;
}

function novaTestMethod(random, noun, m) {
  const verb = random.pick(VERBS);
  const out = [];
  if (random.chance(0.6)) out.push(`    @mock.patch.object(clients.ImageClient, '${random.pick(['show', 'delete'])}')`);
  if (random.chance(0.3)) out.push(`    @mock.patch('shop.db.get_session')`);
  const mocks = out.length;
  const args = ['self', ...Array.from({ length: mocks }, (_, i) => `mock_${i}`)];
  out.push(`    def test_${verb}_${noun}_${m}(${args.join(', ')}):`);
  out.push(`        body = {'${noun}': {'name': 'name-${m}', 'flavor': ${random.int(10)}}}`);
  out.push(`        result = self.api.handle({'roles': ['member']}, '${verb}', body)`);
  out.push(`        self.assertEqual('${verb}', result['action'])`);
  if (mocks) out.push('        mock_0.assert_called_once_with(mock.ANY)');
  const risky = random.int(12);
  if (risky === 0) out.push(`        subprocess.check_output('ls ${noun}', shell=True)`);
  if (risky === 1) out.push(`        password = 'secret-${noun}-${m}'`, '        self.assertTrue(password)');
  if (risky === 2) out.push(`        with mock.patch.object(api.API, 'handle', return_value={'action': '${verb}'}):`, `            self.api.handle({}, '${verb}', body)`);
  if (risky === 3) out.push(`        self.useFixture(fixtures.MockPatch('shop.auth.check_token', return_value=True))`);
  out.push('');
  return out;
}

function pytestStyleFile(random, area, index) {
  const lines = ['import pickle', 'import random', '', 'import pytest', 'import requests', '', 'from shop import auth', 'from shop import clients', ''];
  if (random.chance(0.5)) {
    lines.push('', '@pytest.fixture', `def ${area}_payload():`, `    return {"kind": "${area}", "size": ${random.int(100)}}`, '');
  }
  const tests = 5 + random.int(15);
  for (let t = 0; t < tests; t++) {
    const verb = random.pick(VERBS);
    const noun = random.pick(NOUNS);
    const fixtures = ['app', random.chance(0.5) ? 'image_client' : 'monkeypatch'];
    if (lines.some((l) => l.startsWith(`def ${area}_payload`))) fixtures.push(`${area}_payload`);
    lines.push('');
    if (random.chance(0.2)) lines.push(`@pytest.mark.parametrize("value", [${random.int(5)}, ${random.int(5) + 5}])`);
    const parametrized = lines[lines.length - 1].startsWith('@pytest.mark.parametrize');
    lines.push(`def test_${verb}_${noun}_${index}_${t}(${[...fixtures, ...(parametrized ? ['value'] : [])].join(', ')}):`);
    lines.push(`    result = app.handle({"roles": ["member"]}, "${verb}", {"${noun}": ${t}})`);
    lines.push(`    assert result["action"] == "${verb}"`);
    const risky = random.int(10);
    if (risky === 0) lines.push(`    requests.get("https://localhost:8774/${noun}", verify=False, timeout=5)`);
    if (risky === 1) lines.push(`    assert pickle.loads(pickle.dumps(result)) == result`);
    if (risky === 2) lines.push(`    token = "tok-${random.int(1e6)}-fixture"`, '    assert auth.check_token(token, token)');
    if (risky === 3) lines.push('    assert random.random() < 2');
    if (fixtures.includes('monkeypatch')) lines.push(`    monkeypatch.setattr(clients.ImageClient, "show", lambda self, image_id: {"id": image_id})`);
  }
  return `${lines.join('\n')}\n`;
}

function djangoStyleFile(random, area, index) {
  const lines = ['import hashlib', '', 'from django.test import Client, TestCase, override_settings', 'from django.contrib.auth.models import User', ''];
  const classes = 1 + random.int(2);
  for (let c = 0; c < classes; c++) {
    lines.push('', `@override_settings(DEBUG=True)`, `class ${capital(area)}ViewTests${index}${c}(TestCase):`, '    @classmethod', '    def setUpTestData(cls):');
    lines.push(`        cls.user = User.objects.create_user("user${c}", password="pw-${random.int(1e6)}")`, '');
    lines.push('    def setUp(self):', '        self.client = Client()', `        self.client.force_login(self.user)`, '');
    const tests = 3 + random.int(8);
    for (let t = 0; t < tests; t++) {
      const noun = random.pick(NOUNS);
      lines.push(`    def test_${noun}_page_${t}(self):`, `        response = self.client.get("/${area}/${noun}/${t}/")`, '        self.assertEqual(response.status_code, 200)');
      if (random.chance(0.15)) lines.push(`        digest = hashlib.md5(b"${noun}").hexdigest()`, '        self.assertTrue(digest)');
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A nova `test_driver.py`-sized file: one long class of mock-heavy tests, `lines` lines or a few more. */
function largeFile(random, lines) {
  const out = [
    ...NOVA_STYLE_IMPORTS,
    '',
    'class LargeDriverTestCase(test.NoDBTestCase):',
    '    def setUp(self):',
    '        super().setUp()',
    '        self.useFixture(shop_fixtures.PolicyFixture())',
    '        self.useFixture(shop_fixtures.FakeDatabase())',
    '        self.api = api.API()',
    '',
  ];
  for (let m = 0; out.length < lines; m++) out.push(...novaTestMethod(random, random.pick(NOUNS), m));
  return `${out.join('\n')}\n`;
}

function capital(word) {
  return word[0].toUpperCase() + word.slice(1);
}

/**
 * Writes the corpus into `dir` (replacing an earlier corpus there, never any other directory) and
 * returns its file list. `files` counts the generated test modules, `largeLines` sizes the big one.
 */
function generateCorpus({ dir, seed = 7, files = 240, largeLines = 33000 }) {
  if (fs.existsSync(dir)) {
    if (!fs.existsSync(path.join(dir, MARKER))) throw new Error(`${dir} exists and is not a generated corpus; choose another --out`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const random = createRandom(seed);
  const written = { ...PRODUCTION };
  for (let i = 0; i < files; i++) {
    const area = AREAS[i % AREAS.length];
    const style = i % 5 < 3 ? 'nova' : i % 5 === 3 ? 'pytest' : 'django';
    const base = style === 'nova' ? `shop/tests/unit/${area}` : style === 'pytest' ? `shop/tests/functional/${area}` : `shop/tests/views/${area}`;
    const text = style === 'nova' ? novaStyleFile(random, area, i) : style === 'pytest' ? pytestStyleFile(random, area, i) : djangoStyleFile(random, area, i);
    written[`${base}/test_${area}_${i}.py`] = text;
    written[`${base}/__init__.py`] = '';
  }
  written['shop/tests/unit/virt/__init__.py'] = '';
  written['shop/tests/unit/virt/test_driver.py'] = largeFile(random, largeLines);
  for (const [relative, text] of Object.entries(written)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(path.join(dir, MARKER), `seed ${seed}, ${files} test modules, ${largeLines}-line large file\n`);
  return Object.keys(written).map((relative) => path.join(dir, relative)).sort();
}

module.exports = { generateCorpus, createRandom, MARKER };

if (require.main === module) {
  const { parseArgs } = require('node:util');
  const { values } = parseArgs({ options: { out: { type: 'string' }, seed: { type: 'string' }, files: { type: 'string' } } });
  if (!values.out) {
    process.stderr.write('usage: node bench/corpus.js --out DIR [--seed N] [--files N]\n');
    process.exit(2);
  }
  const written = generateCorpus({ dir: path.resolve(values.out), seed: Number(values.seed ?? 7), files: Number(values.files ?? 240) });
  process.stderr.write(`wrote ${written.length} files to ${values.out}\n`);
}
