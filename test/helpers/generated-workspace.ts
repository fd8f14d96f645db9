/**
 * Generated workspaces of any size for scale tests: packages of production modules, and test
 * modules that import them and use fixtures from a `conftest.py` per folder, with the shapes of a
 * real suite (imports, classes, fixtures, mocks). Indexed through the real server over stdio.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspSession, TIMEOUT_MS } from './lsp-session';

/** Files per folder, as in a large real suite. */
const PER_FOLDER = 40;

/** Writes about `files` Python files (exactly, counting `__init__.py` and `conftest.py`) under a new temp folder. */
export function writeGeneratedWorkspace(files: number): { root: string; files: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-scale-'));
  let written = 0;
  const write = (relative: string, text: string): void => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written++;
  };
  for (let folder = 0; written < files; folder++) {
    const pkg = `service_${folder}`;
    write(`${pkg}/__init__.py`, '');
    write(`tests/${pkg}/conftest.py`, conftest(pkg));
    for (let i = 0; i < PER_FOLDER / 2 - 1 && written < files; i++) {
      write(`${pkg}/module_${i}.py`, productionModule(i));
      if (written < files) write(`tests/${pkg}/test_module_${i}.py`, testModule(pkg, i));
    }
  }
  return { root, files: written };
}

function productionModule(i: number): string {
  return [
    'import requests',
    'from oslo_policy import policy',
    '',
    `class Resource${i}:`,
    '    def __init__(self, session):',
    '        self.session = session',
    '',
    '    def check(self, context):',
    `        return policy.enforce(context, "resource_${i}:get", {})`,
    '',
    '    def fetch(self, url):',
    '        return requests.get(url, timeout=10)',
    '',
  ].join('\n');
}

function conftest(pkg: string): string {
  return ['import pytest', '', `from ${pkg}.module_0 import Resource0`, '', '@pytest.fixture', 'def resource():', '    return Resource0(session=None)', '', '@pytest.fixture', 'def client(monkeypatch):', '    monkeypatch.setattr("requests.get", lambda *a, **k: None)', '    return object()', ''].join('\n');
}

function testModule(pkg: string, i: number): string {
  return [
    'from unittest import mock',
    '',
    `from ${pkg}.module_${i} import Resource${i}`,
    '',
    '',
    `def test_fetch_${i}(client, resource):`,
    `    assert Resource${i}(None).fetch("http://localhost/items") is None`,
    '',
    '',
    `@mock.patch("${pkg}.module_${i}.Resource${i}.check")`,
    `def test_check_${i}(mock_check, resource):`,
    '    mock_check.return_value = True',
    '    client_login(password="fake")',
    '',
  ].join('\n');
}

export interface IndexRun {
  /** Python files the workspace has, and files summarised before the index was ready or cancelled. */
  readonly total: number;
  readonly indexed: number;
  readonly isCancelled: boolean;
  /** From the `begin` of the progress to its `end`, as the client saw it. */
  readonly ms: number;
  /** The server's resident memory, sampled every 100 ms (Linux `/proc`; null elsewhere). */
  readonly peakRssMb: number | null;
  readonly finalRssMb: number | null;
}

/**
 * Starts the real server on `root`, lets it index in the background and, with `cancel`, sends
 * `window/workDoneProgress/cancel` as soon as indexing begins. Reads the outcome from the server's log.
 */
export async function indexOverLsp(root: string, total: number, options: { cancel?: boolean; timeoutMs?: number } = {}): Promise<IndexRun> {
  const { session } = await LspSession.start({ workspaceFolder: root });
  let peak: number | null = null;
  const sample = (): number | null => {
    const rss = residentMb(session.pid);
    if (rss !== null) peak = Math.max(peak ?? 0, rss);
    return rss;
  };
  const sampler = setInterval(sample, 100);
  try {
    await session.waitForProgress('begin', options.timeoutMs ?? TIMEOUT_MS);
    const began = performance.now();
    if (options.cancel) await session.connection.sendNotification('window/workDoneProgress/cancel', { token: session.progressTokens[0] });
    await session.waitForProgressEnd(options.timeoutMs ?? TIMEOUT_MS);
    const ms = performance.now() - began;
    const ready = await session.waitForLog(/^workspace index ready: (\d+) files in \d+ ms( \(cancelled\))?$/);
    const finalRssMb = sample();
    const errors = session.logs.filter((l) => l.type === 1).map((l) => l.message);
    if (errors.length || session.stderr) throw new Error(`the server logged errors: ${errors.join('\n')}${session.stderr}`);
    await session.stop();
    return { total, indexed: Number(ready[1]), isCancelled: ready[2] !== undefined, ms, peakRssMb: peak, finalRssMb };
  } finally {
    clearInterval(sampler);
    session.kill();
  }
}

function residentMb(pid: number | undefined): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
