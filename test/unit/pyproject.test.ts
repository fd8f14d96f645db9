/** `[tool.fixture-lens]` in pyproject.toml: keys, precedence over editor settings, clear problems. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { applyProjectConfig, readProjectConfig } from '../../server/src/config/pyproject';
import { readRequirementsFile } from '../../server/src/config/declared-packages';
import { isRequirementsFile } from '../../server/src/io/requirements-files';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';
import { cli } from '../helpers/cli';
import { analyzeSource } from '../helpers/parsing';
import { py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

describe('pyproject.toml configuration', () => {
  it('reads test globs, extra paths, rules and context hints', () => {
    const project = readProjectConfig(
      ['[project]', 'name = "shop"', '', '[tool.fixture-lens]', 'test-globs = ["checks/**/*.py"]', 'extra-paths = ["vendor"]', 'disabled-rules = ["fl105"]', 'severity = { FL204 = "error" }', 'context-hints = "information"', ''].join('\n'),
    );
    assert.deepEqual(project.problems, []);
    const settings = applyProjectConfig(parseSettings({ testGlobs: ['**/editor_*.py'] }), project);
    assert.deepEqual(settings.testGlobs, ['checks/**/*.py']);
    assert.deepEqual(settings.extraPaths, ['vendor']);
    assert.deepEqual(settings.rules.disabled, ['FL105']);
    assert.deepEqual(settings.rules.severity, { FL204: 'error' });
    assert.equal(settings.contextHints, 'information');
  });

  it('keeps editor settings for keys the project does not set', () => {
    const project = readProjectConfig('[tool.fixture-lens]\ncontext-hints = "off"\n');
    const settings = applyProjectConfig(parseSettings({ testGlobs: ['**/editor_*.py'], rules: { disabled: ['FL204'] } }), project);
    assert.deepEqual(settings.testGlobs, ['**/editor_*.py']);
    assert.deepEqual(settings.rules.disabled, ['FL204']);
    assert.equal(settings.contextHints, 'off');
  });

  it('has nothing to say without the section', () => {
    const project = readProjectConfig('[tool.black]\nline-length = 100\n');
    assert.deepEqual(project, { settings: {}, keys: [], problems: [], issues: [], allowSecrets: [], knowledge: [], declaredPackages: [] });
    assert.deepEqual(applyProjectConfig(DEFAULT_SETTINGS, project), DEFAULT_SETTINGS);
  });

  it('reports invalid TOML with its position, unknown keys and wrong types, one line each', () => {
    const broken = readProjectConfig('[tool.fixture-lens\ntest-globs = 1\n');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0], /^pyproject\.toml: invalid TOML at line 1, column \d+: /);
    const wrong = readProjectConfig('[tool.fixture-lens]\ntest-globs = "tests/*.py"\ncolour = "blue"\n');
    assert.deepEqual(wrong.problems, [
      'pyproject.toml: [tool.fixture-lens] test-globs must be an array of strings',
      'pyproject.toml: [tool.fixture-lens] unknown key "colour" (known: test-globs, extra-paths, disabled-rules, severity, context-hints, allow-secrets, knowledge)',
    ]);
    for (const problem of [...broken.problems, ...wrong.problems]) assert.ok(!problem.includes('\n'));
  });
});

describe('problem positions', () => {
  it('invalid TOML is fatal, at the parser position', () => {
    const [issue] = readProjectConfig('[project]\nname = "x"\n[tool.fixture-lens\n').issues;
    assert.deepEqual({ line: issue.line, column: issue.column, isFatal: issue.isFatal }, { line: 3, column: 19, isFatal: true });
  });

  it('a key problem sits at the key, a section that is not a table at line 1', () => {
    const text = '[tool.black]\nline-length = 100\n\n[tool.fixture-lens]\ntest-globs = ["t/*.py"]\n  colour = "blue"\n';
    assert.deepEqual(readProjectConfig(text).issues.map((i) => [i.line, i.column, i.isFatal]), [[6, 3, false]]);
    const notTable = readProjectConfig('[tool]\nfixture-lens = 3\n');
    assert.deepEqual(notTable.issues.map((i) => i.isFatal), [true]);
  });
});

