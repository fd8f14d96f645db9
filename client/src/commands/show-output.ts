/** `fixtureLens.showOutput`: reveals the 'Fixture Lens' output channel (client and server logs). */
import type { CommandContext } from './index';

export function showOutput({ log }: CommandContext): () => void {
  return () => log.show();
}
