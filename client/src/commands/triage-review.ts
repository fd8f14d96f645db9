/**
 * Triage a free-text security review of the followed Python file: from the selection, the
 * clipboard or a file. The server splits it into claims and decides each; the panel shows them.
 */
import { env, Uri, window, workspace } from 'vscode';
import { TRIAGE_REVIEW_METHOD, type TriageReviewParams, type TriageReviewResult } from '../../../server/src/protocol';
import type { CommandContext } from './index';
import { reporting, targetUri } from './target';

/** Sends `text` as the review of `uri`; returns the one-line outcome shown to the user, or throws. */
export async function triageReviewText(context: CommandContext, uri: Uri | null, text: string, source: string): Promise<string> {
  if (!uri) throw new Error('open the Python test file the review is about first.');
  if (!text.trim()) throw new Error(`the review from ${source} is empty.`);
  const params: TriageReviewParams = { textDocument: { uri: uri.toString() }, text, source };
  const result = await context.session.request<TriageReviewResult>(TRIAGE_REVIEW_METHOD, params);
  if (!result.ok) throw new Error(result.error);
  const counts = Object.entries(result.verdicts)
    .filter(([, n]) => n > 0)
    .map(([verdict, n]) => `${n} ${verdict}`)
    .join(', ');
  return `Review from ${source}: ${result.claims} claim${result.claims === 1 ? '' : 's'} triaged${counts ? ` (${counts})` : ''}.`;
}

async function triageAndShow(context: CommandContext, uri: Uri | null, text: string, source: string): Promise<void> {
  const outcome = await triageReviewText(context, uri, text, source);
  context.log.info(outcome);
  await context.panel.show(uri ?? undefined);
  context.panel.announce(outcome, 'triage');
}

export function triageReviewFromSelection(context: CommandContext): (uri?: unknown) => Promise<void> {
  return (uri) =>
    reporting(context, 'triaging the selected review', async () => {
      const editor = window.activeTextEditor;
      const text = editor ? editor.selections.map((s) => editor.document.getText(s)).join('\n') : '';
      if (!text.trim()) throw new Error('select the review text in an editor first.');
      await triageAndShow(context, targetUri(context, uri), text, 'the selection');
    });
}

export function triageReviewFromClipboard(context: CommandContext): (uri?: unknown) => Promise<void> {
  return (uri) =>
    reporting(context, 'triaging the review in the clipboard', async () => {
      await triageAndShow(context, targetUri(context, uri), await env.clipboard.readText(), 'the clipboard');
    });
}

export function triageReviewFromFile(context: CommandContext): (uri?: unknown, reviewFile?: unknown) => Promise<void> {
  return (uri, reviewFile) =>
    reporting(context, 'triaging the review file', async () => {
      const target = targetUri(context, uri);
      const file =
        reviewFile instanceof Uri
          ? reviewFile
          : (await window.showOpenDialog({ canSelectMany: false, openLabel: 'Triage review', filters: { 'Review text': ['txt', 'md', 'markdown'], 'All files': ['*'] } }))?.[0];
      if (!file) return;
      await triageAndShow(context, target, await readText(file), workspace.asRelativePath(file));
    });
}

/** A file's text, refusing binary and non-UTF-8 content with a message that names the file. */
export async function readText(file: Uri): Promise<string> {
  const bytes = await workspace.fs.readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${workspace.asRelativePath(file)} is not UTF-8 text.`);
  }
}
