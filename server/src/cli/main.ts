/**
 * `fixture-lens` command line: `check` a tree of files or `explain` one, as text or JSON.
 * Thin: argument parsing, file I/O and printing; all analysis goes through the core.
 * Exit codes: 0 done, 1 findings at or above `--fail-on`, 2 bad usage or nothing analysable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeText } from '../analysis/analyze-file';
import type { FileAnalysis, Severity } from '../model/types';
import { createPythonParsing, findGrammarsDir, type PythonParsing } from '../parsing/parser';
import { createWorkspaceContext } from '../analysis/resolve-doubles';
import { WorkspaceIndex } from '../analysis/workspace-index';
import { collectPythonFiles } from '../io/collect-files';
import { createFileSystemHost } from '../io/workspace-host';
import { readPythonSource } from '../io/read-source';
import { toReport, TOOL, type SkippedFile } from '../report/to-report';
import { applyProjectConfig, readProjectConfig } from '../config/pyproject';
import { parseSettings, type Settings } from '../settings';
import { formatFileText, formatSummaryText } from './format-text';

const USAGE = `Usage:
  fixture-lens check [PATH...] [--root DIR] [--format text|json] [--fail-on error|warning|never]
  fixture-lens explain FILE [--root DIR] [--format text|json]
  fixture-lens --version | --help

check    analyzes every Python file under the given paths (default: the current directory)
explain  shows one file's test context, fixtures and test doubles, and diagnostics

Paths in the output are relative to --root (default: the current directory).
Exit codes: 0 done; 1 diagnostics at or above --fail-on (default: error); 2 bad usage or nothing analyzable.`;

class UsageError extends Error {}

type Format = 'text' | 'json';
type FailOn = 'error' | 'warning' | 'never';

interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  readonly isInteractive: boolean;
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
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
    const format = choose<Format>('--format', values.format, ['text', 'json'], 'text');
    const root = path.resolve(io.cwd, values.root ?? '.');
    if (command === 'check') {
      const failOn = choose<FailOn>('--fail-on', values['fail-on'], ['error', 'warning', 'never'], 'error');
      return await runAnalysis({ paths: paths.length ? paths : ['.'], root, format, failOn, verbose: false }, io);
    }
    if (command === 'explain') {
      if (paths.length !== 1) throw new UsageError('explain takes exactly one FILE');
      if (values['fail-on'] !== undefined) throw new UsageError('--fail-on applies to check only');
      return await runAnalysis({ paths, root, format, failOn: 'never', verbose: true, single: true }, io);
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
}

async function runAnalysis(request: AnalysisRequest, io: Io): Promise<number> {
  const started = performance.now();
  const collected = collectPythonFiles(request.paths, io.cwd);
  const skipped: SkippedFile[] = collected.problems.map((p) => ({ path: toPosix(p.path), reason: p.reason }));
  if (request.single && collected.problems.length) {
    io.err(`fixture-lens: ${collected.problems[0].path}: ${collected.problems[0].reason}`);
    return 2;
  }
  const parsing: PythonParsing = await createPythonParsing(findGrammarsDir(__dirname));
  const settings = loadProjectSettings(request.root, io);
  if (!settings) return 2;
  const host = createFileSystemHost({ root: request.root, parsing, testGlobs: settings.testGlobs, extraPaths: settings.extraPaths });
  const workspace = createWorkspaceContext(new WorkspaceIndex(host));
  const analyses: FileAnalysis[] = [];
  const showProgress = io.isInteractive && collected.files.length > 50 && request.format === 'text';
  for (const [index, file] of collected.files.entries()) {
    const relative = toPosix(path.relative(request.root, file));
    const source = readPythonSource(file);
    if (!source.ok) {
      skipped.push({ path: relative, reason: source.reason });
      continue;
    }
    try {
      analyses.push(analyzeText(parsing, { path: relative, text: source.text, settings, workspace }));
    } catch (error) {
      // One pathological file must not stop a whole-suite run; it is reported, not hidden.
      skipped.push({ path: relative, reason: `analysis failed: ${(error as Error).message}` });
    }
    if (showProgress && (index + 1) % 100 === 0) io.err(`fixture-lens: analyzed ${index + 1}/${collected.files.length} files…`);
  }
  const elapsedMs = performance.now() - started;

  for (const skip of skipped) io.err(`fixture-lens: skipped ${skip.path}: ${skip.reason}`);
  if (request.format === 'json') {
    io.out(JSON.stringify(toReport({ root: request.root, files: analyses, skipped, elapsedMs }), null, 2));
  } else {
    for (const analysis of analyses) io.out(`${formatFileText(analysis, { verbose: request.verbose })}\n`);
    if (!request.single) io.out(formatSummaryText(analyses, skipped, elapsedMs));
  }
  if (analyses.length === 0) {
    io.err('fixture-lens: nothing to analyze');
    return 2;
  }
  return exceedsThreshold(analyses, request.failOn) ? 1 : 0;
}

/**
 * Settings for the run: defaults overridden by `[tool.fixture-lens]` of `<root>/pyproject.toml`.
 * Unknown keys are warnings; a file that is not valid TOML stops the run (exit 2), because a CI job
 * silently analysing with the wrong settings is worse than one that fails.
 */
function loadProjectSettings(root: string, io: Io): Settings | null {
  const file = path.join(root, 'pyproject.toml');
  if (!fs.existsSync(file)) return parseSettings({});
  const project = readProjectConfig(fs.readFileSync(file, 'utf8'), path.relative(io.cwd, file) || 'pyproject.toml');
  for (const problem of project.problems) io.err(`fixture-lens: ${problem}`);
  if (project.problems.some((p) => p.includes('invalid TOML') || p.includes('must be a table'))) return null;
  return applyProjectConfig(parseSettings({}), project);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function exceedsThreshold(analyses: readonly FileAnalysis[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn];
  return analyses.some((a) => a.diagnostics.some((d) => !d.suppressed && SEVERITY_RANK[d.severity] >= threshold));
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

if (require.main === module) {
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
