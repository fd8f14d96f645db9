/**
 * Related locations of a finding reach the client as `relatedInformation`: file URIs resolved against
 * the workspace folder, whole-line ranges, the evidence text as message; only for clients that
 * announce `publishDiagnostics.relatedInformation`.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { FIXTURES } from '../helpers/parsing';
import { LspSession, MINIMAL_CAPABILITIES, uriOf } from '../helpers/lsp-session';

const WORKSPACE = path.join(FIXTURES, 'workspaces', 'nova_like');
const VACUOUS = path.join(WORKSPACE, 'compute/tests/functional/test_policy_vacuous.py');

/** The FL206 of the file once the index is ready (diagnostics are re-published when indexing ends). */
async function fl206(session: LspSession): Promise<Diagnostic> {
  await session.waitForProgressEnd();
  const { uri } = await session.openFile(VACUOUS);
  const published = await session.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'FL206'));
  const found = published.diagnostics.filter((d) => d.code === 'FL206');
  assert.equal(found.length, 1);
  return found[0];
}

describe('relatedInformation', () => {
  describe('with a client that shows it', () => {
    let session: LspSession;
    before(async () => {
      ({ session } = await LspSession.start({ workspaceFolder: WORKSPACE }));
    });
    after(() => session.kill());

    test('FL206 links the test, the bypass in setUp, the fixture that patches and the check itself', async () => {
      const diagnostic = await fl206(session);
      assert.deepEqual(diagnostic.range, { start: { line: 12, character: 41 }, end: { line: 12, character: 64 } });
      const related = (diagnostic.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, line: r.location.range.start.line, message: r.message }));
      assert.deepEqual(
        related.map((r) => `${r.uri}#${r.line}`),
        [
          `${uriOf(VACUOUS)}#20`,
          `${uriOf(VACUOUS)}#12`,
          `${uriOf(path.join(WORKSPACE, 'compute/tests/fixtures/policy.py'))}#21`,
          `${uriOf(path.join(WORKSPACE, 'compute/policy.py'))}#38`,
        ],
      );
      assert.equal(related[0].message, 'def test_delete_forbidden_for_non_admin(self):');
      assert.equal(related[3].message, 'compute.policy.authorize is defined here');
      assert.equal(session.stderr, '');
    });
  });

  describe('with a client that does not', () => {
    let session: LspSession;
    before(async () => {
      const capabilities = { ...MINIMAL_CAPABILITIES, textDocument: { ...MINIMAL_CAPABILITIES.textDocument, publishDiagnostics: {} } };
      ({ session } = await LspSession.start({ workspaceFolder: WORKSPACE, capabilities }));
    });
    after(() => session.kill());

    test('the same diagnostic comes without relatedInformation', async () => {
      const diagnostic = await fl206(session);
      assert.equal(diagnostic.relatedInformation, undefined);
    });
  });
});
