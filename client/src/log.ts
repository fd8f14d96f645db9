/**
 * The client's single 'Fixture Lens' log channel (also the language client's output channel), and
 * the actionable error notifications that point at it.
 */
import { window, type LogOutputChannel } from 'vscode';

export const OUTPUT_CHANNEL_NAME = 'Fixture Lens';

/** A button on an error notification. */
export interface NotificationAction {
  readonly title: string;
  readonly run: () => unknown;
}

export function createLogChannel(): LogOutputChannel {
  return window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}

/** Logs `message` and shows it as an error with a "Show Output" button, then any `actions`. */
export async function showActionableError(
  log: LogOutputChannel,
  message: string,
  actions: readonly NotificationAction[] = [],
): Promise<void> {
  log.error(message);
  const all: NotificationAction[] = [{ title: 'Show Output', run: () => log.show() }, ...actions];
  const picked = await window.showErrorMessage(message, ...all.map((action) => action.title));
  await all.find((action) => action.title === picked)?.run();
}
