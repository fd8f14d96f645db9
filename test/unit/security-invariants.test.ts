/**
 * What SECURITY.md promises about the code itself, checked on the sources: nothing in the server,
 * the CLI or the client can start a process or evaluate code, and the manifest declares untrusted
 * workspaces supported on that basis.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/parsing';

/** Ways to run something other than our own bundled code. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/['"](node:)?child_process['"]/, 'child_process'],
  [/['"](node:)?vm['"]/, 'vm'],
  [/(^|[^\w.])eval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
  [/['"](node:)?repl['"]/, 'repl'],
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Code without comments and string contents of comments, so rule docs may mention `eval(`. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('no source of the server, CLI or client can start a process or evaluate code', () => {
  const files = [...sources(path.join(REPO_ROOT, 'server', 'src')), ...sources(path.join(REPO_ROOT, 'client', 'src'))];
  assert.ok(files.length > 50, `${files.length} sources scanned`);
  const found = files.flatMap((file) => {
    const text = code(fs.readFileSync(file, 'utf8'));
    return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, name]) => `${path.relative(REPO_ROOT, file)}: ${name}`);
  });
  assert.deepEqual(found, []);
});

test('the scan itself catches what it looks for', () => {
  for (const sample of ["import { spawn } from 'node:child_process';", "require('vm')", 'x = eval("1")', 'new Function("return 1")']) {
    assert.ok(FORBIDDEN.some(([pattern]) => pattern.test(code(sample))), sample);
  }
  assert.ok(!FORBIDDEN.some(([pattern]) => pattern.test(code('// eval(t) in a comment\nconst retrieval = 1;'))));
});

test('the manifest declares untrusted workspaces supported and virtual workspaces not', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: false });
  const installScripts = Object.keys(manifest.scripts).filter((name) => /^(pre|post)?install$/.test(name));
  assert.deepEqual(installScripts, [], 'no install-time scripts');
});
