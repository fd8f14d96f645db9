/**
 * Builds the Fixture Lens language client: how `dist/server.js` is started, which documents it
 * sees, what is synchronised, and the crash policy. Starting and stopping belong to
 * server-session.ts.
 */
import type { ExtensionContext, FileSystemWatcher, LogOutputChannel } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_ID, SETTINGS_SECTION } from './config';
import { RestartPolicy } from './restart-policy';

export const CLIENT_NAME = 'Fixture Lens';

/** Port for `--inspect` when the extension runs under the debugger. */
const DEBUG_PORT = 6009;

/** Transport errors tolerated before the connection is shut down (the library's default). */
const MAX_TRANSPORT_ERRORS = 3;

export interface CreateLanguageClientOptions {
  readonly context: ExtensionContext;
  readonly log: LogOutputChannel;
  readonly watchers: readonly FileSystemWatcher[];
  /** Called once the client stops restarting the server; `message` says why, for the user. */
  readonly onGiveUp: (message: string) => void;
  /** Called on the first restart after a crash, to tell the user once. */
  readonly onFirstRestart: (message: string) => void;
}

export function createLanguageClient(options: CreateLanguageClientOptions): LanguageClient {
  const serverModule = options.context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: [...options.watchers],
    },
    outputChannel: options.log,
    errorHandler: createErrorHandler(options.onGiveUp, options.onFirstRestart),
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/**
 * Restarts a crashed server under `RestartPolicy`, and hands the user-facing message to `onGiveUp`
 * when it stops trying. Results are `handled`, so the client only logs them and shows no
 * notification of its own. See
 * https://github.com/microsoft/vscode-languageserver-node/blob/release/client/9.0.1/client/src/common/client.ts
 */
function createErrorHandler(onGiveUp: (message: string) => void, onFirstRestart: (message: string) => void): ErrorHandler {
  const policy = new RestartPolicy();
  return {
    error: (error, _message, count) => {
      if (count !== undefined && count <= MAX_TRANSPORT_ERRORS) {
        return { action: ErrorAction.Continue };
      }
      const message =
        `The ${CLIENT_NAME} language server connection keeps failing (${error.message}); ` +
        'it was shut down.';
      onGiveUp(message);
      return { action: ErrorAction.Shutdown, message, handled: true };
    },
    closed: () => {
      if (policy.recordCrash(Date.now())) {
        const message = `The ${CLIENT_NAME} language server stopped; restarting it.`;
        if (policy.shouldAnnounceRestart()) onFirstRestart(`${message} Later restarts are only logged.`);
        return { action: CloseAction.Restart, message, handled: true };
      }
      const minutes = Math.round(policy.options.windowMs / 60_000);
      const message =
        `The ${CLIENT_NAME} language server crashed ${policy.recentCrashes} times in ` +
        `${minutes} minutes and will not be restarted.`;
      onGiveUp(message);
      return { action: CloseAction.DoNotRestart, message, handled: true };
    },
  };
}
