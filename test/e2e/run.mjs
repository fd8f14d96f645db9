// End-to-end harness: real VS Code (code-server 4.100.3) in headless Chromium, packaged mode.
// Installs fixture-lens.vsix, opens a copy of a fixture workspace, and runs test/e2e/runner (mocha in
// the extension host) through the workbench URL payload (shared/recipes/e2e-real-vscode.md).
// Exit 0 only if the suite ran, passed and recorded at least one passing test.
//
// Usage: node test/e2e/run.mjs [--vsix fixture-lens.vsix] [--workspace DIR] [--out DIR] [--deadline SECONDS] [--no-folder]
// --no-folder: no workspace folder is opened; the suite opens one test file on its own (FL_E2E_LONE_FILE).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, format } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    vsix: { type: 'string', default: path.join(ROOT, 'fixture-lens.vsix') },
    workspace: { type: 'string', default: path.join(ROOT, 'examples', 'nova_style') },
    out: { type: 'string' },
    deadline: { type: 'string', default: '240' },
    'no-folder': { type: 'boolean', default: false },
  },
});
const CODE_SERVER = path.join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNNER = path.join(ROOT, 'test', 'e2e', 'runner');
const deadlineMs = Number(values.deadline) * 1000;

for (const [what, file, hint] of [
  ['code-server', CODE_SERVER, 'run: bash test/e2e/install-code-server.sh'],
  ['Chromium', CHROMIUM, 'run: apt-get install -y chromium'],
  ['the packaged extension', values.vsix, 'run: npm run build && npm run package'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`e2e: ${what} not found at ${file}; ${hint}`);
    process.exit(2);
  }
}

// Short paths: code-server puts a Unix socket in the user-data dir (108-byte limit, pitfall P8).
const OUT = values.out ? path.resolve(values.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'fle2e-'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'flt-'));
const dirs = {
  userData: path.join(OUT, 'ud'),
  extensions: path.join(OUT, 'ext'),
  workspace: path.join(OUT, 'ws'),
  xdg: path.join(OUT, 'xdg'),
};
for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
for (const sub of ['config', 'data', 'cache']) fs.mkdirSync(path.join(dirs.xdg, sub), { recursive: true });
fs.cpSync(values.workspace, dirs.workspace, { recursive: true });
// Without a folder, the suite opens this file alone (a copy of the example, outside any folder).
const loneFile = path.join(OUT, 'lone', 'test_lone_file.py');
if (values['no-folder']) {
  fs.mkdirSync(path.dirname(loneFile), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'examples', 'nova_style', 'nova', 'tests', 'functional', 'regressions', 'test_bug_1702454.py'), loneFile);
}
fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(dirs.userData, 'User', 'settings.json'),
  JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
    'workbench.tips.enabled': false,
    'editor.hover.delay': 100,
  }),
);
const config = path.join(OUT, 'config.yaml');
fs.writeFileSync(config, 'auth: none\ncert: false\n');

const env = {
  ...process.env,
  CI: 'true',
  TMPDIR: TMP,
  XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
  XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
  XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
  EXTENSIONS_GALLERY: '{}',
  FL_E2E_OUT: OUT,
  ...(values['no-folder'] ? { FL_E2E_LONE_FILE: loneFile } : {}),
};
delete env.VSCODE_IPC_HOOK_CLI;
const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

const log = fs.createWriteStream(path.join(OUT, 'harness.log'));
const say = (...args) => {
  const line = `[${new Date().toISOString()}] ${format(...args)}`;
  log.write(`${line}\n`);
  console.log(line);
};

let server;
let browser;
let exitCode = 1;
let finished = false;

