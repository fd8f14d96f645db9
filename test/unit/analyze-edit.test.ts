/**
 * Re-analysing only the edited test (`analyze-edit.ts`) must give exactly what a full analysis of
 * the new text gives. Edits are made at every body line of the fixture suites' tests and helpers,
 * singly and chained; each spliced result is compared with a full analysis, field by field.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Tree } from 'web-tree-sitter';
import { analyzeEdit, type EditState } from '../../server/src/analysis/analyze-edit';
import { analyzeTreeWithBasis, type AnalysisBasis } from '../../server/src/analysis/analyze-file';
import { shiftRows } from '../../server/src/analysis/shift-rows';
import type { PythonParsing } from '../../server/src/parsing/parser';
import { editBetween } from '../../server/src/parsing/trees';
import { parseSettings } from '../../server/src/settings';
import { getParsing, REPO_ROOT } from '../helpers/parsing';
import { loadWorkspace, py, WORKSPACES } from '../helpers/workspace';

const settings = parseSettings({});


/** Applies `newText` after `basis`: the spliced analysis if the edit allows one (compared with the full one), else the full one. */
function step(parsing: PythonParsing, workspace: Awaited<ReturnType<typeof loadWorkspace>>, path_: string, current: { text: string; basis: AnalysisBasis; state: EditState | null }, newText: string): { next: typeof current; spliced: boolean } {
  const oldTree = parsing.parse(current.text);
  const edit = editBetween(current.text, newText);
  oldTree.edit(edit);
  const tree: Tree = parsing.parse(newText, oldTree);
  const at = `${edit.startPosition.row + 1}:${edit.startPosition.column + 1}`;
  let result: ReturnType<typeof analyzeEdit>;
  let full: ReturnType<typeof analyzeTreeWithBasis>;
  try {
    const changedRanges = oldTree.getChangedRanges(tree);
    result = analyzeEdit({ basis: current.basis, edit, changedRanges, text: newText, tree, queries: parsing.queries, settings, workspace: workspace.context }, current.state);
    full = analyzeTreeWithBasis({ path: path_, text: newText, tree, queries: parsing.queries, settings, workspace: workspace.context });
  } finally {
    oldTree.delete();
    tree.delete();
  }
  if (!result) return { next: { text: newText, basis: full.basis, state: null }, spliced: false };
  // The diagnostics are known before the rest is settled, and are the full analysis's.
  assert.deepEqual(result.diagnostics, full.analysis.diagnostics, `${path_}: spliced diagnostics differ after editing at ${at}`);
  // Settled after the trees are gone: what an edit leaves to settle must not read them (the server settles after publishing).
  const settled = result.settle();
  assert.equal(result.settle(), settled, 'settling twice gives the same result');
  assert.deepEqual(settled.analysis, full.analysis, `${path_}: spliced analysis differs after editing at ${at}`);
  return { next: { text: newText, basis: settled.basis, state: settled.state }, spliced: true };
}

function start(parsing: PythonParsing, workspace: Awaited<ReturnType<typeof loadWorkspace>>, relativePath: string, text: string): { text: string; basis: AnalysisBasis; state: EditState | null } {
  const tree = parsing.parse(text);
  try {
    const { basis } = analyzeTreeWithBasis({ path: relativePath, text, tree, queries: parsing.queries, settings, workspace: workspace.context });
    return { text, basis, state: null };
  } finally {
    tree.delete();
  }
}

/**
 * For `file` of the workspace at `root` analysed as `text`: whether a new text is re-analysed alone
 * (`step` compares it with a full analysis either way).
 */
async function isSplicedAfter(root: string, file: string, text: string): Promise<(newText: string) => boolean> {
  const parsing = await getParsing();
  const workspace = await loadWorkspace(root);
  return (newText) => step(parsing, workspace, file, start(parsing, workspace, file, text), newText).spliced;
}

/** Body lines (indented statements) of a file, as 0-based rows. */
function bodyRows(text: string): number[] {
  return text.split('\n').flatMap((line, row) => (/^ {8}\S/.test(line) || /^ {4}(?!def |class |@)\S/.test(line) ? [row] : []));
}