describe('allow-secrets', () => {
  it('keeps exact values and /regular expressions/, and names each bad entry', () => {
    const project = readProjectConfig('[tool.fixture-lens]\nallow-secrets = ["ghp_known", "/^sk_test_\\\\w+$/i", "/(/", "", "/x/g"]\n');
    assert.deepEqual(project.allowSecrets, ['ghp_known', '/^sk_test_\\w+$/i']);
    assert.equal(project.problems.length, 3);
    assert.match(project.problems[0], /allow-secrets entry 3 "\/\(\/" is not a valid regular expression/);
    assert.match(project.problems[1], /allow-secrets entry 4 "" is empty/);
    assert.match(project.problems[2], /allow-secrets entry 5 "\/x\/g" uses the flag "g" or "y"/);
    assert.ok(project.issues.every((i) => i.line === 2 && !i.isFatal));
    assert.deepEqual(applyProjectConfig(DEFAULT_SETTINGS, project).project.allowSecrets, project.allowSecrets);
    assert.match(readProjectConfig('[tool.fixture-lens]\nallow-secrets = "ghp_x"\n').problems[0], /allow-secrets must be an array of strings/);
  });

  it('comes from pyproject.toml only, never from editor settings', () => {
    assert.deepEqual(parseSettings({ project: { allowSecrets: ['x'] } }).project, DEFAULT_SETTINGS.project);
  });
});

describe('knowledge entries', () => {
  const header = '[tool.fixture-lens]\n\n';
  it('become knowledge-base entries whose evidence is their line in pyproject.toml', () => {
    const text = `${header}[[tool.fixture-lens.knowledge]]\nname = "mycorp.testing.FakeAuth"\nkind = "auth-simulated"\nauthn = "simulated"\ntransport = "in-process"\nreason = "FakeAuth accepts any token"\n\n[[tool.fixture-lens.knowledge]]\nname = ["mycorp.testing.deny_all"]\nmatch = "patch-target"\nauthz = "bypassed"\nreason = "patching it allows every request"\n`;
    const project = readProjectConfig(text);
    assert.deepEqual(project.problems, []);
    assert.deepEqual(project.knowledge, [
      { id: 'pyproject:mycorp.testing.FakeAuth', title: 'mycorp.testing.FakeAuth', match: { calls: ['mycorp.testing.FakeAuth'] }, kind: 'auth-simulated', facts: { transport: 'in-process', authn: 'simulated' }, because: 'FakeAuth accepts any token', source: { path: 'pyproject.toml', line: 3 } },
      { id: 'pyproject:mycorp.testing.deny_all', title: 'mycorp.testing.deny_all', match: { patchTargets: ['mycorp.testing.deny_all'] }, facts: { authz: 'bypassed' }, because: 'patching it allows every request', source: { path: 'pyproject.toml', line: 10 } },
    ]);
    assert.deepEqual(applyProjectConfig(DEFAULT_SETTINGS, project).project.knowledge, project.knowledge);
  });

  it('names the key of every problem and leaves the bad entry out whole', () => {
    const text = `${header}[[tool.fixture-lens.knowledge]]\nname = "ok.Name"\nauthn = "maybe"\ncolour = "red"\n\n[[tool.fixture-lens.knowledge]]\nname = "not a name"\nmatch = "import"\ntransport = "in-process"\n`;
    const project = readProjectConfig(text);
    assert.deepEqual(project.knowledge, []);
    assert.deepEqual(project.problems.map((p) => p.replace(/^pyproject\.toml: \[\[tool\.fixture-lens\.knowledge\]\] /, '').split(' (')[0].split(':')[0]), [
      'entry 1',
      'entry 1',
      'entry 1',
      'entry 2',
      'entry 2',
      'entry 2',
    ]);
    const text1 = project.problems.join('\n');
    for (const key of ['unknown key "colour"', 'authn must be one of', 'reason must say why', 'name must be a dotted Python name', 'match must be one of']) assert.ok(text1.includes(key), key);
    assert.deepEqual(project.issues.map((i) => i.line), [3, 3, 3, 8, 8, 8]);
    assert.match(readProjectConfig(`${header}knowledge = "x"\n`).problems[0], /knowledge must be an array of tables/);
  });
});

