/**
 * Test harness for the real server: spawns `node dist/server.js --stdio`, speaks JSON-RPC to it as a
 * minimal, Neovim-like client, and waits for notifications with a timeout (never a blind sleep).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  WorkDoneProgressCreateRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from './parsing';

export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
export const LSP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp');
export const TIMEOUT_MS = 10_000;

/** What Neovim 0.7 roughly announces: no pull diagnostics, no dynamic registration, no versioned edits. */
export const MINIMAL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true },
    hover: { contentFormat: ['markdown', 'plaintext'], dynamicRegistration: false },
    codeAction: {
      dynamicRegistration: false,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
    },
  },
  window: { showMessage: {}, workDoneProgress: true },
};

export interface SessionOptions {
  readonly capabilities?: ClientCapabilities;
  /** Answer to `workspace/configuration` for the `fixtureLens` section. */
  readonly settings?: unknown;
  readonly workspaceFolder?: string;
  /** Several folders at once (instead of `workspaceFolder`). */
  readonly workspaceFolders?: readonly string[];
  /** Another copy of the bundle (default: `dist/server.js`). */
  readonly serverPath?: string;
}

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly logs: LogMessageParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  /** `$/progress` values received, in order (`begin`, `report`, `end`). */
  readonly progress: Array<{ kind: string; message?: string; title?: string; percentage?: number }> = [];
  /** Tokens of the progress the server created (`window/workDoneProgress/create`), to cancel it. */
  readonly progressTokens: Array<number | string> = [];
  /** Every `workspace/configuration` request the server made. */
  configurationRequests = 0;
  settings: unknown;
  private stderrText = '';
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly publishedByUri = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, options: SessionOptions) {
    this.settings = options.settings ?? {};
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      const forUri = this.publishedByUri.get(params.uri) ?? [];
      forUri.push(params);
      this.publishedByUri.set(params.uri, forUri);
      for (const wake of [...this.waiters]) wake();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params));
    this.connection.onNotification(ShowMessageNotification.type, (params) => this.messages.push(params));
    // `showWarningMessage` and friends are requests (the user may pick an action); none is picked here.
    this.connection.onRequest(ShowMessageRequest.type, (params) => {
      this.messages.push({ type: params.type, message: params.message });
      return null;
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'fixtureLens' ? this.settings : null));
    });
    this.connection.onRequest(RegistrationRequest.type, () => null);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.progressTokens.push(params.token);
      return null;
    });
    this.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
      this.progress.push(params.value);
      for (const wake of [...this.waiters]) wake();
    });
    this.connection.listen();
  }

  /** Spawns the server and completes `initialize` + `initialized`. */
  static async start(options: SessionOptions = {}): Promise<{ session: LspSession; result: InitializeResult }> {
    const server = options.serverPath ?? SERVER;
    if (!fs.existsSync(server)) throw new Error(`${server} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, [server, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new LspSession(child, options);
    const folders = options.workspaceFolders ?? [options.workspaceFolder ?? LSP_FIXTURES];
    const result = await withTimeout(
      session.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'fixture-lens-test-client', version: '0' },
        rootUri: uriOf(folders[0]),
        workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: path.basename(folder) })),
        capabilities: options.capabilities ?? MINIMAL_CAPABILITIES,
      }),
      'initialize',
    );
    await session.connection.sendNotification(InitializedNotification.type, {});
    return { session, result };
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Opens a fixture file (relative to `test/fixtures/lsp/`), returning its URI and text. */
  async open(relative: string, text?: string): Promise<{ uri: string; text: string }> {
    const content = text ?? readFixture(relative);
    const uri = uriOf(path.join(LSP_FIXTURES, relative));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: content },
    });
    return { uri, text: content };
  }

  /** Opens `text` under `uri` at version 1. */
  async openUri(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  }

  /** Opens any file by absolute path. */
  async openFile(file: string): Promise<{ uri: string; text: string }> {
    const text = fs.readFileSync(file, 'utf8');
    const uri = uriOf(file);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    return { uri, text };
  }

  /** Resolves when a `$/progress` `end` arrived (background indexing finished). */
  waitForProgressEnd(ms = TIMEOUT_MS): Promise<void> {
    return this.waitForProgress('end', ms);
  }

  /** Resolves when a `$/progress` value of `kind` (`begin`, `report`, `end`) arrived. */
  waitForProgress(kind: string, ms = TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!this.progress.some((p) => p.kind === kind)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no progress ${kind} within ${ms} ms (got ${this.progress.map((p) => p.kind).join(', ') || 'nothing'})`));
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the first `window/logMessage` matching `pattern`, polling briefly (it may trail other messages). */
  async waitForLog(pattern: RegExp, ms = TIMEOUT_MS): Promise<RegExpMatchArray> {
    for (let waited = 0; waited <= ms; waited += 20) {
      for (const log of this.logs) {
        const match = pattern.exec(log.message);
        if (match) return match;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log message matching ${pattern} within ${ms} ms`);
  }

  /** Sends `didChange` with the given content changes, applied by the server in order. */
  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /**
   * Resolves with the first publish for `uri` that satisfies `accept`, among those already received
   * or, with `onlyNew`, among those still to come; rejects after the timeout, listing what arrived.
   */
  waitForDiagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean,
    options: { onlyNew?: boolean } = {},
  ): Promise<PublishDiagnosticsParams> {
    const from = options.onlyNew ? this.published.length : 0;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = this.published.slice(from).find((p) => p.uri === uri && accept(p));
        if (!match) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.published.filter((p) => p.uri === uri).map((p) => `v${p.version}: ${p.diagnostics.length}`);
        reject(new Error(`no matching diagnostics for ${uri} within ${TIMEOUT_MS} ms (got ${seen.join(', ') || 'none'})`));
      }, TIMEOUT_MS);
      this.waiters.add(check);
      check();
    });
  }

  /** Diagnostics published for exactly this document version. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version);
  }

  /** Every publish for `uri` so far, in order of arrival (a live list: later publishes are appended). */
  publishesFor(uri: string): readonly PublishDiagnosticsParams[] {
    return this.publishedByUri.get(uri) ?? [];
  }

  /** The server's process id (to sample its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How many publishes arrived for `uri` so far. */
  publishCount(uri: string): number {
    return this.published.filter((p) => p.uri === uri).length;
  }

  /** `shutdown` then `exit`; resolves with the exit code. */
  async stop(): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    const code = await withTimeout(this.exited, 'exit');
    this.connection.dispose();
    return code;
  }

  /** For `after` hooks: ends the process even when a test failed half-way. */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
  }
}

/** The text of a fixture under `test/fixtures/lsp/`, to open under another URI. */
export function readFixture(relative: string): string {
  return fs.readFileSync(path.join(LSP_FIXTURES, relative), 'utf8');
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export function withTimeout<T>(promise: Promise<T>, label: string, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
