/**
 * Ids of the commands the client contributes. Kept vscode-free so the manifest test can check them
 * against `contributes.commands`; `index.ts` must map every one to a handler.
 */

export const COMMAND_IDS = {
  restartServer: 'fixtureLens.restartServer',
  showOutput: 'fixtureLens.showOutput',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];
