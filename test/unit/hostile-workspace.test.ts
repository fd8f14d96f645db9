/**
 * Hostile workspaces (issue #8): symlink loops and symlinks out of the workspace, files that vanish
 * between listing and reading, a deep `conftest.py` hierarchy, and the promise behind SECURITY.md:
 * indexing and analysis read nothing outside the workspace and its configured import roots.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectPythonFiles } from '../../server/src/io/collect-files';
import { cli } from '../helpers/cli';
import { getParsing } from '../helpers/parsing';
// The module object itself (not a namespace copy): what every other module's `fs` reads through.
import nodeFs = require('node:fs');
import { loadWorkspace, py, removeTemp, writeTempWorkspace } from '../helpers/workspace';

/** Every path the wrapped `fs` functions were called with, while `run` runs. */
async function recordFileAccess<T>(run: () => Promise<T> | T): Promise<{ result: T; paths: string[] }> {
  const names = ['readFileSync', 'statSync', 'lstatSync', 'readdirSync', 'existsSync', 'openSync', 'realpathSync', 'accessSync'] as const;
  const mutable = nodeFs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = names.map((name) => [name, mutable[name]] as const);
  const paths: string[] = [];
  for (const [name, original] of originals) {
    mutable[name] = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') paths.push(path.resolve(args[0]));
      return original.apply(this, args);
    };
  }
  try {
    return { result: await run(), paths };
  } finally {
    for (const [name, original] of originals) mutable[name] = original;
  }
}

describe('symlinks', () => {
  let root: string;
  let outside: string;
  before(() => {
    outside = writeTempWorkspace({ 'secret.py': py('TOKEN = "ghp_outside"'), 'pkg/__init__.py': py('class Leak:', '    pass') });
    root = writeTempWorkspace({
      'tests/test_a.py': py('from pkg import Leak', 'import secret', '', 'def test_a():', '    assert Leak'),
      'tests/sub/test_b.py': py('def test_b():', '    pass'),
    });
    fs.symlinkSync(root, path.join(root, 'tests', 'loop'));
    fs.symlinkSync('.', path.join(root, 'tests', 'sub', 'self'));
    fs.symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'tests', 'secret.py'));
    fs.symlinkSync(path.join(outside, 'pkg'), path.join(root, 'pkg'));
  });
  after(() => {
    removeTemp(root);
    removeTemp(outside);
  });

  it('the index lists real files only: loops and links out of the workspace are not followed', async () => {
    await getParsing();
    const { result: ws, paths } = await recordFileAccess(async () => {
      const loaded = await loadWorkspace(root);
      for (const entry of loaded.index.workspaceEntries) loaded.index.summary(entry);
      loaded.analyze('tests/test_a.py');
      return loaded;
    });
    assert.deepEqual(ws.index.workspaceEntries.map((e) => e.path), ['tests/sub/test_b.py', 'tests/test_a.py']);
    assert.deepEqual(paths.filter((p) => p.startsWith(outside)), [], 'nothing under the linked-to folder is read');
    assert.equal(ws.index.findModule('pkg'), null, 'a linked package is not a workspace module');
    assert.equal(ws.index.findModule('secret'), null);
  });

  it('the CLI walk skips them too, and finishes', async () => {
    const collected = collectPythonFiles(['.'], root);
    assert.deepEqual(collected.files.map((f) => path.relative(root, f)), ['tests/sub/test_b.py', 'tests/test_a.py'].map((p) => p.split('/').join(path.sep)));
    const result = await cli(['check', '.'], root);
    assert.equal(result.code, 0);
    assert.match(result.out, /^2 file\(s\) analyzed \(2 test code\)/m);
  });
});

describe('reads stay inside the workspace and its configured import roots', () => {
  let root: string;
  let extra: string;
  let elsewhere: string;
  before(() => {
    elsewhere = writeTempWorkspace({ 'wanted/__init__.py': py('class Wanted:', '    pass') });
    extra = writeTempWorkspace({ 'extramod/__init__.py': py('class Extra:', '    pass') });
    root = writeTempWorkspace({
      'tests/conftest.py': py('import pytest', '', '@pytest.fixture', 'def client():', '    return object()'),
      'tests/test_all.py': py(
        'from app.core import Core',
        'from envmod import Env',
        'from extramod import Extra',
        'from wanted import Wanted',
        'from os import path',
        '',
        'def test_all(client, monkeypatch):',
        '    monkeypatch.setattr("app.core.Core.check", lambda: True)',
        '    assert Core and Env and Extra and Wanted',
      ),
      'app/__init__.py': '',
      'app/core.py': py('class Core:', '    def check(self):', '        return True'),
      '.venv/lib/python3.12/site-packages/envmod.py': py('class Env:', '    pass'),
    });
  });
  after(() => [root, extra, elsewhere].forEach(removeTemp));

  it('indexing and analysis touch only the workspace and the configured extra path', async () => {
    await getParsing();
    const { result: analysis, paths } = await recordFileAccess(async () => {
      const ws = await loadWorkspace(root, { extraPaths: [extra] });
      for (const entry of ws.index.workspaceEntries) ws.index.summary(entry);
      return ws.analyze('tests/test_all.py');
    });
    assert.ok(paths.length > 0, 'the recorder saw the reads');
    const stray = paths.filter((p) => !p.startsWith(`${root}${path.sep}`) && p !== root && !p.startsWith(`${extra}${path.sep}`) && p !== extra);
    assert.deepEqual(stray, []);
    assert.ok(paths.some((p) => p.startsWith(extra)), 'the extra path was used');
    assert.ok(analysis.doubles.length > 0);
  });
});

