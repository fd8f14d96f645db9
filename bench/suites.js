#!/usr/bin/env node
/**
 * Runs `check` on real test suites and prints one JSON object: per suite, the files analysed, the
 * wall time and the diagnostics by code, plus every genuine-risk diagnostic (FL2xx) with its place,
 * for reading them one by one. The suites are not part of this repository: clone them yourself.
 *
 *   node bench/suites.js ROOT[:TESTS] ...
 *
 * ROOT is a checkout (the analysis root); TESTS the folder of its tests, relative to ROOT (default
 * `tests`). Example: `node bench/suites.js ~/src/nova:nova/tests ~/src/requests`. `CLI=path/to/cli.js`
 * runs another build instead of this checkout's `dist/cli.js`.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// CLI=other/dist/cli.js compares another build on the same suites.
const CLI = process.env.CLI ? path.resolve(process.env.CLI) : path.join(__dirname, '..', 'dist', 'cli.js');

function main(args) {
  if (args.length === 0 || args.includes('--help')) {
    process.stderr.write('usage: node bench/suites.js ROOT[:TESTS] ...  (run `npm run build` first)\n');
    return args.length === 0 ? 2 : 0;
  }
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`${CLI} is missing: run \`npm run build\` first\n`);
    return 2;
  }
  const report = {};
  for (const arg of args) {
    const [root, tests = 'tests'] = arg.split(':');
    const name = path.basename(path.resolve(root));
    if (!fs.existsSync(path.join(root, tests))) {
      process.stderr.write(`${name}: ${path.join(root, tests)} does not exist, skipped\n`);
      continue;
    }
    process.stderr.write(`${name}: checking ${tests} …\n`);
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, [CLI, 'check', tests, '--root', '.', '--format', 'json', '--fail-on', 'never'], { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const result = JSON.parse(out);
    const risks = result.files.flatMap((file) => file.diagnostics.filter((d) => d.code.startsWith('FL2')).map((d) => `${file.path}:${d.line} ${d.code} ${d.message.slice(0, 160)}`));
    report[name] = { tests, files: result.summary.files, skipped: result.summary.skippedFiles, seconds: Math.round(seconds * 10) / 10, diagnostics: result.summary.diagnostics, risks };
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
