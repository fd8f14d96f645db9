/**
 * `fixture-lens` command line: `check` a tree of files or `explain` one, as text, JSON, SARIF or a
 * markdown reply; `--findings` and `--review` bring scanner output and reviews in for triage.
 * Thin: argument parsing, file I/O and printing; all analysis goes through the core.
 * Exit codes: 0 done, 1 findings at or above `--fail-on`, 2 bad usage, bad input or nothing analysable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { FileAnalysis, Severity } from '../model/types';
import { collectPythonFiles } from '../io/collect-files';
import { toReport, TOOL, type SkippedFile } from '../report/to-report';
import { applyProjectConfig, readProjectConfig, withDeclaredRequirements } from '../config/pyproject';
import { readDeclaredRequirements } from '../io/requirements-files';
import { parseSettings, type Settings } from '../settings';
import { formatReply } from '../triage/markdown-reply';
import { buildTriagedSarif, githubSummary, type SarifTarget } from '../triage/sarif-out';
import { describeCode } from '../triage/rule-settings';
import type { TriageSyntax } from '../triage/types';
import { escapeControlCharacters } from './terminal-text';
import { formatClaimsText, formatFileText, formatSummaryText, formatUnmatchedText } from './format-text';
import { useBaseline } from './baseline-run';
import { analyzeFiles, defaultJobs, serveAnalysisWorker } from './analyze-files';
import { loadTriageInputs, runTriage, type TriageInputs, type TriageResult } from './triage-run';

const USAGE = `Usage:
  fixture-lens check [PATH...] [--root DIR] [--findings FILE]... [--format text|json|sarif]
                     [--sarif-for github] [--fail-on error|warning|never] [--jobs N] [--baseline FILE [--update-baseline]]
  fixture-lens explain FILE [--root DIR] [--findings FILE]... [--review FILE] [--format text|json|markdown]
  fixture-lens --version | --help

check    analyzes every Python file under the given paths (default: the current directory, or
         with --findings and no PATH, the files the findings name)
explain  shows one file's test context, fixtures and test doubles, and diagnostics

--findings FILE      Bandit JSON or SARIF 2.1.0 (Bandit, Ruff, Semgrep, CodeQL) to triage; repeatable
--review FILE        a review (plain text or markdown) of the explained file: each claim gets a verdict
--jobs N             analyze with N threads (default: the cores available, 1 on two cores or fewer; 1: no workers)
--format sarif       the input results with not-applicable ones suppressed, plus Fixture Lens' own run
--sarif-for github   drop not-applicable results instead (GitHub ignores suppressions on upload), record
                     them in the run's properties and print a markdown summary to stderr
--format markdown    a reply to paste under the review: one section per claim, verdict first
--baseline FILE      accept the diagnostics listed in FILE (they count as suppressed); entries are
                     keyed by a fingerprint that survives line moves
--update-baseline    write FILE from this run's diagnostics instead of reading it

Paths in the output are relative to --root (default: the current directory).
Exit codes: 0 done; 1 diagnostics at or above --fail-on (default: error); 2 bad usage, bad input or nothing analyzable.`;

class UsageError extends Error {}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

type Format = 'text' | 'json' | 'sarif' | 'markdown';
type FailOn = 'error' | 'warning' | 'never';

interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  readonly isInteractive: boolean;
}

export async function runCli(argv: readonly string[], terminal: Io): Promise<number> {
  const io: Io = { ...terminal, out: (text) => terminal.out(escapeControlCharacters(text)), err: (text) => terminal.err(escapeControlCharacters(text)) };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        findings: { type: 'string', multiple: true },
        review: { type: 'string' },
        'sarif-for': { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`fixture-lens: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(TOOL.version);
    return 0;
  }
  const [command, ...paths] = positionals;
  try {
    const root = path.resolve(io.cwd, values.root ?? '.');
    if (values.root !== undefined && !isDirectory(root)) throw new Error(`--root ${values.root}: not a directory`);
    const findings = values.findings ?? [];
    if (command === 'check') {
      const format = choose<Format>('--format', values.format, ['text', 'json', 'sarif'], 'text');
      const failOn = choose<FailOn>('--fail-on', values['fail-on'], ['error', 'warning', 'never'], 'error');
      if (values.review !== undefined) throw new UsageError('--review applies to explain only (a review is about one file)');
      const sarifFor = choose<'github'>('--sarif-for', values['sarif-for'], ['github'], 'github');
      if (values['sarif-for'] !== undefined && format !== 'sarif') throw new UsageError('--sarif-for needs --format sarif');
      if (values['update-baseline'] && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE');
      const jobs = parseJobs(values.jobs);
      const inputs = loadInputs({ findings, cwd: io.cwd, root }, io);
      if (!inputs) return 2;
      const targets = paths.length ? paths : findings.length ? findingPaths(inputs, root) : ['.'];
      const sarifTarget: SarifTarget = values['sarif-for'] === undefined ? 'standard' : sarifFor;
      const baseline = values.baseline === undefined ? undefined : { file: values.baseline, update: values['update-baseline'] === true };
      return await runAnalysis({ paths: targets, root, format, failOn, verbose: false, inputs, sarifTarget, baseline, jobs }, io);
    }
    if (command === 'explain') {
      const format = choose<Format>('--format', values.format, ['text', 'json', 'markdown'], 'text');
      if (paths.length !== 1) throw new UsageError('explain takes exactly one FILE');
      if (values['fail-on'] !== undefined) throw new UsageError('--fail-on applies to check only');
      if (values['sarif-for'] !== undefined) throw new UsageError('--sarif-for applies to check --format sarif only');
      if (values.baseline !== undefined || values['update-baseline']) throw new UsageError('--baseline applies to check only');
      if (values.jobs !== undefined) throw new UsageError('--jobs applies to check only (explain analyzes one file)');
      const inputs = loadInputs({ findings, review: values.review, cwd: io.cwd, root }, io);
      if (!inputs) return 2;
      return await runAnalysis({ paths, root, format, failOn: 'never', verbose: true, single: true, inputs, sarifTarget: 'standard', jobs: 1 }, io);
    }
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fixture-lens: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.err(`fixture-lens: ${(error as Error).message}`);
    return 2;
  }
}

interface AnalysisRequest {
  readonly paths: readonly string[];
  readonly root: string;
  readonly format: Format;
  readonly failOn: FailOn;
  readonly verbose: boolean;
  readonly single?: boolean;
  readonly inputs: TriageInputs;
  readonly sarifTarget: SarifTarget;
  readonly baseline?: { readonly file: string; readonly update: boolean };
  /** Worker threads at most (1: analyse in this thread). */
  readonly jobs: number;
}

