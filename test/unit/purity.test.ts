/**
 * Keeps the analysis core pure (STYLE): model/, analysis/, rules/, report/ and settings never
 * import LSP or VS Code modules or handlers, and only parsing/ and analysis/ import web-tree-sitter.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/parsing';

const SERVER_SRC = path.join(REPO_ROOT, 'server', 'src');

function sourcesUnder(folder: string): string[] {
  const dir = path.join(SERVER_SRC, folder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('purity', () => {
  for (const folder of ['model', 'analysis', 'rules', 'report', 'knowledge', 'triage']) {
    it(`${folder}/ imports no LSP, VS Code or handler modules`, () => {
      for (const file of sourcesUnder(folder)) {
        for (const spec of importsOf(file)) {
          assert.ok(!/^vscode/.test(spec) && !spec.includes('handlers'), `${path.relative(REPO_ROOT, file)} imports ${spec}`);
        }
      }
    });
  }

  it('only parsing/ and analysis/ import web-tree-sitter at run time', () => {
    for (const file of sourcesUnder('')) {
      const relative = path.relative(SERVER_SRC, file);
      if (/^(parsing|analysis)\//.test(relative)) continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/^import (?!type)[^;]*from 'web-tree-sitter'/m.test(text), `${relative} imports web-tree-sitter`);
    }
  });
});
