/**
 * Owns the running language client: start, restart (always with a fresh client, because a client
 * whose start failed cannot be restarted), stop, and a status for the status bar.
 */
import {
  commands,
  EventEmitter,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type FileSystemWatcher,
  type LogOutputChannel,
} from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMAND_IDS } from './commands/ids';
import { WATCHED_FILE_GLOBS } from './config';
import { createLanguageClient } from './language-client';
import { showActionableError } from './log';

export type ServerStatus = 'starting' | 'running' | 'stopped' | 'failed';

export class ServerSession implements Disposable {
  private client: LanguageClient | undefined;
  private clientSubscription: Disposable | undefined;
  private hasGivenUp = false;
  private currentStatus: ServerStatus = 'stopped';
  /** Serialises start/stop/restart so that a double-clicked restart cannot interleave. */
  private queue: Promise<void> = Promise.resolve();
  private readonly statusEmitter = new EventEmitter<ServerStatus>();
  private readonly watchers: FileSystemWatcher[];

  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly context: ExtensionContext,
    private readonly log: LogOutputChannel,
  ) {
    this.watchers = WATCHED_FILE_GLOBS.map((glob) => workspace.createFileSystemWatcher(glob));
  }

  get status(): ServerStatus {
    return this.currentStatus;
  }

  /**
   * Sends a request to the running server. Rejects with a message a user can act on when the
   * server is not running, so commands can show it as is.
   */
  async request<R>(method: string, params: object): Promise<R> {
    const client = this.client;
    if (!client || this.currentStatus !== 'running') {
      throw new Error(`The Fixture Lens language server is ${this.currentStatus}; run "Fixture Lens: Restart Server" or see the output.`);
    }
    return client.sendRequest<R>(method, params);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  dispose(): void {
    void this.stop();
    for (const watcher of this.watchers) watcher.dispose();
    this.statusEmitter.dispose();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async startClient(): Promise<void> {
    if (this.client) return;
    this.hasGivenUp = false;
    const client = createLanguageClient({
      context: this.context,
      log: this.log,
      watchers: this.watchers,
      onGiveUp: (message) => this.giveUp(message),
      onFirstRestart: (message) => {
        this.log.warn(message);
        void window.showWarningMessage(message, 'Show Output').then((picked) => picked && this.log.show());
      },
    });
    this.client = client;
    this.clientSubscription = client.onDidChangeState(({ newState }) => {
      if (this.client === client) this.setStatus(this.toStatus(newState));
    });
    this.setStatus('starting');
    try {
      await client.start();
    } catch (error) {
      this.log.error(`Starting the language server failed: ${describeError(error)}`);
      // A server that dies during `initialize` is also reported to the close handler, which may
      // already be restarting it; then the crash policy decides, not this first failure. The
      // library has already shown its own error (with "Go to output"), so no second notification.
      if (client.state !== State.Starting && client.state !== State.Running) {
        this.markFailed();
      }
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientSubscription?.dispose();
    this.clientSubscription = undefined;
    if (!client) return;
    try {
      // dispose() rather than stop(): the old client is never reused. It throws for a client whose
      // start failed, which still has its server process killed.
      await client.dispose();
    } catch (error) {
      this.log.debug(`Stopping the previous language client: ${String(error)}`);
    }
    this.setStatus('stopped');
  }

  /** Called by the crash policy when it stops restarting: tells the user, once per client. */
  private giveUp(message: string): void {
    if (this.hasGivenUp) return;
    this.markFailed();
    void showActionableError(this.log, message, [
      { title: 'Restart Server', run: () => commands.executeCommand(COMMAND_IDS.restartServer) },
    ]);
  }

  private markFailed(): void {
    this.hasGivenUp = true;
    this.setStatus('failed');
  }

  private toStatus(state: State): ServerStatus {
    if (state === State.Running) return 'running';
    if (state === State.Starting) return 'starting';
    return this.hasGivenUp ? 'failed' : 'stopped';
  }

  private setStatus(status: ServerStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