function loadInputs(options: Parameters<typeof loadTriageInputs>[0], io: Io): TriageInputs | null {
  const loaded = loadTriageInputs(options);
  if (!loaded.ok) {
    io.err(`fixture-lens: ${loaded.error}`);
    return null;
  }
  return loaded.value;
}

/** `check --findings F` without paths analyses the files the findings name that exist under the root. */
function findingPaths(inputs: TriageInputs, root: string): string[] {
  const named = new Set<string>();
  for (const file of inputs.findingsFiles) {
    for (const finding of file.findings) {
      if (finding.path && !finding.path.startsWith('/') && !finding.path.startsWith('../') && /\.pyi?$/.test(finding.path)) named.add(finding.path);
    }
  }
  const existing = [...named].filter((p) => fs.existsSync(path.join(root, p))).sort();
  return existing.length ? existing.map((p) => path.join(root, p)) : ['.'];
}

async function runAnalysis(request: AnalysisRequest, io: Io): Promise<number> {
  const started = performance.now();
  const collected = collectPythonFiles(request.paths, io.cwd);
  const skipped: SkippedFile[] = collected.problems.map((p) => ({ path: toPosix(p.path), reason: p.reason }));
  if (request.single && collected.problems.length) {
    io.err(`fixture-lens: ${collected.problems[0].path}: ${collected.problems[0].reason}`);
    return 2;
  }
  const settings = loadProjectSettings(request.root, io);
  if (!settings) return 2;
  const showProgress = io.isInteractive && collected.files.length > 50 && request.format === 'text';
  const outcomes = await analyzeFiles(
    {
      root: request.root,
      settings,
      files: collected.files,
      needsSyntax: request.single && request.inputs.review !== null ? 'all' : findingsPaths(request),
      onProgress: (done, total) => {
        if (showProgress && done % 100 === 0) io.err(`fixture-lens: analyzed ${done}/${total} files…`);
      },
    },
    { jobs: request.jobs, workerScript: __filename },
  );
  const analyses: FileAnalysis[] = [];
  const syntaxes = new Map<string, TriageSyntax>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'skipped') {
      skipped.push({ path: outcome.path, reason: outcome.reason });
      continue;
    }
    analyses.push(outcome.analysis);
    if (outcome.syntax) syntaxes.set(outcome.analysis.path, outcome.syntax);
  }
  const reviewed = request.single && analyses.length ? analyses[0].path : null;
  const triage = runTriage({ analyses, syntaxes, inputs: scopedInputs(request, reviewed, io), settings, root: request.root, reviewed });
  let triaged = triage.analyses;
  if (request.baseline) {
    const outcome = useBaseline({ ...request.baseline, cwd: io.cwd, root: request.root, analyses: triaged });
    if (!outcome.ok) {
      io.err(`fixture-lens: ${outcome.error}`);
      return 2;
    }
    io.err(`fixture-lens: ${outcome.note}`);
    triaged = outcome.analyses;
  }
  const elapsedMs = performance.now() - started;

  for (const skip of skipped) io.err(`fixture-lens: skipped ${skip.path}: ${skip.reason}`);
  if (triaged.length === 0) {
    io.err('fixture-lens: nothing to analyze');
    return 2;
  }
  writeOutput(request, { triage, triaged, skipped, elapsedMs }, io);
  return exceedsThreshold(triaged, request.failOn) ? 1 : 0;
}

