/**
 * Keeps the settings current: pulls the `fixtureLens` section (`workspace/configuration`) after
 * `initialized` and on every change notification, or reads the pushed object from clients that cannot
 * be asked. New settings set the log level and invalidate the analyses, which re-publishes them.
 */
import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver';
import { SETTINGS_SECTION } from '../protocol';
import type { Services } from '../services';
import { parseSettings } from '../settings';

export function registerConfiguration(connection: Connection, services: Services): void {
  const { analyses, log, guard, client } = services;
  const canPull = (): boolean => client.capabilities.workspace?.configuration === true;

  const apply = (raw: unknown): void => {
    const settings = parseSettings(raw);
    log.setLevel(settings.server.logLevel);
    analyses.setSettings(settings);
  };
  const pull = guard(
    'workspace/configuration',
    async () => apply(await connection.workspace.getConfiguration(SETTINGS_SECTION)),
    undefined,
  );

  services.onInitialized(() => {
    // Ask for change notifications where the client takes dynamic registrations (the LSP 3.17 way);
    // others, such as Neovim, send them unasked.
    if (client.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (canPull()) void pull(undefined);
  });

  connection.onDidChangeConfiguration(
    guard(
      'workspace/didChangeConfiguration',
      async (params) => {
        if (canPull()) return pull(undefined);
        const pushed: unknown = params.settings;
        const isRecord = typeof pushed === 'object' && pushed !== null;
        apply(isRecord ? (pushed as Record<string, unknown>)[SETTINGS_SECTION] : undefined);
      },
      undefined,
    ),
  );
}
