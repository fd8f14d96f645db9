/**
 * Safe edits, as a property over the fixture corpus (issue #8): every code action the server offers,
 * applied as a client would, leaves the file parseable with the same tokens outside comments, and
 * applying it again changes nothing; a document changed since its diagnostics gets no stale edit.
 * Each file is also tried with comments of every suppression dialect already on its finding lines.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { codeTokens, countErrors } from '../helpers/code-tokens';
import { createRandom } from '../helpers/fuzz';
import { LspSession, uriOf, withTimeout } from '../helpers/lsp-session';
import { FIXTURES, getParsing } from '../helpers/parsing';

const WORKSPACES = ['nova_like', 'pytest_app', 'django_app', 'fastapi_app', 'lookalikes'].map((name) => path.join(FIXTURES, 'workspaces', name));
const FOLDERS = [...WORKSPACES, path.join(FIXTURES, 'lsp')];

/** Comments a line may already carry, in every dialect the fixes write, merged into or left alone. */
const EXISTING_COMMENTS = [
  '  # noqa: E501',
  '  # noqa:S105,E501',
  '  # noqa',
  '  # nosec',
  '  # nosec B101',
  '  # nosemgrep: python.lang.security.audit.eval-detected',
  '  # fixture-lens: ignore[FL999] another rule',
  '  # type: ignore',
  '  #',
  '  # noqa: S105 # with a reason',
];

let session: LspSession;
before(async () => {
  ({ session } = await LspSession.start({ workspaceFolders: FOLDERS }));
});
after(() => session.kill());

function corpus(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.py$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of [path.join(FIXTURES, 'python'), ...FOLDERS]) walk(dir);
  return files.sort();
}

test('every quick fix on the corpus keeps the code, parses, is idempotent, and is refused once stale', async () => {
  const parsing = await getParsing();
  const random = createRandom(8);
  const tokensOf = (text: string): { tokens: string[]; errors: number } => {
    const tree = parsing.parse(text);
    try {
      return { tokens: codeTokens(tree.rootNode), errors: countErrors(tree.rootNode) };
    } finally {
      tree.delete();
    }
  };
  let checked = 0;
  let staleChecked = 0;
  const titles = new Set<string>();
  for (const file of corpus()) {
    const original = fs.readFileSync(file, 'utf8');
    const variants = [original, decorate(original, random, tokensOf)];
    for (const [variantIndex, text] of variants.entries()) {
      // A fresh URI per variant in the same folder: same analysis path rules, no cached state.
      const uri = uriOf(variantIndex === 0 ? file : file.replace(/\.py$/, `_variant${variantIndex}.py`));
      let document = TextDocument.create(uri, 'python', 1, text);
      await session.openUri(uri, text);
      const { diagnostics } = await session.diagnosticsFor(uri, 1);
      const before = tokensOf(text);
      for (const diagnostic of diagnostics) {
        const actions = await codeActions(uri, diagnostic);
        for (const action of actions) {
          const where = `${path.relative(FIXTURES, file)} variant ${variantIndex}, ${diagnostic.code} at ${diagnostic.range.start.line + 1}: ${action.title}`;
          const once = TextDocument.applyEdits(document, editsOf(action, uri));
          assert.notEqual(once, text, `${where}: changes the text`);
          const after = tokensOf(once);
          assert.deepEqual(after.tokens, before.tokens, `${where}: only comments and whitespace change`);
          assert.equal(after.errors, before.errors, `${where}: no new syntax errors`);

          // Applied again, to the text as the client now has it: the same action is gone or does nothing.
          const version = document.version + 1;
          await session.change(uri, version, [{ text: once }]);
          document = TextDocument.create(uri, 'python', version, once);
          const again = await codeActions(uri, { ...diagnostic, data: { ...(diagnostic.data as object), version } });
          const repeat = again.find((a) => dialectOf(a) === dialectOf(action));
          if (repeat) assert.equal(TextDocument.applyEdits(document, editsOf(repeat, uri)), once, `${where}: twice equals once`);

          // The diagnostic as published (for version 1) is stale now: its fixes are refused.
          assert.deepEqual(await codeActions(uri, diagnostic), [], `${where}: no stale edit`);
          staleChecked++;

          await session.change(uri, version + 1, [{ text }]);
          document = TextDocument.create(uri, 'python', version + 1, text);
          checked++;
          titles.add(/\(([^)]+)\)/.exec(dialectOf(action))?.[1] ?? '');
        }
      }
    }
  }
  // Guards the corpus itself: the property must have been exercised on every dialect.
  assert.ok(checked >= 80, `checked ${checked} quick fixes`);
  // Semgrep fixes come with imported findings only; `test/unit/safe-edits.test.ts` covers that dialect.
  for (const dialect of ['Fixture Lens', 'Bandit', 'Ruff']) assert.ok(titles.has(dialect), `a ${dialect} fix was checked`);
  assert.equal(staleChecked, checked);
  assert.equal(session.stderr, '');
});

async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const request = session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  // "Explain in panel" runs a client command and edits nothing: only edits are under test here.
  return ((await withTimeout(request, 'codeAction')) as CodeAction[]).filter((action) => action.edit !== undefined);
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title} edits ${uri}`);
  return edits;
}

/** "Suppress FL105 on this line (Bandit): …" → "FL105 Bandit". */
function dialectOf(action: CodeAction): string {
  return action.title.split(':')[0];
}


/**
 * Appends an existing comment to some lines, where that keeps the code (not after a line
 * continuation or inside a string): the fixes must merge into it or leave it intact.
 */
function decorate(text: string, random: ReturnType<typeof createRandom>, tokensOf: (text: string) => { tokens: string[] }): string {
  const reference = tokensOf(text).tokens.join('\n');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim() || lines[i].includes('#') || !random.chance(0.5)) continue;
    const comment = random.pick(EXISTING_COMMENTS);
    const candidate = [...lines.slice(0, i), lines[i] + comment, ...lines.slice(i + 1)].join('\n');
    if (tokensOf(candidate).tokens.join('\n') === reference) lines[i] += comment;
  }
  return lines.join('\n');
}
