/**
 * `fixture-lens/explainFile`: the model behind the explanation panel for one open document, in the
 * CLI JSON shape (so panel, CLI and scripts read the same thing), with its imported findings and
 * review claims when triage input was loaded.
 */
import type { Connection } from 'vscode-languageserver';
import { EXPLAIN_FILE_METHOD, type ExplainFileParams } from '../protocol';
import { toFileEntry } from '../report/to-report';
import type { Services } from '../services';

export function registerExplain(connection: Connection, services: Services): void {
  const { documents, triage, guard } = services;
  connection.onRequest(
    EXPLAIN_FILE_METHOD,
    guard(
      EXPLAIN_FILE_METHOD,
      (params: ExplainFileParams) => {
        const document = documents.get(params.textDocument.uri);
        const triaged = document ? triage.get(document) : null;
        if (!triaged) return null;
        const { path } = triaged.analysis;
        return toFileEntry(triaged.analysis, { findings: new Map([[path, triaged.findings]]), claims: new Map([[path, triaged.claims]]), unmatched: [] });
      },
      null,
    ),
  );
}
