/**
 * What handler modules receive: the document store, the analysis cache, logging, the guard, the
 * client's capabilities and the life-cycle events. Built once by `server.ts`.
 */
import type { ClientCapabilities, Event, InitializeParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Guard } from '../handlers/guard';
import type { Log } from '../log';
import type { Analyses } from './analyses';

export interface Services {
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: Analyses;
  readonly log: Log;
  readonly guard: Guard;
  /** Filled in by `initialize`; empty until then. */
  readonly client: { capabilities: ClientCapabilities };
  /** `initialize` arrived (the connection allows one handler per message, hence events). */
  readonly onInitialize: Event<InitializeParams>;
  readonly onInitialized: Event<void>;
}
