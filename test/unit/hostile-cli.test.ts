/**
 * Hostile input through the CLI (issue #8), each with its exact outcome: a bad --root, control
 * characters from file names and literals, BOMs, lone carriage returns, empty files, binary and
 * misplaced findings and review files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../helpers/cli';
import { removeTemp, writeTempWorkspace } from '../helpers/workspace';

const LOGIN = 'def test_x(client):\n    client.login(password="fake")\n';

describe('hostile input through the CLI', () => {
  let dir: string;
  before(() => {
    dir = writeTempWorkspace({
      'tests/test_login.py': LOGIN,
      'tests/test_bom.py': `\uFEFF${LOGIN}`,
      'tests/test_cr.py': 'import os\rdef test_x(client):\r\r    client.login(password="fake")\r',
      'tests/test_empty.py': '',
      'tests/test_escape.py': 'def test_x(client):\n    requests.get("https://ex\u001b[2J\u009b31mample.com/")\n',
      [`tests/test_\u001b[31mred.py`]: LOGIN,
      'bom.json': '\uFEFF{"results": []}',
      'binary.json': '\u0000\u0001{"results": []}',
      'review.txt': '1. IDOR in `client`\n\u0000\u0000',
    });
    fs.mkdirSync(path.join(dir, 'folder.json'));
  });
  after(() => removeTemp(dir));

  const diagnosticsOf = async (file: string): Promise<unknown> => {
    const result = await cli(['check', file, '--format', 'json'], dir);
    assert.equal(result.code, 0, result.err);
    return JSON.parse(result.out).files[0].diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]);
  };

  it('a --root that is not a directory is refused, naming it, before anything is read', async () => {
    for (const root of ['missing', 'bom.json']) {
      const result = await cli(['check', '--root', root], dir);
      assert.deepEqual(result, { code: 2, out: '', err: `fixture-lens: --root ${root}: not a directory\n` });
    }
  });

  it('control characters from file names and literals are printed escaped, never raw', async () => {
    const text = await cli(['check', 'tests'], dir);
    assert.equal(text.code, 0);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text.out + text.err), 'no raw control character reaches the terminal');
    assert.match(text.out, /^tests\/test_\\u001b\[31mred\.py$/m);
    assert.match(text.out, /reaches ex\\u001b\[2J\\u009b31mample\.com, a real host/i);
    // JSON stays valid and keeps the characters themselves.
    const json = await cli(['check', 'tests/test_escape.py', '--format', 'json'], dir);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(json.out));
    const [diagnostic] = JSON.parse(json.out).files[0].diagnostics;
    assert.match(diagnostic.message, /reaches ex\u001b\[2J\u009b31mample\.com, a real host/i);
  });

  it('a BOM does not shift columns; a lone \\r ends a line; an empty file has nothing to report', async () => {
    assert.deepEqual(await diagnosticsOf('tests/test_login.py'), [['FL105', 2, 27]]);
    assert.deepEqual(await diagnosticsOf('tests/test_bom.py'), [['FL105', 2, 27]]);
    assert.deepEqual(await diagnosticsOf('tests/test_cr.py'), [['FL105', 4, 27]]);
    assert.deepEqual(await diagnosticsOf('tests/test_empty.py'), []);
    const empty = await cli(['check', 'tests/test_empty.py'], dir);
    assert.match(empty.out, /^1 file\(s\) analyzed \(1 test code\): no diagnostics in \d+ ms$/m);
  });

  it('findings: a BOM is accepted; binary data and a folder are refused in one line', async () => {
    assert.equal((await cli(['check', 'tests/test_login.py', '--findings', 'bom.json'], dir)).code, 0);
    const cases: Array<[string[], string]> = [
      [['check', '--findings', 'binary.json'], 'fixture-lens: binary.json: binary file (contains NUL bytes), expected Bandit JSON or SARIF 2.1.0\n'],
      [['check', '--findings', 'folder.json'], 'fixture-lens: folder.json: is a directory\n'],
      [['explain', 'tests/test_login.py', '--review', 'review.txt'], 'fixture-lens: review.txt: not text (binary data), expected a review in plain text or markdown\n'],
      [['explain', 'tests/test_login.py', '--review', 'folder.json'], 'fixture-lens: folder.json: is a directory\n'],
    ];
    for (const [args, err] of cases) assert.deepEqual(await cli(args, dir), { code: 2, out: '', err }, args.join(' '));
  });
});
