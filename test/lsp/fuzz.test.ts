/**
 * Seeded fuzzing in CI (issue #8): 2,000 random edits over stdio on realistic fixture files, each step
 * checked, and the final texts compared with a fresh server. Longer runs: `npm run fuzz -- --iterations N`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultFuzzCorpus, runFuzz } from '../helpers/fuzz';

const SEED = 20260808;
const STEPS = 2000;

test(`${STEPS} seeded random edits: the server answers, ranges stay inside, incremental equals fresh`, async () => {
  const report = await runFuzz({ seed: SEED, steps: STEPS, ...defaultFuzzCorpus() });
  assert.equal(report.steps, STEPS);
  assert.equal(report.hoversChecked, STEPS);
  assert.equal(report.finalComparisons, defaultFuzzCorpus().files.length);
  assert.ok(report.publishesChecked > STEPS / 10, `publishes were checked along the way (${report.publishesChecked})`);
});
