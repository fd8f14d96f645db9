#!/usr/bin/env node
/**
 * Long fuzzing runs of the real server (issue #8): `npm run fuzz -- --iterations N [--seed S]`.
 * The same harness as the CI test (`test/helpers/fuzz.ts`, compiled to `out/`), with more steps; prints
 * progress with the server's resident memory, then one JSON line with the outcome. Exit 1 on a failure,
 * whose message names the seed, lane and step; `FUZZ_DUMP=file` keeps the failing text and its changes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function parseArgs(argv) {
  const options = { iterations: 10000, seed: Math.floor(Math.random() * 2 ** 31) };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (name !== '--iterations' && name !== '--seed') usage(`unknown option ${argv[i]}`);
    if (!/^\d+$/.test(value ?? '')) usage(`${name} needs a non-negative integer`);
    options[name.slice(2)] = Number(value);
  }
  return options;
}

function usage(problem) {
  process.stderr.write(`fuzz: ${problem}\nusage: npm run fuzz -- [--iterations N] [--seed S]\n`);
  process.exit(2);
}

function residentMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const harness = path.join(__dirname, '..', 'out', 'test', 'helpers', 'fuzz.js');
  if (!fs.existsSync(harness)) usage(`${harness} is missing: run "npm run build" first`);
  const { runFuzz, defaultFuzzCorpus } = require(harness);
  const started = Date.now();
  let peakRssMb = 0;
  process.stderr.write(`fuzz: seed ${options.seed}, ${options.iterations} steps\n`);
  try {
    const report = await runFuzz({
      seed: options.seed,
      steps: options.iterations,
      ...defaultFuzzCorpus(),
      onProgress(done, pid) {
        const rss = residentMb(pid);
        if (rss !== null) peakRssMb = Math.max(peakRssMb, rss);
        if (done % 5000 === 0) process.stderr.write(`fuzz: ${done} steps, ${((Date.now() - started) / 1000).toFixed(0)} s, server RSS ${rss ?? '?'} MB\n`);
      },
    });
    process.stdout.write(`${JSON.stringify({ ok: true, seed: options.seed, ...report, seconds: (Date.now() - started) / 1000, peakServerRssMb: peakRssMb })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, seed: options.seed, seconds: (Date.now() - started) / 1000, error: String(error && error.message) })}\n`);
    process.exitCode = 1;
  }
}

void main();
