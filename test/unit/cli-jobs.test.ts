/**
 * `check --jobs N`: worker threads share out the files of a whole-suite run, and the output is the
 * same, byte for byte apart from the elapsed time, as with one thread; bad values are usage errors.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultJobs, workerCount } from '../../server/src/cli/analyze-files';
import { cli } from '../helpers/cli';
import { WORKSPACES } from '../helpers/workspace';

const NOVA_LIKE = path.join(WORKSPACES, 'nova_like');

/** The report without the one field that differs between runs. */
function withoutElapsed(out: string): unknown {
  const report = JSON.parse(out) as { summary: { elapsedMs?: number } };
  delete report.summary.elapsedMs;
  return report;
}

describe('check --jobs', () => {
  it('gives the same JSON report with worker threads as in one thread', async () => {
    const serial = await cli(['check', '--root', NOVA_LIKE, NOVA_LIKE, '--format', 'json', '--fail-on', 'never', '--jobs', '1'], NOVA_LIKE);
    const parallel = await cli(['check', '--root', NOVA_LIKE, NOVA_LIKE, '--format', 'json', '--fail-on', 'never', '--jobs', '3'], NOVA_LIKE);
    assert.equal(serial.code, 0, serial.err);
    assert.equal(parallel.code, 0, parallel.err);
    assert.ok((JSON.parse(serial.out) as { files: unknown[] }).files.length >= 16, 'enough files for more than one worker');
    assert.deepEqual(withoutElapsed(parallel.out), withoutElapsed(serial.out));
    assert.equal(parallel.err, serial.err);
  });

  it('gives the same triaged SARIF with findings (the syntax comes back from the workers too)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-jobs-'));
    try {
      const findings = path.join(dir, 'bandit.json');
      const result = (file: string, line: number, testId: string) => ({ filename: path.join(NOVA_LIKE, file), line_number: line, test_id: testId, test_name: testId, issue_text: 'x', issue_severity: 'LOW', issue_confidence: 'HIGH', code: '' });
      fs.writeFileSync(findings, JSON.stringify({ results: [result('compute/tests/functional/test_live_api.py', 16, 'B101'), result('compute/tests/functional/test_policy_vacuous.py', 23, 'B105')] }));
      const args = ['check', '--root', NOVA_LIKE, NOVA_LIKE, '--findings', findings, '--format', 'sarif', '--fail-on', 'never'];
      const serial = await cli([...args, '--jobs', '1'], NOVA_LIKE);
      const parallel = await cli([...args, '--jobs', '2'], NOVA_LIKE);
      assert.equal(serial.code, 0, serial.err);
      assert.match(serial.out, /test_policy_vacuous\.py/);
      assert.equal(parallel.out, serial.out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const bad of ['0', '-1', 'two', '1.5']) {
    it(`rejects --jobs ${bad} as a usage error`, async () => {
      const result = await cli(['check', NOVA_LIKE, `--jobs=${bad}`], NOVA_LIKE);
      assert.equal(result.code, 2);
      assert.match(result.err, /--jobs must be a positive integer/);
      assert.equal(result.out, '');
    });
  }

  it('refuses --jobs on explain, which analyses one file', async () => {
    const result = await cli(['explain', path.join(NOVA_LIKE, 'compute', 'test.py'), '--jobs', '2'], NOVA_LIKE);
    assert.equal(result.code, 2);
    assert.match(result.err, /--jobs applies to check only/);
  });
});

describe('defaultJobs', () => {
  it('is one thread on two cores or fewer, where a worker beside the main thread made runs slower; else the cores', () => {
    assert.equal(defaultJobs(1), 1);
    assert.equal(defaultJobs(2), 1);
    assert.equal(defaultJobs(4), 4);
  });
});

describe('workerCount', () => {
  it('keeps small runs in one thread, where starting workers costs more than it saves', () => {
    assert.equal(workerCount(8, 1), 1);
    assert.equal(workerCount(8, 15), 1);
  });

  it('uses up to the jobs asked for, with at least 8 files each', () => {
    assert.equal(workerCount(8, 16), 2);
    assert.equal(workerCount(2, 842), 2);
    assert.equal(workerCount(1, 842), 1);
  });
});
