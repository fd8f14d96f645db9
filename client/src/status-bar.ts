/**
 * The 'Fixture Lens' status bar item: the language server's status and, while it runs, the verdict
 * summary of the followed Python file. A click opens the panel (or the output when the server is down).
 */
import { Disposable, StatusBarAlignment, ThemeColor, window } from 'vscode';
import { COMMAND_IDS } from './commands/ids';
import type { ActiveFile } from './panel/active-file';
import { statusSummary } from './panel/status-summary';
import type { ServerSession, ServerStatus } from './server-session';

const LOOK: Readonly<Record<ServerStatus, { readonly icon: string; readonly tooltip: string }>> = {
  starting: { icon: '$(sync~spin)', tooltip: 'Fixture Lens: starting the language server' },
  running: { icon: '$(beaker)', tooltip: 'Fixture Lens: language server running' },
  stopped: { icon: '$(circle-slash)', tooltip: 'Fixture Lens: language server stopped' },
  failed: {
    icon: '$(error)',
    tooltip: 'Fixture Lens: language server failed; click to see the output',
  },
};

export function createStatusBarItem(session: ServerSession, activeFile: ActiveFile): Disposable {
  const item = window.createStatusBarItem('fixtureLens.status', StatusBarAlignment.Right, 100);
  item.name = 'Fixture Lens';
  const render = (): void => {
    const status = session.status;
    const model = status === 'running' ? activeFile.latest.model : null;
    const risky = model !== null && model.argument.conditions.some((c) => c.status === 'holds');
    item.text = model ? `${risky ? '$(warning)' : LOOK[status].icon} ${statusSummary(model)}` : `${LOOK[status].icon} Fixture Lens`;
    item.tooltip = model ? `Fixture Lens — ${model.path}: ${model.argument.conclusion} Click to open the explanation panel.` : LOOK[status].tooltip;
    item.command = model ? COMMAND_IDS.showPanel : COMMAND_IDS.showOutput;
    item.backgroundColor =
      status === 'failed' ? new ThemeColor('statusBarItem.errorBackground') : risky ? new ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  render();
  item.show();
  return Disposable.from(item, session.onDidChangeStatus(render), activeFile.onDidChange(render));
}
