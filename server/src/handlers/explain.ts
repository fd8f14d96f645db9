/**
 * `fixture-lens/explainFile`: the model behind the explanation panel for one open document, in the
 * CLI JSON shape (so panel, CLI and scripts read the same thing), with its imported findings and
 * review claims when triage input was loaded, plus the file's SPEC §2 argument.
 */
import type { Connection } from 'vscode-languageserver';
import { EXPLAIN_FILE_METHOD, type ExplainFileParams } from '../protocol';
import type { PanelModel } from '../protocol/panel-model';
import { fileArgument } from '../report/file-argument';
import { toFileEntry } from '../report/to-report';
import type { Services } from '../services';

export function registerExplain(connection: Connection, services: Services): void {
  const { documents, triage, guard } = services;
  connection.onRequest(
    EXPLAIN_FILE_METHOD,
    guard(
      EXPLAIN_FILE_METHOD,
      (params: ExplainFileParams): PanelModel | null => {
        const document = documents.get(params.textDocument.uri);
        const triaged = document ? triage.get(document) : null;
        if (!triaged || !document) return null;
        const { path } = triaged.analysis;
        const entry = toFileEntry(triaged.analysis, { findings: new Map([[path, triaged.findings]]), claims: new Map([[path, triaged.claims]]), unmatched: [] });
        return { ...entry, argument: fileArgument(entry), root: services.analyses.folderOf(document.uri) };
      },
      null,
    ),
  );
}
