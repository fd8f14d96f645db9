/** `fixtureLens.copyReply`: the markdown reply to the file's triaged review, on the clipboard, ready to paste into the review thread. */
import { env, window } from 'vscode';
import { REPLY_MARKDOWN_METHOD, type ReplyMarkdownParams, type ReplyMarkdownResult } from '../../../server/src/protocol';
import type { CommandContext } from './index';
import { reporting, targetUri } from './target';

export function copyReply(context: CommandContext): (uri?: unknown) => Promise<void> {
  return (uri) =>
    reporting(context, 'copying the reply', async () => {
      const target = targetUri(context, uri);
      if (!target) throw new Error('open the Python test file whose review you triaged first.');
      const result = await context.session.request<ReplyMarkdownResult>(REPLY_MARKDOWN_METHOD, { textDocument: { uri: target.toString() } } satisfies ReplyMarkdownParams);
      if (!result.ok) throw new Error(result.error);
      await env.clipboard.writeText(result.text);
      context.panel.announce('Reply copied to the clipboard.');
      void window.showInformationMessage('Fixture Lens: reply to the review copied to the clipboard.');
    });
}
