/**
 * Recorded visits of called functions: a replayed visit leaves a derivation exactly as deriving
 * afresh would, whatever the test visited before (already-visited helpers, attributes its own
 * methods set), and the recorder refuses a replay into a sink that answers differently.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FactDeriver, replayVisit, SinkRecorder, type Derivation, type FactClaim } from '../../server/src/analysis/derive-facts';
import { loadWorkspace, py, removeTemp, writeTempWorkspace, type LoadedWorkspace } from '../helpers/workspace';

const FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/policy.py': py('def authorize(context, action):', '    return True'),
  'tests/__init__.py': '',
  'tests/helpers.py': py(
    'import fixtures',
    '',
    '',
    'class Driver:',
    '    def __init__(self):',
    '        self._connect()',
    '        self.session.get("http://192.0.2.10/")',
    '',
    '    def _connect(self):',
    '        fixtures.MonkeyPatch("app.policy.authorize", lambda *a: True).setUp()',
    '',
    '',
    'def make_driver():',
    '    return Driver()',
    '',
    '',
    'def make_two():',
    '    make_driver()',
    '    return Driver()',
  ),
  'tests/test_driver.py': py(
    'import requests',
    'import testtools',
    '',
    'from tests import helpers',
    '',
    '',
    'class DriverTest(testtools.TestCase):',
    '    def make_session(self):',
    '        self.session = requests.Session()',
    '',
    '    def test_plain(self):',
    '        helpers.Driver()',
    '',
    '    def test_after_session(self):',
    '        self.make_session()',
    '        helpers.Driver()',
    '',
    '    def test_helper_first(self):',
    '        helpers.make_driver()',
    '        helpers.Driver()',
    '',
    '    def test_twice(self):',
    '        helpers.make_two()',
    '        helpers.make_driver()',
  ),
  'tests/fx.py': py(
    'import requests',
    '',
    '',
    'class Fx:',
    '    def __init__(self):',
    '        self._init_client()',
    '',
    '    def _init_client(self):',
    '        self.client = requests.Session()',
    '',
    '',
    'def prime(fx):',
    '    fx._init_client()',
  ),
};

describe('recorded visits of called functions', () => {
  let root: string;
  let ws: LoadedWorkspace;
  before(async () => {
    root = writeTempWorkspace(FILES);
    ws = await loadWorkspace(root);
  });
  after(() => removeTemp(root));

  const tests = ['test_plain', 'test_after_session', 'test_helper_first', 'test_twice'];
  const derive = (deriver: FactDeriver, name: string): Derivation => {
    const ref = ws.classRef('tests/test_driver.py', 'DriverTest');
    const fn = ref.cls.methods.find((m) => m.name === name);
    assert.ok(fn);
    return deriver.deriveFunction(ref.module, fn, new Map(), ref);
  };
  const plain = (d: Derivation): unknown => ({ claims: d.claims, patches: d.patches, gaps: d.gaps, attributes: [...d.attributes] });

  for (const order of [tests, [...tests].reverse()]) {
    it(`derives each test as a fresh deriver does (order ${order.join(', ')})`, () => {
      const shared = new FactDeriver({ index: ws.index });
      for (const name of order) assert.deepEqual(plain(derive(shared, name)), plain(derive(new FactDeriver({ index: ws.index }), name)), name);
    });
  }

  it('sets attributes only for the class being derived, whichever derivation recorded the visit', () => {
    const fx = ws.classRef('tests/fx.py', 'Fx');
    const init = fx.cls.methods.find((m) => m.name === '__init__');
    const { module, fn: prime } = ws.functionOf('tests/fx.py', 'prime');
    assert.ok(init);
    const shared = new FactDeriver({ index: ws.index });
    assert.deepEqual([...shared.deriveFunction(fx.module, init, new Map(), fx).attributes.keys()], ['client']);
    const primed = shared.deriveFunction(module, prime, new Map([['fx', fx]]));
    assert.deepEqual(plain(primed), plain(new FactDeriver({ index: ws.index }).deriveFunction(module, prime, new Map([['fx', fx]]))));
    assert.deepEqual([...primed.attributes.keys()], []);
  });

  it('tells apart tests whose own methods set an attribute the called code reads', () => {
    const deriver = new FactDeriver({ index: ws.index });
    const transport = (d: Derivation): string[] => d.claims.filter((c) => c.fact === 'transport').map((c) => `${c.value} ${c.evidence.line}`);
    assert.deepEqual(transport(derive(deriver, 'test_plain')), []);
    assert.notDeepEqual(transport(derive(deriver, 'test_after_session')), []);
    assert.deepEqual(transport(derive(deriver, 'test_plain')), []);
  });
});

describe('SinkRecorder and replayVisit', () => {
  const claim = (value: string): FactClaim => ({ fact: 'authz', value, evidence: { path: 'a.py', line: 1, text: '' }, because: value, kind: null });
  const sink = () => ({ claims: [] as FactClaim[], patches: [], gaps: [] as string[], testData: [], isRoot: () => false, visited: new Set<string>(), attributes: new Map() });

  it('replays additions in order into a sink that answers as the recorded one did', () => {
    const recorded = sink();
    const recorder = new SinkRecorder(recorded);
    assert.equal(recorder.visited.has('fn:a'), false);
    recorder.visited.add('fn:a');
    recorder.claims.push(claim('bypassed'), claim('enforced'));
    recorder.gaps.push('a gap');
    const record = recorder.record();
    const target = sink();
    target.claims.push(claim('unknown'));
    assert.equal(replayVisit(record, target), true);
    assert.deepEqual(target.claims.map((c) => c.value), ['unknown', 'bypassed', 'enforced']);
    assert.deepEqual(target.gaps, ['a gap']);
    assert.ok(target.visited.has('fn:a'));
  });

  it('refuses a sink that has visited what the recording found unvisited', () => {
    const recorder = new SinkRecorder(sink());
    assert.equal(recorder.visited.has('fn:a'), false);
    recorder.claims.push(claim('bypassed'));
    const target = sink();
    target.visited.add('fn:a');
    assert.equal(replayVisit(recorder.record(), target), false);
    assert.deepEqual(target.claims, []);
  });

  it('refuses a sink whose attribute differs from the one the recording read', () => {
    const recorder = new SinkRecorder(sink());
    assert.equal(recorder.attributes.get('session'), undefined);
    const target = sink();
    target.attributes.set('session', { name: 'session', value: { kind: 'name', name: 'x' }, evidence: { path: 'a.py', line: 1, text: '' }, valueClass: null, valueEntry: null });
    assert.equal(replayVisit(recorder.record(), target), false);
  });

  it('notes reads through to the sink below, so recordings nest', () => {
    const outer = new SinkRecorder(sink());
    const inner = new SinkRecorder(outer);
    assert.equal(inner.visited.has('fn:b'), false);
    inner.visited.add('fn:b');
    assert.equal(replayVisit(inner.record(), outer), true);
    const record = outer.record();
    assert.deepEqual([...record.visitedReads], [['fn:b', false]]);
    assert.deepEqual(record.visitedKeys, ['fn:b']);
  });
});
