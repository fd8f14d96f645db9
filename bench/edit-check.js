// Checks and times the editor's re-analysis of one edited test (server/src/analysis/analyze-edit.ts)
// on a real workspace: indexes ROOT, applies EDITS scripted edits to FILE (a statement inserted, a
// character typed, a line appended, a line deleted, at random body lines), and after each compares
// the spliced analysis with a full one. Prints one JSON object: how many edits were spliced, equal,
// different (each difference is printed), fell back to a full analysis, and the times of both
// (`diagnosticsMs`: until the diagnostics are known, which the server publishes before settling the rest).
// Usage (after `npm run build`): ROOT=/path/to/nova FILE=nova/tests/unit/virt/libvirt/test_driver.py
//   EDITS=40 [CHAIN=1: each spliced result is the next basis] [SKIPFULL=1 with CHAIN: no comparison,
//   times only] [PROFILE=out.cpuprofile] [SEED=n] [PATTERN=probe: bench/lsp-probe.js's edits instead]
//   [PATTERN=typing: a statement typed one character per edit on a new line in a test body]
//   [PATTERN=helpers: a call inserted at the first body line of each helper method (`def _name(`) in turn]
//   [FALLBACKS=1: print where each edit analysed in full was] node bench/edit-check.js
const path = require('node:path');
const fs = require('node:fs');
const OUT = process.env.OUT || path.join(__dirname, '..', 'out');
const { createPythonParsing, findGrammarsDir } = require(`${OUT}/server/src/parsing/parser`);
const { Analyses } = require(`${OUT}/server/src/services/analyses`);
const { analyzeTreeWithBasis } = require(`${OUT}/server/src/analysis/analyze-file`);
const { analyzeEdit } = require(`${OUT}/server/src/analysis/analyze-edit`);
const { editBetween, reparseEdit } = require(`${OUT}/server/src/parsing/trees`);
const { pathToFileURL } = require('node:url');
const root = process.env.ROOT;
if (!root || !process.env.FILE) {
  process.stderr.write('usage: ROOT=DIR FILE=relative/test_file.py [EDITS=n] node bench/edit-check.js\n');
  process.exit(2);
}
const rel = process.env.FILE;
const log = { info() {}, debug() {}, warn() {}, error(m, e) { console.error(m, e); } };
function firstDiff(a, b, p = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${p}: ${JSON.stringify(a)?.slice(0, 300)} != ${JSON.stringify(b)?.slice(0, 300)}`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) { const d = firstDiff(a[i], b[i], `${p}[${i}]`); if (d) return `len ${a.length} vs ${b.length}; ${d}`; }
    return `${p}: length ${a.length} vs ${b.length}; extra ${JSON.stringify((a.length > b.length ? a : b)[Math.min(a.length, b.length)]).slice(0, 400)}`;
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) { const d = firstDiff(a[k], b[k], `${p}.${k}`); if (d) return d; }
  return `${p}: ?`;
}
(async () => {
  const parsing = await createPythonParsing(findGrammarsDir(`${OUT}/server/src`));
  const analyses = new Analyses(log);
  analyses.start(parsing);
  analyses.setWorkspaceFolders([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  if (!process.env.NOINDEX) await analyses.indexes.indexAll([root], { isCancelled: () => false, report() {} });
  const workspace = analyses.indexes.contextFor(root);
  const settings = analyses.indexes.settingsFor(root);
  let text = fs.readFileSync(path.join(root, rel), 'utf8');
  let tree = parsing.parse(text);
  let { basis } = analyzeTreeWithBasis({ path: rel, text, tree, queries: parsing.queries, settings, workspace });
  let state = null;
  const lines0 = text.split('\n');
  const bodyLines = lines0.flatMap((line, row) => (/^ {8}\S/.test(line) ? [row] : []));
  const N = Number(process.env.EDITS || 40);
  const PROBE = process.env.PATTERN === 'probe';
  const TYPING = process.env.PATTERN === 'typing';
  const HELPERS = process.env.PATTERN === 'helpers';
  const helperNames = [...new Set([...text.matchAll(/^ {4}def (_(?!_)\w+)\(/gm)].map((m) => m[1]))];
  const TYPED = 'self.assertEqual(probe, [1, 2])';
  let typingAt = 0;
  const stats = { spliced: 0, fallback: 0, equal: 0, differ: 0, spliceMs: [], diagnosticsMs: [], fullMs: [] };
  let seed = Number(process.env.SEED || 1);
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let session;
  if (process.env.PROFILE) {
    const inspector = require('node:inspector');
    session = new inspector.Session(); session.connect();
    await new Promise(r => session.post('Profiler.enable', r));
    await new Promise(r => session.post('Profiler.start', r));
  }
  for (let i = 0; i < N; i++) {
    const lines = text.split('\n');
    const lineStart = (row) => { let idx = 0; for (let r = 0; r < row; r++) idx += lines[r].length + 1; return idx; };
    let change;
    const kind = i % 4;
    const row = bodyLines[Math.floor(rnd() * bodyLines.length)] + (kind === 1 ? 0 : 0);
    if (TYPING) {
      // Typing a statement on a new line, one character per edit: a line break and indentation, then
      // TYPED's characters, after a random body line every TYPED.length + 1 edits (the file keeps them).
      const step = i % (TYPED.length + 1);
      if (step === 0) {
        // After the end of a body line of the current text (earlier statements moved the rows).
        const rows = lines.flatMap((line, r) => (/^ {8}\S/.test(line) ? [r] : []));
        const r = rows[Math.floor(rnd() * rows.length)];
        typingAt = lineStart(r) + lines[r].length;
      }
      const text_ = step === 0 ? '\n        ' : TYPED[step - 1];
      change = { startIndex: typingAt, oldEndIndex: typingAt, newText: text_ };
      typingAt += text_.length;
    } else if (HELPERS) {
      // The helper's first body line in the current text (the inserted calls stay and move the rows).
      const name = helperNames[i % helperNames.length];
      const at = lines.findIndex((line) => line.startsWith(`    def ${name}(`));
      // Past the parameters (a signature may span lines) to the first statement of the body.
      let body = at;
      while (body < lines.length && !/:\s*(#.*)?$/.test(lines[body])) body++;
      body++;
      while (body < lines.length && !/^ {8}\S/.test(lines[body])) body++;
      change = { startIndex: lineStart(body), oldEndIndex: lineStart(body), newText: '        self.assertTrue(fake_value)\n' };
    } else if (PROBE) {
      // The LSP probe's edits (bench/lsp-probe.js): a statement inserted, then removed, at rows spread through the file.
      const at = bodyLines[Math.floor(((i >> 1) * 7919) % bodyLines.length)];
      change = i % 2 === 0 ? { startIndex: lineStart(at), oldEndIndex: lineStart(at), newText: '        probe_value = 1\n' } : { startIndex: lineStart(at), oldEndIndex: lineStart(at + 1), newText: '' };
    } else if (kind === 0) change = { startIndex: lineStart(row), oldEndIndex: lineStart(row), newText: '        probe_value = 1\n' };
    else if (kind === 1) change = { startIndex: lineStart(row) + 8, oldEndIndex: lineStart(row) + 8, newText: 'x' };
    else if (kind === 2) change = { startIndex: lineStart(row) + lines[row].length, oldEndIndex: lineStart(row) + lines[row].length, newText: '\n        self.assertTrue(fake_value)' };
    else { const L = lines[row]; change = { startIndex: lineStart(row), oldEndIndex: lineStart(row) + L.length + 1, newText: '' }; }
    const newText = text.slice(0, change.startIndex) + change.newText + text.slice(change.oldEndIndex);
    // As the server finds it (services/analyses.ts): the smallest edit between the two texts.
    const edit = editBetween(text, newText);
    // The tree is told the edit as the server's TreeCache is (`reparseEdit`).
    const oldTree = tree; oldTree.edit(reparseEdit(text, { startIndex: edit.startIndex, oldEndIndex: edit.oldEndIndex, newText: newText.slice(edit.startIndex, edit.newEndIndex) }));
    const newTree = parsing.parse(newText, oldTree);
    const changedRanges = oldTree.getChangedRanges(newTree);
    let t = performance.now();
    const edited = analyzeEdit({ basis, edit, changedRanges, text: newText, tree: newTree, queries: parsing.queries, settings, workspace }, state);
    // Diagnostics are what the server publishes; the rest is settled after it (services/analyses.ts).
    const diagnosticsMs = performance.now() - t;
    const result = edited && edited.settle();
    const spliceMs = performance.now() - t;
    if (result) stats.diagnosticsMs.push(diagnosticsMs);
    if (process.env.SKIPFULL && result) { stats.spliced++; stats.spliceMs.push(spliceMs); basis = result.basis; state = result.state; oldTree.delete(); tree = newTree; text = newText; continue; }
    t = performance.now();
    const full = analyzeTreeWithBasis({ path: rel, text: newText, tree: newTree, queries: parsing.queries, settings, workspace });
    stats.fullMs.push(performance.now() - t);
    if (result) {
      stats.spliced++; stats.spliceMs.push(spliceMs);
      const d = firstDiff(result.analysis, full.analysis);
      if (d) { stats.differ++; if (stats.differ <= 5) { console.log(`edit ${i} kind ${kind} row ${row}: ${d}`); const m=/authorization\.(\d+)/.exec(d); if (m) { const k=+m[1]; console.log(JSON.stringify(result.analysis.authorization[k]).slice(0,600)); console.log(JSON.stringify(full.analysis.authorization[k]).slice(0,600)); } } }
      else stats.equal++;
      if (process.env.CHAIN) { basis = result.basis; state = result.state; } else { basis = full.basis; state = null; }
    } else {
      stats.fallback++;
      if (process.env.FALLBACKS) {
        const row = edit.startPosition.row;
        const fn = basis.functions.filter((f) => f.span.start.row <= row && f.span.end.row >= row).pop();
        console.log(`fallback: edit ${i} at line ${row + 1} in ${fn ? `${fn.className ?? ''}.${fn.name}` : 'no function'}`);
      }
      basis = full.basis; state = null;
    }
    oldTree.delete(); tree = newTree; text = newText;
  }
  if (session) {
    const prof = await new Promise((r) => session.post('Profiler.stop', (e, p) => r(p.profile)));
    fs.writeFileSync(process.env.PROFILE, JSON.stringify(prof));
  }
  const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10 : null; };
  console.log(JSON.stringify({ ...stats, spliceMs: { p50: q(stats.spliceMs, 0.5), p95: q(stats.spliceMs, 0.95) }, diagnosticsMs: { p50: q(stats.diagnosticsMs, 0.5), p95: q(stats.diagnosticsMs, 0.95) }, fullMs: { p50: q(stats.fullMs, 0.5) } }));
})();
