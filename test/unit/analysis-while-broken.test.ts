/**
 * While a file does not parse, the editor shows its last parsed analysis moved past the edits
 * (`analysis-while-broken.ts`): what lay on the edited rows is left out, the rest keeps its place in
 * the text, and every position stays inside the new text.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analysisWhileBroken, endsLineAfterDot, isEditedStatementBroken, rowShiftOf } from '../../server/src/analysis/analysis-while-broken';
import type { FileAnalysis, Span } from '../../server/src/model/types';
import { editBetween } from '../../server/src/parsing/trees';
import { analyzeSource, getParsing } from '../helpers/parsing';
import { py } from '../helpers/workspace';

const SOURCE = py(
  'import socket',
  'from unittest import mock',
  '',
  '',
  '@mock.patch("service.api.send_email")',
  'def test_one(mock_send):',
  '    sock = socket.socket()',
  '    sock.bind(("0.0.0.0", 0))',
  '',
  '',
  '@mock.patch("service.api.send_email")',
  'def test_two(mock_send):',
  '    sock = socket.socket()',
  '    sock.bind(("0.0.0.0", 0))',
);

/** The text `span` covers in `text`, or null when a point lies outside it. */
function textAt(text: string, span: Span): string | null {
  const lines = text.split('\n');
  const inside = (p: { row: number; column: number }): boolean => p.row < lines.length && p.column <= lines[p.row].length;
  if (!inside(span.start) || !inside(span.end)) return null;
  if (span.start.row === span.end.row) return lines[span.start.row].slice(span.start.column, span.end.column);
  return [lines[span.start.row].slice(span.start.column), ...lines.slice(span.start.row + 1, span.end.row), lines[span.end.row].slice(0, span.end.column)].join('\n');
}

/** Each finding's and double's code and the text it covers. */
function covered(analysis: FileAnalysis, text: string): string[] {
  return [...analysis.diagnostics.map((d) => `${d.ruleId} ${textAt(text, d.span)}`), ...analysis.doubles.map((d) => `${d.kind} ${textAt(text, d.span)}`)];
}

