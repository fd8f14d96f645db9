/**
 * Triage in the editor over stdio: findings loaded from Bandit JSON and SARIF become FL301–FL303 on
 * open documents with quick fixes in the scanner's dialect; bad input leaves the state intact; a
 * review's claims reach `explainFile` and the reply; SARIF export covers files that are not open;
 * clearing; and the suppress-all source action, merged per line and idempotent.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic, type PublishDiagnosticsParams, type TextEdit } from 'vscode-languageserver-protocol/node';
import {
  CLEAR_TRIAGE_METHOD,
  EXPLAIN_FILE_METHOD,
  EXPORT_SARIF_METHOD,
  LOAD_FINDINGS_METHOD,
  REPLY_MARKDOWN_METHOD,
  SUPPRESS_NOT_APPLICABLE_KIND,
  TRIAGE_REVIEW_METHOD,
  type ExportSarifResult,
  type LoadFindingsResult,
  type ReplyMarkdownResult,
  type TriageReviewResult,
} from '../../server/src/protocol';
import { cli } from '../helpers/cli';
import { LspSession, MINIMAL_CAPABILITIES } from '../helpers/lsp-session';
import { REPO_ROOT } from '../helpers/parsing';
import { assertValidSarif } from '../helpers/sarif-schema';
import { PROJECT, TRIAGE } from '../helpers/triage';
import { applyEdits } from '../helpers/text-positions';

const BANDIT = path.join(PROJECT, 'bandit.json');
const RUFF = path.join(TRIAGE, 'editor', 'ruff-samples.sarif');
const SAMPLES = path.join(PROJECT, 'tests', 'test_samples.py');
const NOVA = path.join(REPO_ROOT, 'examples', 'nova_style');
const NOVA_TEST = path.join(NOVA, 'nova', 'tests', 'functional', 'regressions', 'test_bug_1702454.py');
const NOVA_REVIEW = path.join(NOVA, 'nova', 'tests', 'functional', 'regressions', 'test_bug_1702454.review.txt');

const sessions: LspSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

async function start(workspaceFolder = PROJECT, capabilities = MINIMAL_CAPABILITIES): Promise<LspSession> {
  const { session } = await LspSession.start({ workspaceFolder, capabilities });
  sessions.push(session);
  return session;
}

function request<R>(session: LspSession, method: string, params: unknown): Promise<R> {
  return session.connection.sendRequest(method, params) as Promise<R>;
}

function loadFindings(session: LspSession, file: string, text = fs.readFileSync(file, 'utf8')): Promise<LoadFindingsResult> {
  return request(session, LOAD_FINDINGS_METHOD, { text, source: file });
}

interface FileEntry {
  path: string;
  diagnostics: Array<{ code: string; line: number }>;
  findings: Array<{ tool: string; ruleId: string; line: number; verdict: string; justification: string | null }>;
  claims: Array<{ index: number; verdict: string; reasons: string[] }>;
}

function explain(session: LspSession, uri: string): Promise<FileEntry | null> {
  return request(session, EXPLAIN_FILE_METHOD, { textDocument: { uri } });
}

function triageCodes(params: PublishDiagnosticsParams): Diagnostic[] {
  return params.diagnostics.filter((d) => /^FL30\d$/.test(String(d.code)));
}

function codeActions(session: LspSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `${action.title} edits ${uri} through "changes"`);
  return edits;
}

describe('findings in the editor', () => {
  it('Bandit JSON loaded after opening a file re-publishes it with FL301 and Bandit suppressions', async () => {
    const session = await start();
    const { uri, text } = await session.openFile(SAMPLES);
    const before = await session.diagnosticsFor(uri, 1);
    assert.deepEqual(triageCodes(before), [], 'no triage codes before findings are loaded');

    // Listen first: the publish may arrive before the response.
    const republished = session.waitForDiagnostics(uri, (p) => triageCodes(p).length > 0, { onlyNew: true });
    const loaded = await loadFindings(session, BANDIT);
    assert.deepEqual(loaded, { ok: true, findings: 49, files: 4 });
    const published = await republished;
    const triaged = triageCodes(published);
    assert.equal(triaged.length, 28, 'one diagnostic per Bandit result on this file');
    assert.ok(triaged.every((d) => d.code === 'FL301'), 'every finding on this file is not applicable');

    const onLogin = triaged.filter((d) => d.range.start.line === 80);
    assert.deepEqual(onLogin.map((d) => String(d.message).split(':')[0]).sort(), ['Bandit B101 (use of assert)', 'Bandit B106 (hard-coded credential)']);
    const b106 = onLogin.find((d) => String(d.message).startsWith('Bandit B106')) as Diagnostic;
    const [fix] = await codeActions(session, uri, [b106], ['quickfix']);
    assert.equal(fix.title.split(':')[0], 'Suppress B106 on this line (Bandit)');
    assert.equal(fix.isPreferred, true, 'a not-applicable finding is safe to suppress with its reason');
    const fixed = applyEdits(text, editsOf(fix, uri)).split('\n')[80];
    assert.equal(fixed, "    assert service.login(user='alice', password='fake-password')  # nosec B106 # placeholder credential in test code (FL105)");

    // The explanation panel lists the findings with their verdicts.
    const entry = await explain(session, uri);
    assert.equal(entry?.findings.length, 28);
    assert.ok(entry?.diagnostics.some((d) => d.code === 'FL301' && d.line === 81));
    assert.equal(session.stderr, '');
  });

  it('a file opened after loading gets its findings; after an edit (re-analysis) they come back', async () => {
    const session = await start();
    assert.equal((await loadFindings(session, BANDIT)).ok, true);
    const { uri } = await session.openFile(path.join(PROJECT, 'tests', 'test_fetched.py'));
    const first = triageCodes(await session.diagnosticsFor(uri, 1));
    assert.ok(first.some((d) => d.code === 'FL302'), 'findings confirmed by a genuine-risk rule apply');
    assert.ok(first.some((d) => d.code === 'FL301'));

    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    const second = triageCodes(await session.diagnosticsFor(uri, 2));
    assert.deepEqual(second.map((d) => [d.code, d.range]), first.map((d) => [d.code, d.range]));
  });

  it('findings follow their code while the file is edited; a deleted line takes its findings along', async () => {
    const session = await start();
    const { uri, text } = await session.openFile(SAMPLES);
    await loadFindings(session, BANDIT);
    const before = triageCodes(await session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 28));

    // Two lines inserted at the top, then line 44 (`out = subprocess.check_output(...)`, now 46) deleted.
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }]);
    const moved = triageCodes(await session.diagnosticsFor(uri, 2));
    assert.deepEqual(moved.map((d) => d.range.start.line), before.map((d) => d.range.start.line + 2));
    await session.change(uri, 3, [{ range: { start: { line: 45, character: 0 }, end: { line: 46, character: 0 } }, text: '' }]);
    const after = triageCodes(await session.diagnosticsFor(uri, 3));
    assert.equal(after.length, 26, 'B603 and B607 were on the deleted line');
    assert.ok(!after.some((d) => /B60[37]/.test(String(d.message))));

    // The source action writes on the lines the code is on now.
    const [action] = await codeActions(session, uri, [], [SUPPRESS_NOT_APPLICABLE_KIND]);
    const current = ['# one', '# two', ...text.split('\n').filter((_, row) => row !== 43)].join('\n');
    const fixed = applyEdits(current, editsOf(action, uri)).split('\n');
    assert.match(fixed[81], /^ {4}assert service\.login\(user='alice', password='fake-password'\) {2}# nosec B101, B106 # /);

    // Export: the open file's verdicts at their current lines; the deleted line's findings are kept, unclear.
    const exported = await request<ExportSarifResult>(session, EXPORT_SARIF_METHOD, { target: 'standard' });
    assert.ok(exported.ok);
    const results = (JSON.parse(exported.text) as { runs: Array<{ results: Array<{ ruleId: string; properties?: { fixtureLens?: { verdict: string; reasons: string[] } } }> }> }).runs[0].results;
    assert.equal(results.length, 49);
    const gone = results.filter((r) => r.properties?.fixtureLens?.reasons[0]?.includes('deleted or rewritten'));
    assert.deepEqual(gone.map((r) => [r.ruleId, r.properties?.fixtureLens?.verdict]), [['B603', 'unclear'], ['B607', 'unclear']]);
  });

  it('SARIF from Ruff gets Ruff suppressions; reloading a source replaces it', async () => {
    const session = await start();
    const { uri, text } = await session.openFile(SAMPLES);
    assert.deepEqual(await loadFindings(session, RUFF), { ok: true, findings: 4, files: 2 });
    const published = await session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 3);
    const s108 = triageCodes(published).find((d) => String(d.message).startsWith('Ruff S108')) as Diagnostic;
    const [fix] = await codeActions(session, uri, [s108]);
    assert.equal(applyEdits(text, editsOf(fix, uri)).split('\n')[38], "    settings = service.Settings(cache_dir='/tmp/fake-cache')  # noqa: S108 # placeholder /tmp path in test data; nothing is created there");

    assert.deepEqual(await loadFindings(session, RUFF), { ok: true, findings: 4, files: 2 });
    assert.equal((await explain(session, uri))?.findings.length, 3, 'the same source loaded twice is counted once');
  });

  it('malformed input is refused with a one-line error naming the source, and earlier findings stay', async () => {
    const session = await start();
    const { uri } = await session.openFile(SAMPLES);
    assert.equal((await loadFindings(session, BANDIT)).ok, true);
    const cases: Array<[string, RegExp]> = [
      ['truncated.json', /not valid JSON/],
      ['neither.json', /not Bandit JSON or SARIF 2\.1\.0/],
      ['sarif-v2.sarif', /\S/],
    ];
    for (const [name, expected] of cases) {
      const file = path.join(TRIAGE, 'malformed', name);
      const result = await loadFindings(session, file);
      assert.equal(result.ok, false, name);
      if (result.ok) continue;
      assert.ok(result.error.startsWith(`${file}: `), result.error);
      assert.match(result.error, expected);
      assert.doesNotMatch(result.error, /\n/);
    }
    // Bad text under the source that holds the good findings does not replace them either.
    const sameSource = await loadFindings(session, BANDIT, '{"results": [');
    assert.equal(sameSource.ok, false);
    const missingSource = await request<LoadFindingsResult>(session, LOAD_FINDINGS_METHOD, { text: '{}' });
    assert.deepEqual(missingSource, { ok: false, error: 'loadFindings needs a "source" naming the findings (a file path or a label)' });
    const badRoot = await request<LoadFindingsResult>(session, LOAD_FINDINGS_METHOD, { text: '{}', source: 'x', root: 'relative/dir' });
    assert.deepEqual(badRoot, { ok: false, error: 'x: "root" must be an absolute path (got "relative/dir")' });
    assert.equal((await explain(session, uri))?.findings.length, 28);
    assert.equal(session.stderr, '');
  });

  it('clearTriage forgets a source (diagnostics re-published without it), then everything', async () => {
    const session = await start();
    const { uri } = await session.openFile(SAMPLES);
    await loadFindings(session, BANDIT);
    await loadFindings(session, RUFF);
    await session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 31);

    const withoutBandit = session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 3, { onlyNew: true });
    await request(session, CLEAR_TRIAGE_METHOD, { source: BANDIT });
    await withoutBandit;
    assert.deepEqual([...new Set((await explain(session, uri))?.findings.map((f) => f.tool))], ['ruff']);

    const withoutAny = session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 0, { onlyNew: true });
    await request(session, CLEAR_TRIAGE_METHOD, {});
    await withoutAny;
    const exported = await request<ExportSarifResult>(session, EXPORT_SARIF_METHOD, { target: 'standard' });
    assert.deepEqual(exported, { ok: false, error: 'No findings are loaded: load a Bandit JSON or SARIF file first' });
  });
});

describe('SARIF export', () => {
  it('triages every loaded finding, open or not, exactly as `check --format sarif` does', async () => {
    const session = await start();
    await session.openFile(SAMPLES);
    await loadFindings(session, BANDIT);
    const exported = await request<ExportSarifResult>(session, EXPORT_SARIF_METHOD, { target: 'standard' });
    assert.ok(exported.ok, JSON.stringify(exported));
    const log = JSON.parse(exported.text) as { runs: Array<{ results: Array<{ suppressions?: unknown[]; properties?: { fixtureLens?: { verdict: string } } }> }> };
    assertValidSarif(log);
    const results = log.runs[0].results;
    assert.equal(results.length, 49, 'every input result is kept');
    assert.equal(exported.results, 49);
    const notApplicable = results.filter((r) => r.properties?.fixtureLens?.verdict === 'not-applicable');
    assert.equal(exported.suppressed, notApplicable.length);
    assert.ok(notApplicable.length > 28, 'findings in files that are not open are triaged too');
    assert.ok(notApplicable.every((r) => r.suppressions?.length === 1));

    // The same core as the CLI: same root, same findings, same log.
    const fromCli = await cli(['check', '--findings', BANDIT, '--format', 'sarif'], PROJECT);
    assert.equal(fromCli.code, 0, fromCli.err);
    assert.deepEqual(log, JSON.parse(fromCli.out));
  });

  it('keeps findings on files it cannot analyse, and writes the GitHub variant with its summary', async () => {
    const session = await start();
    await loadFindings(session, RUFF);
    const exported = await request<ExportSarifResult>(session, EXPORT_SARIF_METHOD, { target: 'github' });
    assert.ok(exported.ok, JSON.stringify(exported));
    const log = JSON.parse(exported.text) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; properties?: { fixtureLens?: { verdict: string; reasons: string[] } } }> }> };
    assertValidSarif(log);
    const [kept] = log.runs[0].results;
    assert.equal(log.runs[0].results.length, 1, 'GitHub ignores suppressions: not-applicable results are dropped');
    assert.equal(kept.locations[0].physicalLocation.artifactLocation.uri, 'tests/test_gone.py');
    assert.equal(kept.properties?.fixtureLens?.verdict, 'unclear');
    assert.match(kept.properties?.fixtureLens?.reasons[0] ?? '', /tests\/test_gone\.py does not exist under the workspace folder/);
    assert.match(exported.summary ?? '', /^### Fixture Lens triage\n\n4 finding\(s\): 3 not applicable \(3 left out of the upload\), 0 apply, 1 unclear\./);

    const bad = await request<ExportSarifResult>(session, EXPORT_SARIF_METHOD, { target: 'gitlab' });
    assert.deepEqual(bad, { ok: false, error: 'exportSarif: "target" must be "standard" or "github" (got "gitlab")' });
  });
});

describe('reviews in the editor', () => {
  it('triages a review for the open file: counts, claims in explainFile, and the same reply as the CLI', async () => {
    const session = await start(NOVA);
    const { uri } = await session.openFile(NOVA_TEST);
    const reviewText = fs.readFileSync(NOVA_REVIEW, 'utf8');
    const result = await request<TriageReviewResult>(session, TRIAGE_REVIEW_METHOD, { textDocument: { uri }, text: reviewText, source: NOVA_REVIEW });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.claims, 6);
    const entry = await explain(session, uri);
    assert.deepEqual(entry?.claims.map((c) => c.index), [1, 2, 3, 4, 5, 6]);
    const counts = { 'not-applicable': 0, applies: 0, unclear: 0 } as Record<string, number>;
    for (const claim of entry?.claims ?? []) counts[claim.verdict]++;
    assert.deepEqual(result.verdicts, counts);
    assert.ok(entry?.claims.every((c) => c.reasons.length > 0), 'every verdict says why');

    const reply = await request<ReplyMarkdownResult>(session, REPLY_MARKDOWN_METHOD, { textDocument: { uri } });
    assert.ok(reply.ok, JSON.stringify(reply));
    const relative = path.relative(NOVA, NOVA_TEST);
    const fromCli = await cli(['explain', relative, '--review', NOVA_REVIEW, '--format', 'markdown'], NOVA);
    assert.equal(fromCli.code, 0, fromCli.err);
    assert.equal(reply.text, fromCli.out.trimEnd());

    // A second review replaces the first; clearing the document forgets it.
    const second = await request<TriageReviewResult>(session, TRIAGE_REVIEW_METHOD, { textDocument: { uri }, text: '1. Hardcoded password:\n`ADMIN_PASSWORD` is a hardcoded password.\n', source: 'selection' });
    assert.ok(second.ok && second.claims === 1, JSON.stringify(second));
    await request(session, CLEAR_TRIAGE_METHOD, { textDocument: { uri } });
    assert.deepEqual((await explain(session, uri))?.claims, []);
    const none = await request<ReplyMarkdownResult>(session, REPLY_MARKDOWN_METHOD, { textDocument: { uri } });
    assert.deepEqual(none, { ok: false, error: `No review was triaged for ${relative}: triage a review of this file first` });
    assert.equal(session.stderr, '');
  });

  it('refuses a review of a file that is not open, an empty review, and missing params, with clear messages', async () => {
    const session = await start(NOVA);
    const { uri } = await session.openFile(NOVA_TEST);
    const closed = await request<TriageReviewResult>(session, TRIAGE_REVIEW_METHOD, { textDocument: { uri: `${uri}.missing.py` }, text: 'x', source: 'clipboard' });
    assert.deepEqual(closed, { ok: false, error: `${uri}.missing.py is not open: open the file the review is about, then triage it` });
    const empty = await request<TriageReviewResult>(session, TRIAGE_REVIEW_METHOD, { textDocument: { uri }, text: '   \n', source: 'clipboard' });
    assert.equal(empty.ok, false);
    if (!empty.ok) assert.match(empty.error, /^clipboard: /);
    const noDocument = await request<TriageReviewResult>(session, TRIAGE_REVIEW_METHOD, { text: 'x', source: 'clipboard' });
    assert.deepEqual(noDocument, { ok: false, error: 'triageReview needs the textDocument the review is about' });
    assert.deepEqual((await explain(session, uri))?.claims, [], 'nothing was stored');
    assert.equal(session.stderr, '');
  });
});

describe('suppress every not-applicable finding (source action)', () => {
  const expectedLines: Record<number, string> = {
    39: "    settings = service.Settings(cache_dir='/tmp/fake-cache')  # nosec B108 # placeholder /tmp path in test data; nothing is created there  # noqa: S108 # placeholder /tmp path in test data; nothing is created there",
    44: "    out = subprocess.check_output(['git', '--version'])  # nosec B603, B607 # fixed command written in the test",
    81: "    assert service.login(user='alice', password='fake-password')  # nosec B101, B106 # assert in test code states what the test expects  # noqa: S101, S106 # assert in test code states what the test expects",
  };

  it('is offered only when asked for, merges ids per line and dialect, and applying it twice changes nothing more', async () => {
    const session = await start();
    const { uri, text } = await session.openFile(SAMPLES);
    await loadFindings(session, BANDIT);
    await loadFindings(session, RUFF);
    const published = await session.waitForDiagnostics(uri, (p) => triageCodes(p).length === 31);

    assert.deepEqual((await codeActions(session, uri, [])).filter((a) => a.kind === SUPPRESS_NOT_APPLICABLE_KIND), [], 'not without `only`');
    assert.deepEqual(await codeActions(session, uri, [], ['quickfix']), []);
    for (const only of [[SUPPRESS_NOT_APPLICABLE_KIND], ['source.fixtureLens'], ['source']]) {
      const actions = await codeActions(session, uri, [], only);
      assert.deepEqual(actions.map((a) => a.kind), [SUPPRESS_NOT_APPLICABLE_KIND], only.join());
    }
    // Not a fix-all kind: an editor that runs `source.fixAll` on save must not add suppressions by itself.
    assert.deepEqual(await codeActions(session, uri, [], ['source.fixAll']), []);
    const [action] = await codeActions(session, uri, triageCodes(published), ['source']);
    const edits = editsOf(action, uri);
    assert.equal(new Set(edits.map((e) => e.range.start.line)).size, edits.length, 'one edit per line');
    const fixed = applyEdits(text, edits);
    const lines = fixed.split('\n');
    const original = text.split('\n');
    assert.equal(lines.length, original.length);
    for (const [line, expected] of Object.entries(expectedLines)) assert.equal(lines[Number(line) - 1], expected);
    for (const [row, line] of lines.entries()) assert.ok(line.startsWith(original[row]), `line ${row + 1} keeps its code`);
    assert.equal(lines.filter((l, row) => l !== original[row]).length, new Set(triageCodes(published).map((d) => d.range.start.line)).size);

    // Applied: the findings are still reported (the findings file has not changed), and nothing is left to add.
    await session.change(uri, 2, [{ text: fixed }]);
    const after = await session.diagnosticsFor(uri, 2);
    assert.equal(triageCodes(after).length, 31);
    assert.deepEqual(await codeActions(session, uri, triageCodes(after), [SUPPRESS_NOT_APPLICABLE_KIND]), []);
    assert.equal(session.stderr, '');
  });

  it('uses versioned document changes where the client supports them', async () => {
    const capabilities = { ...MINIMAL_CAPABILITIES, workspace: { ...MINIMAL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } } };
    const session = await start(PROJECT, capabilities);
    const { uri } = await session.openFile(SAMPLES);
    await loadFindings(session, BANDIT);
    await session.waitForDiagnostics(uri, (p) => triageCodes(p).length > 0);
    const [action] = await codeActions(session, uri, [], [SUPPRESS_NOT_APPLICABLE_KIND]);
    const change = action.edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 1 });
  });
});
