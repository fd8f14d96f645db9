/**
 * The suppress-all edit: one edit per line, ids merged per dialect into one directive, existing
 * directives respected, only not-applicable findings with a dialect, safe rows only, idempotent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectTriageSyntax } from '../../server/src/analysis/triage-syntax';
import type { LineEdit } from '../../server/src/model/types';
import { suppressAllEdits } from '../../server/src/triage/suppress-all';
import type { FindingVerdict, TriageSyntax, Verdict } from '../../server/src/triage/types';
import { getParsing } from '../helpers/parsing';

async function syntaxOf(text: string): Promise<TriageSyntax> {
  const parsing = await getParsing();
  const tree = parsing.parse(text);
  try {
    return collectTriageSyntax(tree, parsing.queries, text);
  } finally {
    tree.delete();
  }
}

let index = 0;
function verdict(tool: string, ruleId: string, line: number, options: { verdict?: Verdict; justification?: string | null } = {}): FindingVerdict {
  return {
    finding: { tool, ruleId, path: 'tests/test_x.py', line, message: '', cwe: [], source: { file: 'findings.json', run: 0, index: index++ } },
    concern: 'hardcoded-credential',
    verdict: options.verdict ?? 'not-applicable',
    points: [{ reason: 'placeholder', evidence: [] }],
    justification: options.justification === undefined ? 'placeholder credential in test code' : options.justification,
  };
}

function apply(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  for (const edit of edits) {
    const line = lines[edit.row];
    lines[edit.row] = line.slice(0, edit.startColumn) + edit.newText + line.slice(edit.endColumn);
  }
  return lines.join('\n');
}

/** Applies the suppress-all edits to `text`, then again to the result. */
async function suppressTwice(text: string, verdicts: readonly FindingVerdict[]): Promise<{ once: string; secondEdits: LineEdit[] }> {
  const once = apply(text, suppressAllEdits(await syntaxOf(text), verdicts));
  return { once, secondEdits: suppressAllEdits(await syntaxOf(once), verdicts) };
}

describe('suppress every not-applicable finding', () => {
  it('merges several findings of one tool on a line into one directive, and is idempotent', async () => {
    const text = 'def test_login():\n    login(password="fake", secret="x")\n';
    const { once, secondEdits } = await suppressTwice(text, [verdict('bandit', 'B105', 2), verdict('bandit', 'B106', 2)]);
    assert.equal(once.split('\n')[1], '    login(password="fake", secret="x")  # nosec B105, B106 # placeholder credential in test code');
    assert.deepEqual(secondEdits, []);
  });

  it('writes one directive per dialect on the same line, each with its ids', async () => {
    const text = 'PASSWORD = "fake"\n';
    const verdicts = [verdict('ruff', 'S105', 1), verdict('bandit', 'B105', 1), verdict('ruff', 'S106', 1)];
    const { once, secondEdits } = await suppressTwice(text, verdicts);
    assert.equal(once.split('\n')[0], 'PASSWORD = "fake"  # noqa: S105, S106 # placeholder credential in test code  # nosec B105 # placeholder credential in test code');
    assert.deepEqual(secondEdits, []);
  });

  it('joins an existing directive, never repeats an id and leaves blanket suppressions alone', async () => {
    const text = ['A = "fake"  # noqa: E501', 'B = "fake"  # nosec B105 # reviewed', 'C = "fake"  # noqa', 'D = "fake"  # keep this note'].join('\n');
    const verdicts = [verdict('ruff', 'S105', 1), verdict('bandit', 'B105', 2), verdict('bandit', 'B106', 2), verdict('ruff', 'S105', 3), verdict('semgrep', 'python.secrets', 4)];
    const edits = suppressAllEdits(await syntaxOf(text), verdicts);
    assert.deepEqual(edits.map((e) => e.row), [0, 1, 3], 'the blanket `# noqa` on line 3 already covers S105');
    assert.deepEqual(apply(text, edits).split('\n'), [
      'A = "fake"  # noqa: E501, S105 # placeholder credential in test code',
      'B = "fake"  # nosec B105, B106 # reviewed',
      'C = "fake"  # noqa',
      'D = "fake"  # keep this note  # nosemgrep: python.secrets # placeholder credential in test code',
    ]);
  });

  it('leaves out findings that apply or are unclear, tools without a dialect, and findings without a justification', async () => {
    const text = 'A = "fake"\nB = "fake"\nC = "fake"\nD = "fake"\n';
    const verdicts = [
      verdict('bandit', 'B105', 1, { verdict: 'applies' }),
      verdict('bandit', 'B105', 2, { verdict: 'unclear' }),
      verdict('codeql', 'py/clear-text-storage', 3),
      verdict('bandit', 'B105', 4, { justification: null }),
    ];
    assert.deepEqual(suppressAllEdits(await syntaxOf(text), verdicts), []);
  });

  it('never writes inside a multi-line string or past the end of the file: a string\'s directive goes after its end, as the quick fix puts it', async () => {
    const text = 'DOC = """\npassword: fake\n"""\nX = 1\n';
    const edits = suppressAllEdits(await syntaxOf(text), [verdict('bandit', 'B105', 2), verdict('ruff', 'S105', 1), verdict('bandit', 'B105', 40), verdict('bandit', 'B105', 4)]);
    assert.deepEqual(edits.map((e) => e.row), [2, 3]);
    assert.equal(apply(text, edits).split('\n')[2], '"""  # nosec B105 # placeholder credential in test code  # noqa: S105 # placeholder credential in test code');
  });

  it('keeps characters outside the Basic Multilingual Plane intact (UTF-16 columns)', async () => {
    const text = 'TOKEN = "😀fake"\n';
    const edits = suppressAllEdits(await syntaxOf(text), [verdict('bandit', 'B105', 1)]);
    assert.equal(edits[0].startColumn, 'TOKEN = "😀fake"'.length);
    assert.equal(apply(text, edits).split('\n')[0], 'TOKEN = "😀fake"  # nosec B105 # placeholder credential in test code');
  });
});
