/** The webview view type of the explanation panel (also its `onWebviewPanel:` activation event). vscode-free for the manifest test. */
export const PANEL_VIEW_TYPE = 'fixtureLens.explanation';