describe('files that vanish between listing and reading', () => {
  let root: string;
  before(() => {
    root = writeTempWorkspace({
      'tests/test_kept.py': py('def test_kept(client):', '    client.login(password="fake")'),
      'tests/test_gone.py': py('def test_gone():', '    pass'),
      'tests/helpers.py': py('class Helper:', '    pass'),
    });
  });
  after(() => removeTemp(root));

  /** Lists a folder, then deletes `victim` from it before anyone reads it. */
  async function withVanishing<T>(victim: string, run: () => Promise<T>): Promise<T> {
    const mutable = nodeFs as unknown as { readdirSync: (...args: unknown[]) => unknown };
    const original = mutable.readdirSync;
    mutable.readdirSync = (...args: unknown[]) => {
      const listed = original(...args);
      if (typeof args[0] === 'string' && path.resolve(args[0]) === path.dirname(victim)) fs.rmSync(victim, { force: true });
      return listed;
    };
    try {
      return await run();
    } finally {
      mutable.readdirSync = original;
    }
  }

  it('the CLI skips the vanished file with the reason and analyses the rest', async () => {
    const victim = path.join(root, 'tests', 'test_gone.py');
    const result = await withVanishing(victim, () => cli(['check', '.'], root));
    assert.equal(result.code, 0);
    assert.equal(result.err, 'fixture-lens: skipped tests/test_gone.py: no such file or directory\n');
    assert.match(result.out, /^2 file\(s\) analyzed \(2 test code, 1 skipped\): FL105×1 in \d+ ms$/m);
    fs.writeFileSync(victim, py('def test_gone():', '    pass'));
  });

  it('the index has no summary for it, and resolution says why', async () => {
    const victim = path.join(root, 'tests', 'helpers.py');
    const ws = await withVanishing(victim, () => loadWorkspace(root));
    const entry = ws.index.workspaceEntries.find((e) => e.path === 'tests/helpers.py');
    assert.ok(entry, 'listed before it vanished');
    assert.equal(ws.index.summary(entry), null);
    assert.deepEqual(ws.index.resolve('tests.helpers.Helper'), { kind: 'unresolved', reason: 'tests/helpers.py could not be read as Python source', externalPackage: null });
    fs.writeFileSync(victim, py('class Helper:', '    pass'));
  });
});

describe('a deep conftest.py hierarchy', () => {
  const DEPTH = 40;
  let root: string;
  before(() => {
    const files: Record<string, string> = {};
    for (let depth = 0; depth <= DEPTH; depth++) {
      const dir = ['tests', ...Array.from({ length: depth }, (_, i) => `d${i}`)].join('/');
      files[`${dir}/conftest.py`] = py('import pytest', '', '@pytest.fixture', 'def shared():', `    return ${depth}`, '', '@pytest.fixture', `def level_${depth}():`, `    return ${depth}`);
      // Siblings at every level, so each lookup has a crowd to search.
      for (let i = 0; i < 25; i++) files[`${dir}/test_sibling_${i}.py`] = py(`def test_sibling_${i}(shared):`, '    assert shared');
    }
    const deepest = ['tests', ...Array.from({ length: DEPTH }, (_, i) => `d${i}`)].join('/');
    files[`${deepest}/test_deep.py`] = py('def test_deep(shared, level_0, level_20, nowhere):', '    pass');
    root = writeTempWorkspace(files);
  });
  after(() => removeTemp(root));

  it('each fixture resolves to its nearest definition, an unknown one is named as such', async () => {
    const ws = await loadWorkspace(root);
    const deepest = ['tests', ...Array.from({ length: DEPTH }, (_, i) => `d${i}`)].join('/');
    assert.equal(ws.index.workspaceEntries.length, (DEPTH + 1) * 26 + 1);
    const analysis = ws.analyze(`${deepest}/test_deep.py`);
    const byName = new Map(analysis.doubles.map((d) => [d.name, d]));
    const at = (name: string): unknown => {
      const definedAt = byName.get(name)?.definedAt;
      return definedAt && 'path' in definedAt ? `${definedAt.path}:${definedAt.line}` : definedAt;
    };
    assert.equal(at('shared'), `${deepest}/conftest.py:4`);
    assert.equal(at('level_0'), 'tests/conftest.py:8');
    assert.equal(at('level_20'), `${['tests', ...Array.from({ length: 20 }, (_, i) => `d${i}`)].join('/')}/conftest.py:8`);
    assert.equal(at('nowhere'), null);
    assert.match(byName.get('nowhere')?.unresolved ?? '', /no fixture named nowhere/);
  });
});
