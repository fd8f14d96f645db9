/**
 * What handler modules receive: the document store, the analysis cache, the triage state, logging, the guard, the
 * client's capabilities and the life-cycle events. Built once by `server.ts`.
 */
import type { ClientCapabilities, Event, InitializeParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Guard } from '../handlers/guard';
import type { Log } from '../log';
import type { Analyses } from './analyses';
import type { TriageState } from './triage';

export interface Services {
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: Analyses;
  /** Imported findings and reviews; its `analysisOf` is what diagnostics and fixes are published from. */
  readonly triage: TriageState;
  readonly log: Log;
  readonly guard: Guard;
  /** Filled in by `initialize`; empty until then. */
  readonly client: { capabilities: ClientCapabilities };
  /** `initialize` arrived (the connection allows one handler per message, hence events). */
  readonly onInitialize: Event<InitializeParams>;
  readonly onInitialized: Event<void>;
}
