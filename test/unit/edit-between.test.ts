/**
 * `editBetween` finds the one edit between two texts (their common prefix and suffix): checked
 * against a character-by-character search on many random pairs. `fromPreviousToken` tells the same
 * change from the previous line's last character, and reparses through `TreeCache` equal fresh parses.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { editBetween, forReparse, fromPreviousToken, reparseEdit, TreeCache, type TextChange } from '../../server/src/parsing/trees';
import { assertReparseEqualsFreshParse, getParsing } from '../helpers/parsing';

function naive(a: string, b: string): { prefix: number; suffix: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

describe('editBetween', () => {
  it('takes the longest common prefix, then the longest common suffix of the rest', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const textOf = (length: number): string => Array.from({ length }, () => 'ab\n '[random(4)]).join('');
    for (let i = 0; i < 2000; i++) {
      const base = textOf(random(60));
      const at = random(base.length + 1);
      const removed = random(base.length - at + 1);
      const other = base.slice(0, at) + textOf(random(5)) + base.slice(at + removed);
      const { prefix, suffix } = naive(base, other);
      const edit = editBetween(base, other);
      assert.equal(edit.startIndex, prefix, `${JSON.stringify(base)} → ${JSON.stringify(other)}`);
      assert.equal(edit.oldEndIndex, base.length - suffix);
      assert.equal(edit.newEndIndex, other.length - suffix);
    }
  });
});

const apply = (text: string, change: TextChange): string => text.slice(0, change.startIndex) + change.newText + text.slice(change.oldEndIndex);

describe('fromPreviousToken', () => {
  const text = 'class T:\n    def test_a(self):\n        x = 1\n\n        y = 2\n';
  const bodyStart = text.indexOf('x = 1');

  it('starts a change in a line\'s indentation at the last character before the line break', () => {
    const change = { startIndex: bodyStart, oldEndIndex: bodyStart, newText: 'probe = 1\n        ' };
    const widened = fromPreviousToken(text, change);
    assert.equal(widened.startIndex, text.indexOf('):') + 1);
    assert.equal(text[widened.startIndex], ':');
    assert.equal(widened.oldEndIndex, change.oldEndIndex);
    assert.equal(apply(text, widened), apply(text, change));
  });

  it('crosses blank lines back to the last non-blank character', () => {
    const at = text.indexOf('y = 2');
    const widened = fromPreviousToken(text, { startIndex: at, oldEndIndex: at + 1, newText: 'z' });
    assert.equal(widened.startIndex, text.indexOf('1\n'));
    assert.equal(apply(text, widened), text.replace('y = 2', 'z = 2'));
  });

  it('leaves a change inside a line, or with nothing before it, as it is', () => {
    const inLine = { startIndex: text.indexOf('1'), oldEndIndex: text.indexOf('1') + 1, newText: '2' };
    assert.equal(fromPreviousToken(text, inLine), inLine);
    const afterSpaces = { startIndex: text.indexOf('= 1') + 2, oldEndIndex: text.indexOf('= 1') + 2, newText: ' ' };
    assert.equal(fromPreviousToken(text, afterSpaces), afterSpaces);
    const atStart = { startIndex: 0, oldEndIndex: 0, newText: '# c\n' };
    assert.equal(fromPreviousToken(text, atStart), atStart);
    const leadingBlank = { startIndex: 2, oldEndIndex: 2, newText: 'x' };
    assert.equal(fromPreviousToken('\n\nabc', leadingBlank), leadingBlank);
  });

  it('takes both halves of a surrogate pair before the line break', () => {
    const emoji = 's = "\u{1F600}"\u{1F600}\n    x = 1\n';
    const at = emoji.indexOf('x');
    const widened = fromPreviousToken(emoji, { startIndex: at, oldEndIndex: at, newText: 'y = 2\n    ' });
    assert.equal(widened.startIndex, emoji.lastIndexOf('\u{1F600}'));
    assert.equal(emoji.codePointAt(widened.startIndex), 0x1f600);
  });

  it('reparses through TreeCache to the same tree as a fresh parse', async () => {
    const parsing = await getParsing();
    const cache = new TreeCache(parsing);
    let current = 'import os\n\nclass T:\n    def test_a(self):\n        x = 1\n        y = 2\n\n    def test_b(self):\n        pass\n';
    cache.get('u', 1, current);
    let version = 1;
    const rows = current.split('\n').length;
    for (let i = 0; i < 40; i++) {
      const lines = current.split('\n');
      const row = (i * 7) % Math.min(rows, lines.length - 1);
      const lineStart = lines.slice(0, row).reduce((sum, line) => sum + line.length + 1, 0);
      const indent = /^ */.exec(lines[row])![0].length;
      // Insert a statement at the line's first character, remove it again, or type at the line start.
      const change = i % 3 === 0 ? { startIndex: lineStart + indent, oldEndIndex: lineStart + indent, newText: `v${i} = 0\n${' '.repeat(indent)}` }
        : i % 3 === 1 ? { startIndex: lineStart, oldEndIndex: lineStart, newText: '        w = 1\n' }
          : { startIndex: lineStart, oldEndIndex: lineStart + Math.min(1, lines[row].length), newText: '' };
      cache.edit('u', reparseEdit(current, change));
      current = apply(current, change);
      assertReparseEqualsFreshParse(parsing, cache, 'u', ++version, current);
    }
    cache.clear();
  });
});

