#!/usr/bin/env node
/**
 * Long fuzzing runs of the real server (issue #8): `npm run fuzz -- --iterations N [--seed S]`, and a
 * scale run, `npm run fuzz -- --index-files N`: a generated N-file workspace indexed in full and then
 * cancelled, with the server's memory.
 * The same harness as the CI test (`test/helpers/fuzz.ts`, compiled to `out/`), with more steps; prints
 * progress with the server's resident memory, then one JSON line with the outcome. Exit 1 on a failure,
 * whose message names the seed, lane and step; `FUZZ_DUMP=file` keeps the failing text and its changes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function parseArgs(argv) {
  const options = { iterations: 10000, seed: Math.floor(Math.random() * 2 ** 31), 'index-files': 0 };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    if (!['--iterations', '--seed', '--index-files'].includes(name)) usage(`unknown option ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (!/^\d+$/.test(value ?? '')) usage(`${name} needs a non-negative integer`);
    options[name.slice(2)] = Number(value);
  }
  return options;
}

function usage(problem) {
  process.stderr.write(`fuzz: ${problem}\nusage: npm run fuzz -- [--iterations N] [--seed S] | --index-files N\n`);
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

function loadHelper(name) {
  const file = path.join(__dirname, '..', 'out', 'test', 'helpers', `${name}.js`);
  if (!fs.existsSync(file)) usage(`${file} is missing: run "npm run build" first`);
  return require(file);
}

async function indexScale(files) {
  const { writeGeneratedWorkspace, indexOverLsp } = loadHelper('generated-workspace');
  const workspace = writeGeneratedWorkspace(files);
  try {
    const full = await indexOverLsp(workspace.root, workspace.files, { timeoutMs: 600_000 });
    const cancelled = await indexOverLsp(workspace.root, workspace.files, { cancel: true, timeoutMs: 600_000 });
    const ok = full.indexed === workspace.files && !full.isCancelled && cancelled.isCancelled && cancelled.indexed < workspace.files;
    process.stdout.write(`${JSON.stringify({ ok, full, cancelled })}\n`);
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options['index-files'] > 0) return indexScale(options['index-files']);
  const { runFuzz, defaultFuzzCorpus } = loadHelper('fuzz');
  const started = Date.now();
  let peakRssMb = null;
  process.stderr.write(`fuzz: seed ${options.seed}, ${options.iterations} steps\n`);
  try {
    const report = await runFuzz({
      seed: options.seed,
      steps: options.iterations,
      ...defaultFuzzCorpus(),
      onProgress(done, pid) {
        const rss = residentMb(pid);
        if (rss !== null) peakRssMb = Math.max(peakRssMb ?? 0, rss);
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
