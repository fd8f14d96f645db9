// Peer: Ruff's flake8-bandit (`S`) rules through @astral-sh/ruff-wasm-nodejs, over the files listed
// one per line in --files-from. Run as its own process so its timing includes start-up, like ours.
// Prints {"files", "diagnostics", "codes"}; with --bandit-json OUT also writes the diagnostics as a
// Bandit JSON report (S101 → B101), for machines without bandit.
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');

const { values } = parseArgs({ options: { 'files-from': { type: 'string' }, 'bandit-json': { type: 'string' } } });
const files = fs.readFileSync(values['files-from'], 'utf8').split('\n').filter(Boolean);
const workspace = new Workspace({ lint: { select: ['S'] } }, PositionEncoding.Utf16);
const codes = {};
const results = [];
let diagnostics = 0;
for (const file of files) {
  let found;
  try {
    found = workspace.check(fs.readFileSync(file, 'utf8'));
  } catch {
    continue; // Not valid UTF-8 or not parseable by Ruff's own rules: Ruff skips it too.
  }
  diagnostics += found.length;
  for (const d of found) {
    codes[d.code] = (codes[d.code] ?? 0) + 1;
    if (values['bandit-json'] && d.code) {
      results.push({ filename: file, line_number: d.start_location.row, col_offset: d.start_location.column - 1, test_id: `B${d.code.slice(1)}`, test_name: d.code, issue_text: d.message, issue_severity: 'MEDIUM', issue_confidence: 'MEDIUM', code: '' });
    }
  }
}
if (values['bandit-json']) fs.writeFileSync(values['bandit-json'], JSON.stringify({ errors: [], generated_at: '1970-01-01T00:00:00Z', metrics: {}, results }));
process.stdout.write(`${JSON.stringify({ files: files.length, diagnostics, codes })}\n`);