/** The rows of the last line of each test function's body (followed by a line at its indentation or less). */
function lastTestRows(text: string): number[] {
  const lines = text.split('\n');
  const rows: number[] = [];
  for (let row = 0; row < lines.length; row++) {
    const def = /^(\s*)def test\w*\(/.exec(lines[row]);
    if (!def) continue;
    let last = row;
    for (let next = row + 1; next < lines.length && (lines[next].trim() === '' || indentOf(text, next).length > def[1].length); next++) {
      if (lines[next].trim() !== '') last = next;
    }
    if (last > row && lines[last + 1] !== undefined) rows.push(last);
  }
  return rows;
}

/** Methods and functions of a file that are not tests and not run by a framework by their name, with a body. */
function helperNames(text: string): string[] {
  return [...new Set([...text.matchAll(/^ {0,4}def ((?!test|setUp|tearDown|setup|teardown|__)\w+)\(/gm)].map((m) => m[1]))];
}

/** The first body line of the helper `name` (its first definition). */
function helperBodyRow(text: string, name: string): number {
  const lines = text.split('\n');
  return lines.findIndex((line) => new RegExp(`^\\s*def ${name}\\(`).test(line)) + 1;
}

function lineStart(text: string, row: number): number {
  let index = 0;
  for (let r = 0; r < row; r++) index = text.indexOf('\n', index) + 1;
  return index;
}

const EDITS: ReadonlyArray<(text: string, row: number) => string> = [
  // A statement line inserted above.
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}probe_value = 1\n`),
  // One character typed inside the line.
  (text, row) => insertAt(text, lineStart(text, row) + indentOf(text, row).length, 'x'),
  // The line deleted.
  (text, row) => text.slice(0, lineStart(text, row)) + text.slice(lineStart(text, row + 1)),
  // A line that changes the test's doubles: a patch context.
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}with mock.patch('os.path.exists', return_value=True):\n${indentOf(text, row)}    pass\n`),
  // A real-looking secret and a TLS switch-off: rules' hits appear in the edited test.
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}requests.get('https://example.com/', verify=False, headers={'token': 'ghp_${'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5'}'})\n`),
  // An instance attribute: other tests may read it (the edit is then analysed in full).
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}self.probe_attribute = 'value'\n`),
  // A shared temporary path written and read (FL207 pairs accesses across tests).
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}open('/tmp/probe-file', 'w').write('x')\n`),
  // Assertions that expect a denial: a bypassed test now claims an authorization outcome (FL206 lists it at its bypass).
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}self.assertRaises(exception.Forbidden, probe)\n`),
  (text, row) => insertAt(text, lineStart(text, row), `${indentOf(text, row)}assert probe.status_code == 403\n`),
];

/** A local assignment of a number to a name used nowhere else: adds no fact (`analyze-edit.ts`, INERT_LINE). */
const INERT_EDIT = (text: string, row: number): string => insertAt(text, lineStart(text, row), `${indentOf(text, row)}probe_value = 1\n`);

function insertAt(text: string, index: number, inserted: string): string {
  return text.slice(0, index) + inserted + text.slice(index);
}

function indentOf(text: string, row: number): string {
  return /^\s*/.exec(text.split('\n')[row] ?? '')?.[0] ?? '';
}

function testFilesOf(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^test_.*\.py$/.test(entry.name)) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}

const SUITES = [...['nova_like', 'pytest_app', 'django_app', 'fastapi_app', 'lookalikes', 'virt_helpers'].map((name) => path.join(WORKSPACES, name)), path.join(REPO_ROOT, 'examples', 'nova_style')];

