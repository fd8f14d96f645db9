// The same e2e suites under @vscode/test-electron, for contributors whose machine can download a
// VS Code desktop build (CI here cannot: it reaches only the npm registry and apt, so it runs
// test/e2e/run.mjs against code-server instead). Source mode: the repository is the extension under
// test (run `npm run build` first). Suites that need the browser side (screenshots, the panel's
// DOM, clicks in the webview) skip themselves here, since no harness answers their handshakes.
//
// Usage: npm run test:e2e:electron [-- --version 1.100.3]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { version: { type: 'string', default: '1.100.3' } } });
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-electron-ws-'));
fs.cpSync(path.join(ROOT, 'examples', 'nova_style'), workspace, { recursive: true });
try {
  await runTests({
    version: values.version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'test', 'e2e', 'runner', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { FL_E2E_ELECTRON: '1' },
  });
} catch (error) {
  console.error(`e2e (electron): ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