describe('allow-secrets in FL201', () => {
  const text = [
    "GITHUB_TOKEN = 'ghp_3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvtgq'",
    "OTHER_TOKEN = 'ghp_9QvT2mLx7KcRw4PzN8sYb3HdJ6FgA1uEoZtk'",
    "API_KEY = 'q8Zr2LmX9vKp4TnW7sYc3HdJ6FgA1uEo'",
    '',
    'def test_a():',
    '    pass',
    '',
  ].join('\n');
  const fl201Rows = async (allow: string): Promise<number[]> => {
    const settings = applyProjectConfig(DEFAULT_SETTINGS, readProjectConfig(`[tool.fixture-lens]\nallow-secrets = ${allow}\n`));
    const analysis = await analyzeSource(text, 'tests/test_keys.py', settings);
    return analysis.diagnostics.filter((d) => d.ruleId === 'FL201').map((d) => d.span.start.row);
  };

  it('reports every real-looking value without a list', async () => {
    assert.deepEqual(await fl201Rows('[]'), [0, 1, 2]);
  });

  it('an exact value silences that value only; a pattern every value it matches', async () => {
    assert.deepEqual(await fl201Rows('["ghp_3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvtgq"]'), [1, 2]);
    assert.deepEqual(await fl201Rows('["ghp_3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvt"]'), [0, 1, 2], 'a prefix is not the value');
    assert.deepEqual(await fl201Rows('["/^ghp_/"]'), [2]);
    assert.deepEqual(await fl201Rows('["/^q8zr2/i"]'), [0, 1], 'high-entropy values bound to secret names too');
  });
});

describe('knowledge entries in a workspace', () => {
  const test = py(
    'from unittest import TestCase',
    '',
    'from mycorp.testing import FakeAuth',
    '',
    '',
    'class ProfileTest(TestCase):',
    '    def setUp(self):',
    '        self.auth = FakeAuth(user="alice")',
    '',
    '    def test_profile(self):',
    '        assert self.auth',
  );
  const pyproject = '[tool.fixture-lens]\n\n[[tool.fixture-lens.knowledge]]\nname = "mycorp.testing.FakeAuth"\nkind = "auth-simulated"\nauthn = "simulated"\ntransport = "in-process"\nreason = "FakeAuth accepts any token and logs in a fixed user"\n';
  const roots: string[] = [];
  after(() => roots.forEach(removeTemp));

  async function doubleOf(files: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const root = writeTempWorkspace(files);
    roots.push(root);
    const result = await cli(['explain', 'tests/test_profile.py', '--format', 'json'], root);
    assert.equal(result.code, 0, result.err);
    const [file] = JSON.parse(result.out).files;
    return file.doubles.find((d: { name: string }) => d.name === 'FakeAuth');
  }

  it('give a primitive the declared facts, defined at its pyproject.toml line, with the reason', async () => {
    const double = await doubleOf({ 'pyproject.toml': pyproject, 'tests/test_profile.py': test });
    assert.ok(double);
    assert.equal(double.kind, 'auth-simulated');
    assert.deepEqual(double.definedAt, { path: 'pyproject.toml', line: 3 });
    assert.deepEqual({ transport: (double.facts as Record<string, string>).transport, authn: (double.facts as Record<string, string>).authn }, { transport: 'in-process', authn: 'simulated' });
    assert.equal(double.explanation, 'FakeAuth accepts any token and logs in a fixed user');
  });

  it('apply to that workspace only: without the entry the primitive stays unknown', async () => {
    const root = writeTempWorkspace({ 'pyproject.toml': '[tool.fixture-lens]\n', 'tests/test_profile.py': test });
    roots.push(root);
    const [file] = JSON.parse((await cli(['explain', 'tests/test_profile.py', '--format', 'json'], root)).out).files;
    const doubles = file.doubles as Array<{ kind: string; facts: { authn: string } }>;
    assert.ok(doubles.every((d) => d.kind !== 'auth-simulated' && d.facts.authn !== 'simulated'), JSON.stringify(doubles));
  });
});

