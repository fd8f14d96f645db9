/**
 * The handler guard: a thrown or rejected handler is logged with its stack and answered with the
 * fallback; a request cancelled before it runs is answered with the fallback without running.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { createGuard } from '../../server/src/handlers/guard';
import type { Log } from '../../server/src/log';

function recordingLog(): Log & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (message, error) => errors.push(`${message}\n${error instanceof Error ? error.stack : String(error)}`), warn() {}, info() {}, debug() {}, setLevel() {} };
}

test('a handler that throws is logged with its stack and answered with the fallback', async () => {
  const log = recordingLog();
  const guard = createGuard(log);
  const hover = guard('hover', (params: { line: number }) => {
    if (params.line < 0) throw new RangeError('negative line');
    return 'answer';
  }, null);
  assert.equal(await hover({ line: -1 }), null);
  assert.equal(log.errors.length, 1);
  assert.match(log.errors[0], /^hover failed\nRangeError: negative line\n\s+at /);
  assert.equal(await hover({ line: 1 }), 'answer', 'the next call is served');
  assert.equal(log.errors.length, 1);
});

test('a handler that rejects is handled the same way', async () => {
  const log = recordingLog();
  const actions = createGuard(log)('codeAction', async () => Promise.reject(new Error('boom')), [] as string[]);
  assert.deepEqual(await actions(undefined), []);
  assert.match(log.errors[0], /^codeAction failed\nError: boom/);
});

test('a request cancelled before it runs gets the fallback and the handler never runs', async () => {
  const log = recordingLog();
  let runs = 0;
  const explain = createGuard(log)('explain', () => ++runs, 0);
  const source = new CancellationTokenSource();
  source.cancel();
  assert.equal(await explain(undefined, source.token), 0);
  assert.equal(runs, 0);
  assert.equal(await explain(undefined, new CancellationTokenSource().token), 1);
  assert.deepEqual(log.errors, []);
});
