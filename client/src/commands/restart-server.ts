/** `fixtureLens.restartServer`: stops the language server (if running) and starts a fresh one. */
import type { CommandContext } from './index';

export function restartServer({ session, log }: CommandContext): () => Promise<void> {
  return async () => {
    log.info('Restarting the language server (requested by command).');
    await session.restart();
  };
}
