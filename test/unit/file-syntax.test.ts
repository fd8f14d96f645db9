/**
 * A file's analysis in two halves (`check --jobs`): the syntax read where the tree is, serialised
 * as between threads, then analysed against the workspace, gives what one thread gives; and the
 * line layout answered ahead agrees with the tree's on every row.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import { analyzeFileSyntax, analyzeTree, answerStringRows, collectComments, layoutFromStringRowAnswers, readFileSyntax, treeLineLayout, type FileSyntax } from '../../server/src/analysis/analyze-file';
import { BUILT_IN_KNOWLEDGE } from '../../server/src/analysis/knowledge';
import { createWorkspaceContext } from '../../server/src/analysis/resolve-doubles';
import { WorkspaceIndex } from '../../server/src/analysis/workspace-index';
import { createFileSystemHost } from '../../server/src/io/workspace-host';
import { parseSettings } from '../../server/src/settings';
import { getParsing } from '../helpers/parsing';
import { py, WORKSPACES } from '../helpers/workspace';

const NOVA_LIKE = path.join(WORKSPACES, 'nova_like');

/** Strings of every shape a row can be inside: docstrings, f-strings with strings inside, concatenations. */
const STRINGS = py(
  'import os',
  '',
  'def test_strings():',
  '    """Checks the query.',
  '',
  '    Second paragraph."""',
  '    query = """SELECT *',
  '        FROM t""" + """',
  '    WHERE x"""',
  '    label = f"""{os.getenv("A")}',
  '    {"b" + """',
  '    c"""}"""',
  "    parts = ('one'",
  '             """two',
  '             three""")',
  '    password = "hunter2"  # a finding on a plain row',
  '    assert query and label and parts and password',
);

describe('answered line layout', () => {
  it('agrees with the tree on every row, blank rows and rows past the end included', async () => {
    const parsing = await getParsing();
    const tree = parsing.parse(STRINGS);
    try {
      const read = readFileSyntax({ path: 'tests/test_strings.py', text: STRINGS, tree, queries: parsing.queries, settings: parseSettings({}), module: null, withWorkspace: false });
      const answered = layoutFromStringRowAnswers(read.lines, read.syntax.comments, answerStringRows(tree.rootNode, read));
      const fromTree = treeLineLayout(tree.rootNode, read.lines, collectComments(tree.rootNode, parsing.queries));
      for (let row = 0; row <= read.lines.length + 1; row++) {
        assert.equal(answered.stringEndAfter(row), fromTree.stringEndAfter(row), `stringEndAfter(${row})`);
        assert.equal(answered.startsInsideString(row), fromTree.startsInsideString(row), `startsInsideString(${row})`);
      }
    } finally {
      tree.delete();
    }
  });
});

describe('analysis in two halves', () => {
  it('gives the same analysis of each workspace file as one pass over its tree', async () => {
    const parsing = await getParsing();
    const settings = parseSettings({});
    const contextOf = () => createWorkspaceContext(new WorkspaceIndex(createFileSystemHost({ root: NOVA_LIKE, parsing, testGlobs: settings.testGlobs })), BUILT_IN_KNOWLEDGE);
    const whole = contextOf();
    const halves = contextOf();
    const files = whole.index.workspaceEntries.filter((e) => e.rootKind === 'workspace' && whole.index.isTestPath(e.path));
    assert.ok(files.length >= 16, 'a workspace with enough test files to mean something');
    for (const entry of files) {
      const text = fs.readFileSync(entry.absolutePath, 'utf8');
      const tree = parsing.parse(text);
      try {
        const expected = analyzeTree({ path: entry.path, text, tree, queries: parsing.queries, settings, workspace: whole });
        const read = readFileSyntax({ path: entry.path, text, tree, queries: parsing.queries, settings, module: entry, withWorkspace: true });
        const rows = answerStringRows(tree.rootNode, read);
        // As between threads: only what survives serialisation reaches the other half.
        const copied = v8.deserialize(v8.serialize({ read, rows })) as { read: FileSyntax; rows: typeof rows };
        const layout = layoutFromStringRowAnswers(copied.read.lines, copied.read.syntax.comments, copied.rows);
        const { analysis } = analyzeFileSyntax(copied.read, { settings, workspace: halves, layout });
        assert.deepEqual(analysis, expected, entry.path);
      } finally {
        tree.delete();
      }
    }
  });
});
