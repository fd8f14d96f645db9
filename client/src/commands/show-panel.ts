/** `fixtureLens.showPanel [uri] [line]`: the explanation panel for a file, scrolled to a line (CodeLens, code actions). */
import type { CommandContext } from './index';
import { targetUri } from './target';

export function showPanel(context: CommandContext): (uri?: unknown, line?: unknown) => Promise<void> {
  return async (uri, line) => {
    const target = uri === undefined ? null : targetUri(context, uri);
    const focusLine = typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : undefined;
    await context.panel.show(target ?? undefined, focusLine);
  };
}
