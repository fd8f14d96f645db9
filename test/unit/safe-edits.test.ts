/**
 * Safe edits as a property of the suppression builder itself, for all four dialects (the server
 * offers Semgrep fixes only for imported findings): on lines of the fixture corpus where a comment can
 * go, with and without a comment already there, the edit keeps every code token and applying it
 * again is refused.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { buildSuppressionFix, type SuppressionDialect } from '../../server/src/analysis/suppression-fixes';
import type { Comment } from '../../server/src/model/syntax';
import type { Fix } from '../../server/src/model/types';
import { codeTokens, countErrors } from '../helpers/code-tokens';
import { createRandom } from '../helpers/fuzz';
import { FIXTURES, getParsing } from '../helpers/parsing';

const RULES: ReadonlyArray<[SuppressionDialect, string]> = [
  ['fixture-lens', 'FL105'],
  ['bandit', 'B106'],
  ['ruff', 'S106'],
  ['semgrep', 'python.lang.security.audit.eval-detected'],
];

const EXISTING_COMMENTS = [
  '  # noqa: E501',
  '  # noqa:S105,E501',
  '  # noqa',
  '  # nosec B101',
  '  # NOSEC b106',
  '  # nosemgrep: python.lang.security.audit.eval-detected',
  '  # nosemgrep: other.rule # reason',
  '  # fixture-lens: ignore[FL999] another rule',
  '  # type: ignore  # noqa: S106',
  '  #',
];

test('suppressions of every dialect keep the code and are never applied twice', async () => {
  const parsing = await getParsing();
  const random = createRandom(20260808);
  const analyse = (text: string): { tokens: string; errors: number; comments: Comment[] } => {
    const tree = parsing.parse(text);
    try {
      return { tokens: codeTokens(tree.rootNode).join('\n'), errors: countErrors(tree.rootNode), comments: comments(tree.rootNode) };
    } finally {
      tree.delete();
    }
  };
  const files = fs.readdirSync(path.join(FIXTURES, 'python', 'rules')).map((name) => path.join(FIXTURES, 'python', 'rules', name));
  files.push(path.join(FIXTURES, 'lsp', 'tests', 'test_unicode.py'), path.join(FIXTURES, 'workspaces', 'fastapi_app', 'tests', 'test_items.py'));
  const counts = new Map<string, number>();
  for (const file of files) {
    const original = fs.readFileSync(file, 'utf8');
    const reference = analyse(original);
    const lines = original.split('\n');
    for (let row = 0; row < lines.length; row++) {
      if (!lines[row].trim() || !random.chance(0.15)) continue;
      // With the line as it is, then with one more comment appended where that keeps the code.
      const decorated = lines[row].includes('#') ? lines[row] : lines[row] + random.pick(EXISTING_COMMENTS);
      for (const lineText of new Set([lines[row], decorated])) {
        const text = withLine(lines, row, lineText);
        const before = analyse(text);
        // Only rows where a comment can go (the analysis offers no fix elsewhere): not inside a string.
        if (before.tokens !== reference.tokens || analyse(withLine(lines, row, `${lineText}  # probe`)).tokens !== reference.tokens) continue;
        for (const [dialect, ruleId] of RULES) {
          const where = `${path.basename(file)}:${row + 1} ${JSON.stringify(lineText)} ${dialect}`;
          const request = { dialect, ruleId, justification: 'fake data # in a test\nonly', row, lineText, comment: before.comments.find((c) => c.row === row) ?? null };
          const fix = buildSuppressionFix(request);
          if (!fix) continue;
          const fixedLine = applyFix(lineText, fix);
          const after = analyse(withLine(lines, row, fixedLine));
          assert.equal(after.tokens, before.tokens, `${where}: only comments change`);
          assert.equal(after.errors, before.errors, `${where}: no new syntax errors`);
          assert.equal(fixedLine.split('\n').length, 1, `${where}: stays one line`);
          const again = buildSuppressionFix({ ...request, lineText: fixedLine, comment: after.comments.find((c) => c.row === row) ?? null });
          assert.equal(again, null, `${where}: a second application is refused (after: ${JSON.stringify(fixedLine)})`);
          counts.set(dialect, (counts.get(dialect) ?? 0) + 1);
        }
      }
    }
  }
  for (const [dialect] of RULES) assert.ok((counts.get(dialect) ?? 0) >= 150, `${dialect}: ${counts.get(dialect) ?? 0} fixes checked`);
});

function withLine(lines: readonly string[], row: number, lineText: string): string {
  return [...lines.slice(0, row), lineText, ...lines.slice(row + 1)].join('\n');
}

function applyFix(lineText: string, fix: Fix): string {
  const { startColumn, endColumn, newText } = fix.edit;
  return lineText.slice(0, startColumn) + newText + lineText.slice(endColumn);
}


function comments(node: Node): Comment[] {
  if (node.type === 'comment') return [{ row: node.startPosition.row, column: node.startPosition.column, text: node.text }];
  return node.children.flatMap((child) => (child ? comments(child) : []));
}
