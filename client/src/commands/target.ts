/** Which Python document a command acts on: the one it was given, else the file the panel follows. */
import { Uri, window } from 'vscode';
import type { CommandContext } from './index';

export function targetUri(context: CommandContext, arg: unknown): Uri | null {
  if (arg instanceof Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return Uri.parse(arg, true);
    } catch {
      return null;
    }
  }
  return context.activeFile.uri;
}

/** Runs `task`, showing its failure as an error message instead of an unhandled rejection. */
export async function reporting(context: CommandContext, what: string, task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    const message = `Fixture Lens: ${what} failed: ${error instanceof Error ? error.message : String(error)}`;
    context.log.error(message);
    void window.showErrorMessage(message);
  }
}
