/**
 * FL201, FL203, FL207 and FL208 on whole workspaces: the fixture workspaces' `EXPECTED.md` cases
 * (exact codes and ranges, 1-based lines, 0-based columns), the fixes and redaction FL201 offers, and
 * interceptors that only a workspace shows (an autouse fixture in a covering `conftest.py`).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Finding } from '../../server/src/model/types';
import { loadWorkspace, py, removeTemp, writeTempWorkspace, WORKSPACES, type LoadedWorkspace } from '../helpers/workspace';

const RULE_IDS = new Set(['FL201', 'FL203', 'FL207', 'FL208']);

function format(file: string, d: Finding): string {
  return `${file}:${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column} ${d.ruleId}`;
}

function allFindings(ws: LoadedWorkspace): string[] {
  const files = ws.index.workspaceEntries.filter((e) => e.rootKind === 'workspace').map((e) => e.path);
  return files.flatMap((file) => ws.analyze(file).diagnostics.filter((d) => RULE_IDS.has(d.ruleId)).map((d) => format(file, d))).sort();
}

describe('fixture workspaces: FL201, FL203, FL207, FL208', () => {
  const expected: Record<string, string[]> = {
    // :14 a ghp_ token, :16-:22 an RSA private key block; the 'testing' moto credentials are placeholders.
    fastapi_app: ['tests/test_items.py:14:15-14:57 FL201', 'tests/test_items.py:16:19-22:32 FL201'],
    // :37 verify=False toward a real host; :32 is the same call under @responses.activate; tmp_path at :20-:22.
    pytest_app: ['tests/payments/test_charges.py:37:67-37:79 FL203'],
    // Example AWS keys, hex and base64 of text, verify=False toward localhost and on a mock.
    lookalikes: [],
    // PROJECT_ID is the hex of "compute for all!".
    nova_like: [],
    django_app: [],
  };
  for (const [name, findings] of Object.entries(expected)) {
    it(`${name} reports exactly these`, async () => {
      const ws = await loadWorkspace(path.join(WORKSPACES, name));
      assert.deepEqual(allFindings(ws), findings);
    });
  }
});

describe('FL201 findings', () => {
  let ws: LoadedWorkspace;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'fastapi_app'));
  });

  function fl201At(line: number): Finding {
    const found = ws.analyze('tests/test_items.py').diagnostics.filter((d) => d.ruleId === 'FL201' && d.span.start.row + 1 === line);
    assert.equal(found.length, 1);
    return found[0];
  }

  it('never repeats the secret: messages and evidence are redacted', () => {
    const token = fl201At(14);
    assert.match(token.message, /^GitHub token "ghp_3RzU…" in test code looks real \(36 random-looking characters, no placeholder marker\)/);
    assert.deepEqual(token.evidence.map((e) => `${e.line} ${e.text}`), ["14 GITHUB_TOKEN = 'ghp_3RzU…"]);
    const key = fl201At(16);
    assert.match(key.message, /^Private key block "-----BEGIN RSA PRIVATE KEY-----" in test code looks real \(320 characters of key material\): a private key is trusted wherever its public half was installed/);
    for (const finding of [token, key]) {
      assert.doesNotMatch(JSON.stringify(finding), /3RzU6tGMe9CgJyjCF06Fq9d3JhZYVLlEvtgq|MIIEowIBAAKCAQEA/);
    }
  });

  it('offers Bandit/Ruff suppressions only where they flag the same line (a password-like name)', () => {
    const dialects = (f: Finding): string[] => f.fixes.map((fix) => fix.edit.newText.trim());
    // GITHUB_TOKEN ends in _TOKEN: Bandit B105 and Ruff S105 flag it too.
    assert.deepEqual(dialects(fl201At(14)), ['# fixture-lens: ignore[FL201] <why this is safe>', '# nosec B105 # <why this is safe>', '# noqa: S105 # <why this is safe>']);
    // TEST_SIGNING_KEY is no password-like name; the comment goes after the closing quotes (:22).
    const key = fl201At(16);
    assert.deepEqual(dialects(key), ['# fixture-lens: ignore[FL201] <why this is safe>']);
    assert.equal(key.fixes[0].edit.row + 1, 22);
  });
});

describe('FL203 and FL208 honour interceptors the workspace shows', () => {
  const files: Record<string, string> = {
    'tests/__init__.py': '',
    'tests/api/__init__.py': '',
    'tests/api/conftest.py': py('import pytest', 'import responses', '', '@pytest.fixture(autouse=True)', 'def no_egress():', '    with responses.RequestsMock() as rsps:', '        yield rsps'),
    'tests/api/test_status.py': py(
      'import pickle',
      '',
      'import requests',
      '',
      '',
      'def test_status():',
      "    assert requests.get('https://status.partner-bank.com/health', verify=False).ok",
      "    assert pickle.loads(requests.get('https://cache.partner-bank.com/m.pkl').content)",
    ),
    'tests/cli/__init__.py': '',
  };
  files['tests/cli/test_status.py'] = files['tests/api/test_status.py'];

  it('an autouse responses fixture in the covering conftest.py keeps both quiet; the sibling folder it does not cover is reported', async () => {
    const root = writeTempWorkspace(files);
    try {
      const ws = await loadWorkspace(root);
      const ours = (file: string): string[] => ws.analyze(file).diagnostics.filter((d) => RULE_IDS.has(d.ruleId)).map((d) => format(file, d));
      assert.deepEqual(ours('tests/api/test_status.py'), []);
      assert.deepEqual(ours('tests/cli/test_status.py'), ['tests/cli/test_status.py:7:66-7:78 FL203', 'tests/cli/test_status.py:8:11-8:23 FL208']);
    } finally {
      removeTemp(root);
    }
  });
});
