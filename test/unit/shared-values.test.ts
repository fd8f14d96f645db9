/**
 * Hash-consing of argument values for module summaries: equal values become one object, unequal
 * ones stay apart, inputs are never mutated, and a summary built with it equals one built without.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueSharing } from '../../server/src/analysis/shared-values';
import { summarizeModule } from '../../server/src/analysis/summarize-module';
import type { ArgumentValue } from '../../server/src/model/syntax';
import { getParsing } from '../helpers/parsing';

const patchCall = (): ArgumentValue => ({
  kind: 'call',
  callee: 'mock.patch',
  arguments: [
    { keyword: null, value: { kind: 'string', value: 'nova.compute.api.API.get' } },
    { keyword: 'return_value', value: { kind: 'tuple', items: [{ kind: 'name', name: 'None' }, { kind: 'number', value: 1 }] } },
  ],
});

describe('ValueSharing', () => {
  it('returns one object for structurally equal values, equal to the input', () => {
    const sharing = new ValueSharing();
    const first = sharing.value(patchCall());
    const second = sharing.value(patchCall());
    assert.equal(first, second);
    assert.deepEqual(first, patchCall());
  });

  it('shares equal sub-values and argument lists across different parents', () => {
    const sharing = new ValueSharing();
    const none: ArgumentValue = { kind: 'name', name: 'None' };
    const tuple = sharing.value({ kind: 'tuple', items: [none, { kind: 'name', name: 'True' }] });
    const call = sharing.value({ kind: 'call', callee: 'f', arguments: [{ keyword: 'x', value: none }] });
    assert.ok(tuple.kind === 'tuple' && call.kind === 'call');
    assert.equal(tuple.items[0], call.arguments[0].value);
    assert.equal(sharing.arguments([]), sharing.arguments([]));
    assert.equal(sharing.arguments([{ keyword: null, value: none }]), sharing.arguments([{ keyword: null, value: { kind: 'name', name: 'None' } }]));
  });

  it('keeps apart values that differ in kind, keyword, order or sign', () => {
    const sharing = new ValueSharing();
    const distinct: ArgumentValue[] = [
      { kind: 'name', name: 'x' },
      { kind: 'string', value: 'x' },
      { kind: 'other', text: 'x' },
      { kind: 'lambda', text: 'x' },
      { kind: 'number', value: 0 },
      { kind: 'number', value: -0 },
      { kind: 'tuple', items: [{ kind: 'name', name: 'a' }, { kind: 'name', name: 'b' }] },
      { kind: 'tuple', items: [{ kind: 'name', name: 'b' }, { kind: 'name', name: 'a' }] },
      { kind: 'call', callee: 'f', arguments: [{ keyword: null, value: { kind: 'name', name: 'a' } }] },
      { kind: 'call', callee: 'f', arguments: [{ keyword: 'a', value: { kind: 'name', name: 'a' } }] },
      { kind: 'call', callee: 'g', arguments: [{ keyword: null, value: { kind: 'name', name: 'a' } }] },
    ];
    const shared = distinct.map((value) => sharing.value(value));
    assert.equal(new Set(shared).size, distinct.length);
    shared.forEach((value, i) => assert.deepEqual(value, distinct[i]));
  });

  it('never mutates or returns its input', () => {
    const sharing = new ValueSharing();
    const input = patchCall();
    const args = input.kind === 'call' ? input.arguments : [];
    const copy = structuredClone(input);
    const result = sharing.value(input);
    assert.notEqual(result, input);
    assert.notEqual(sharing.arguments(args), args);
    assert.deepEqual(input, copy);
  });

  it('makes a summary whose repeated values are one object', async () => {
    const parsing = await getParsing();
    const text = ['def setUp(self):', "    mock.patch('a.b', return_value=None).start()", "    mock.patch('a.b', return_value=None).start()", '    x = None', ''].join('\n');
    const tree = parsing.parse(text);
    try {
      const summary = summarizeModule({ tree, queries: parsing.queries, text, modulePath: 'm', path: 'm.py', isPackage: false, testGlobs: [] });
      const patches = summary.functions[0].calls.filter((c) => c.callee === 'mock.patch');
      assert.equal(patches.length, 2);
      assert.equal(patches[0].arguments, patches[1].arguments);
      assert.deepEqual(patches[0].arguments, [
        { keyword: null, value: { kind: 'string', value: 'a.b' } },
        { keyword: 'return_value', value: { kind: 'name', name: 'None' } },
      ]);
      assert.equal(summary.functions[0].assignments[0].value, patches[0].arguments[1].value);
    } finally {
      tree.delete();
    }
  });
});
