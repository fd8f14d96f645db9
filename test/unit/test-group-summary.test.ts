/**
 * CodeLens summaries (`summarizeTestGroups`): one per test class and one for the module-level tests,
 * built from the model — known facts stated, unknown ones said to be unknown, and only unsuppressed
 * genuine risks counted.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { AuthorizationScope, TestDouble } from '../../server/src/model/types';
import { summarizeTestGroups, summaryText } from '../../server/src/report/test-group-summary';
import { analyzeSource } from '../helpers/parsing';
import { loadWorkspace, WORKSPACES, type LoadedWorkspace } from '../helpers/workspace';

function lines(groups: ReturnType<typeof summarizeTestGroups>): string[] {
  return groups.map((g) => `${g.line} ${g.kind} ${g.name} (${g.tests}): ${g.text}`);
}

describe('on the nova-like workspace', () => {
  let ws: LoadedWorkspace;
  before(async () => {
    ws = await loadWorkspace(path.join(WORKSPACES, 'nova_like'));
  });

  it('states transport, authentication and policy derived through the fixtures', () => {
    assert.deepEqual(lines(summarizeTestGroups(ws.analyze('compute/tests/functional/regressions/test_bug_1000001.py'))), [
      '8 class TestLiveMigrateAfterStop (1): in-process · auth simulated · policy enforced · no findings',
    ]);
  });

  it('counts the vacuous authorization test as a finding and says the policy is bypassed', () => {
    assert.deepEqual(lines(summarizeTestGroups(ws.analyze('compute/tests/functional/test_policy_vacuous.py'))), [
      '7 class ServerDeletePolicyTest (2): in-process · auth simulated · policy bypassed · 1 finding',
    ]);
  });

  it('says "no doubles" for a class that uses none', () => {
    assert.deepEqual(lines(summarizeTestGroups(ws.analyze('compute/tests/unit/test_conf.py'))), ['7 class MyIpTestCase (2): no doubles · no findings']);
  });
});

describe('groups', () => {
  it('one lens per class with test methods, one for the module-level tests; helpers and nested defs are not tests', async () => {
    const analysis = await analyzeSource(
      [
        'import unittest',
        '',
        'class Base(unittest.TestCase):',
        '    def helper(self):',
        '        pass',
        '',
        'class TestA(Base):',
        '    def test_one(self):',
        '        def test_nested():',
        '            pass',
        '',
        'def helper():',
        '    pass',
        '',
        'def test_two():',
        '    pass',
        '',
        'def test_three():',
        '    pass',
        '',
      ].join('\n'),
    );
    assert.deepEqual(lines(summarizeTestGroups(analysis)), ['7 class TestA (1): no doubles · no findings', '15 module <module> (2): no doubles · no findings']);
  });

  it('production code has no test groups', async () => {
    // unittest would collect `testing_mode` from a test case; in production code nothing is collected.
    const analysis = await analyzeSource('class Config:\n    def testing_mode(self):\n        pass\n', 'app/service.py');
    assert.equal(analysis.test.isTest, false);
    assert.deepEqual(summarizeTestGroups(analysis), []);
  });

  it('counts unsuppressed genuine risks inside the group only: not hints, not suppressed ones, not other groups', async () => {
    const analysis = await analyzeSource(
      [
        'import socket',
        'PASSWORD = "fake"',
        '',
        'def test_bind():',
        '    a = socket.socket()',
        '    a.bind(("0.0.0.0", 0))',
        '    b = socket.socket()',
        '    b.bind(("0.0.0.0", 1))  # fixture-lens: ignore[FL204] the CI runner has no other interface',
        '',
        'class TestOther:',
        '    def test_other(self):',
        '        assert PASSWORD',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      analysis.diagnostics.map((d) => `${d.ruleId}${d.suppressed ? ' suppressed' : ''}`),
      ['FL105', 'FL204', 'FL204 suppressed'],
    );
    // A socket is not a test double: the group has none, and the bind is counted as a finding.
    assert.deepEqual(lines(summarizeTestGroups(analysis)), ['4 module <module> (1): no doubles · 1 finding', '10 class TestOther (1): no doubles · no findings']);
  });

  it('extra findings (imported FL30x) count like the analysis own', async () => {
    const analysis = await analyzeSource('def test_a():\n    pass\n');
    const imported = [{ ruleId: 'FL302', span: { start: { row: 1, column: 4 }, end: { row: 1, column: 8 } }, suppressed: false }];
    assert.deepEqual(lines(summarizeTestGroups(analysis, imported)), ['1 module <module> (1): no doubles · 1 finding']);
  });
});

describe('summary text', () => {
  const double = (facts: Partial<TestDouble['facts']>): TestDouble =>
    ({ name: 'd', qualifiedName: null, form: 'use-fixture', kind: 'fixture', span: { start: { row: 0, column: 0 }, end: { row: 0, column: 1 } }, target: null, scope: 'T.setUp', definedAt: null, evidence: [], unresolved: null, facts: { transport: 'unknown', authn: 'unknown', authz: 'unknown', data: 'unknown', reachableFromProduction: null, ...facts } }) as TestDouble;
  const scope = (test: string, authz: AuthorizationScope['authz']): AuthorizationScope => ({ test, line: 1, authz, steps: [] });

  it('lists transports riskiest first and every authentication value seen', () => {
    const doubles = [double({ transport: 'in-process', authn: 'simulated' }), double({ transport: 'network', authn: 'bypassed' })];
    assert.equal(summaryText({ doubles, authorization: [], findings: 2 }), 'network + in-process · auth bypassed/simulated · 2 findings');
  });

  it('states partial authorization coverage instead of rounding it up', () => {
    const doubles = [double({ transport: 'in-process' })];
    assert.equal(summaryText({ doubles, authorization: [scope('T.a', 'bypassed'), scope('T.b', 'enforced')], findings: 0 }), 'in-process · policy bypassed in 1 of 2 tests · no findings');
    assert.equal(summaryText({ doubles, authorization: [scope('T.a', 'enforced'), scope('T.b', 'unknown')], findings: 0 }), 'in-process · policy enforced in 1 of 2 tests · no findings');
    assert.equal(summaryText({ doubles, authorization: [scope('T.a', 'unknown')], findings: 0 }), 'in-process · no findings');
  });

  it('says "transport unknown" when other facts are known, "facts unknown" when none are', () => {
    assert.equal(summaryText({ doubles: [], authorization: [scope('T.a', 'enforced')], findings: 1 }), 'transport unknown · policy enforced · 1 finding');
    assert.equal(summaryText({ doubles: [double({})], authorization: [], findings: 0 }), 'facts unknown · no findings');
    assert.equal(summaryText({ doubles: [], authorization: [], findings: 0 }), 'no doubles · no findings');
  });
});
