/** The 'Fixture Lens' status bar item: the language server's status; a click opens the output. */
import { Disposable, StatusBarAlignment, ThemeColor, window } from 'vscode';
import { COMMAND_IDS } from './commands/ids';
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

export function createStatusBarItem(session: ServerSession): Disposable {
  const item = window.createStatusBarItem('fixtureLens.status', StatusBarAlignment.Right, 100);
  item.name = 'Fixture Lens';
  item.command = COMMAND_IDS.showOutput;
  const render = (status: ServerStatus): void => {
    item.text = `${LOOK[status].icon} Fixture Lens`;
    item.tooltip = LOOK[status].tooltip;
    item.backgroundColor =
      status === 'failed' ? new ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  render(session.status);
  item.show();
  return Disposable.from(item, session.onDidChangeStatus(render));
}
