/**
 * Extension entry point: activate/deactivate wiring only. Creates the log channel, the server
 * session, the followed file, the explanation panel, the commands, the findings-file watcher and
 * the status bar item, then starts the server.
 */
import { commands, type ExtensionContext } from 'vscode';
import { PANEL_ACTION_COMMANDS } from './commands/ids';
import { registerCommands, type CommandContext } from './commands/index';
import { triageReviewText } from './commands/triage-review';
import { FindingsFiles } from './findings-files';
import { createLogChannel } from './log';
import { ActiveFile } from './panel/active-file';
import { ExplanationPanel } from './panel/explanation-panel';
import { ServerSession } from './server-session';
import { createStatusBarItem } from './status-bar';

let session: ServerSession | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const log = createLogChannel();
  session = new ServerSession(context, log);
  const activeFile = new ActiveFile(session);
  const panel: ExplanationPanel = new ExplanationPanel(
    context,
    activeFile,
    log,
    async (action, uri) => {
      await commands.executeCommand(PANEL_ACTION_COMMANDS[action], uri ?? undefined);
    },
    async (text) => {
      try {
        const outcome = await triageReviewText(commandContext, activeFile.uri, text, 'the pasted text');
        await activeFile.refresh();
        return outcome;
      } catch (error) {
        return `Triage failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
  );
  const commandContext: CommandContext = { session, log, activeFile, panel };
  context.subscriptions.push(
    log,
    session,
    activeFile,
    panel,
    createStatusBarItem(session, activeFile),
    ...registerCommands(commandContext),
    new FindingsFiles(commandContext),
  );
  // Failures are logged and shown by the session; activation still succeeds so the commands
  // (show output, restart) stay available.
  await session.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
