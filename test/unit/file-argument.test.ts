/**
 * The file-level SPEC §2 argument the panel shows: conditions fail with the doubles' evidence, hold
 * when a genuine-risk rule fires (and then list that finding first), and stay open when a fact is unknown.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { FileEntry } from '../../server/src/protocol/panel-model';
import { fileArgument } from '../../server/src/report/file-argument';
import { toFileEntry } from '../../server/src/report/to-report';
import { loadWorkspace, WORKSPACES, type LoadedWorkspace } from '../helpers/workspace';

describe('fileArgument', () => {
  let ws: LoadedWorkspace;
  const entry = (file: string): FileEntry => toFileEntry(ws.analyze(file));
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'nova_like'));
  });

  it('demo file: B and C fail with evidence; A stays open while a helper transport is unknown', () => {
    const argument = fileArgument(entry('compute/tests/functional/regressions/test_bug_1000001.py'));
    const [a, b, c] = argument.conditions;
    assert.equal(a.status, 'unknown');
    assert.match(a.points.map((p) => p.text).join('\n'), /No request leaves the test process: .*OSAPIFixture \(line 28\)/);
    assert.match(a.points.map((p) => p.text).join('\n'), /Transport unknown .*set_stub_network_methods/);
    assert.equal(b.status, 'fails');
    assert.match(b.points.map((p) => p.text).join('\n'), /The identity is chosen by the test: OSAPIFixture/);
    assert.equal(c.status, 'fails');
    const enforced = c.points.find((p) => p.text.startsWith('Authorization enforced by the real policy'));
    assert.ok(enforced, 'the enforced policy is positive evidence for C');
    assert.ok(enforced.evidence.some((e) => e.path === 'compute/policy.py'), JSON.stringify(enforced.evidence));
    assert.match(argument.conclusion, /^Not shown to be an attack surface: A cannot be decided/);
  });

  it('vacuous authorization test: C holds and its FL206 is listed first', () => {
    const argument = fileArgument(entry('compute/tests/functional/test_policy_vacuous.py'));
    const c = argument.conditions.find((x) => x.id === 'C');
    assert.equal(c?.status, 'holds');
    assert.deepEqual(c?.risks.map((r) => r.code), ['FL206']);
    assert.equal(argument.conditions.find((x) => x.id === 'A')?.status, 'fails');
    assert.match(argument.conclusion, /^Genuine risk: condition C holds \(FL206\)/);
  });

  it('a suppressed risk no longer makes its condition hold', () => {
    const file = entry('compute/tests/functional/test_policy_vacuous.py');
    const suppressed: FileEntry = { ...file, diagnostics: file.diagnostics.map((d) => ({ ...d, suppressed: true })) };
    assert.notEqual(fileArgument(suppressed).conditions.find((x) => x.id === 'C')?.status, 'holds');
  });

  it('not test code: no conditions, and says so', () => {
    const argument = fileArgument(entry('compute/manager.py'));
    assert.deepEqual(argument.conditions, []);
    assert.match(argument.conclusion, /^Not test code/);
  });
});