describe('declared packages (pytest plugins taken as installed)', () => {
  it('reads PEP 621, PEP 735, Poetry, uv and PDM declarations with their lines, names normalised', () => {
    const text = [
      '[project]', // 1
      'name = "shop"',
      'dependencies = ["Django>=5.0", "requests[socks] ; python_version > \'3.9\'"]',
      '[project.optional-dependencies]',
      'test = [',
      '  "pytest-django~=4.12.0",', // 6
      ']',
      '[dependency-groups]',
      'dev = ["pytest_httpx", { include-group = "lint" }]', // 9
      'lint = ["ruff"]',
      '[tool.poetry.dependencies]',
      'python = "^3.10"',
      '"Pytest.Mock" = "^3.14"', // 13
      '[tool.poetry.group.test.dependencies]',
      'requests-mock = { version = "^1.11" }', // 15
      '[tool.uv]',
      'dev-dependencies = ["respx"]', // 17
      '[tool.pdm.dev-dependencies]',
      'test = ["freezegun>=1"]', // 19
      '',
    ].join('\n');
    const project = readProjectConfig(text);
    assert.deepEqual(project.problems, []);
    assert.deepEqual(
      project.declaredPackages.map((p) => `${p.name}@${p.line}`),
      ['django@3', 'requests@3', 'pytest_django@6', 'pytest_httpx@9', 'ruff@10', 'pytest_mock@13', 'requests_mock@15', 'respx@17', 'freezegun@19'],
    );
    assert.equal(project.declaredPackages[2].requirement, 'pytest-django~=4.12.0');
    assert.deepEqual(applyProjectConfig(parseSettings({}), project).project.declaredPackages, project.declaredPackages);
  });

  it('are read with or without [tool.fixture-lens], and malformed declarations are left out', () => {
    assert.deepEqual(readProjectConfig('[project]\ndependencies = "pytest-django"\noptional-dependencies = ["x"]\n').declaredPackages, []);
    assert.deepEqual(readProjectConfig('[project]\ndependencies = ["", "  ", 3, "-bad"]\n').declaredPackages, []);
    assert.deepEqual(readProjectConfig('[tool.fixture-lens]\n[dependency-groups]\ndev = ["pytest-mock"]\n').declaredPackages.map((p) => p.name), ['pytest_mock']);
    assert.deepEqual(readProjectConfig('[project\n').declaredPackages, [], 'invalid TOML declares nothing');
  });

  const test = py(
    'import httpx',
    '',
    '',
    'def test_rates(httpx_mock, settings, admin_client, mocker):',
    '    settings.RATES_URL = "https://rates.example.org/today"',
    '    httpx_mock.add_response(json={"EUR": 1.1})',
    '    assert httpx.get("https://rates.example.org/today").json()',
    '    assert admin_client.get("/admin/").status_code == 200',
  );
  const roots: string[] = [];
  after(() => roots.forEach(removeTemp));

  async function explain(files: Record<string, string>) {
    const root = writeTempWorkspace(files);
    roots.push(root);
    const result = await cli(['explain', 'tests/test_rates.py', '--format', 'json'], root);
    assert.equal(result.code, 0, result.err);
    const [file] = JSON.parse(result.out).files;
    const doubles = new Map<string, { definedAt: unknown; explanation: string; unresolved: string | null }>(file.doubles.map((d: { name: string }) => [d.name, d]));
    return { doubles, codes: (file.diagnostics as Array<{ code: string; line: number }>).map((d) => `${d.code}@${d.line}`).sort() };
  }

  it('resolve the fixtures of a declared plugin, saying which line declares it; an undeclared one stays unresolved', async () => {
    const declared = await explain({ 'pyproject.toml': '[dependency-groups]\ntest = [\n  "pytest-httpx>=0.30",\n  "pytest-django",\n]\n', 'tests/test_rates.py': test });
    assert.deepEqual(declared.doubles.get('httpx_mock')?.definedAt, { knowledge: 'pytest-httpx' });
    assert.match(declared.doubles.get('httpx_mock')?.explanation ?? '', /pyproject\.toml:3 declares it \(pytest-httpx>=0\.30\)/);
    assert.deepEqual(declared.doubles.get('settings')?.definedAt, { knowledge: 'pytest-django-settings' });
    assert.deepEqual(declared.doubles.get('admin_client')?.definedAt, { knowledge: 'pytest-django-admin-client' });
    assert.equal(declared.doubles.get('mocker')?.definedAt, null, 'pytest-mock is not declared');
    // httpx_mock intercepts the request (FL102, no FL202); admin_client is in-process (FL101) and logged in (FL103).
    assert.deepEqual(declared.codes, ['FL101@4', 'FL102@4', 'FL103@4']);

    const undeclared = await explain({ 'pyproject.toml': '[project]\nname = "rates"\n', 'tests/test_rates.py': test });
    for (const name of ['httpx_mock', 'settings', 'admin_client']) assert.match(undeclared.doubles.get(name)?.unresolved ?? '', /no fixture named/, name);
    assert.ok(undeclared.codes.includes('FL202@7'), undeclared.codes.join(' '));
  });
});

