/**
 * Ids of the commands the client contributes. Kept vscode-free so the manifest test can check them
 * against `contributes.commands`; `index.ts` must map every one to a handler.
 */
import { SHOW_PANEL_COMMAND } from '../../../server/src/protocol';
import type { PanelAction } from '../panel/panel-messages';

export const COMMAND_IDS = {
  restartServer: 'fixtureLens.restartServer',
  showOutput: 'fixtureLens.showOutput',
  showPanel: SHOW_PANEL_COMMAND,
  triageReviewFromSelection: 'fixtureLens.triageReviewFromSelection',
  triageReviewFromClipboard: 'fixtureLens.triageReviewFromClipboard',
  triageReviewFromFile: 'fixtureLens.triageReviewFromFile',
  loadFindings: 'fixtureLens.loadFindings',
  exportSarif: 'fixtureLens.exportSarif',
  copyReply: 'fixtureLens.copyReply',
  suppressNotApplicable: 'fixtureLens.suppressNotApplicable',
  clearTriage: 'fixtureLens.clearTriage',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];

/** The palette command behind each panel button: one implementation for both. */
export const PANEL_ACTION_COMMANDS: Readonly<Record<PanelAction, CommandId>> = {
  triageSelection: COMMAND_IDS.triageReviewFromSelection,
  triageClipboard: COMMAND_IDS.triageReviewFromClipboard,
  triageFile: COMMAND_IDS.triageReviewFromFile,
  loadFindings: COMMAND_IDS.loadFindings,
  exportSarif: COMMAND_IDS.exportSarif,
  copyReply: COMMAND_IDS.copyReply,
  suppressNotApplicable: COMMAND_IDS.suppressNotApplicable,
  clearTriage: COMMAND_IDS.clearTriage,
};

/** Not contributed (no palette entry): the e2e suite reads the panel's state through it. */
export const PANEL_STATE_COMMAND = 'fixtureLens.internal.panelState';
