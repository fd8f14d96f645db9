/** The bundled CLI (`dist/cli.js`) as a user runs it: the Quick start example and JSON output. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/parsing';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLE_ROOT = path.join(REPO_ROOT, 'examples', 'nova_style');
const EXAMPLE = 'nova/tests/functional/regressions/test_bug_1702454.py';

describe('dist/cli.js', () => {
  it('explains the bundled example as JSON from outside the repository', () => {
    const run = spawnSync(process.execPath, [CLI, 'explain', path.join(EXAMPLE_ROOT, EXAMPLE), '--root', EXAMPLE_ROOT, '--format', 'json'], {
      cwd: '/',
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const report = JSON.parse(run.stdout);
    assert.equal(report.files.length, 1);
    const file = report.files[0];
    assert.equal(file.path, EXAMPLE);
    assert.equal(file.test.isTest, true);
    assert.ok(file.doubles.some((d: { name: string }) => d.name === 'OSAPIFixture'));
    assert.ok(file.diagnostics.some((d: { code: string }) => d.code === 'FL204'));
  });

  it('prints the version and exits 2 on a missing file', () => {
    assert.equal(spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).stdout.trim(), '0.1.0');
    const missing = spawnSync(process.execPath, [CLI, 'explain', 'missing.py'], { encoding: 'utf8', cwd: REPO_ROOT });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim(), 'fixture-lens: missing.py: no such file or directory');
  });
});
