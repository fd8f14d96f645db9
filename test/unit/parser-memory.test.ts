/**
 * The parser runtime's wasm memory, as the benchmarks read it: known once the runtime has started,
 * and never smaller after parsing (wasm memory only grows).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parserMemoryBytes } from '../../server/src/parsing/parser';
import { getParsing } from '../helpers/parsing';

it('reports the wasm memory of the started runtime, growing or level after a large parse', async () => {
  const parsing = await getParsing();
  const before = parserMemoryBytes();
  assert.ok(before > 0 && before % 65536 === 0, `whole wasm pages: ${before}`);
  const tree = parsing.parse('def f():\n    return g(1, "two", three)\n'.repeat(20_000));
  tree.delete();
  assert.ok(parserMemoryBytes() >= before);
});
