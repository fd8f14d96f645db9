/**
 * Analyses the files of a CLI run, in this thread or with worker threads (`--jobs`). Workers parse
 * files and read their syntax; this thread resolves every file against its one workspace index.
 * Results are put back in file order, so the output is the same whatever the number of jobs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeFileSyntax, analyzeText, analyzeTree, answerStringRows, layoutFromStringRowAnswers, readFileSyntax, type FileSyntax, type StringRowAnswers } from '../analysis/analyze-file';
import { BUILT_IN_KNOWLEDGE } from '../analysis/knowledge';
import { createWorkspaceContext, type WorkspaceContext } from '../analysis/resolve-doubles';
import { collectTriageSyntax } from '../analysis/triage-syntax';
import { WorkspaceIndex } from '../analysis/workspace-index';
import { readPythonSource } from '../io/read-source';
import { importedFirst } from './analysis-order';
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

/** A worker costs a parser and its warm-up: below this many files per thread it does not pay. */
const MIN_FILES_PER_WORKER = 8;

/**
 * How many bytes of reads may wait for the workspace half: room for workers to run ahead while this
 * thread loads the workspace, not for a whole suite's reads (nova's come to 185 MB serialised).
 */
const MAX_WAITING_BYTES = 64 * 1024 * 1024;

/**
 * Files a worker is sent ahead: it is only sent more between this thread's files, and must not run
 * dry while this thread finishes a long one (the first files load most of the workspace).
 */
const READS_AHEAD_PER_WORKER = 32;

const WORKER_MARKER = 'fixture-lens-analysis-worker';

interface WorkerSetup {
  readonly marker: typeof WORKER_MARKER;
  readonly settings: Settings;
  readonly grammarsDir: string;
}

/** A file to read: where it is, its workspace module, and whether triage needs its syntax. */
interface ReadRequest {
  readonly index: number;
  readonly file: string;
  readonly path: string;
  readonly module: { readonly modulePath: string; readonly isPackage: boolean } | null;
  readonly withSyntax: boolean;
}

/** What a worker made of a file: its syntax as plain data (for the workspace half), or a skip. */
type FileRead =
  | { readonly kind: 'read'; readonly syntax: FileSyntax; readonly stringRows: StringRowAnswers; readonly triage: TriageSyntax | null }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string };

/**
 * A read comes serialised (`v8.serialize`, the structured clone's own format) and is only
 * deserialised when its turn comes: waiting reads are then bytes outside the heap, not objects
 * the garbage collector copies and promotes while they wait.
 */
type FromWorker = { readonly ready: true } | { readonly index: number; readonly read: Uint8Array } | { readonly failed: string };

/**
 * The `--jobs` of a run that names none, on a machine with `cores` cores: one thread on two cores or
 * fewer. There a worker and this thread share two cores, and this thread (which resolves every file)
 * stays the longest part while the worker's reads cost serialising both ways: measured on 2 cores,
 * `--jobs 2` took 21 s against 19 s for `--jobs 1` on nova's tests, 6.5–7.1 s against 5.0–5.7 s on
 * the bench's synthetic corpus.
 */
export function defaultJobs(cores: number): number {
  return cores <= 2 ? 1 : cores;
}

/** How many threads a run of `fileCount` files gets with `--jobs jobs` (1 means: this thread alone). */
export function workerCount(jobs: number, fileCount: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(fileCount / MIN_FILES_PER_WORKER)));
}

/**
 * Analyses `input.files` with `jobs` threads at most; `workerScript` is the module that calls
 * `serveAnalysisWorker()` at load (the CLI entry point). Outcomes come back in file order.
 *
 * With more than one thread, the work is split by kind, not by file: workers parse files and read
 * their syntax, and this thread alone resolves them against the one workspace index. An index per
 * worker would parse and summarise the same imported modules and derive the same fixture classes
 * in every worker, which cost more than the parallelism won.
 */
export async function analyzeFiles(input: AnalyzeFilesInput, options: { readonly jobs: number; readonly workerScript: string }): Promise<FileOutcome[]> {
  const grammarsDir = findGrammarsDir(path.dirname(options.workerScript));
  const threads = workerCount(options.jobs, input.files.length);
  const parsing = await createPythonParsing(grammarsDir);
  const analyzer = createFileAnalyzer({ root: input.root, settings: input.settings, parsing, needsSyntax: input.needsSyntax });
  const order = analysisOrder(input.files, analyzer);
  if (threads <= 1) {
    const outcomes: FileOutcome[] = new Array(input.files.length);
    order.forEach((index, done) => {
      outcomes[index] = analyzer.analyze(input.files[index]);
      input.onProgress?.(done + 1, input.files.length);
    });
    return outcomes;
  }
  return analyzeWithReaders(input, analyzer, { readers: threads - 1, workerScript: options.workerScript, grammarsDir, order });
}

