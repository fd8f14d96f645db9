/**
 * The baseline: fingerprints that survive line moves and re-indentation but not a changed line,
 * identical lines told apart by order, a diff-friendly file, one-line errors, secrets not copied;
 * and `check --baseline FILE [--update-baseline]` end to end.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { applyBaseline, buildBaseline, codeOf, elideStrings, formatBaseline, parseBaseline, type BaselineFile } from '../../server/src/triage/baseline';
import { cli } from '../helpers/cli';
import { analyzeSource } from '../helpers/parsing';

const BIND = 'import socket\n\n\ndef test_bind():\n    sock = socket.socket()\n    sock.bind(("0.0.0.0", 0))\n';

async function fileOf(text: string, relative = 'tests/test_bind.py'): Promise<BaselineFile> {
  return { analysis: await analyzeSource(text, relative), lines: text.split('\n') };
}

function risks(file: BaselineFile): string[] {
  return file.analysis.diagnostics.filter((d) => !d.suppressed && d.severity !== 'hint').map((d) => `${d.ruleId}@${d.span.start.row}`);
}

describe('baseline fingerprints', () => {
  it('reads the code of a line without its comment or indentation; a # in a string is code', () => {
    assert.equal(codeOf('    sock.bind(("0.0.0.0", 0))  # noqa: S104'), 'sock.bind(("0.0.0.0", 0))');
    assert.equal(codeOf("url = 'http://h/#frag'   #  note"), "url = 'http://h/#frag'");
    assert.equal(codeOf('x  =   "a\\"#b"'), 'x = "a\\"#b"');
    assert.equal(elideStrings('KEY = "AKIAABCDEFGHIJKLMNOP" + \'x\''), 'KEY = "…" + \'…\'');
  });

  it('accepts a diagnostic moved to another line or re-indented, and not one whose code changed', async () => {
    const original = await fileOf(BIND);
    assert.deepEqual(risks(original), ['FL204@5']);
    const baseline = buildBaseline([original]);
    assert.equal(baseline.entries.length, 1);

    const moved = await fileOf(`"""Docstring added above."""\n\n${BIND.replace('\n\n\ndef', '\n\n\n# comment\ndef')}`);
    assert.deepEqual(risks(moved), ['FL204@8']);
    const movedMatch = applyBaseline([moved], baseline);
    assert.deepEqual([movedMatch.matched, movedMatch.unmatched], [1, 0]);
    const [marked] = movedMatch.analyses[0].diagnostics.filter((d) => d.ruleId === 'FL204');
    assert.equal(marked.suppressed, true);
    assert.equal(marked.baselined, true);

    const changed = await fileOf(BIND.replace('("0.0.0.0", 0)', '("0.0.0.0", 8080)'));
    const changedMatch = applyBaseline([changed], baseline);
    assert.deepEqual([changedMatch.matched, changedMatch.unmatched], [0, 1]);
    assert.ok(changedMatch.analyses[0].diagnostics.every((d) => !d.baselined));
  });

  it('tells identical lines apart by order: a second copy is new', async () => {
    const one = await fileOf(BIND);
    const two = await fileOf(`${BIND}\n\ndef test_bind_again():\n    sock = socket.socket()\n    sock.bind(("0.0.0.0", 0))\n`);
    assert.equal(risks(two).length, 2);
    const match = applyBaseline([two], buildBaseline([one]));
    assert.deepEqual(match.analyses[0].diagnostics.filter((d) => d.ruleId === 'FL204').map((d) => d.baselined === true), [true, false]);
    assert.equal(buildBaseline([two]).entries.length, 2);
    assert.notEqual(buildBaseline([two]).entries[0].fingerprint, buildBaseline([two]).entries[1].fingerprint);
  });

  it('a fingerprint belongs to its file', async () => {
    const baseline = buildBaseline([await fileOf(BIND, 'tests/test_a.py')]);
    assert.equal(applyBaseline([await fileOf(BIND, 'tests/test_b.py')], baseline).matched, 0);
  });

  it('writes one sorted entry per line, reads it back, and never copies a secret', async () => {
    const secret = 'AWS_KEY = "AKIAZ7VQK3LMNP2XR4TW"\n';
    const files = [await fileOf(BIND, 'tests/test_z.py'), await fileOf(secret, 'tests/test_a.py')];
    const text = formatBaseline(buildBaseline(files));
    const lines = text.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['{', '  "version": 1,', '  "tool": "fixture-lens",']);
    assert.equal(lines.filter((l) => l.includes('"fingerprint"')).length, 2, 'one entry per line');
    assert.ok(lines.findIndex((l) => l.includes('test_a.py')) < lines.findIndex((l) => l.includes('test_z.py')), 'sorted by path');
    assert.ok(!text.includes('AKIAZ7VQK3LMNP2XR4TW'), text);
    assert.match(text, /"code":"AWS_KEY = \\"…\\""/);
    const parsed = parseBaseline(text, 'b.json');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.baseline, buildBaseline(files));
    assert.equal(formatBaseline({ entries: [] }), '{\n  "version": 1,\n  "tool": "fixture-lens",\n  "entries": []\n}\n');
  });

  it('refuses what is not a baseline, in one line naming the file', () => {
    const cases: Array<[string, RegExp]> = [
      ['{', /^b\.json: not valid JSON/],
      ['[]', /^b\.json: not a Fixture Lens baseline/],
      ['{"version": 2, "entries": []}', /^b\.json: baseline version 2 is not supported/],
      ['{"version": 1, "entries": [{"path": "x"}]}', /^b\.json: entry 1 needs string "path", "rule" and "fingerprint"$/],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseBaseline(text, 'b.json');
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.error, expected);
    }
  });
});

describe('check --baseline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-lens-baseline-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'tests'));
  const test = path.join(dir, 'tests', 'test_bind.py');

  it('writes the baseline, then passes until a new risk appears, whatever moves', async () => {
    fs.writeFileSync(test, BIND);
    assert.equal((await cli(['check', 'tests', '--fail-on', 'warning'], dir)).code, 1, 'the risk fails the run without a baseline');

    const written = await cli(['check', 'tests', '--fail-on', 'warning', '--baseline', 'baseline.json', '--update-baseline'], dir);
    assert.equal(written.code, 0, written.err);
    assert.match(written.err, /wrote 1 baseline entry to baseline\.json/);
    const baselineText = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');

    fs.writeFileSync(test, `"""Moved down."""\n\n${BIND}`);
    const moved = await cli(['check', 'tests', '--fail-on', 'warning', '--baseline', 'baseline.json', '--format', 'json'], dir);
    assert.equal(moved.code, 0, moved.err);
    assert.match(moved.err, /baseline baseline\.json: 1 diagnostic\(s\) accepted/);
    const report = JSON.parse(moved.out);
    const fl204 = report.files[0].diagnostics.find((d: { code: string }) => d.code === 'FL204');
    assert.deepEqual([fl204.suppressed, fl204.baselined, fl204.line], [true, true, 8]);
    assert.equal(report.summary.diagnostics.FL204, undefined, 'accepted diagnostics are not counted');

    fs.writeFileSync(test, `${BIND}\n\ndef test_other():\n    srv = socket.socket()\n    srv.bind(("0.0.0.0", 9))\n`);
    const added = await cli(['check', 'tests', '--fail-on', 'warning', '--baseline', 'baseline.json'], dir);
    assert.equal(added.code, 1, 'the new bind is not in the baseline');
    assert.match(added.out, /FL204/);
    assert.equal(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8'), baselineText, 'reading never rewrites the baseline');
  });

  it('stops with a clear message on a missing or malformed baseline and on misuse', async () => {
    fs.writeFileSync(test, BIND);
    const missing = await cli(['check', 'tests', '--baseline', 'nope.json'], dir);
    assert.deepEqual([missing.code, missing.err.trim()], [2, 'fixture-lens: nope.json: no such baseline; create it with --update-baseline']);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"version": 1, "entries": {}}');
    const bad = await cli(['check', 'tests', '--baseline', 'bad.json'], dir);
    assert.deepEqual([bad.code, bad.err.trim()], [2, 'fixture-lens: bad.json: not a Fixture Lens baseline (no "entries" list)']);
    assert.equal((await cli(['check', 'tests', '--update-baseline'], dir)).code, 2);
    assert.match((await cli(['explain', 'tests/test_bind.py', '--baseline', 'bad.json'], dir)).err, /--baseline applies to check only/);
  });
});