/** The files findings name: triage reads their lines through the syntax of the same parse. */
function findingsPaths(request: AnalysisRequest): ReadonlySet<string> {
  return new Set(request.inputs.findingsFiles.flatMap((f) => f.findings.flatMap((finding) => (finding.path === null ? [] : [finding.path]))));
}

/** `explain` triages the findings about its file only; the others are left out, with a note. */
function scopedInputs(request: AnalysisRequest, reviewed: string | null, io: Io): TriageInputs {
  if (!request.single) return request.inputs;
  let others = 0;
  const findingsFiles = request.inputs.findingsFiles.map((file) => {
    const own = file.findings.filter((f) => f.path === reviewed);
    others += file.findings.length - own.length;
    return { ...file, findings: own };
  });
  if (others) io.err(`fixture-lens: ${others} finding(s) about other files left out (explain triages ${reviewed ?? 'its file'} only)`);
  return { ...request.inputs, findingsFiles };
}

interface Output {
  readonly triage: TriageResult;
  readonly triaged: readonly FileAnalysis[];
  readonly skipped: readonly SkippedFile[];
  readonly elapsedMs: number;
}

function writeOutput(request: AnalysisRequest, output: Output, io: Io): void {
  const { triage, triaged, skipped, elapsedMs } = output;
  switch (request.format) {
    case 'json':
      io.out(JSON.stringify(toReport({ root: request.root, files: triaged, skipped, elapsedMs, triage }), null, 2));
      return;
    case 'sarif': {
      const sarif = buildTriagedSarif({
        inputs: request.inputs.findingsFiles,
        verdicts: triage.all,
        analyses: triaged,
        root: request.root,
        tool: { name: 'Fixture Lens', version: TOOL.version },
        describeRule: describeCode,
        target: request.sarifTarget,
      });
      io.out(JSON.stringify(sarif.log, null, 2));
      if (request.sarifTarget === 'github') io.err(githubSummary(triage.all, sarif.dropped));
      return;
    }
    case 'markdown': {
      const file = triaged[0];
      io.out(
        formatReply({
          path: file.path,
          claims: triage.claims.get(file.path) ?? [],
          findings: triage.findings.get(file.path) ?? [],
          risks: file.diagnostics.filter((d) => !d.suppressed && /^FL2\d\d$/.test(d.ruleId)),
          doubles: file.doubles,
          tool: { name: 'Fixture Lens', version: TOOL.version },
        }).trimEnd(),
      );
      return;
    }
    case 'text':
      for (const analysis of triaged) {
        const claims = triage.claims.get(analysis.path);
        io.out(`${formatFileText(analysis, { verbose: request.verbose })}${claims ? `\n${formatClaimsText(claims)}` : ''}\n`);
      }
      if (triage.unmatched.length) io.out(`${formatUnmatchedText(triage.unmatched)}\n`);
      if (!request.single) io.out(formatSummaryText(triaged, skipped, elapsedMs, triage.all));
  }
}

/**
 * Settings for the run: defaults overridden by `[tool.fixture-lens]` of `<root>/pyproject.toml`.
 * Unknown keys are warnings; a file that is not valid TOML stops the run (exit 2), because a CI job
 * silently analysing with the wrong settings is worse than one that fails.
 */
function loadProjectSettings(root: string, io: Io): Settings | null {
  const file = path.join(root, 'pyproject.toml');
  const requirements = readDeclaredRequirements(root);
  if (!fs.existsSync(file)) return withDeclaredRequirements(parseSettings({}), requirements);
  const project = readProjectConfig(fs.readFileSync(file, 'utf8'), path.relative(io.cwd, file) || 'pyproject.toml', 'pyproject.toml');
  for (const problem of project.problems) io.err(`fixture-lens: ${problem}`);
  if (project.issues.some((issue) => issue.isFatal)) return null;
  return withDeclaredRequirements(applyProjectConfig(parseSettings({}), project), requirements);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function exceedsThreshold(analyses: readonly FileAnalysis[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn];
  return analyses.some((a) => a.diagnostics.some((d) => !d.suppressed && SEVERITY_RANK[d.severity] >= threshold));
}

/** `--jobs N`: a positive integer; by default the cores this process may use, when more than two (`defaultJobs`). */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return defaultJobs(os.availableParallelism());
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--jobs must be a positive integer (got "${value}")`);
  return Number(value);
}

function choose<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const match = allowed.find((a) => a === value);
  if (!match) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return match;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

// A worker thread of a `--jobs` run loads this same script: it serves files, and nothing else runs.
const isAnalysisWorker = serveAnalysisWorker();

if (require.main === module && !isAnalysisWorker) {
  // `fixture-lens check … | head`: a closed pipe ends the run quietly, as for any Unix filter.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isInteractive: Boolean(process.stderr.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`fixture-lens: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
