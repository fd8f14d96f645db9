/**
 * Extension entry point: activate/deactivate wiring only. Creates the log channel, the server
 * session, the commands and the status bar item, then starts the server.
 */
import type { ExtensionContext } from 'vscode';
import { registerCommands } from './commands/index';
import { createLogChannel } from './log';
import { ServerSession } from './server-session';
import { createStatusBarItem } from './status-bar';

let session: ServerSession | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const log = createLogChannel();
  session = new ServerSession(context, log);
  context.subscriptions.push(
    log,
    session,
    createStatusBarItem(session),
    ...registerCommands({ session, log }),
  );
  // Failures are logged and shown by the session; activation still succeeds so the commands
  // (show output, restart) stay available.
  await session.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