/** The files' indexes, imported test modules before their importers (`importedFirst`); unreadable files keep their place. */
function analysisOrder(files: readonly string[], analyzer: FileAnalyzer): number[] {
  return importedFirst(
    files.map((file, index) => {
      const module = analyzer.readRequest(index, file).module;
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        // Reported when the file's turn comes (readPythonSource says why).
      }
      return { modulePath: module?.modulePath ?? null, isPackage: module?.isPackage ?? false, text };
    }),
  );
}

/**
 * Workers read files ahead; this thread finishes each read as it comes. A read costs a worker about
 * what finishing it costs this thread, so this thread reads files itself only while no worker is
 * reading any (before they are ready): taking files whenever it had to wait made it the slower half.
 */
async function analyzeWithReaders(input: AnalyzeFilesInput, analyzer: FileAnalyzer, options: { readers: number; workerScript: string; grammarsDir: string; order: readonly number[] }): Promise<FileOutcome[]> {
  const outcomes: Array<FileOutcome | undefined> = new Array(input.files.length);
  const queue = options.order.map((index) => ({ file: input.files[index], index }));
  const waiting: Array<{ index: number; read: Uint8Array }> = [];
  const inFlight = new Map<Worker, number>();
  let waitingBytes = 0;
  let done = 0;
  let stepping = false;
  let failure: Error | null = null;
  const setup: WorkerSetup = { marker: WORKER_MARKER, settings: input.settings, grammarsDir: options.grammarsDir };
  const finished = (index: number, outcome: FileOutcome): void => {
    outcomes[index] = outcome;
    input.onProgress?.(++done, input.files.length);
  };

  let settle: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (settle = resolve));
  const feed = (worker: Worker): void => {
    for (let sent = inFlight.get(worker) ?? 0; sent < READS_AHEAD_PER_WORKER && queue.length && waitingBytes < MAX_WAITING_BYTES; sent++) {
      const item = queue.shift() as { file: string; index: number };
      worker.postMessage(analyzer.readRequest(item.index, item.file) satisfies ReadRequest);
      inFlight.set(worker, sent + 1);
    }
  };
  const noneReading = (): boolean => [...inFlight.values()].every((reads) => reads === 0);
  // One unit of this thread's work per turn of the event loop, so that workers' reads get in between.
  const step = (): void => {
    stepping = false;
    if (failure) return;
    const next = waiting.shift();
    if (next) {
      waitingBytes -= next.read.byteLength;
      finished(next.index, analyzer.finish(v8.deserialize(next.read) as FileRead));
    } else if (noneReading()) {
      const item = queue.shift();
      if (item) finished(item.index, analyzer.analyze(item.file));
    }
    for (const worker of inFlight.keys()) feed(worker);
    if (done === input.files.length) settle();
    else schedule();
  };
  const schedule = (): void => {
    if (stepping || (waiting.length === 0 && (queue.length === 0 || !noneReading()))) return;
    stepping = true;
    setImmediate(step);
  };

  const workers = Array.from({ length: options.readers }, () => {
    const worker = new Worker(options.workerScript, { workerData: setup });
    worker.on('message', (message: FromWorker) => {
      if ('failed' in message) {
        failure = new Error(message.failed);
        settle();
        return;
      }
      if ('read' in message) {
        waiting.push({ index: message.index, read: message.read });
        waitingBytes += message.read.byteLength;
        inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
      } else inFlight.set(worker, 0);
      feed(worker);
      schedule();
    });
    const stop = (error: Error): void => {
      failure ??= error;
      settle();
    };
    worker.on('error', stop);
    worker.on('exit', (code) => {
      // Terminated workers exit with 1: only an exit before every file is done is a failure.
      if (code !== 0 && done < input.files.length) stop(new Error(`analysis worker exited with code ${code}`));
    });
    return worker;
  });
  schedule();
  await allDone;
  await Promise.all(workers.map((worker) => worker.terminate()));
  if (failure) throw failure;
  return outcomes.map((outcome, index) => outcome ?? { kind: 'skipped', path: toPosix(path.relative(input.root, input.files[index])), reason: 'analysis failed: no result from its worker' });
}

