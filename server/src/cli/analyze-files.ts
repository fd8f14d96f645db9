/**
 * Analyses the files of a CLI run, in this thread or spread over worker threads (`--jobs`). Each
 * worker loads its own parser and workspace index and answers one file at a time; results are put
 * back in file order, so the output is the same whatever the number of jobs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeText, analyzeTree } from '../analysis/analyze-file';
import { BUILT_IN_KNOWLEDGE } from '../analysis/knowledge';
import { createWorkspaceContext, type WorkspaceContext } from '../analysis/resolve-doubles';
import { collectTriageSyntax } from '../analysis/triage-syntax';
import { WorkspaceIndex } from '../analysis/workspace-index';
import { readPythonSource } from '../io/read-source';
import { createFileSystemHost } from '../io/workspace-host';
import type { FileAnalysis } from '../model/types';
import { createPythonParsing, findGrammarsDir, type PythonParsing } from '../parsing/parser';
import type { Settings } from '../settings';
import type { TriageSyntax } from '../triage/types';

/** What became of one file: analysed (with the syntax triage needs, when asked), or skipped with a reason. */
export type FileOutcome =
  | { readonly kind: 'analyzed'; readonly analysis: FileAnalysis; readonly syntax: TriageSyntax | null }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string };

export interface AnalyzeFilesInput {
  readonly root: string;
  readonly settings: Settings;
  /** Absolute paths, in output order. */
  readonly files: readonly string[];
  /** Root-relative POSIX paths whose triage syntax is needed (findings name them, or a review). */
  readonly needsSyntax: ReadonlySet<string> | 'all';
  /** Called after each file, in completion order. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A worker costs a parser, an index and its warm-up: below this many files per worker it does not pay. */
const MIN_FILES_PER_WORKER = 8;

const WORKER_MARKER = 'fixture-lens-analysis-worker';

interface WorkerSetup {
  readonly marker: typeof WORKER_MARKER;
  readonly root: string;
  readonly settings: Settings;
  readonly grammarsDir: string;
  readonly needsSyntax: ReadonlySet<string> | 'all';
}

type ToWorker = { readonly index: number; readonly file: string } | { readonly done: true };
type FromWorker = { readonly ready: true } | { readonly index: number; readonly outcome: FileOutcome } | { readonly failed: string };

/** How many workers a run of `fileCount` files gets with `--jobs jobs` (1 means: this thread). */
export function workerCount(jobs: number, fileCount: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(fileCount / MIN_FILES_PER_WORKER)));
}

/**
 * Analyses `input.files` with `jobs` threads at most; `workerScript` is the module that calls
 * `serveAnalysisWorker()` at load (the CLI entry point). Outcomes come back in file order.
 */
export async function analyzeFiles(input: AnalyzeFilesInput, options: { readonly jobs: number; readonly workerScript: string }): Promise<FileOutcome[]> {
  const grammarsDir = findGrammarsDir(path.dirname(options.workerScript));
  const workers = workerCount(options.jobs, input.files.length);
  if (workers <= 1) {
    const parsing = await createPythonParsing(grammarsDir);
    const analyzer = createFileAnalyzer({ root: input.root, settings: input.settings, parsing, needsSyntax: input.needsSyntax });
    return input.files.map((file, index) => {
      const outcome = analyzer(file);
      input.onProgress?.(index + 1, input.files.length);
      return outcome;
    });
  }
  return analyzeInWorkers(input, { workers, workerScript: options.workerScript, grammarsDir });
}

async function analyzeInWorkers(input: AnalyzeFilesInput, options: { workers: number; workerScript: string; grammarsDir: string }): Promise<FileOutcome[]> {
  const outcomes: Array<FileOutcome | undefined> = new Array(input.files.length);
  // Largest files first: a 33,000-line file handed out last would leave the other workers idle.
  const queue = input.files.map((file, index) => ({ file, index, size: fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0 })).sort((a, b) => b.size - a.size || a.index - b.index);
  let done = 0;
  const setup: WorkerSetup = { marker: WORKER_MARKER, root: input.root, settings: input.settings, grammarsDir: options.grammarsDir, needsSyntax: input.needsSyntax };
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(options.workerScript, { workerData: setup });
      const next = (): void => {
        const item = queue.shift();
        worker.postMessage(item ? ({ index: item.index, file: item.file } satisfies ToWorker) : ({ done: true } satisfies ToWorker));
      };
      worker.on('message', (message: FromWorker) => {
        if ('failed' in message) {
          reject(new Error(message.failed));
          void worker.terminate();
          return;
        }
        if ('outcome' in message) {
          outcomes[message.index] = message.outcome;
          input.onProgress?.(++done, input.files.length);
        }
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`analysis worker exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: options.workers }, runWorker));
  return outcomes.map((outcome, index) => outcome ?? { kind: 'skipped', path: toPosix(path.relative(input.root, input.files[index])), reason: 'analysis failed: no result from its worker' });
}

/**
 * The worker side: when this thread was started by `analyzeFiles`, answers files until told to
 * stop. Returns false (and does nothing) in the main thread or in any other worker.
 */
export function serveAnalysisWorker(): boolean {
  const setup = workerData as WorkerSetup | undefined;
  if (isMainThread || !parentPort || setup?.marker !== WORKER_MARKER) return false;
  const port = parentPort;
  createPythonParsing(setup.grammarsDir).then(
    (parsing) => {
      const analyzer = createFileAnalyzer({ root: setup.root, settings: setup.settings, parsing, needsSyntax: setup.needsSyntax });
      port.on('message', (message: ToWorker) => {
        if ('done' in message) {
          port.close();
          return;
        }
        port.postMessage({ index: message.index, outcome: analyzer(message.file) } satisfies FromWorker);
      });
      port.postMessage({ ready: true } satisfies FromWorker);
    },
    (error: unknown) => port.postMessage({ failed: `analysis worker could not start: ${(error as Error).message}` } satisfies FromWorker),
  );
  return true;
}

/** One file at a time against one workspace index: what the serial run and each worker do. */
function createFileAnalyzer(options: { root: string; settings: Settings; parsing: PythonParsing; needsSyntax: ReadonlySet<string> | 'all' }): (file: string) => FileOutcome {
  const { root, settings, parsing } = options;
  const host = createFileSystemHost({ root, parsing, testGlobs: settings.testGlobs, extraPaths: settings.extraPaths });
  const workspace: WorkspaceContext = createWorkspaceContext(new WorkspaceIndex(host), BUILT_IN_KNOWLEDGE.withEntries(settings.project.knowledge));
  return (file) => {
    const relative = toPosix(path.relative(root, file));
    const source = readPythonSource(file);
    if (!source.ok) return { kind: 'skipped', path: relative, reason: source.reason };
    try {
      if (options.needsSyntax === 'all' || options.needsSyntax.has(relative)) {
        // One parse serves both the analysis and the syntax triage reads a finding's line with.
        const tree = parsing.parse(source.text);
        try {
          const analysis = analyzeTree({ path: relative, text: source.text, tree, queries: parsing.queries, settings, workspace });
          return { kind: 'analyzed', analysis, syntax: collectTriageSyntax(tree, parsing.queries, source.text) };
        } finally {
          tree.delete();
        }
      }
      return { kind: 'analyzed', analysis: analyzeText(parsing, { path: relative, text: source.text, settings, workspace }), syntax: null };
    } catch (error) {
      // One pathological file must not stop a whole-suite run; it is reported, not hidden.
      return { kind: 'skipped', path: relative, reason: `analysis failed: ${(error as Error).message}` };
    }
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
