/** The CLI driven in-process: formats, the JSON contract, bad input and exit codes. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../helpers/cli';


describe('cli', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-cli-'));
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests', 'test_login.py'), 'def test_login(client):\n    client.login(password="fake-password")\n');
    fs.writeFileSync(path.join(dir, 'tests', 'test_server.py'), 'import socket\n\ndef test_s():\n    socket.socket().bind(("0.0.0.0", 0))\n');
    fs.writeFileSync(path.join(dir, 'binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    fs.writeFileSync(path.join(dir, 'latin1.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
    fs.mkdirSync(path.join(dir, 'empty'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check --format json follows the schema, with paths relative to --root', async () => {
    const result = await cli(['check', 'tests', '--format', 'json', '--root', '.'], dir);
    assert.equal(result.code, 0, result.err);
    const report = JSON.parse(result.out);
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.tool, { name: 'fixture-lens', version: '0.1.0' });
    assert.equal(report.root, dir);
    assert.deepEqual(report.files.map((f: { path: string }) => f.path), ['tests/test_login.py', 'tests/test_server.py']);
    const login = report.files[0];
    assert.equal(login.test.isTest, true);
    assert.deepEqual(login.findings, []);
    assert.deepEqual(login.claims, []);
    assert.deepEqual(login.diagnostics[0], {
      code: 'FL105',
      severity: 'hint',
      line: 2,
      column: 27,
      endLine: 2,
      endColumn: 42,
      message: login.diagnostics[0].message,
      suppressed: false,
      evidence: [{ fact: 'data', path: 'tests/test_login.py', line: 2, text: 'client.login(password="fake-password")' }],
      related: [],
    });
    const parameter = login.doubles[0];
    assert.equal(parameter.name, 'client');
    assert.equal(parameter.line, 1);
    assert.equal(parameter.column, 16);
    assert.equal(parameter.definedAt, null);
    assert.deepEqual(parameter.facts, { transport: 'unknown', authn: 'unknown', authz: 'unknown', data: 'unknown', reachableFromProduction: null });
    assert.deepEqual(report.summary.diagnostics, { FL105: 1, FL204: 1 });
    assert.equal(report.summary.files, 2);
    assert.equal(report.summary.testFiles, 2);
  });

  it('--fail-on warning exits 1 when a warning is found, never exits 0', async () => {
    assert.equal((await cli(['check', 'tests', '--fail-on', 'warning'], dir)).code, 1);
    assert.equal((await cli(['check', 'tests', '--fail-on', 'never'], dir)).code, 0);
  });

  it('skips binary and invalid UTF-8 files with a notice and still analyzes the rest', async () => {
    const result = await cli(['check', '.'], dir);
    assert.equal(result.code, 0);
    assert.match(result.err, /skipped binary\.py: binary file/);
    assert.match(result.err, /skipped latin1\.py: not valid UTF-8/);
    assert.match(result.out, /2 file\(s\) analyzed \(2 test code, 2 skipped\)/);
  });

  it('text output says a repeated hint once per file with its places, and lists every warning', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-repeats-'));
    try {
      fs.mkdirSync(path.join(project, 'tests'));
      const logins = Array.from({ length: 15 }, (_, i) => `def test_login_${i}(client):\n    client.login(password="fake-password")\n`).join('\n');
      const binds = 'import socket\n\ndef test_a():\n    socket.socket().bind(("0.0.0.0", 0))\n\ndef test_b():\n    socket.socket().bind(("0.0.0.0", 0))\n';
      fs.writeFileSync(path.join(project, 'tests', 'test_login.py'), logins);
      fs.writeFileSync(path.join(project, 'tests', 'test_binds.py'), binds);
      const result = await cli(['check', 'tests'], project);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out.match(/FL105 {2}Placeholder/g)?.length, 1);
      assert.match(result.out, /diagnostics \(15\):\n {4}2:27 {2}hint {8}FL105 .*\n {8}same hint at 5:27, 8:27, 11:27, 14:27, 17:27, 20:27, 23:27, 26:27, 29:27, 32:27, 35:27, 38:27 and 2 more \(--format json lists them\)\n/);
      assert.equal(result.out.match(/FL204 /g)?.length, 2, 'warnings are never folded');
      assert.doesNotMatch(result.out, /same hint at 7:/);
      assert.match(result.out, /FL105×15 FL204×2/);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('explain prints the test context and doubles as text', async () => {
    const result = await cli(['explain', 'tests/test_login.py'], dir);
    assert.equal(result.code, 0);
    assert.match(result.out, /test code: yes \(pytest\)/);
    assert.match(result.out, /pytest-parameter\s+client/);
    assert.match(result.out, /FL105/);
  });

  it('gives one-line errors and exit 2 where nothing can be analyzed', async () => {
    const missing = await cli(['explain', 'nope.py'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.err.trim(), 'fixture-lens: nope.py: no such file or directory');
    const empty = await cli(['check', 'empty'], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /skipped empty: directory contains no Python files/);
    const binary = await cli(['explain', 'binary.py'], dir);
    assert.equal(binary.code, 2);
    assert.match(binary.err, /binary\.py: binary file/);
  });

  it('applies [tool.fixture-lens] of pyproject.toml under --root, and stops on invalid TOML', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-pyproject-'));
    try {
      fs.mkdirSync(path.join(project, 'checks'));
      fs.writeFileSync(path.join(project, 'checks', 'login.py'), 'PASSWORD = "fake-password"\n');
      const before = JSON.parse((await cli(['check', 'checks', '--format', 'json'], project)).out);
      assert.equal(before.files[0].test.isTest, false);
      fs.writeFileSync(path.join(project, 'pyproject.toml'), '[tool.fixture-lens]\ntest-globs = ["checks/**/*.py"]\n');
      const after = JSON.parse((await cli(['check', 'checks', '--format', 'json'], project)).out);
      assert.equal(after.files[0].test.isTest, true);
      assert.deepEqual(after.files[0].diagnostics.map((d: { code: string }) => d.code), ['FL105']);
      fs.writeFileSync(path.join(project, 'pyproject.toml'), '[tool.fixture-lens\n');
      const broken = await cli(['check', 'checks'], project);
      assert.equal(broken.code, 2);
      assert.match(broken.err, /^fixture-lens: pyproject\.toml: invalid TOML at line 1/);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('rejects bad usage with the usage text', async () => {
    for (const args of [['frobnicate'], [], ['check', '--format', 'xml'], ['check', '--bogus'], ['explain', 'a.py', 'b.py']]) {
      const result = await cli(args, dir);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^fixture-lens: .+\nUsage:/);
    }
  });
});
