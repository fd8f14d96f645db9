/**
 * Keeps `package.json` honest: contributed settings equal the server's defaults, every
 * contributed command is registered by the client, and the engine, entry point and packaging
 * fields fit together.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../client/src/commands/ids';
import { SETTINGS_SECTION, TRACE_SETTING } from '../../client/src/config';
import { PANEL_VIEW_TYPE } from '../../client/src/panel/panel-view-type';
import { DEFAULT_SETTINGS, flattenSettings, parseSettings } from '../../server/src/settings';
import { REPO_ROOT } from '../helpers/parsing';

interface ConfigurationProperty {
  readonly type?: string;
  readonly default?: unknown;
  readonly scope?: string;
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly additionalProperties?: ConfigurationProperty;
}

interface Manifest {
  readonly main: string;
  readonly icon: string;
  readonly engines: { readonly vscode: string };
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly activationEvents: readonly string[];
  readonly capabilities: { readonly untrustedWorkspaces: { readonly supported: boolean | string } };
  readonly contributes: {
    readonly commands: readonly {
      readonly command: string;
      readonly title: string;
      readonly category?: string;
    }[];
    readonly configuration: {
      readonly title: string;
      readonly properties: Readonly<Record<string, ConfigurationProperty>>;
    };
  };
}

const manifest = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
) as Manifest;
const properties = manifest.contributes.configuration.properties;
const defaults = flattenSettings(DEFAULT_SETTINGS, SETTINGS_SECTION);
const serverKeys = Object.keys(properties).filter((key) => key !== TRACE_SETTING);

/** `[major, minor, patch]` of a version or a `^`/`~` range's lower bound. */
function versionOf(range: string): [number, number, number] {
  const match = /^[\^~]?(\d+)\.(\d+)\.(\d+)$/.exec(range);
  assert.ok(match, `unsupported version range ${range}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

describe('package.json configuration', () => {
  it('contributes exactly the server settings, plus the protocol trace', () => {
    assert.deepEqual([...serverKeys].sort(), Object.keys(defaults).sort());
    assert.ok(TRACE_SETTING in properties, `${TRACE_SETTING} is contributed`);
  });

  it('has the server defaults', () => {
    for (const key of serverKeys) assert.deepEqual(properties[key].default, defaults[key], key);
  });

  it('offers only values the server accepts', () => {
    const hints = properties['fixtureLens.contextHints'].enum ?? [];
    for (const value of hints)
      assert.equal(parseSettings({ contextHints: value }).contextHints, value);
    const levels = properties['fixtureLens.server.logLevel'].enum ?? [];
    for (const value of levels)
      assert.equal(parseSettings({ server: { logLevel: value } }).server.logLevel, value);
    const severities = properties['fixtureLens.rules.severity'].additionalProperties?.enum ?? [];
    assert.deepEqual([...severities], ['error', 'warning', 'information', 'hint', 'off']);
    for (const value of severities) {
      assert.equal(
        parseSettings({ rules: { severity: { FL204: value } } }).rules.severity.FL204,
        value,
      );
    }
  });

  it('describes and scopes every setting', () => {
    assert.equal(manifest.contributes.configuration.title, 'Fixture Lens');
    for (const [key, property] of Object.entries(properties)) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok(property.type, `${key} has a type`);
      assert.ok(property.description ?? property.markdownDescription, `${key} has a description`);
      const expectedScope =
        // The server's own behaviour is one per process, not per folder.
        key === TRACE_SETTING || key === 'fixtureLens.server.logLevel' || key === 'fixtureLens.server.analyseAhead' ? 'window' : 'resource';
      assert.equal(property.scope, expectedScope, `${key} scope`);
      for (const schema of [property, property.additionalProperties]) {
        if (schema?.enum)
          assert.equal(
            schema.enumDescriptions?.length,
            schema.enum.length,
            `${key} enumDescriptions`,
          );
      }
    }
    assert.deepEqual(properties[TRACE_SETTING].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties[TRACE_SETTING].default, 'off');
  });
});

describe('package.json commands', () => {
  const contributed = manifest.contributes.commands;

  it('puts every command in the Fixture Lens category', () => {
    for (const command of contributed)
      assert.equal(command.category, 'Fixture Lens', command.command);
  });

  it('contributes exactly the commands the client registers', () => {
    const ids = Object.values(COMMAND_IDS);
    assert.deepEqual(contributed.map((c) => c.command).sort(), [...ids].sort());
    // The registry's Record<CommandId, …> type already forces a handler per id; this catches an
    // id that is declared but left out of the registry by a cast.
    const registry = fs.readFileSync(
      path.join(REPO_ROOT, 'client', 'src', 'commands', 'index.ts'),
      'utf8',
    );
    for (const key of Object.keys(COMMAND_IDS))
      assert.match(registry, new RegExp(`\\[COMMAND_IDS\\.${key}\\]:`), key);
  });
});

describe('package.json extension fields', () => {
  it('points main at the client bundle', () => {
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('supports the VS Code versions its API types describe', () => {
    const engine = versionOf(manifest.engines.vscode);
    assert.ok(manifest.engines.vscode.startsWith('^'), 'engines.vscode is a caret range');
    assert.ok(
      compareVersions(engine, [1, 90, 0]) >= 0,
      'vscode-languageclient 9 needs VS Code 1.90 or later here',
    );
    // code-server 4.100.3 (VS Code 1.100), the newest on Node 20, runs the e2e tests.
    assert.ok(
      compareVersions(engine, [1, 100, 0]) <= 0,
      'engines.vscode must stay at or below 1.100',
    );
    const declaredTypes = versionOf(manifest.devDependencies['@types/vscode']);
    const installed = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'node_modules', '@types', 'vscode', 'package.json'),
        'utf8',
      ),
    ) as { version: string };
    for (const types of [declaredTypes, versionOf(installed.version)]) {
      // vsce refuses to package when @types/vscode is newer than engines.vscode.
      assert.ok(
        compareVersions(types, engine) <= 0,
        `@types/vscode ${types.join('.')} is newer than ${manifest.engines.vscode}`,
      );
      assert.deepEqual(
        types.slice(0, 2),
        engine.slice(0, 2),
        '@types/vscode matches the engine minor version',
      );
    }
  });

  it('activates on Python, to restore its panel, and works in untrusted workspaces', () => {
    assert.deepEqual([...manifest.activationEvents].sort(), [
      'onLanguage:python',
      `onWebviewPanel:${PANEL_VIEW_TYPE}`,
      'workspaceContains:**/conftest.py',
    ]);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, manifest.icon)), `${manifest.icon} exists`);
  });
});