describe('requirements files (pytest plugins taken as installed)', () => {
  it('reads one requirement per line, leaving out comments, options, URLs and paths', () => {
    const text = ['# test dependencies', 'pytest>=8', '-r requirements.txt', '--hash=sha256:abc', 'pytest-django==4.9.0 ; python_version >= "3.10"  # django fixtures', '', 'git+https://example.org/x.git#egg=x', './vendor/pkg', 'requests_mock[fixture]>=1.11', 'pytest-django>=4'].join('\n');
    assert.deepEqual(
      readRequirementsFile(text, 'requirements/test.txt').map((p) => `${p.name}@${p.path}:${p.line}`),
      ['pytest@requirements/test.txt:2', 'pytest_django@requirements/test.txt:5', 'requests_mock@requirements/test.txt:9'],
    );
    assert.equal(readRequirementsFile('pytest-httpx  # mocks\n', 'r.txt')[0].requirement, 'pytest-httpx');
  });

  it('are the root files named like requirements and the files of a root requirements/ folder', () => {
    for (const name of ['requirements.txt', 'test-requirements.txt', 'requirements-dev.txt', 'dev_requirements.txt', 'requirements/test.txt']) assert.ok(isRequirementsFile(name), name);
    for (const name of ['myrequirements.txt', 'requirements.in', 'docs/requirements.txt', 'requirements/sub/test.txt', 'requirements/README.md']) assert.ok(!isRequirementsFile(name), name);
  });

  const roots: string[] = [];
  after(() => roots.forEach(removeTemp));

  it('resolve a plugin fixture in check and explain, naming the declaring line', async () => {
    const root = writeTempWorkspace({
      'requirements/test.txt': '-r ../requirements.txt\npytest>=8\npytest-httpx>=0.30\n',
      'tests/test_rates.py': py('import httpx', '', '', 'def test_rates(httpx_mock):', '    assert httpx.get("https://rates.example.org/today").json()'),
    });
    roots.push(root);
    const result = await cli(['explain', 'tests/test_rates.py', '--format', 'json'], root);
    assert.equal(result.code, 0, result.err);
    const [file] = JSON.parse(result.out).files;
    const double = file.doubles.find((d: { name: string }) => d.name === 'httpx_mock');
    assert.deepEqual(double.definedAt, { knowledge: 'pytest-httpx' });
    assert.match(double.explanation, /requirements\/test\.txt:3 declares it \(pytest-httpx>=0\.30\)/);
    assert.deepEqual(file.diagnostics.map((d: { code: string }) => d.code), ['FL102']);
  });
});
