/**
 * Runs every file of the rule corpus (`test/fixtures/python/rules/`) and checks that the
 * diagnostics equal the caret expectations exactly: a file without carets must produce nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCaretExpectations } from '../helpers/carets';
import { analyzeSource, FIXTURES } from '../helpers/parsing';

const CORPUS = path.join(FIXTURES, 'python', 'rules');

describe('rule corpus', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort();
  it('has positive and negative files', () => {
    assert.ok(files.length >= 5);
  });
  for (const file of files) {
    it(file, async () => {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      // Analysed as a file at the corpus root: its own name decides whether path globs match.
      const analysis = await analyzeSource(text, file);
      const actual = analysis.diagnostics
        .filter((d) => !d.suppressed)
        .map((d) => `${d.ruleId} ${d.span.start.row + 1}:${d.span.start.column}-${d.span.end.row + 1}:${d.span.end.column}`);
      const expected = parseCaretExpectations(text)
        .filter((e) => !e.suppressed)
        .map((e) => `${e.ruleId} ${e.row + 1}:${e.startColumn}-${e.row + 1}:${e.endColumn}`);
      assert.deepEqual(actual.sort(), expected.sort());
    });
  }
});
