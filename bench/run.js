// The benchmark: `npm run bench -- [--corpus DIR] [--root DIR] [--runs N] [--edits N] [--edit-budget-s S]`.
// Measures Fixture Lens on a corpus of Python files side by side with its peers (Ruff's S rules
// through ruff-wasm, and Bandit when it is on PATH) and the physical floor (web-tree-sitter's bare
// parse of the same bytes), and prints ONE JSON object on stdout; progress goes to stderr.
// Without --corpus it generates the deterministic synthetic corpus (bench/corpus.js) in a temp dir.
// Reads dist/ (run `npm run build` first): it measures what ships.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { spawnSync } = require('node:child_process');
const { generateCorpus } = require('./corpus');
const { probeServer } = require('./lsp-probe');
const { median, medianOf, round, timeCommand } = require('./measure');

const REPO = path.join(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SKIPPED_DIRS = new Set(['.git', '.tox', '.venv', 'venv', 'node_modules', '__pycache__', 'site-packages']);
const DEBOUNCE_MS = 150; // server/src/handlers/diagnostics.ts DEBOUNCE_MS
// Sized so that `npm run bench` with 3 runs stays under 5 minutes on a busy 2-core machine.
const SYNTHETIC_TEST_MODULES = 120;

const log = (message) => process.stderr.write(`bench: ${message}\n`);

function pythonFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(current, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        found.push(path.join(current, entry.name));
      }
    }
  };
  walk(dir);
  return found.sort();
}

function onPath(command) {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return !result.error;
}

