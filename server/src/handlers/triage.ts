/**
 * Triage in the editor: `fixture-lens/loadFindings`, `triageReview`, `clearTriage`, `exportSarif`
 * and `replyMarkdown`. Thin: checks the shape of the params and hands them to the triage state.
 * Bad input is answered with `{ ok: false, error }`, never thrown.
 */
import type { Connection } from 'vscode-languageserver';
import {
  CLEAR_TRIAGE_METHOD,
  EXPORT_SARIF_METHOD,
  LOAD_FINDINGS_METHOD,
  REPLY_MARKDOWN_METHOD,
  TRIAGE_REVIEW_METHOD,
  type ClearTriageParams,
  type ExportSarifParams,
  type ExportSarifResult,
  type LoadFindingsParams,
  type LoadFindingsResult,
  type ReplyMarkdownParams,
  type ReplyMarkdownResult,
  type TriageReviewParams,
  type TriageReviewResult,
} from '../protocol';
import type { Services } from '../services';

/** What a failed handler answers; the stack is in the log. */
const FAILED = { ok: false, error: 'Fixture Lens failed on this request; see its output for details' } as const;

export function registerTriage(connection: Connection, services: Services): void {
  const { triage, guard } = services;

  connection.onRequest(
    LOAD_FINDINGS_METHOD,
    guard(LOAD_FINDINGS_METHOD, (params: Partial<LoadFindingsParams> | null): LoadFindingsResult => triage.loadFindings(params ?? {}), FAILED),
  );

  connection.onRequest(
    TRIAGE_REVIEW_METHOD,
    guard(
      TRIAGE_REVIEW_METHOD,
      (params: Partial<TriageReviewParams> | null): TriageReviewResult => {
        const uri = uriOf(params);
        if (uri === null) return { ok: false, error: 'triageReview needs the textDocument the review is about' };
        return triage.triageReview({ uri, text: params?.text, source: params?.source });
      },
      FAILED,
    ),
  );

  connection.onRequest(
    CLEAR_TRIAGE_METHOD,
    guard(
      CLEAR_TRIAGE_METHOD,
      (params: ClearTriageParams | null): null => {
        const uri = uriOf(params);
        const source = typeof params?.source === 'string' ? params.source : undefined;
        triage.clear({ ...(uri !== null ? { uri } : {}), ...(source !== undefined ? { source } : {}) });
        return null;
      },
      null,
    ),
  );

  connection.onRequest(
    EXPORT_SARIF_METHOD,
    guard(
      EXPORT_SARIF_METHOD,
      (params: Partial<ExportSarifParams> | null, token): Promise<ExportSarifResult> | ExportSarifResult => {
        const target = params?.target ?? 'standard';
        if (target !== 'standard' && target !== 'github') return { ok: false, error: `exportSarif: "target" must be "standard" or "github" (got ${JSON.stringify(target)})` };
        return triage.exportSarif(target, () => token?.isCancellationRequested === true);
      },
      FAILED,
    ),
  );

  connection.onRequest(
    REPLY_MARKDOWN_METHOD,
    guard(
      REPLY_MARKDOWN_METHOD,
      (params: Partial<ReplyMarkdownParams> | null): ReplyMarkdownResult => {
        const uri = uriOf(params);
        return uri === null ? { ok: false, error: 'replyMarkdown needs the textDocument of the review' } : triage.reply(uri);
      },
      FAILED,
    ),
  );
}

function uriOf(params: { readonly textDocument?: { readonly uri?: unknown } } | null | undefined): string | null {
  const uri = params?.textDocument?.uri;
  return typeof uri === 'string' ? uri : null;
}