describe('forReparse', () => {
  const text = 'class T:\n    def test_a(self):\n        x = 1\n        y = 2\n\n    def test_b(self):\n        pass\n';

  it('tells a change on the last line of a block from the previous line\'s first token to one character past it', () => {
    const at = text.indexOf('y = 2') + 'y = 2'.length;
    const change = { startIndex: at, oldEndIndex: at, newText: '3' };
    const widened = forReparse(text, change);
    assert.equal(widened.startIndex, text.indexOf('x = 1'));
    assert.equal(widened.oldEndIndex, at + 1);
    assert.equal(apply(text, widened), apply(text, change));
  });

  it('leaves other changes to fromPreviousToken', () => {
    const inBlock = { startIndex: text.indexOf('1'), oldEndIndex: text.indexOf('1') + 1, newText: '2' };
    assert.deepEqual(forReparse(text, inBlock), fromPreviousToken(text, inBlock));
    const atMargin = { startIndex: text.indexOf('class') + 5, oldEndIndex: text.indexOf('class') + 5, newText: 'x' };
    assert.deepEqual(forReparse(text, atMargin), fromPreviousToken(text, atMargin));
  });

  it('inside a string, a line above one indented less ends no block: the change is left to fromPreviousToken', async () => {
    const xml = 'class T:\n    def test_xml(self):\n        xml = """\n        <a>\n    <b/>\n"""\n        self.assertTrue(xml)\n';
    const at = xml.indexOf('<a>') + '<a>'.length;
    const change = { startIndex: at, oldEndIndex: at, newText: 'x' };
    assert.notDeepEqual(forReparse(xml, change), fromPreviousToken(xml, change), 'by its indentation alone, the line ends a block');
    assert.deepEqual(forReparse(xml, change, true), fromPreviousToken(xml, change));

    const parsing = await getParsing();
    const cache = new TreeCache(parsing);
    cache.get('u', 1, xml);
    assert.equal(cache.isInString('u', at), true);
    assert.equal(cache.isInString('u', xml.indexOf('xml =')), false, 'code');
    assert.equal(cache.isInString('u', xml.indexOf('"""')), false, 'before the opening quote');
    assert.equal(cache.isInString('u', xml.indexOf('self.assertTrue')), false, 'after the closing quote');
    assert.equal(cache.isInString('v', at), false, 'no tree');
    // Typed there through the cache, as the server tells it: the same tree as a fresh parse.
    let current = xml;
    let version = 1;
    let index = at;
    for (const typed of ['\n        ', ...'<c/>', '\n    ', ...'self.x']) {
      const change = { startIndex: index, oldEndIndex: index, newText: typed };
      cache.edit('u', reparseEdit(current, change, cache.isInString('u', index)));
      current = apply(current, change);
      index += typed.length;
      assertReparseEqualsFreshParse(parsing, cache, 'u', ++version, current);
    }
    cache.clear();
  });

  it('typing a statement after a test\'s last line reparses through TreeCache to the same tree as a fresh parse', async () => {
    const parsing = await getParsing();
    const cache = new TreeCache(parsing);
    let current = text;
    cache.get('u', 1, current);
    let version = 1;
    let at = text.indexOf('y = 2') + 'y = 2'.length;
    for (const typed of ['\n        ', ...'self.assertEqual(y, [1, 2])', '\n    ', '\n    def test_c(self):\n        ', ...'pass']) {
      const change = { startIndex: at, oldEndIndex: at, newText: typed };
      cache.edit('u', reparseEdit(current, change));
      current = apply(current, change);
      at += typed.length;
      assertReparseEqualsFreshParse(parsing, cache, 'u', ++version, current);
    }
    cache.clear();
  });
});
