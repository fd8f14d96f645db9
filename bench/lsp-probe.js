// Drives the real language server (`dist/server.js --stdio`) as an editor would, and measures:
// background indexing and the server's RSS after it, open-to-first-diagnostics on one file,
// keystroke-to-diagnostics over scripted edits, and hover latency. Times are wall milliseconds
// from sending a message to receiving the answer (diagnostics are pushed after a debounce).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} = require('vscode-languageserver-protocol/node');
const { percentile, median, round } = require('./measure');

const SERVER = path.join(__dirname, '..', 'dist', 'server.js');
const TIMEOUT_MS = 300_000;

/** Resident and peak resident memory of a process in MB, from /proc (Linux); nulls elsewhere. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rssMb: round(kb('VmRSS') / 1024, 1), peakRssMb: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return { rssMb: null, peakRssMb: null };
  }
}

/**
 * Runs one session against `root` on `file`: `opens` open/close cycles, `edits` scripted edits,
 * `typing` keystrokes typing statements (`TYPED`) into tests, and `hovers` hovers. Edits stop early once `editBudgetMs` is spent (the count says how many ran), so
 * a slow analysis cannot stretch the run to hours. Throws if the server does not answer in time.
 */
async function probeServer({ root, file, opens = 3, edits = 200, typing = 0, hovers = 100, debounceMs, editBudgetMs = 60_000 }) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Set();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const published = [];
  let indexed = false;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push({ ...params, at: performance.now() });
    wake();
  });
  connection.onNotification('$/progress', (params) => {
    if (params.value?.kind === 'end') indexed = true;
    wake();
  });
  // Debug logs say how long each analysis took ("analyzed <path> v<version> … in <ms> ms"): the
  // analysis of a keystroke may run while its diagnostics wait for the debounce, and is reported apart.
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ server: { logLevel: 'debug' } })));
  const analysisMsByVersion = new Map();
  connection.onNotification('window/logMessage', (params) => {
    const match = /^analyzed \S+ v(\d+)\b.* in ([\d.]+) ms$/.exec(params.message);
    if (match) analysisMsByVersion.set(Number(match[1]), (analysisMsByVersion.get(Number(match[1])) ?? 0) + Number(match[2]));
  });
  connection.onRequest(RegistrationRequest.type, () => null);
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const until = (predicate, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(0, 2000)}`));
      }, TIMEOUT_MS);
      const check = () => {
        const value = predicate();
        if (value === undefined || value === false) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });

  try {
    const rootUri = pathToFileURL(root).href;
    const started = performance.now();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await until(() => indexed, 'background indexing');
    const indexMs = performance.now() - started;
    const afterIndex = memoryOf(child.pid);

    const uri = pathToFileURL(file).href;
    let text = fs.readFileSync(file, 'utf8');
    let version = 0;
    const diagnosticsFor = (v) => () => published.find((p) => p.uri === uri && p.version === v);

    const openMs = [];
    for (let i = 0; i < opens; i++) {
      version++;
      const sent = performance.now();
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
      const got = await until(diagnosticsFor(version), 'diagnostics after open');
      openMs.push(got.at - sent);
      if (i < opens - 1) await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    const diagnosticsCount = published.find((p) => p.uri === uri && p.version === version)?.diagnostics.length ?? 0;

    /** Sends `change` as the next version and waits for its diagnostics: that version, and the time from sending to them. */
    const changeAndWait = async (change, what) => {
      version++;
      const sent = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      const got = await until(diagnosticsFor(version), what);
      return { version, ms: got.at - sent };
    };

    // Scripted edits: insert a statement inside a test body, then remove it, at lines spread over the file.
    const bodyLines = text.split('\n').flatMap((line, row) => (/^ {8}\S/.test(line) ? [row] : []));
    const keystrokes = [];
    const editsStarted = performance.now();
    // Edits come in pairs (insert, then remove) so the file is back to its text after each pair.
    for (let i = 0; i < edits && bodyLines.length && (i % 2 === 1 || performance.now() - editsStarted < editBudgetMs); i++) {
      const row = bodyLines[Math.floor(((i >> 1) * 7919) % bodyLines.length)];
      const inserted = '        probe_value = 1\n';
      const change = i % 2 === 0
        ? { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, text: inserted }
        : { range: { start: { line: row, character: 0 }, end: { line: row + 1, character: 0 } }, text: '' };
      keystrokes.push(await changeAndWait(change, `diagnostics after edit ${i}`));
    }

    // Typing: a statement typed one character per edit on a new line after the last line of a test
    // (a line break and indentation first), at tests spread over the file; the statements stay. Half
    // typed, it leaves a bracket open, so the file does not parse for most of these edits.
    const typedKeys = [];
    const typingStarted = performance.now();
    for (let i = 0, line = 0, character = 0; i < typing && performance.now() - typingStarted < editBudgetMs; i++) {
      const step = i % (TYPED.length + 1);
      let change;
      if (step === 0) {
        const lines = text.split('\n');
        const rows = lastTestLines(lines);
        if (!rows.length) break;
        const row = rows[Math.floor(((i / (TYPED.length + 1)) * 7919) % rows.length)];
        change = { range: { start: { line: row, character: lines[row].length }, end: { line: row, character: lines[row].length } }, text: `\n${lines[row].match(/^\s*/)[0]}` };
        [line, character] = [row + 1, change.text.length - 1];
      } else {
        change = { range: { start: { line, character }, end: { line, character } }, text: TYPED[step - 1] };
        character++;
      }
      text = applyChange(text, change);
      typedKeys.push(await changeAndWait(change, `diagnostics after typing ${i}`));
    }

    // Hovers on names the analysis explains: patch decorators, useFixture calls, fixture parameters.
    const lines = text.split('\n');
    const targets = lines.flatMap((line, row) => {
      const match = /(mock\.patch|useFixture|MockPatch|monkeypatch|fixture)/.exec(line);
      return match ? [{ line: row, character: match.index + 1 }] : [];
    });
    const hoverMs = [];
    for (let i = 0; i < hovers && targets.length; i++) {
      const position = targets[Math.floor((i * 104729) % targets.length)];
      const sent = performance.now();
      await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hoverMs.push(performance.now() - sent);
    }
    const afterEditing = memoryOf(child.pid);

    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    // The server's own time for analysing each version (0 when it analysed none: a text it had analysed before).
    const analysisMs = (v) => analysisMsByVersion.get(v) ?? 0;
    // The worst too: a whole-file analysis (an edit in a helper, the first edit after an opening) is rarer than one in twenty.
    const summary = (values) => ({ p50: round(percentile(values, 50), 1), p95: round(percentile(values, 95), 1), max: round(values.length ? Math.max(...values) : NaN, 1), n: values.length });
    return {
      indexMs: round(indexMs),
      rssAfterIndexMb: afterIndex.rssMb,
      peakRssAfterIndexMb: afterIndex.peakRssMb,
      peakRssMb: afterEditing.peakRssMb,
      rssAfterEditingMb: afterEditing.rssMb,
      openToFirstDiagnosticsMs: round(median(openMs), 1),
      openDiagnostics: diagnosticsCount,
      keystrokeToDiagnosticsMs: summary(keystrokes.map((k) => k.ms)),
      keystrokeBeyondDebounceMs: summary(keystrokes.map((k) => Math.max(0, k.ms - debounceMs))),
      keystrokeAnalysisMs: summary(keystrokes.map((k) => analysisMs(k.version))),
      ...(typing
        ? {
            typingToDiagnosticsMs: summary(typedKeys.map((k) => k.ms)),
            typingBeyondDebounceMs: summary(typedKeys.map((k) => Math.max(0, k.ms - debounceMs))),
            typingAnalysisMs: summary(typedKeys.map((k) => analysisMs(k.version))),
          }
        : {}),
      debounceMs,
      hoverMs: summary(hoverMs),
      stderrBytes: stderr.length,
    };
  } finally {
    connection.dispose();
    child.kill();
  }
}

/** What the typing scenario types, one character per edit. */
const TYPED = 'self.assertEqual(probe, [1, 2])';

/** Rows of the last line of each `def test…` method's body: a complete statement, followed by a line indented less. */
function lastTestLines(lines) {
  const rows = [];
  for (let row = 0; row < lines.length; row++) {
    const def = /^(\s*)def test\w*\(/.exec(lines[row]);
    if (!def) continue;
    let last = -1;
    for (let next = row + 1; next < lines.length && (lines[next].trim() === '' || /^\s*/.exec(lines[next])[0].length > def[1].length); next++) {
      if (lines[next].trim() !== '') last = next;
    }
    if (last > row && /[\w)\]}'"]$/.test(lines[last])) rows.push(last);
  }
  return rows;
}

/** `text` after one LSP content change (a range and its new text). */
function applyChange(text, change) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return text.slice(0, offset(change.range.start)) + change.text + text.slice(offset(change.range.end));
}

module.exports = { probeServer, memoryOf, lastTestLines };
