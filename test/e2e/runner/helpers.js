// Shared by the e2e suites: polling, and the file handshakes with the harness (screenshots, panel
// DOM snapshots, clicks in the panel), which only the browser side can do.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const OUT = process.env.FL_E2E_OUT;
const SOURCE = 'Fixture Lens';
/** Whether a browser-side harness answers handshakes (code-server run); not under @vscode/test-electron. */
const HAS_BROWSER = Boolean(OUT);

async function poll(what, probe, timeoutMs = 30000) {
  const started = Date.now();
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes OUT/<prefix>-<name>.req (with `body`) and waits for the harness's .done; returns its content. */
async function handshake(prefix, name, body = '') {
  if (!OUT) throw new Error('FL_E2E_OUT is not set: run through test/e2e/run.mjs');
  const done = path.join(OUT, `${prefix}-${name}.done`);
  // Asked again under the same name (a poll): the previous answer is stale.
  fs.rmSync(done, { force: true });
  fs.writeFileSync(path.join(OUT, `${prefix}-${name}.req`), body);
  await poll(`${prefix} ${name}`, () => fs.existsSync(done), 20000);
  return fs.readFileSync(done, 'utf8');
}

/** Asks the harness for a screenshot and waits until it is taken (the extension host cannot take one). */
async function screenshot(name) {
  if (!OUT) return;
  await handshake('shot', name);
}

/** The panel's DOM as a person sees it (text, conditions, doubles) and what must never be in it. */
async function panelDom(name) {
  await handshake('dom', name);
  return JSON.parse(fs.readFileSync(path.join(OUT, `dom-${name}.json`), 'utf8'));
}

/** Clicks `selector` inside the panel's webview, as a user would. */
async function clickInPanel(name, selector) {
  const result = JSON.parse(await handshake('click', name, selector));
  if (!result.clicked) throw new Error(`nothing to click in the panel at ${selector}`);
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { OUT, SOURCE, HAS_BROWSER, poll, screenshot, panelDom, clickInPanel, ours, sleep };
