/** `stringValue` reads a literal's value whether it comes off the text (no interpolation possible) or off its parts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAssignments } from '../../server/src/analysis/assignments';
import { callArguments, stringValue } from '../../server/src/analysis/nodes';
import { getParsing } from '../helpers/parsing';

async function valuesOf(source: string): Promise<Array<string | null>> {
  const parsing = await getParsing();
  const tree = parsing.parse(source);
  try {
    return parsing.queries['string-literals'].matches(tree.rootNode).map((m) => stringValue(m.captures[0].node));
  } finally {
    tree.delete();
  }
}

describe('stringValue', () => {
  it('reads plain, prefixed and triple-quoted literals between their quotes', async () => {
    assert.deepEqual(await valuesOf(`a = 'x'\nb = ""\nc = r"\\d+"\nd = b'\\x00'\ne = """l1\nl2 "q" """\nf = '''it's'''\ng = u"\\n"\nh = Rb"\\w"\n`), ['x', '', '\\d+', '\\x00', 'l1\nl2 "q" ', "it's", '\\n', '\\w']);
  });

  it('reads f-strings off their parts: null when they interpolate, the text when they do not', async () => {
    assert.deepEqual(await valuesOf(`a = f"x{y}"\nb = F'plain'\nc = rf"{z}"\n`), [null, 'plain', null]);
  });

  it('joins implicit concatenations, null when a part interpolates', async () => {
    const values = await valuesOf(`a = ('x' "y")\nb = ('x' f"{y}")\n`);
    assert.equal(values[0], 'xy');
    assert.equal(values.find((v, i) => i > 0 && v === null), null);
  });

  it('reads an unterminated literal off its parts, as before', async () => {
    const values = await valuesOf(`a = 'abc\nb = 1\n`);
    assert.ok(values.every((v) => v === null || !v.includes('\n')));
  });
});

describe('callArguments', () => {
  it('answers a list read before as reading it afresh would, at any depth, up to the nesting limit and past it', async () => {
    const parsing = await getParsing();
    const nested = (levels: number): string => (levels === 0 ? 'x' : `f(${nested(levels - 1)}, k=[(${levels}, g(${levels}))])`);
    const source = [`y = ${nested(36)}`, `z = g(h(a, [b, (c, d(e))]), i=j())`, `w = ${nested(30)}`, ''].join('\n');
    const tree = parsing.parse(source);
    try {
      const matches = parsing.queries.calls.matches(tree.rootNode);
      // Every call read in document order (outer lists first, as the extractors do), then each compared
      // with a reading of the same call in a fresh tree, where nothing was read before.
      const together = matches.map((m) => callArguments(m.captures.find((c) => c.name === 'call.args')!.node));
      const assigned = collectAssignments(tree.rootNode, parsing.queries).map((a) => a.value);
      for (let i = 0; i < matches.length; i++) {
        const fresh = parsing.parse(source);
        try {
          const alone = parsing.queries.calls.matches(fresh.rootNode)[i];
          assert.deepEqual(together[i], callArguments(alone.captures.find((c) => c.name === 'call.args')!.node), `call ${i}`);
        } finally {
          fresh.delete();
        }
      }
      const fresh = parsing.parse(source);
      try {
        assert.deepEqual(assigned, collectAssignments(fresh.rootNode, parsing.queries).map((a) => a.value));
      } finally {
        fresh.delete();
      }
    } finally {
      tree.delete();
    }
  });
});