/** web-tree-sitter parsing every file, nothing else: the least any tree-sitter analysis can cost. */
async function treeSitterFloor(files, runs) {
  const { Parser, Language } = require('web-tree-sitter');
  const grammars = path.join(REPO, 'dist', 'grammars');
  await Parser.init({ locateFile: (name) => path.join(grammars, name) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(grammars, 'tree-sitter-python.wasm')));
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    for (const text of texts) parser.parse(text)?.delete();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      root: { type: 'string' },
      runs: { type: 'string', default: '3' },
      edits: { type: 'string', default: '200' },
      'edit-budget-s': { type: 'string', default: '60' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run bench -- [--corpus DIR] [--root DIR] [--runs N] [--edits N] [--edit-budget-s S] [--jobs N]\n');
    return;
  }
  const runs = Number(values.runs);
  const edits = Number(values.edits);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(edits) || edits < 0) throw new Error('--runs must be a positive integer and --edits a non-negative one');
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);

  let corpus;
  let generated = false;
  if (values.corpus) {
    corpus = path.resolve(values.corpus);
    if (!fs.statSync(corpus, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--corpus ${values.corpus} is not a directory`);
  } else {
    corpus = path.join(os.tmpdir(), 'fixture-lens-bench-corpus');
    log(`generating the synthetic corpus in ${corpus}`);
    generateCorpus({ dir: corpus, files: SYNTHETIC_TEST_MODULES });
    generated = true;
  }
  // The root decides module resolution (`nova.tests.fixtures` needs the checkout, not nova/tests).
  const root = path.resolve(values.root ?? corpus);
  const files = pythonFiles(corpus);
  if (!files.length) throw new Error(`no Python files under ${corpus}`);
  const sizes = files.map((f) => fs.statSync(f).size);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const largest = files[sizes.indexOf(Math.max(...sizes))];
  const largestLines = fs.readFileSync(largest, 'utf8').split('\n').length;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-bench-'));
  const fileList = path.join(work, 'files.txt');
  fs.writeFileSync(fileList, `${files.join('\n')}\n`);
  const jobsArgs = values.jobs ? ['--jobs', values.jobs] : [];
  log(`${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB; largest ${path.relative(corpus, largest)} (${largestLines} lines); ${runs} run(s) per step`);

  try {
    const result = { corpus, root, generated, files: files.length, bytes, largestFile: { path: path.relative(root, largest), lines: largestLines }, runs, cores: os.availableParallelism?.() ?? os.cpus().length, node: process.version, commit: gitCommit() };

    log('tree-sitter parse floor');
    result.treeSitterParseMs = round(await treeSitterFloor(files, runs));

    log('fixture-lens check (cold process)');
    const checkOut = path.join(work, 'check.json');
    result.check = roundAll(medianOf(runs, () => timeCommand(process.execPath, [CLI, 'check', '--root', root, corpus, '--format', 'json', '--fail-on', 'never', ...jobsArgs], { stdoutFile: checkOut })));
    const report = JSON.parse(fs.readFileSync(checkOut, 'utf8'));
    result.check.diagnostics = Object.values(report.summary.diagnostics).reduce((a, b) => a + b, 0);

    log('ruff-wasm S rules (cold process)');
    const ruffOut = path.join(work, 'ruff.json');
    const ruffBandit = path.join(work, 'ruff-as-bandit.json');
    result.ruff = roundAll(medianOf(runs, () => timeCommand(process.execPath, [path.join(__dirname, 'ruff-s-rules.js'), '--files-from', fileList, '--bandit-json', ruffBandit], { stdoutFile: ruffOut })));
    result.ruff.diagnostics = JSON.parse(fs.readFileSync(ruffOut, 'utf8')).diagnostics;
    result.ruff.version = require('@astral-sh/ruff-wasm-nodejs/package.json').version;

    let findings = ruffBandit;
    if (onPath('bandit')) {
      log('bandit -r -f json');
      const banditOut = path.join(work, 'bandit.json');
      // Bandit exits 1 when it reports issues.
      result.bandit = roundAll(medianOf(runs, () => timeCommand('bandit', ['-q', '-r', '-f', 'json', '-o', banditOut, corpus], { okStatus: [0, 1] })));
      result.bandit.diagnostics = JSON.parse(fs.readFileSync(banditOut, 'utf8')).results.length;
      result.bandit.version = String(spawnSync('bandit', ['--version'], { encoding: 'utf8' }).stdout).split('\n')[0];
      findings = banditOut;
    } else {
      result.bandit = null;
      log('bandit is not on PATH: --findings uses ruff-wasm S results written as Bandit JSON');
    }

    log('fixture-lens check --findings (cold process)');
    result.checkWithFindings = roundAll(medianOf(runs, () => timeCommand(process.execPath, [CLI, 'check', '--root', root, corpus, '--findings', findings, '--format', 'json', '--fail-on', 'never', ...jobsArgs], { stdoutFile: checkOut })));
    result.checkWithFindings.findingsFrom = findings === ruffBandit ? 'ruff-wasm as Bandit JSON' : 'bandit';
    result.checkWithFindings.findings = Object.values(JSON.parse(fs.readFileSync(checkOut, 'utf8')).summary.findings ?? {}).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);

    log('workspace index (bench/index-workspace.js)');
    result.index = roundAll(
      medianOf(runs, () => {
        const child = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'index-workspace.js'), '--root', root], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
        if (child.status !== 0) throw new Error(`index-workspace failed: ${child.stderr}`);
        const measured = JSON.parse(child.stdout);
        return { modules: measured.modules, indexMs: measured.indexMs, rssMb: measured.rssMb, peakRssMb: measured.peakRssMb };
      }),
      1,
    );

    log(`language server: indexing, ${runs} open(s), ${edits} line edits, ${edits} keystrokes typing statements and 100 hovers on the largest file`);
    result.server = await probeServer({ root, file: largest, opens: runs, edits, typing: edits, hovers: 100, debounceMs: DEBOUNCE_MS, editBudgetMs: Number(values['edit-budget-s']) * 1000 });

    const ratio = (ours, peer) => (ours && peer ? round(ours / peer, 2) : null);
    result.ratios = {
      checkVsRuffWall: ratio(result.check.wallMs, result.ruff.wallMs),
      checkVsRuffCpu: ratio(result.check.cpuMs, result.ruff.cpuMs),
      checkVsBanditWall: result.bandit ? ratio(result.check.wallMs, result.bandit.wallMs) : null,
      checkVsBanditCpu: result.bandit ? ratio(result.check.cpuMs, result.bandit.cpuMs) : null,
      checkWithFindingsVsBanditWall: result.bandit ? ratio(result.checkWithFindings.wallMs, result.bandit.wallMs) : null,
      checkVsTreeSitterParse: ratio(result.check.wallMs, result.treeSitterParseMs),
    };
    result.targets = {
      'checkVsRuffWall < 1.0': result.ratios.checkVsRuffWall !== null ? result.ratios.checkVsRuffWall < 1 : null,
      'checkVsBanditWall <= 1/15': result.ratios.checkVsBanditWall !== null ? result.ratios.checkVsBanditWall <= 1 / 15 : null,
      'openToFirstDiagnosticsMs <= 500': result.server.openToFirstDiagnosticsMs <= 500,
      'keystrokeBeyondDebounce p95 <= 50': result.server.keystrokeBeyondDebounceMs.p95 <= 50,
      'typingBeyondDebounce p95 <= 50': result.server.typingBeyondDebounceMs ? result.server.typingBeyondDebounceMs.p95 <= 50 : null,
      'hover p95 <= 20': result.server.hoverMs.p95 <= 20,
      'rssAfterIndexMb <= 300': result.server.rssAfterIndexMb === null ? null : result.server.rssAfterIndexMb <= 300,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function roundAll(measured, digits = 0) {
  return Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v]));
}

function gitCommit() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