describe('analyze-edit: the edited test alone, same answer as a full analysis', () => {
  for (const root of SUITES) {
    it(`every kind of edit at every body line of ${path.basename(root)}'s tests`, async () => {
      const parsing = await getParsing();
      const workspace = await loadWorkspace(root);
      let spliced = 0;
      let full = 0;
      for (const file of testFilesOf(root)) {
        const original = fs.readFileSync(path.join(root, file), 'utf8');
        const rows = bodyRows(original);
        for (let i = 0; i < rows.length; i++) {
          const edit = EDITS[i % EDITS.length];
          const current = start(parsing, workspace, file, original);
          const result = step(parsing, workspace, file, current, edit(original, rows[i]));
          if (result.spliced) spliced++;
          else full++;
        }
      }
      // Both paths ran: a suite where nothing could be spliced (or everything was) would test too little.
      assert.ok(spliced > 0, `no edit in ${root} was re-analysed alone`);
      assert.ok(full > 0, `every edit in ${root} was re-analysed alone`);
    });
  }

  it('a line that states no fact, added and then removed at every body line, keeps the answer (tests, helpers, set-up)', async () => {
    const parsing = await getParsing();
    for (const root of SUITES) {
      const workspace = await loadWorkspace(root);
      let spliced = 0;
      for (const file of testFilesOf(root)) {
        const original = fs.readFileSync(path.join(root, file), 'utf8');
        let current = start(parsing, workspace, file, original);
        for (const row of bodyRows(original)) {
          const added = step(parsing, workspace, file, current, INERT_EDIT(current.text, row));
          const removed = step(parsing, workspace, file, added.next, original);
          current = removed.next;
          spliced += Number(added.spliced) + Number(removed.spliced);
        }
      }
      assert.ok(spliced > 0, `no inert line in ${root} was re-analysed alone`);
    }
  });

  it('every kind of edit in the arguments of a test\'s decorators', async () => {
    const parsing = await getParsing();
    let spliced = 0;
    for (const root of SUITES) {
      const workspace = await loadWorkspace(root);
      for (const file of testFilesOf(root)) {
        // Each one-line decorator call of a method written over two lines, as nova writes long patch targets.
        const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/^( {4})@([\w.]+)\((.+)\)$/gm, '$1@$2(\n$1    $3)');
        const lines = text.split('\n');
        const rows = lines.flatMap((_, row) => (row > 0 && /^ {4}@[\w.]+\($/.test(lines[row - 1]) ? [row] : []));
        for (let i = 0; i < rows.length * EDITS.length; i++) {
          const result = step(parsing, workspace, file, start(parsing, workspace, file, text), EDITS[i % EDITS.length](text, rows[Math.floor(i / EDITS.length)]));
          if (result.spliced) spliced++;
        }
      }
    }
    assert.ok(spliced > 0, 'no edit in decorators was re-analysed alone');
  });

  it('chained edits keep the answer (each spliced result is the basis of the next edit)', async () => {
    const parsing = await getParsing();
    const root = path.join(REPO_ROOT, 'examples', 'nova_style');
    const workspace = await loadWorkspace(root);
    for (const file of testFilesOf(root)) {
      let current = start(parsing, workspace, file, fs.readFileSync(path.join(root, file), 'utf8'));
      let spliced = 0;
      for (let i = 0; i < 30; i++) {
        const rows = bodyRows(current.text);
        const row = rows[(i * 7) % rows.length];
        const edit = EDITS[i % 3];
        const result = step(parsing, workspace, file, current, edit(current.text, row));
        current = result.next;
        if (result.spliced) spliced++;
      }
      assert.ok(spliced > 5, `${file}: only ${spliced} of 30 chained edits were spliced`);
    }
  });

  it('tests run with authorization bypassed: denial assertions added one test at a time, chained, keep FL206 at the bypass listing the right tests', async () => {
    const parsing = await getParsing();
    const denial = EDITS[EDITS.length - 2];
    let files = 0;
    let spliced = 0;
    let gained = 0;
    let edits = 0;
    for (const root of SUITES) {
      const workspace = await loadWorkspace(root);
      for (const file of testFilesOf(root)) {
        let current = start(parsing, workspace, file, fs.readFileSync(path.join(root, file), 'utf8'));
        if (!current.basis.analysis.authorization.some((s) => s.authz === 'bypassed')) continue;
        files++;
        const fl206 = (): string[] => current.basis.analysis.diagnostics.filter((d) => d.ruleId === 'FL206').map((d) => d.message);
        const before = fl206();
        const firstBodyRows = (): number[] => current.text.split('\n').flatMap((line, row, lines) => (/^\s*def test\w*\(/.test(lines[row - 1] ?? '') && line.trim() !== '' ? [row] : []));
        // A denial assertion at each test's first body line, then a character typed in each test: every
        // edit after the first reads what the others assert from the denial rows kept between edits.
        for (const edit of [denial, EDITS[1]]) {
          for (let i = 0; i < firstBodyRows().length; i++) {
            const result = step(parsing, workspace, file, current, edit(current.text, firstBodyRows()[i]));
            current = result.next;
            spliced += Number(result.spliced);
            edits++;
          }
        }
        if (fl206().join('\n') !== before.join('\n')) gained++;
      }
    }
    assert.ok(files >= 2, `only ${files} fixture files have bypassed tests`);
    assert.equal(spliced, edits, 'every edit in a bypassed test was re-analysed alone');
    assert.ok(gained > 0, 'no FL206 changed as tests came to assert a denial');
  });

  it('a statement added after a test\'s last line, and removed again, is the edited test alone (told from that line\'s end)', async () => {
    const parsing = await getParsing();
    let spliced = 0;
    let edits = 0;
    let blanks = 0;
    for (const root of SUITES) {
      const workspace = await loadWorkspace(root);
      for (const file of testFilesOf(root)) {
        const original = fs.readFileSync(path.join(root, file), 'utf8');
        for (const row of lastTestRows(original)) {
          // As typed at the end of the last line: the smallest edit between the texts starts on the next line.
          const added = insertAt(original, lineStart(original, row + 1), `${indentOf(original, row)}self.assertTrue(fake_value)\n`);
          const current = start(parsing, workspace, file, original);
          const after = step(parsing, workspace, file, current, added);
          const back = step(parsing, workspace, file, after.next, original);
          // A line break typed at the end of the last line, with the indentation: a blank line the test ends above.
          const lineBreak = lineStart(original, row + 1) - 1;
          const blankText = insertAt(original, lineBreak, `\n${indentOf(original, row)}`);
          const blank = step(parsing, workspace, file, current, blankText);
          // Then the first character typed on that line, measured (as the server does) from the text before the blank line.
          const typed = step(parsing, workspace, file, current, insertAt(blankText, lineBreak + 1 + indentOf(original, row).length, 's'));
          spliced += Number(after.spliced) + Number(back.spliced) + Number(blank.spliced) + Number(typed.spliced);
          blanks += Number(blank.spliced) + Number(typed.spliced);
          edits += 4;
        }
      }
    }
    // Some tests set attributes or share paths, which take a full analysis; most do not.
    assert.ok(spliced > edits / 2, `${spliced} of ${edits} edits after a test's last line were re-analysed alone`);
    assert.ok(blanks > edits / 4, `${blanks} of ${edits / 2} line breaks, and characters typed after them, after a test's last line were re-analysed alone`);
  });

  it('an edit in a helper is re-analysed with the tests that name it: every kind of edit at the first body line of every helper, chained', async () => {
    const parsing = await getParsing();
    let helpers = 0;
    let spliced = 0;
    let edits = 0;
    for (const root of SUITES) {
      const workspace = await loadWorkspace(root);
      for (const file of testFilesOf(root)) {
        let current = start(parsing, workspace, file, fs.readFileSync(path.join(root, file), 'utf8'));
        for (const name of helperNames(current.text)) {
          helpers++;
          for (const edit of EDITS) {
            // The helper's first body line, found again in the current text (earlier edits moved it).
            const row = helperBodyRow(current.text, name);
            const result = step(parsing, workspace, file, current, edit(current.text, row));
            current = result.next;
            spliced += Number(result.spliced);
            edits++;
          }
        }
      }
    }
    assert.ok(helpers >= 5, `only ${helpers} helpers in the fixture suites`);
    // Attributes set, shared paths and helpers named outside the tests take a full analysis; most edits do not.
    assert.ok(spliced > edits / 3, `${spliced} of ${edits} edits in helpers were re-analysed alone`);
  });

  it('an edit in a helper that a set-up method calls, directly or through another helper, is analysed in full; through helpers only tests call, it is not', async () => {
    const text = [
      'from unittest import mock',
      '',
      'from nova import test',
      '',
      '',
      'class HelperCallsTestCase(test.TestCase):',
      '    def setUp(self):',
      '        super().setUp()',
      '        self._prepare()',
      '',
      '    def _prepare(self):',
      '        self.flags(enabled=self._nested_prepare())',
      '',
      '    def _nested_prepare(self):',
      '        return True',
      '',
      '    def _outer(self):',
      '        return self._inner()',
      '',
      '    def _inner(self):',
      '        return mock.sentinel.inner',
      '',
      '    def _called_by_tests(self):',
      '        return mock.sentinel.value',
      '',
      '    def test_one(self):',
      '        self.assertIsNotNone(self._called_by_tests())',
      '',
      '    def test_two(self):',
      '        self.assertIsNotNone(self._outer())',
      '',
    ].join('\n');
    const isSpliced = await isSplicedAfter(path.join(WORKSPACES, 'nova_like'), 'nova/tests/unit/test_helper_calls.py', text);
    const typedIn = (name: string): boolean => isSpliced(EDITS[1](text, helperBodyRow(text, name)));
    assert.equal(typedIn('_called_by_tests'), true, 'a helper only tests call');
    assert.equal(typedIn('_prepare'), false, 'a helper setUp calls');
    assert.equal(typedIn('_nested_prepare'), false, 'a helper a helper setUp calls calls');
    assert.equal(typedIn('_inner'), true, 'a helper only a helper only a test calls calls');
    assert.equal(typedIn('_outer'), true, 'a helper only a test calls, which calls another');
    assert.equal(typedIn('setUp'), false, 'setUp itself');
  });

  it('an edit in a method the analysis runs by its name (a fixture\'s `_setUp`, a patcher\'s `start`) is analysed in full, though nothing in the file names it', async () => {
    const text = py(
      'import fixtures',
      '',
      'from nova import test',
      '',
      '',
      'class NetworkStubFixture(fixtures.Fixture):',
      '    def _setUp(self):',
      "        self.useFixture(fixtures.MockPatch('requests.get'))",
      '',
      '',
      'class LocalStarter(object):',
      '    def start(self):',
      "        return fixtures.MockPatch('requests.post')",
      '',
      '',
      'class LocalFixtureTestCase(test.TestCase):',
      '    def test_fetch(self):',
      '        self.useFixture(NetworkStubFixture())',
      "        self.assertIsNotNone(LocalStarter().start)",
    );
    const isSpliced = await isSplicedAfter(path.join(WORKSPACES, 'nova_like'), 'nova/tests/unit/test_local_fixture.py', text);
    const lines = text.split('\n');
    for (const body of ["        self.useFixture(fixtures.MockPatch('requests.get'))", "        return fixtures.MockPatch('requests.post')"]) {
      const row = lines.indexOf(body);
      // The fixture's set-up no longer patches anything: the test's double loses its facts (compared in `step`).
      const changed = insertAt(text, lineStart(text, row) + 8, 'x');
      assert.equal(isSpliced(changed), false, body);
    }
  });

  it('a line inserted above one it shares a prefix with (`self.`) is told from that line\'s start: an attribute set below only moved', async () => {
    const text = py(
      'from unittest import mock',
      '',
      'from nova import test',
      '',
      '',
      'class PrefixTestCase(test.TestCase):',
      '',
      '    def test_records(self):',
      '        self.recorded = mock.sentinel.value',
      '        self.assertIsNotNone(self.recorded)',
      '',
      '    def _record(self):',
      '        self.helper_recorded = mock.sentinel.value',
      '        return self.helper_recorded',
      '',
      '    def test_helper_records(self):',
      '        self.assertIsNotNone(self._record())',
    );
    const isSpliced = await isSplicedAfter(path.join(WORKSPACES, 'nova_like'), 'nova/tests/unit/test_prefix.py', text);
    const above = (row: number, line: string): string => insertAt(text, lineStart(text, row), `${line}\n`);
    const lines = text.split('\n');
    const testRow = lines.indexOf('        self.recorded = mock.sentinel.value');
    const helperRow = lines.indexOf('        self.helper_recorded = mock.sentinel.value');
    // The smallest edit starts after `self.` on the attribute's line; told from the line's start, the attribute only moved down.
    assert.equal(editBetween(text, above(testRow, '        self.assertTrue(True)')).startPosition.column, 13);
    assert.equal(isSpliced(above(testRow, '        self.assertTrue(True)')), true, 'in a test');
    assert.equal(isSpliced(above(helperRow, '        self.assertTrue(True)')), true, 'in a helper');
    // Still an attribute of the instance set anew: analysed in full.
    assert.equal(isSpliced(above(testRow, '        self.other = 1')), false);
  });

  it('an edit in a set-up method, or one that adds an instance attribute, is analysed in full; a line that states no fact is not', async () => {
    const root = path.join(REPO_ROOT, 'examples', 'nova_style');
    const file = 'nova/tests/functional/regressions/test_bug_1702454.py';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const isSpliced = await isSplicedAfter(root, file, text);
    const lines = text.split('\n');
    const setUpBody = lines.findIndex((l) => /def setUp\(/.test(l)) + 1;
    assert.ok(setUpBody > 0);
    assert.equal(isSpliced(EDITS[1](text, setUpBody)), false);
    assert.equal(isSpliced(EDITS[0](text, setUpBody)), true);
    const testBody = lines.findIndex((l) => /def test_/.test(l)) + 1;
    assert.equal(isSpliced(EDITS[0](text, testBody)), true);
    assert.equal(isSpliced(EDITS[5](text, testBody)), false);
  });
});

describe('shift-rows', () => {
  const shift = { path: 'tests/test_a.py', fromRow: 10, afterRow: 20, delta: 2 };

  it('moves spans, lines and messages past the edit, and nothing before it or elsewhere', () => {
    const before = { span: { start: { row: 5, column: 1 }, end: { row: 5, column: 4 } }, line: 6 };
    assert.equal(shiftRows(before, shift), before, 'unchanged data is returned as it was');
    const after = {
      span: { start: { row: 30, column: 1 }, end: { row: 31, column: 4 } },
      message: 'TLS verification disabled (line 31) near line 3',
      evidence: [{ path: 'tests/test_a.py', line: 31, text: 'x = 1  # line 31' }, { path: 'other.py', line: 31, text: 'y' }],
      fixes: [{ title: 'Suppress', edit: { row: 30, startColumn: 0, endColumn: 0, newText: '# x\n' } }],
      because: 'set at tests/test_a.py:25 and tests/test_a.py:4',
    };
    assert.deepEqual(shiftRows(after, shift), {
      span: { start: { row: 32, column: 1 }, end: { row: 33, column: 4 } },
      message: 'TLS verification disabled (line 33) near line 3',
      evidence: [{ path: 'tests/test_a.py', line: 33, text: 'x = 1  # line 31' }, { path: 'other.py', line: 31, text: 'y' }],
      fixes: [{ title: 'Suppress', edit: { row: 32, startColumn: 0, endColumn: 0, newText: '# x\n' } }],
      because: 'set at tests/test_a.py:27 and tests/test_a.py:4',
    });
  });

  it('moves the end of a span that encloses the edited rows (a class), not its start', () => {
    const cls = { span: { start: { row: 2, column: 0 }, end: { row: 20, column: 8 } } };
    assert.deepEqual(shiftRows(cls, shift), { span: { start: { row: 2, column: 0 }, end: { row: 22, column: 8 } } });
  });
});
