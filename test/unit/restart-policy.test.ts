/** The client's crash policy: how many server crashes are restarted inside the sliding window. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/restart-policy';

describe('RestartPolicy', () => {
  it('restarts up to maxRestarts crashes inside the window, then gives up', () => {
    const policy = new RestartPolicy({ maxRestarts: 3, windowMs: 1000 });
    assert.deepEqual(
      [0, 10, 20].map((t) => policy.recordCrash(t)),
      [true, true, true],
    );
    assert.equal(policy.recordCrash(30), false);
    assert.equal(policy.recentCrashes, 4);
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy({ maxRestarts: 2, windowMs: 1000 });
    assert.equal(policy.recordCrash(0), true);
    assert.equal(policy.recordCrash(500), true);
    assert.equal(policy.recordCrash(1000), true, 'the crash at 0 is out of the window');
    assert.equal(policy.recentCrashes, 2);
    assert.equal(policy.recordCrash(1400), false);
  });

  it('defaults to more restarts than vscode-languageclient (4 in 3 minutes)', () => {
    const policy = new RestartPolicy();
    assert.ok(policy.options.maxRestarts > 4);
    assert.equal(policy.options.windowMs, 3 * 60_000);
  });

  it('announces the first restart only', () => {
    const policy = new RestartPolicy();
    assert.equal(policy.shouldAnnounceRestart(), true);
    assert.equal(policy.shouldAnnounceRestart(), false);
    assert.equal(policy.shouldAnnounceRestart(), false);
  });
});
