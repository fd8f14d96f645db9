/** Output pieces of triage: the Semgrep suppression dialect, the GitHub summary, and reply escaping. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSuppressionFix } from '../../server/src/analysis/suppression-fixes';
import type { Fix } from '../../server/src/model/types';
import { formatReply } from '../../server/src/triage/markdown-reply';
import { githubSummary } from '../../server/src/triage/sarif-out';
import type { ClaimVerdict, FindingVerdict } from '../../server/src/triage/types';

function apply(line: string, fix: Fix | null): string {
  assert.ok(fix, 'expected a fix');
  return line.slice(0, fix.edit.startColumn) + fix.edit.newText + line.slice(fix.edit.endColumn);
}

function semgrep(lineText: string, ruleId: string) {
  const hash = lineText.indexOf('#');
  return buildSuppressionFix({
    dialect: 'semgrep',
    ruleId,
    justification: 'eval of a test literal',
    row: 0,
    lineText,
    comment: hash >= 0 ? { row: 0, column: hash, text: lineText.slice(hash) } : null,
  });
}

const EVAL = 'python.lang.security.audit.eval-detected.eval-detected';

describe('triage: Semgrep suppressions', () => {
  it('writes `# nosemgrep: <rule-id> # <reason>` and merges into an existing list, keeping the ids as written', () => {
    assert.equal(apply('x = eval(LOOKUP)', semgrep('x = eval(LOOKUP)', EVAL)), `x = eval(LOOKUP)  # nosemgrep: ${EVAL} # eval of a test literal`);
    const existing = 'x = eval(LOOKUP)  # nosemgrep: python.lang.Other.rule # old reason';
    assert.equal(apply(existing, semgrep(existing, EVAL)), `x = eval(LOOKUP)  # nosemgrep: python.lang.Other.rule, ${EVAL} # old reason`);
  });

  it('is idempotent, and a bare `# nosemgrep` already ignores every rule', () => {
    assert.equal(semgrep(`x = 1  # nosemgrep: ${EVAL} # reason`, EVAL), null);
    assert.equal(semgrep('x = 1  # nosemgrep', EVAL), null);
  });
});

function findingVerdict(overrides: Partial<FindingVerdict> & { ruleId: string; reason: string }): FindingVerdict {
  return {
    finding: { tool: 'bandit', ruleId: overrides.ruleId, path: 'tests/test_a.py', line: 3, message: 'm', cwe: [], source: { file: 'b.json', run: 0, index: 0 } },
    concern: 'assert',
    verdict: overrides.verdict ?? 'not-applicable',
    points: [{ reason: overrides.reason, evidence: [] }],
    justification: overrides.justification ?? 'assert | in test code',
  };
}

describe('triage: summaries and replies', () => {
  it('the GitHub summary escapes table cells', () => {
    const verdicts = [findingVerdict({ ruleId: 'B101', reason: 'r' }), findingVerdict({ ruleId: 'B602', reason: 'shell | pipe', verdict: 'unclear', justification: null })];
    const summary = githubSummary(verdicts, [verdicts[0]]);
    assert.match(summary, /\| Bandit B101 \| `tests\/test_a\.py:3` \| assert \\\| in test code \|/);
    assert.match(summary, /\| Bandit B602 \| `tests\/test_a\.py:3` \| shell \\\| pipe \|/);
    assert.match(summary, /2 finding\(s\): 1 not applicable \(1 left out of the upload\), 0 apply, 1 unclear\./);
  });

  it('review text cannot open HTML in the reply, and evidence with backticks stays one code span', () => {
    const claim: ClaimVerdict = {
      claim: { index: 1, title: '<script>alert(1)</script> in `x`', text: '', category: 'other', categories: [], targets: [], reviewLine: 1 },
      located: [],
      unlocated: [],
      verdict: 'unclear',
      points: [{ reason: 'A <b>reason</b>', evidence: [{ path: 'tests/t.py', line: 2, text: 'x = `y`' }] }],
    };
    const reply = formatReply({ path: 'tests/t.py', claims: [claim], findings: [], risks: [], doubles: [], tool: { name: 'Fixture Lens', version: '0' } });
    assert.ok(!reply.includes('<script>') && !reply.includes('<b>'));
    assert.match(reply, /### 1\. &lt;script&gt;alert\(1\)&lt;\/script&gt; in `x` — unclear/);
    assert.match(reply, /- `tests\/t\.py:2` — `` x = `y` ``/);
  });
});
