/**
 * The language server: declares capabilities, owns the document store and the analysis services,
 * loads the grammar during `initialize`, and registers one module per feature. No analysis here.
 */
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  Emitter,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { registerCodeActions } from './handlers/code-actions';
import { registerCodeLens } from './handlers/code-lens';
import { registerConfiguration } from './handlers/configuration';
import { registerDiagnostics } from './handlers/diagnostics';
import { createGuard } from './handlers/guard';
import { registerHover } from './handlers/hover';
import { registerProjectConfig } from './handlers/project-config';
import { registerExplain } from './handlers/explain';
import { registerTriage } from './handlers/triage';
import { registerWorkspaceFolders } from './handlers/workspace-folders';
import { registerWorkspaceIndex } from './handlers/workspace-index';
import { createLog, type Log } from './log';
import { createPythonParsing, findGrammarsDir } from './parsing/parser';
import { DIAGNOSTIC_SOURCE, EXPLAIN_FILE_METHOD, SUPPRESS_NOT_APPLICABLE_KIND } from './protocol';
import { TOOL } from './report/to-report';
import { Analyses } from './services/analyses';
import { createDocuments } from './services/documents';
import { TriageState } from './services/triage';
import type { Services } from './services';
import type { OpenText } from './services/workspaces';

export function startServer(connection: Connection): void {
  const log = createLog(connection.console);
  const analyses = new Analyses(log);
  const initialize = new Emitter<InitializeParams>();
  const initialized = new Emitter<void>();
  const documents = createDocuments((uri, oldText, change) => {
    analyses.recordChange(uri, oldText, change);
    triage.recordChange(uri, oldText, change);
  });
  const triage = new TriageState(analyses, documents);
  const services: Services = {
    documents,
    analyses,
    triage,
    log,
    guard: createGuard(log),
    client: { capabilities: {} },
    onInitialize: initialize.event,
    onInitialized: initialized.event,
  };

  connection.onInitialize(async (params) => {
    services.client.capabilities = params.capabilities;
    initialize.fire(params);
    await loadGrammar(connection, analyses, log, (file) => openText(services, file));
    return { capabilities: capabilitiesFor(params.capabilities), serverInfo: { name: DIAGNOSTIC_SOURCE, version: TOOL.version } };
  });
  connection.onInitialized(() => initialized.fire());
  connection.onShutdown(() => analyses.dispose());
  // Before the handlers' listeners: a re-opened URI may restart at a version already cached.
  services.documents.onDidOpen((event) => analyses.drop(event.document.uri));
  services.documents.onDidClose((event) => analyses.drop(event.document.uri));

  registerWorkspaceFolders(connection, services);
  registerConfiguration(connection, services);
  registerDiagnostics(connection, services);
  registerHover(connection, services);
  registerCodeActions(connection, services);
  registerCodeLens(connection, services);
  registerWorkspaceIndex(connection, services);
  registerProjectConfig(connection, services);
  registerExplain(connection, services);
  registerTriage(connection, services);

  services.documents.listen(connection);
  connection.listen();
}

function capabilitiesFor(client: ClientCapabilities): ServerCapabilities {
  // `CodeActionOptions` only for clients that understand code action literals (LSP 3.8+).
  const hasLiterals = client.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    codeActionProvider: hasLiterals ? { codeActionKinds: [CodeActionKind.QuickFix, SUPPRESS_NOT_APPLICABLE_KIND] } : true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    experimental: { explainFile: EXPLAIN_FILE_METHOD },
  };
}

/**
 * Loads the grammar next to the bundle (`dist/grammars`). On failure the server stays up and answers
 * with empty results, after telling the user what to do.
 */
async function loadGrammar(connection: Connection, analyses: Analyses, log: Log, open: OpenText): Promise<void> {
  try {
    const started = performance.now();
    analyses.start(await createPythonParsing(findGrammarsDir(__dirname)), open);
    log.info(`Fixture Lens ${TOOL.version}: Python grammar loaded in ${(performance.now() - started).toFixed(0)} ms`);
  } catch (error) {
    log.error('loading the Python grammar failed', error);
    const reason = error instanceof Error ? error.message : String(error);
    await connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Error,
      message: `Fixture Lens cannot analyse Python: its grammar did not load (${reason}). Reinstall the extension, or run "npm run build" in a development checkout.`,
    });
  }
}

/** The text of an open document at `file` (absolute path), so the index reads buffers, not disk. */
function openText(services: Services, file: string): { text: string; version: number } | null {
  const uri = pathToFileURL(file).toString();
  const document = services.documents.get(uri);
  return document ? { text: document.getText(), version: document.version } : null;
}