/**
 * The worker side: when this thread was started by `analyzeFiles`, reads the files it is sent. Returns false (and does nothing) in the main thread or in any other worker.
 */
export function serveAnalysisWorker(): boolean {
  const setup = workerData as WorkerSetup | undefined;
  if (isMainThread || !parentPort || setup?.marker !== WORKER_MARKER) return false;
  const port = parentPort;
  createPythonParsing(setup.grammarsDir).then(
    (parsing) => {
      // Read until terminated: the main thread ends the worker once every file is analysed.
      port.on('message', (message: ReadRequest) => {
        const read = v8.serialize(readFile(parsing, setup.settings, message));
        // Handed over, not copied, when the bytes have their buffer to themselves.
        const transfer = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength ? [read.buffer] : [];
        port.postMessage({ index: message.index, read } satisfies FromWorker, transfer);
      });
      port.postMessage({ ready: true } satisfies FromWorker);
    },
    (error: unknown) => port.postMessage({ failed: `analysis worker could not start: ${(error as Error).message}` } satisfies FromWorker),
  );
  return true;
}

/** The half of a file's analysis that needs its tree but not the workspace. */
function readFile(parsing: PythonParsing, settings: Settings, request: ReadRequest): FileRead {
  const source = readPythonSource(request.file);
  if (!source.ok) return { kind: 'skipped', path: request.path, reason: source.reason };
  try {
    const tree = parsing.parse(source.text);
    try {
      const syntax = readFileSyntax({ path: request.path, text: source.text, tree, queries: parsing.queries, settings, module: request.module, withWorkspace: true });
      const stringRows = answerStringRows(tree.rootNode, syntax);
      return { kind: 'read', syntax, stringRows, triage: request.withSyntax ? collectTriageSyntax(tree, parsing.queries, source.text) : null };
    } finally {
      tree.delete();
    }
  } catch (error) {
    return { kind: 'skipped', path: request.path, reason: `analysis failed: ${(error as Error).message}` };
  }
}

interface FileAnalyzer {
  /** The whole analysis of one file, in this thread. */
  analyze(file: string): FileOutcome;
  /** What a worker needs to read a file for this analyzer. */
  readRequest(index: number, file: string): ReadRequest;
  /** The workspace half of a file a worker read. */
  finish(read: FileRead): FileOutcome;
}

/** Files analysed against one workspace index: what the serial run and the main thread do. */
function createFileAnalyzer(options: { root: string; settings: Settings; parsing: PythonParsing; needsSyntax: ReadonlySet<string> | 'all' }): FileAnalyzer {
  const { root, settings, parsing } = options;
  const host = createFileSystemHost({ root, parsing, testGlobs: settings.testGlobs, extraPaths: settings.extraPaths });
  const workspace: WorkspaceContext = createWorkspaceContext(new WorkspaceIndex(host), BUILT_IN_KNOWLEDGE.withEntries(settings.project.knowledge), settings.project.declaredPackages);
  const withSyntax = (relative: string): boolean => options.needsSyntax === 'all' || options.needsSyntax.has(relative);
  return {
    analyze(file) {
      const relative = toPosix(path.relative(root, file));
      const source = readPythonSource(file);
      if (!source.ok) return { kind: 'skipped', path: relative, reason: source.reason };
      try {
        if (withSyntax(relative)) {
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
    },
    readRequest(index, file) {
      const relative = toPosix(path.relative(root, file));
      const entry = workspace.index.entryAt(relative);
      return { index, file, path: relative, module: entry ? { modulePath: entry.modulePath, isPackage: entry.isPackage } : null, withSyntax: withSyntax(relative) };
    },
    finish(read) {
      if (read.kind === 'skipped') return read;
      try {
        const layout = layoutFromStringRowAnswers(read.syntax.lines, read.syntax.syntax.comments, read.stringRows);
        const { analysis } = analyzeFileSyntax(read.syntax, { settings, workspace, layout });
        return { kind: 'analyzed', analysis, syntax: read.triage };
      } catch (error) {
        return { kind: 'skipped', path: read.syntax.path, reason: `analysis failed: ${(error as Error).message}` };
      }
    },
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