async function main() {
  say(`e2e: out ${OUT}`);
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', values.vsix, '--force'], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the vsix failed: ${install.stderr || install.stdout}`);
  say('e2e: vsix installed');

  const port = await freePort();
  const serverLog = fs.openSync(path.join(OUT, 'code-server.log'), 'w');
  server = spawn(
    CODE_SERVER,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--log', 'info', ...(values['no-folder'] ? [] : [dirs.workspace])],
    { env, detached: true, stdio: ['ignore', serverLog, serverLog] },
  );
  fs.writeFileSync(path.join(OUT, 'code-server.pid'), String(server.pid));
  await poll('code-server /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok, 30000);
  say(`e2e: code-server up on ${port}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 800 } })).newPage();
  const consoleLog = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
  page.on('console', (message) => consoleLog.write(`${message.type()}: ${message.text()}\n`));
  page.on('pageerror', (error) => consoleLog.write(`pageerror: ${error.message}\n`));
  const exthost = fs.createWriteStream(path.join(OUT, 'exthost.log'));
  let exited = null;
  // Both must exist before navigation (pitfall P13): VS Code reports the run's result through them.
  await page.exposeFunction('codeAutomationExit', (code) => {
    exited = code;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    exthost.write(`${text}\n`);
    if (type !== 'debug') console.log(`  ${text}`);
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(RUNNER)],
    ['extensionTestsPath', remote(path.join(RUNNER, 'index.js'))],
  ]);
  const folder = values['no-folder'] ? 'ew=true' : `folder=${encodeURIComponent(dirs.workspace)}`;
  await page.goto(`http://127.0.0.1:${port}/?${folder}&payload=${encodeURIComponent(payload)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  say('e2e: workbench rendered; running the suite');

  const started = Date.now();
  while (exited === null) {
    if (Date.now() - started > deadlineMs) {
      await page.screenshot({ path: path.join(OUT, 'timeout.png') }).catch(() => {});
      throw new Error(`the suite did not finish within ${deadlineMs / 1000} s`);
    }
    for (const request of fs.readdirSync(OUT).filter((f) => /^shot-.+\.req$/.test(f))) {
      const name = request.slice(5, -4);
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      fs.renameSync(path.join(OUT, request), path.join(OUT, `shot-${name}.done`));
      say(`e2e: screenshot ${name}.png`);
    }
    for (const request of fs.readdirSync(OUT).filter((f) => /^click-.+\.req$/.test(f))) {
      // A real click in the panel (keyboard and mouse users click links; the extension host cannot).
      const selector = fs.readFileSync(path.join(OUT, request), 'utf8');
      const name = request.slice(6, -4);
      const clicked = await clickInPanel(page, selector);
      fs.writeFileSync(path.join(OUT, `click-${name}.done`), JSON.stringify({ clicked }));
      fs.rmSync(path.join(OUT, request));
      say(`e2e: click ${selector}: ${clicked ? 'done' : 'not found'}`);
    }
    for (const request of fs.readdirSync(OUT).filter((f) => /^dom-.+\.req$/.test(f))) {
      const name = request.slice(4, -4);
      fs.writeFileSync(path.join(OUT, `dom-${name}.json`), JSON.stringify(await readPanelDom(page), null, 2));
      fs.renameSync(path.join(OUT, request), path.join(OUT, `dom-${name}.done`));
      say(`e2e: dom-${name}.json`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const resultsFile = path.join(OUT, 'results.json');
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
  const summary = { exitCode: exited, passed: results?.passed.length ?? 0, failed: results?.failed.length ?? 0, failures: results?.failed ?? [], out: OUT };
  fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
  for (const failure of summary.failures) say(`e2e FAILED: ${failure.title}\n${failure.error}`);
  // The plain closing line CI reads.
  say(`e2e: ${summary.passed} passed, ${summary.failed} failed`);
  exitCode = exited === 0 && results && summary.failed === 0 && summary.passed > 0 ? 0 : 1;
}

async function cleanup() {
  if (finished) return;
  finished = true;
  await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => {});
  if (server?.pid) {
    // code-server, its extension host and our language server share the process group.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }
  fs.rmSync(TMP, { recursive: true, force: true });
}

/**
 * What a person sees in the explanation panel: its webview lives in nested iframes, so look for the
 * frame holding `#app`. Also what must never be there: elements injected from file-derived text.
 */
async function readPanelDom(page) {
  for (const frame of page.frames()) {
    const app = await frame.$('#app').catch(() => null);
    if (!app) continue;
    return frame.evaluate(() => ({
      found: true,
      text: document.getElementById('app').innerText,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      injected: document.querySelectorAll('#app [onerror], #app img, #app script, #app iframe').length,
      conditions: [...document.querySelectorAll('.condition')].map((c) => `${c.id}=${c.dataset.status}`),
      doubles: [...document.querySelectorAll('li.double')].map((d) => d.dataset.name),
      links: document.querySelectorAll('button.link').length,
      focused: [...document.querySelectorAll('.focused')].map((e) => `${e.className.replace(' focused', '')}@${e.dataset.line ?? ''}`),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
    }));
  }
  return { found: false };
}

async function clickInPanel(page, selector) {
  for (const frame of page.frames()) {
    if (!(await frame.$('#app').catch(() => null))) continue;
    const target = await frame.$(selector);
    if (!target) return false;
    await target.click();
    return true;
  }
  return false;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function poll(what, probe, timeoutMs) {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void cleanup().then(() => process.exit(130)));
}

try {
  await main();
} catch (error) {
  say(`e2e: ${error.message}`);
  exitCode = exitCode === 0 ? 1 : exitCode;
} finally {
  await cleanup();
  log.end();
}
process.exit(exitCode);