describe('analysis-while-broken', () => {
  it('a call typed with its bracket open on a line of its own: everything keeps the text it was about, one row lower below the line', async () => {
    const before = await analyzeSource(SOURCE);
    assert.equal(before.diagnostics.filter((d) => d.ruleId === 'FL204').length, 2);
    const after = SOURCE.replace('    sock.bind(("0.0.0.0", 0))\n\n', '    sock.bind(("0.0.0.0", 0))\n    self.assertEqual(\n\n');
    const moved = analysisWhileBroken(before, SOURCE, editBetween(SOURCE, after));
    assert.deepEqual(covered(moved, after), covered(before, SOURCE));
    assert.equal(moved.hasSyntaxErrors, true);
    assert.equal(moved.diagnostics[1].span.start.row, before.diagnostics[1].span.start.row + 1);
  });

  it('typing inside a line that holds a finding leaves that finding out until the text parses; the others stay and move', async () => {
    const before = await analyzeSource(SOURCE);
    const after = SOURCE.replace('    sock.bind(("0.0.0.0", 0))\n\n', '    sock.bind(("0.0.0.0", 0), [\n\n');
    const moved = analysisWhileBroken(before, SOURCE, editBetween(SOURCE, after));
    const fl204 = moved.diagnostics.filter((d) => d.ruleId === 'FL204');
    assert.equal(fl204.length, 1, 'the finding on the edited line is left out');
    assert.equal(textAt(after, fl204[0].span), textAt(SOURCE, before.diagnostics.filter((d) => d.ruleId === 'FL204')[1].span));
    for (const entry of covered(moved, after)) assert.ok(!entry.endsWith(' null'), `${entry}: outside the text`);
  });

  it('lines inserted in a line\'s indentation move that line whole; a removed line moves the rows after it up', () => {
    const text = 'a\n    b()\n    c()\n';
    const inserted = 'a\n    x = [\n    b()\n    c()\n';
    const edit = editBetween(text, inserted);
    // Found as `x = [\n    ` inserted after the indentation of `b()`: row 1's code moves whole.
    assert.equal(edit.startPosition.column, 4);
    assert.deepEqual(rowShiftOf('t.py', text, edit), { path: 't.py', fromRow: 1, afterRow: 0, delta: 1 });
    assert.deepEqual(rowShiftOf('t.py', inserted, editBetween(inserted, text)), { path: 't.py', fromRow: 1, afterRow: 1, delta: -1 });
    // A character typed in a line changes that row only.
    assert.deepEqual(rowShiftOf('t.py', text, editBetween(text, 'a\n    b(()\n    c()\n')), { path: 't.py', fromRow: 1, afterRow: 1, delta: 0 });
  });

  it('whether the statement holding an edit parses alone, read off the last parsed tree edited along', async () => {
    const parsing = await getParsing();
    const text = py(
      'import socket',
      '',
      '',
      'class TestService(object):',
      '    timeout = 10',
      '',
      '    @mock.patch(',
      '        "service.api.send")',
      '    def test_doc(self):',
      '        doc = """first',
      'flush left',
      '        """',
      '        self.assertTrue(doc)',
      '',
      '    def test_bind(self):',
      '        sock = socket.socket()',
      '',
      '',
      'VALUE = 1',
    );
    const brokenAfter = (newText: string): boolean => {
      const tree = parsing.parse(text);
      try {
        const edit = editBetween(text, newText);
        tree.edit(edit);
        return isEditedStatementBroken(tree, newText, edit, (part) => parsing.parse(part));
      } finally {
        tree.delete();
      }
    };
    // Typed on a new line after test_bind's last line, bracket open: broken; closed: not.
    assert.equal(brokenAfter(text.replace('sock = socket.socket()\n', 'sock = socket.socket()\n        self.assertEqual(sock\n')), true);
    assert.equal(brokenAfter(text.replace('sock = socket.socket()\n', 'sock = socket.socket()\n        self.assertEqual(sock, 1)\n')), false);
    // A string left open in the method whose docstring has a line at the left margin: the rest of it parses as it did.
    assert.equal(brokenAfter(text.replace('self.assertTrue(doc)', 'self.assertTrue(doc, """)')), true);
    assert.equal(brokenAfter(text.replace('self.assertTrue(doc)', 'self.assertTrue(doc, "x")')), false);
    // Outside functions, the module-level statement, or the statement of a module-level class's body, holding the edit.
    assert.equal(brokenAfter(text.replace('VALUE = 1', 'VALUE = (')), true);
    assert.equal(brokenAfter(text.replace('VALUE = 1', 'VALUE = (1)')), false);
    assert.equal(brokenAfter(text.replace('timeout = 10', 'timeout = [10')), true);
    assert.equal(brokenAfter(text.replace('timeout = 10', 'timeout = [10]')), false);
    // In a method's decorators: the method with them.
    assert.equal(brokenAfter(text.replace('"service.api.send")', 'probe = 1\n        "service.api.send")')), true);
    assert.equal(brokenAfter(text.replace('"service.api.send")', '"service.api.send", new=None)')), false);
    // In a module-level class's header: the class, when it is not too long to parse alone.
    assert.equal(brokenAfter(text.replace('class TestService(object):', 'class TestService(object:')), true);
  });

  it('a dot that ends a line outside brackets is not Python, though tree-sitter reads on into the next line', async () => {
    const parsing = await getParsing();
    const base = py('def test_run(self, mock_run):', '    value = 1', '    mock_run.assert_called()', '');
    const endsAfterDot = (typed: string): boolean => {
      const text = base.replace('    value = 1\n', `    value = 1\n    ${typed}\n`);
      const tree = parsing.parse(text);
      try {
        return endsLineAfterDot(tree, editBetween(base, text));
      } finally {
        tree.delete();
      }
    };
    assert.equal(endsAfterDot('self.'), true, '`self.` above `mock_run.assert_called()`');
    assert.equal(endsAfterDot('self.a'), false);
    // Inside brackets the line may go on: `x = (value.` above `    real)` is Python.
    const inBrackets = py('def test_run(self):', '    x = (', '        real)', '');
    const typed = inBrackets.replace('x = (', 'x = (value.');
    const tree = parsing.parse(typed);
    try {
      assert.equal(tree.rootNode.hasError, false);
      assert.equal(endsLineAfterDot(tree, editBetween(inBrackets, typed)), false);
    } finally {
      tree.delete();
    }
    assert.equal(endsAfterDot('self.\\'), false, 'a backslash joins the lines');
  });
});
