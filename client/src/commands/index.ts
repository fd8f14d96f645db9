/**
 * The command registry: one handler factory per contributed command id. Its
 * `Record<CommandId, …>` type makes a missing or extra handler a compile error.
 */
import { commands, type Disposable, type LogOutputChannel } from 'vscode';
import type { ServerSession } from '../server-session';
import { COMMAND_IDS, type CommandId } from './ids';
import { restartServer } from './restart-server';
import { showOutput } from './show-output';

/** What command handlers may use. */
export interface CommandContext {
  readonly session: ServerSession;
  readonly log: LogOutputChannel;
}

export type CommandFactory = (context: CommandContext) => (...args: unknown[]) => unknown;

const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  [COMMAND_IDS.restartServer]: restartServer,
  [COMMAND_IDS.showOutput]: showOutput,
};

export function registerCommands(context: CommandContext): Disposable[] {
  return Object.entries(COMMANDS).map(([id, create]) =>
    commands.registerCommand(id, create(context)),
  );
}
