/**
 * Queries run together in one walk answer each query as running it alone would (same matches, same
 * order), once, and only for the root node object they ran on; the module summary files statements under the
 * function that runs them from the scopes that walk finds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Query } from 'web-tree-sitter';
import { matchTogether, queryMatches, type CaptureMap } from '../../server/src/analysis/matches';
import { summarizeModule } from '../../server/src/analysis/summarize-module';
import { QUERY_GROUPS, QUERY_NAMES, queryGroup } from '../../server/src/parsing/queries';
import { getParsing } from '../helpers/parsing';
import { py } from '../helpers/workspace';

const SOURCE = py(
  'import os',
  'from . import helpers as h',
  '',
  '@pytest.fixture',
  'def client(tmp_path):',
  '    value = make()',
  '    yield value',
  '    return lambda: cleanup(x=1)',
  '',
  '',
  'class TestThing(TestCase):',
  '    token = "a" "b"',
  '',
  '    def setUp(self):',
  '        self.useFixture(Fixture(self))',
  '        with open(f"{os.sep}x") as handle, patch("a.b") as p:',
  '            data = handle.read()',
  '',
  '    def test_it(self, monkeypatch):',
  '        monkeypatch.setattr("a.b", lambda *a: True)',
  '        def inner():',
  '            class Local:',
  '                attr = compute()',
  '            return run()',
  '        # a comment',
  '        assert inner() == "secret"',
);

const describeMatches = (matches: readonly CaptureMap[]): string[] =>
  matches.map((m) => [...m].map(([name, node]) => `${name}@${node.startIndex}-${node.endIndex}:${node.type}`).join(' '));

describe('queries run together', () => {
  for (const group of Object.keys(QUERY_GROUPS) as Array<keyof typeof QUERY_GROUPS>) {
    it(`answers each query of the ${group} group as running it alone`, async () => {
      const parsing = await getParsing();
      const tree = parsing.parse(SOURCE);
      const root = tree.rootNode;
      matchTogether(root, queryGroup(parsing.queries, group));
      for (const name of QUERY_GROUPS[group]) {
        const alone = (parsing.queries[name] as Query).matches(tree.rootNode).map((m) => new Map(m.captures.map((c) => [c.name, c.node] as const)));
        assert.deepEqual(describeMatches(queryMatches(parsing.queries[name], root)), describeMatches(alone), name);
        // Handed out once; asked again, the query runs alone with the same answer.
        assert.deepEqual(describeMatches(queryMatches(parsing.queries[name], root)), describeMatches(alone), `${name} again`);
      }
      tree.delete();
    });
  }

  it('serves only the root node object it ran on, and every query file belongs to the file group', async () => {
    const parsing = await getParsing();
    assert.deepEqual([...QUERY_GROUPS.file].sort(), [...QUERY_NAMES].sort());
    const first = parsing.parse(SOURCE);
    const second = parsing.parse(SOURCE.replace('import os', 'import sys'));
    const root: Node = first.rootNode;
    matchTogether(root, queryGroup(parsing.queries, 'file'));
    const imports = (node: Node): string[] => queryMatches(parsing.queries.imports, node).map((m) => m.get('import.module')?.text ?? '');
    assert.deepEqual(imports(second.rootNode).slice(0, 1), ['sys']);
    assert.deepEqual(imports(root).slice(0, 1), ['os']);
    first.delete();
    second.delete();
  });
});

describe('module summary bodies', () => {
  it('files calls, assignments, returns and yields under the function that runs them', async () => {
    const parsing = await getParsing();
    const tree = parsing.parse(SOURCE);
    const summary = summarizeModule({ tree, queries: parsing.queries, text: SOURCE, modulePath: 'tests.test_thing', path: 'tests/test_thing.py', isPackage: false, testGlobs: ['tests/**'] });
    tree.delete();
    const client = summary.functions.find((f) => f.name === 'client');
    assert.ok(client);
    // The lambda's call runs later, not in the fixture; `make()` is bound to `value`.
    assert.deepEqual(client.calls.map((c) => [c.callee, c.assignedTo]), [['make', 'value']]);
    assert.equal(client.yields.length > 0, true);
    assert.equal(client.fixture?.isYieldFixture, true);
    const cls = summary.classes.find((c) => c.name === 'TestThing');
    const setUp = cls?.methods.find((m) => m.name === 'setUp');
    assert.deepEqual(setUp?.calls.map((c) => [c.callee, c.assignedTo]), [['self.useFixture', null], ['Fixture', null], ['open', 'handle'], ['patch', 'p'], ['handle.read', 'data']]);
    const test = cls?.methods.find((m) => m.name === 'test_it');
    // `inner` and `Local` are nested: their calls are not the test's own (a nested def is not a summary function).
    assert.deepEqual(test?.calls.map((c) => c.callee), ['monkeypatch.setattr', 'inner']);
    assert.deepEqual(cls?.attributes.map((a) => a.target), ['token']);
  });
});
