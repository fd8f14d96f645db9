/**
 * Follows the Python document the user works on (the active Python editor, or the last one when a
 * review or the panel has focus) and keeps its panel model fresh: refetched when the editor
 * changes, when the server republishes its diagnostics, and when the server restarts.
 */
import { EventEmitter, languages, window, type Disposable, type TextDocument, type Uri } from 'vscode';
import { EXPLAIN_FILE_METHOD, type ExplainFileParams } from '../../../server/src/protocol';
import type { PanelModel } from '../../../server/src/protocol/panel-model';
import type { ServerSession } from '../server-session';

/** Diagnostics arrive in bursts while typing; one refetch per burst is enough. */
const REFRESH_DELAY_MS = 150;

/** The panel's empty state when no Python file is followed. */
const NO_FILE = 'Open a Python test file to see its fixtures and test doubles explained.';

export interface ActiveFileState {
  readonly uri: Uri | null;
  readonly model: PanelModel | null;
  /** Why there is no model, for the panel's empty state. */
  readonly reason: string | null;
}

export class ActiveFile implements Disposable {
  private current: Uri | null = null;
  private state: ActiveFileState = { uri: null, model: null, reason: NO_FILE };
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly emitter = new EventEmitter<ActiveFileState>();
  private readonly subscriptions: Disposable[];

  readonly onDidChange = this.emitter.event;

  constructor(private readonly session: ServerSession) {
    this.subscriptions = [
      window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isPython(editor.document)) this.follow(editor.document.uri);
      }),
      languages.onDidChangeDiagnostics((event) => {
        if (this.current && event.uris.some((uri) => uri.toString() === this.current?.toString())) this.schedule();
      }),
      session.onDidChangeStatus((status) => {
        if (status === 'running') this.schedule();
      }),
    ];
    const editor = window.activeTextEditor;
    if (editor && isPython(editor.document)) this.current = editor.document.uri;
  }

  get uri(): Uri | null {
    return this.current;
  }

  get latest(): ActiveFileState {
    return this.state;
  }

  /** Makes `uri` the followed document (a command or CodeLens named it) and refetches. */
  follow(uri: Uri): void {
    const changed = this.current?.toString() !== uri.toString();
    this.current = uri;
    if (changed) this.schedule(0);
  }

  /** Refetches now and resolves with the new state (commands wait for it after a triage). */
  async refresh(): Promise<ActiveFileState> {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const uri = this.current;
    let next: ActiveFileState;
    if (!uri) {
      next = { uri: null, model: null, reason: NO_FILE };
    } else {
      try {
        const params: ExplainFileParams = { textDocument: { uri: uri.toString() } };
        const model = await this.session.request<PanelModel | null>(EXPLAIN_FILE_METHOD, params);
        next = { uri, model, reason: model ? null : 'This file is not open in an editor; open it to see its explanation.' };
      } catch (error) {
        next = { uri, model: null, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    // A slower, older request must not overwrite a newer answer.
    if (generation === this.generation) {
      this.state = next;
      this.emitter.fire(next);
    }
    return this.state;
  }

  private schedule(delay = REFRESH_DELAY_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}

export function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}
