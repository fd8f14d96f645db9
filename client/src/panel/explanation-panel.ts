/**
 * The explanation panel: one webview per window, beside the editor, following the active Python
 * file and restored after a reload. It only relays: models in (from `ActiveFile`), validated
 * messages out (open a workspace file at a line, run a panel action).
 */
import {
  Disposable,
  Position,
  Range,
  Selection,
  Uri,
  ViewColumn,
  window,
  workspace,
  type ExtensionContext,
  type LogOutputChannel,
  type WebviewPanel,
} from 'vscode';
import type { ActiveFile, ActiveFileState } from './active-file';
import { resolveEvidenceTarget } from './evidence-target';
import { PANEL_VIEW_TYPE } from './panel-view-type';
import { panelHtml } from './panel-html';
import { parseWebviewMessage, type HostMessage, type PanelAction, type PanelSection } from './panel-messages';

export { PANEL_VIEW_TYPE };
const PANEL_TITLE = 'Fixture Lens';

/** What the e2e tests read back: whether the webview script ran, and what it was last sent. */
export interface PanelState {
  readonly open: boolean;
  readonly ready: boolean;
  readonly uri: string | null;
  readonly path: string | null;
  readonly doubles: readonly string[];
  readonly conclusion: string | null;
  readonly claims: number;
  readonly findings: number;
  readonly opened: ReadonlyArray<{ readonly file: string; readonly line: number }>;
  readonly rejected: number;
}

export type RunPanelAction = (action: PanelAction, uri: Uri | null) => Promise<void>;

export class ExplanationPanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private panelSubscriptions: Disposable[] = [];
  private ready = false;
  private focusLine: number | null = null;
  private notice: string | null = null;
  private reveal: PanelSection | null = null;
  private readonly opened: Array<{ file: string; line: number }> = [];
  private rejected = 0;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly context: ExtensionContext,
    private readonly activeFile: ActiveFile,
    private readonly log: LogOutputChannel,
    private readonly runAction: RunPanelAction,
    private readonly triagePasted: (text: string) => Promise<string | null>,
  ) {
    this.subscriptions = [
      activeFile.onDidChange((state) => this.post(state)),
      window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => {
          this.adopt(panel);
          await this.activeFile.refresh();
        },
      }),
    ];
  }

  /** Shows the panel for `uri` (default: the followed file), scrolled to `line` when given. */
  async show(uri?: Uri, line?: number): Promise<void> {
    if (uri) this.activeFile.follow(uri);
    this.focusLine = line ?? null;
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.adopt(window.createWebviewPanel(PANEL_VIEW_TYPE, PANEL_TITLE, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {}));
    }
    await this.activeFile.refresh();
  }

  /** A one-off message shown with the next update (an action's outcome), optionally scrolling to a section. */
  announce(notice: string, reveal: PanelSection | null = null): void {
    this.notice = notice;
    this.reveal = reveal;
    this.post(this.activeFile.latest);
  }

  get state(): PanelState {
    const model = this.activeFile.latest.model;
    return {
      open: this.panel !== undefined,
      ready: this.ready,
      uri: this.activeFile.uri?.toString() ?? null,
      path: model?.path ?? null,
      doubles: model?.doubles.map((d) => d.name) ?? [],
      conclusion: model?.argument.conclusion ?? null,
      claims: model?.claims.length ?? 0,
      findings: model?.findings.length ?? 0,
      opened: [...this.opened],
      rejected: this.rejected,
    };
  }

  private adopt(panel: WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const media = Uri.joinPath(this.context.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [media] };
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(Uri.joinPath(media, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(Uri.joinPath(media, 'webview.css')).toString(),
    });
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => {
        for (const subscription of this.panelSubscriptions) subscription.dispose();
        this.panelSubscriptions = [];
        this.panel = undefined;
        this.ready = false;
      }),
    ];
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.rejected += 1;
      this.log.warn('Ignored a malformed message from the explanation panel.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post(this.activeFile.latest);
        return;
      case 'openLocation':
        await this.open(message.path, message.line);
        return;
      case 'action':
        await this.runAction(message.action, this.activeFile.uri);
        return;
      case 'triagePasted': {
        const outcome = await this.triagePasted(message.text);
        if (outcome) this.announce(outcome, 'triage');
        return;
      }
    }
  }

  /** Opens an evidence location, but only inside the workspace folders or the analysed file itself. */
  private async open(evidencePath: string, line: number): Promise<void> {
    const model = this.activeFile.latest.model;
    const documentUri = this.activeFile.uri;
    const target = resolveEvidenceTarget(evidencePath, {
      root: model?.root ?? null,
      folders: (workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      document: documentUri?.scheme === 'file' ? documentUri.fsPath : null,
    });
    if (target === null) {
      this.rejected += 1;
      this.log.warn(`Not opening ${evidencePath}: evidence links open only files inside the workspace.`);
      void window.showWarningMessage(`Fixture Lens opens evidence only inside the workspace; ${evidencePath} is outside it.`);
      return;
    }
    try {
      const document = await workspace.openTextDocument(Uri.file(target));
      const row = Math.min(Math.max(line - 1, 0), Math.max(document.lineCount - 1, 0));
      const position = new Position(row, 0);
      const editor = await window.showTextDocument(document, { viewColumn: ViewColumn.One, preserveFocus: false });
      editor.selection = new Selection(position, position);
      editor.revealRange(new Range(position, position));
      this.opened.push({ file: target, line: row + 1 });
    } catch (error) {
      void window.showErrorMessage(`Fixture Lens could not open ${evidencePath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private post(state: ActiveFileState): void {
    if (!this.panel || !this.ready) return;
    const message: HostMessage = { type: 'update', model: state.model, empty: state.reason, focusLine: this.focusLine, notice: this.notice, reveal: this.reveal };
    this.focusLine = null;
    this.notice = null;
    this.reveal = null;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
