/**
 * The command registry: one handler factory per contributed command id. Its
 * `Record<CommandId, …>` type makes a missing or extra handler a compile error.
 */
import { commands, type Disposable, type LogOutputChannel } from 'vscode';
import type { ActiveFile } from '../panel/active-file';
import type { ExplanationPanel } from '../panel/explanation-panel';
import type { ServerSession } from '../server-session';
import { copyReply } from './copy-reply';
import { clearTriage, exportSarif, loadFindings } from './findings';
import { COMMAND_IDS, PANEL_STATE_COMMAND, type CommandId } from './ids';
import { restartServer } from './restart-server';
import { showOutput } from './show-output';
import { showPanel } from './show-panel';
import { suppressNotApplicable } from './suppress-not-applicable';
import { triageReviewFromClipboard, triageReviewFromFile, triageReviewFromSelection } from './triage-review';

/** What command handlers may use. */
export interface CommandContext {
  readonly session: ServerSession;
  readonly log: LogOutputChannel;
  readonly activeFile: ActiveFile;
  readonly panel: ExplanationPanel;
}

export type CommandFactory = (context: CommandContext) => (...args: never[]) => unknown;

const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  [COMMAND_IDS.restartServer]: restartServer,
  [COMMAND_IDS.showOutput]: showOutput,
  [COMMAND_IDS.showPanel]: showPanel,
  [COMMAND_IDS.triageReviewFromSelection]: triageReviewFromSelection,
  [COMMAND_IDS.triageReviewFromClipboard]: triageReviewFromClipboard,
  [COMMAND_IDS.triageReviewFromFile]: triageReviewFromFile,
  [COMMAND_IDS.loadFindings]: loadFindings,
  [COMMAND_IDS.exportSarif]: exportSarif,
  [COMMAND_IDS.copyReply]: copyReply,
  [COMMAND_IDS.suppressNotApplicable]: suppressNotApplicable,
  [COMMAND_IDS.clearTriage]: clearTriage,
};

export function registerCommands(context: CommandContext): Disposable[] {
  return [
    ...Object.entries(COMMANDS).map(([id, create]) => commands.registerCommand(id, create(context) as (...args: unknown[]) => unknown)),
    commands.registerCommand(PANEL_STATE_COMMAND, () => context.panel.state),
  ];
}
