/** Lookups rules share (`rules/local-values.ts`) that must hold whatever order the syntax lists come in. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallSite } from '../../server/src/model/syntax';
import type { RuleContext } from '../../server/src/rules/rule';
import { callsWithin } from '../../server/src/rules/local-values';

function call(callee: string, start: [number, number], end: [number, number]): CallSite {
  const span = { start: { row: start[0], column: start[1] }, end: { row: end[0], column: end[1] } };
  return { callee, qualifiedCallee: callee, arguments: [], span, calleeSpan: span };
}

const within = (calls: CallSite[], from: [number, number], to: [number, number]): string[] =>
  callsWithin({ calls } as unknown as RuleContext, { start: { row: from[0], column: from[1] }, end: { row: to[0], column: to[1] } }).map((c) => c.callee);

describe('callsWithin', () => {
  // pickle.loads(urlopen(url).read()) on row 3; json.loads(fetch()) on row 7.
  const inOrder = [
    call('setup', [1, 4], [1, 11]),
    call('pickle.loads', [3, 8], [3, 40]),
    call('urlopen(url).read', [3, 21], [3, 39]),
    call('urlopen', [3, 21], [3, 33]),
    call('json.loads', [7, 8], [7, 26]),
    call('fetch', [7, 19], [7, 26]),
  ];

  it('finds the calls inside a span, in the order of the list', () => {
    assert.deepEqual(within(inOrder, [3, 8], [3, 40]), ['pickle.loads', 'urlopen(url).read', 'urlopen']);
    assert.deepEqual(within(inOrder, [3, 21], [3, 39]), ['urlopen(url).read', 'urlopen']);
    assert.deepEqual(within(inOrder, [7, 19], [7, 26]), ['fetch']);
    assert.deepEqual(within(inOrder, [5, 0], [6, 0]), []);
  });

  it('gives the same answer when the list is not in order of start, still in the order of the list', () => {
    const shuffled = [inOrder[4], inOrder[2], inOrder[0], inOrder[5], inOrder[3], inOrder[1]];
    assert.deepEqual(within(shuffled, [3, 8], [3, 40]), ['urlopen(url).read', 'urlopen', 'pickle.loads']);
    assert.deepEqual(within(shuffled, [7, 8], [7, 26]), ['json.loads', 'fetch']);
    assert.deepEqual(within(shuffled, [0, 0], [9, 0]), shuffled.map((c) => c.callee));
  });
});
