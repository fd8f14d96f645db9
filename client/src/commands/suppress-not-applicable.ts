/**
 * `fixtureLens.suppressNotApplicable`: applies the server's source action that suppresses every
 * not-applicable finding of the file at once, each in its scanner's dialect with its justification.
 */
import { CodeActionKind, commands, Range, window, workspace, type CodeAction } from 'vscode';
import { SUPPRESS_NOT_APPLICABLE_KIND } from '../../../server/src/protocol';
import type { CommandContext } from './index';
import { reporting, targetUri } from './target';

export function suppressNotApplicable(context: CommandContext): (uri?: unknown) => Promise<void> {
  return (uri) =>
    reporting(context, 'suppressing not-applicable findings', async () => {
      const target = targetUri(context, uri);
      if (!target) throw new Error('open the Python test file first.');
      const document = await workspace.openTextDocument(target);
      const whole = new Range(0, 0, document.lineCount, 0);
      const actions = (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', target, whole, SUPPRESS_NOT_APPLICABLE_KIND)) ?? [];
      const kind = CodeActionKind.Empty.append(SUPPRESS_NOT_APPLICABLE_KIND);
      const action = actions.find((a) => a.kind && kind.contains(a.kind) && a.edit);
      if (!action?.edit) {
        context.panel.announce('No not-applicable finding left to suppress in this file.');
        void window.showInformationMessage('Fixture Lens: no not-applicable finding left to suppress in this file.');
        return;
      }
      if (!(await workspace.applyEdit(action.edit))) throw new Error('VS Code did not apply the edit (the file may have changed); try again.');
      context.panel.announce(action.title);
    });
}
