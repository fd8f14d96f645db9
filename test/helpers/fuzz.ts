/**
 * Seeded fuzzing of the real server over stdio: random edit sequences on fixture files, checked after
 * every step (the server answers, every range lies inside the document, nothing is logged as an error)
 * and at the end against a second server that opens the final text fresh (incremental == from scratch).
 * Shared by the CI test (`test/lsp/fuzz.test.ts`) and `npm run fuzz` (`scripts/fuzz.js`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  HoverRequest,
  MessageType,
  type Diagnostic,
  type Hover,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf, withTimeout } from './lsp-session';
import { FIXTURES } from './parsing';

/** Longer than the server waits after the last edit of a text that does not parse before analysing it as it is (2 s). */
const QUIET_MS = 2500;

/** A seeded source of numbers in [0, 1): the same seed gives the same run. */
export interface Random {
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32 (public domain): small and fast; statistically plenty for choosing test inputs. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
  };
}

/** Python-ish pieces, line breaks of every style, tabs, astral and lone surrogates, unbalanced brackets. */
export const FRAGMENTS: readonly string[] = [
  '\n', '\r\n', '\r', '\t', '    ', ' ', '\\\n', ':', ',', '.', '=', '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", '#',
  'é', '😀', '𝔘𝔫𝔦', '\u200b', '\uFEFF', '\uD83D', '\u0000',
  'def test_fuzz(client, monkeypatch):\n', 'class TestFuzz(test.TestCase):\n', '    def setUp(self):\n', 'async ', 'lambda: ', 'yield ',
  'password = "fake"\n', 'token = "ghp_' + 'x'.repeat(36) + '"', 'AKIAIOSFODNN7EXAMPLE', 'secret = "s3cr3t-Value-9f8e7d6c5b4a"',
  'self.useFixture(fixtures.MockPatch("nova.policy.authorize"))\n', '@mock.patch("nova.policy.authorize")\n', '@pytest.fixture(autouse=True)\n',
  'import requests\n', 'requests.get("https://example.com", verify=False)\n', 'server.bind(("0.0.0.0", 8080))\n',
  'open("/tmp/fixed-name", "w")\n', 'eval(requests.get(url).text)\n', 'self.api.post_server_action(server_id, {"reboot": {}})\n',
  '  # nosec B105', '  # noqa: S105', '  # fixture-lens: ignore[FL105] fake', '  # nosemgrep: python.lang.security', '  # noqa',
  'f"{x!r:>{width}}"', 'b"\\x00"', 'r"\\d+"', '0x_1', '1e', '@', '->', ':=', '**kwargs', '*', 'if x:\n', 'else:\n', 'try:\n', 'except:\n    pass\n',
];

export interface FuzzOptions {
  readonly seed: number;
  /** Edit steps in total, spread over the files. */
  readonly steps: number;
  /** Absolute paths of the files to edit; each is one lane with its own generator. */
  readonly files: readonly string[];
  readonly workspaceFolders: readonly string[];
  /** Called every 500 steps with the steps done so far and the fuzzed server's process id. */
  readonly onProgress?: (done: number, serverPid: number | undefined) => void;
}

export interface FuzzReport {
  readonly steps: number;
  readonly publishesChecked: number;
  readonly hoversChecked: number;
  readonly finalComparisons: number;
}

/** The default corpus: realistic test files from the fixture workspaces, one lane each. */
export function defaultFuzzCorpus(): { files: string[]; workspaceFolders: string[] } {
  const workspaces = path.join(FIXTURES, 'workspaces');
  const files = [
    'workspaces/nova_like/compute/tests/functional/test_policy_vacuous.py',
    'workspaces/nova_like/compute/tests/functional/test_live_api.py',
    'workspaces/fastapi_app/tests/test_items.py',
    'workspaces/lookalikes/tests/test_network_lookalikes.py',
    'lsp/tests/test_unicode.py',
    'python/rules/test_suppressions.py',
  ].map((relative) => path.join(FIXTURES, relative));
  const workspaceFolders = ['nova_like', 'fastapi_app', 'lookalikes'].map((name) => path.join(workspaces, name)).concat(path.join(FIXTURES, 'lsp'));
  return { files, workspaceFolders };
}

/**
 * Runs the edit sequences and the final comparison; throws an error that names the seed, the lane
 * and the step on the first broken property. The lanes run concurrently, each with its own
 * generator (seed + lane), so the edits do not depend on how the lanes interleave.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { session } = await LspSession.start({ workspaceFolders: options.workspaceFolders });
  const counters = { steps: 0, publishesChecked: 0, hoversChecked: 0, finalComparisons: 0 };
  try {
    const lanes = options.files.map((file, index) => new Lane(session, file, createRandom(options.seed * 1_000_003 + index), `seed ${options.seed}, lane ${index} (${path.basename(file)})`));
    await Promise.all(lanes.map((lane) => lane.open()));
    await Promise.all(
      lanes.map(async (lane, index) => {
        // A fixed share per lane, so which edits run never depends on how the lanes interleave.
        const share = Math.floor(options.steps / lanes.length) + (index < options.steps % lanes.length ? 1 : 0);
        for (let step = 1; step <= share; step++) {
          counters.steps++;
          if (counters.steps % 500 === 0) options.onProgress?.(counters.steps, session.pid);
          await lane.step(step, counters);
        }
        await lane.settle(counters);
      }),
    );
    assertNoErrors(session, 'the fuzzed server');
    const { session: reference } = await LspSession.start({ workspaceFolders: options.workspaceFolders });
    try {
      for (const lane of lanes) await lane.compareWithFresh(reference, counters);
      assertNoErrors(reference, 'the reference server');
      assert(await reference.stop() === 0, 'the reference server exits with 0');
    } finally {
      reference.kill();
    }
    assert(await session.stop() === 0, 'the fuzzed server exits with 0 after shutdown');
    return counters;
  } finally {
    session.kill();
  }
}

/** One document under edit: the client's copy, the texts of versions not yet published, the generator. */
class Lane {
  private document: TextDocument;
  private readonly uri: string;
  private readonly originalLength: number;
  /** Texts by version, kept until a publish for that version (or a later one) arrives. */
  private readonly pending = new Map<number, string>();
  private publishesSeen = 0;
  private lastChange = '';
  /** With `FUZZ_DUMP`: every change sent, to replay a failure step by step. */
  private readonly history: Array<{ version: number; changes: TextDocumentContentChangeEvent[] }> = [];

  constructor(
    private readonly session: LspSession,
    file: string,
    private readonly random: Random,
    private readonly label: string,
  ) {
    this.uri = uriOf(file);
    this.document = TextDocument.create(this.uri, 'python', 1, fs.readFileSync(file, 'utf8'));
    this.originalLength = this.document.getText().length;
  }

  async open(): Promise<void> {
    this.pending.set(1, this.document.getText());
    await this.session.openUri(this.uri, this.document.getText());
  }

  async step(step: number, counters: { publishesChecked: number; hoversChecked: number }): Promise<void> {
    const where = `${this.label}, step ${step}`;
    const changes = this.randomChanges();
    const version = this.document.version + 1;
    this.document = TextDocument.update(this.document, changes, version);
    this.lastChange = JSON.stringify(changes);
    if (process.env.FUZZ_DUMP) this.history.push({ version, changes });
    this.pending.set(version, this.document.getText());
    await this.session.change(this.uri, version, changes);

    const position = this.randomPosition();
    const hover = await withTimeout(this.session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri }, position }), `${where}: hover`);
    if (hover?.range) this.assertInside(hover.range, this.document.getText(), `${where}: hover range`);
    counters.hoversChecked++;

    // A pause lets the debounced publish arrive; every publish seen is checked against its version's text.
    if (this.random.chance(1 / 8)) await this.session.diagnosticsFor(this.uri, version);
    counters.publishesChecked += this.checkPublishes(where);
  }

  /**
   * Waits for the diagnostics of the last version, then until the server published nothing more for
   * `QUIET_MS` (a text that does not parse is shown its last parsed analysis until the typing stops,
   * then analysed as it is), and checks every publish not yet checked.
   */
  async settle(counters: { publishesChecked: number }): Promise<void> {
    await this.session.diagnosticsFor(this.uri, this.document.version);
    for (let seen = -1; seen !== this.session.publishCount(this.uri); ) {
      seen = this.session.publishCount(this.uri);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
    counters.publishesChecked += this.checkPublishes(`${this.label}, end`);
  }

  /** Opens the final text in `reference` under the same URI and compares everything a client sees. */
  async compareWithFresh(reference: LspSession, counters: { finalComparisons: number }): Promise<void> {
    const text = this.document.getText();
    const where = `${this.label}, final text of v${this.document.version}`;
    await reference.openUri(this.uri, text);
    const fresh = await reference.diagnosticsFor(this.uri, 1);
    await this.session.diagnosticsFor(this.uri, this.document.version);
    // The last publish: the one after the typing stopped.
    const incremental = this.session.publishesFor(this.uri).filter((p) => p.version === this.document.version).at(-1) as PublishDiagnosticsParams;
    if (JSON.stringify(withoutVersion(incremental.diagnostics)) !== JSON.stringify(withoutVersion(fresh.diagnostics))) this.dump(text);
    assertEqual(withoutVersion(incremental.diagnostics), withoutVersion(fresh.diagnostics), `${where}: diagnostics`);

    const explain = (s: LspSession): Promise<unknown> => withTimeout(s.connection.sendRequest('fixture-lens/explainFile', { textDocument: { uri: this.uri } }), `${where}: explainFile`);
    const model = await explain(this.session);
    assertEqual(model, await explain(reference), `${where}: explainFile`);

    const positions = [
      ...fresh.diagnostics.map((d) => d.range.start),
      ...doublePositions(model),
      ...Array.from({ length: 10 }, () => this.randomPosition()),
    ];
    for (const position of positions) {
      const hover = (s: LspSession): Promise<Hover | null> => withTimeout(s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri }, position }), `${where}: hover`);
      assertEqual(await hover(this.session), await hover(reference), `${where}: hover at ${position.line}:${position.character}`);
    }
    counters.finalComparisons++;
  }

  private checkPublishes(where: string): number {
    const publishes = this.session.publishesFor(this.uri);
    const from = this.publishesSeen;
    for (; this.publishesSeen < publishes.length; this.publishesSeen++) this.checkPublish(publishes[this.publishesSeen], where);
    return publishes.length - from;
  }

  private checkPublish(publish: PublishDiagnosticsParams, where: string): void {
    const version = publish.version;
    assert(version !== undefined && version <= this.document.version, `${where}: a publish carries a known version (got ${version})`);
    const text = this.pending.get(version);
    assert(text !== undefined, `${where}: a publish for v${version} arrived after a later one`);
    for (const diagnostic of publish.diagnostics) this.assertInside(diagnostic.range, text, `${where}: ${diagnostic.code} in v${version}`);
    for (const old of this.pending.keys()) if (old < version) this.pending.delete(old);
  }

  /** Keeps the text behind a failure and the changes that led to it where `FUZZ_DUMP` says. */
  private dump(text: string): void {
    const file = process.env.FUZZ_DUMP;
    if (file) fs.writeFileSync(file, JSON.stringify({ uri: this.uri, label: this.label, text, history: this.history }, null, 1));
  }

  /** Start before end, and both on a line of the text, at most at its end (UTF-16, as LSP counts). */
  private assertInside(range: Range, text: string, where: string): void {
    const lines = text.split(/\r\n|\r|\n/);
    const isValid = (p: Position): boolean => Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
    const isOrdered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
    if (!(isValid(range.start) && isValid(range.end) && isOrdered)) this.dump(text);
    assert(isValid(range.start) && isValid(range.end) && isOrdered, `${where}: range ${JSON.stringify(range)} is not inside the document, whose line ${range.start.line} is ${JSON.stringify(lines[range.start.line])} (last change ${this.lastChange})`);
  }

  /** One to three changes (LSP applies them in order), sometimes a whole-text replacement. */
  private randomChanges(): TextDocumentContentChangeEvent[] {
    if (this.random.chance(0.01)) return [{ text: this.mutatedWhole() }];
    const count = this.random.chance(0.1) ? 2 + this.random.below(2) : 1;
    const changes: TextDocumentContentChangeEvent[] = [];
    // `TextDocument.update` changes the document it is given: plan the changes on a copy.
    const scratch = TextDocument.create(this.uri, 'python', 0, this.document.getText());
    for (let i = 0; i < count; i++) {
      const change = this.randomRangeChange(scratch);
      changes.push(change);
      TextDocument.update(scratch, [change], scratch.version);
    }
    return changes;
  }

  private randomRangeChange(document: TextDocument): TextDocumentContentChangeEvent {
    const length = document.getText().length;
    const start = this.randomOffset(document);
    // Insertions outweigh deletions; without a pull back to the original size a long run grows the
    // text without bound and each step gets slower. Far above it, cut; far below it, insert.
    const drift = length > 2 * this.originalLength + 2000 ? 'shrink' : length < this.originalLength / 2 ? 'grow' : null;
    if (drift && this.random.chance(0.5)) {
      const end = drift === 'shrink' ? Math.min(length, start + 1 + this.random.below(400)) : start;
      return { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: drift === 'grow' ? this.randomInsertion() : '' };
    }
    const roll = this.random.next();
    const deleted = roll < 0.45 ? 0 : this.random.chance(0.9) ? 1 + this.random.below(12) : this.random.below(400);
    const end = Math.min(length, start + deleted);
    const text = roll >= 0.45 && roll < 0.7 ? '' : this.randomInsertion();
    let range = { start: document.positionAt(start), end: document.positionAt(end) };
    // Clients make mistakes: reversed ranges and columns past the end of a line.
    if (this.random.chance(0.02)) range = { start: range.end, end: range.start };
    if (this.random.chance(0.01)) range = { start: range.start, end: { line: range.end.line, character: range.end.character + 1000 } };
    return { range, text };
  }

  private randomInsertion(): string {
    const pieces = 1 + this.random.below(3);
    let text = '';
    for (let i = 0; i < pieces; i++) text += this.random.pick(FRAGMENTS);
    return text;
  }

  /** Anywhere, with a bias towards line starts and ends, where edits change structure most. */
  private randomOffset(document: TextDocument): number {
    const text = document.getText();
    const offset = this.random.below(text.length + 1);
    if (this.random.chance(0.3)) {
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      const lineEnd = text.indexOf('\n', offset);
      return this.random.chance(0.5) ? lineStart : lineEnd === -1 ? text.length : lineEnd;
    }
    return offset;
  }

  /** Mostly inside the text; sometimes past the end of a line or of the document. */
  private randomPosition(): Position {
    const text = this.document.getText();
    const position = this.document.positionAt(this.random.below(text.length + 1));
    if (this.random.chance(0.05)) return { line: position.line, character: position.character + 500 };
    if (this.random.chance(0.05)) return { line: this.document.lineCount + this.random.below(5), character: this.random.below(10) };
    return position;
  }

  /** The original text with a random slice doubled or dropped: a paste or cut of a whole block. */
  private mutatedWhole(): string {
    const text = this.document.getText();
    const a = this.random.below(text.length + 1);
    const b = Math.min(text.length, a + this.random.below(2000));
    const canGrow = text.length < 2 * this.originalLength;
    return canGrow && this.random.chance(0.5) ? text.slice(0, b) + text.slice(a) : text.slice(0, a) + text.slice(b);
  }
}

/** 1-based `line`/`column` of the doubles in an explainFile answer, as LSP positions. */
function doublePositions(model: unknown): Position[] {
  const doubles = (model as { doubles?: Array<{ line?: number; column?: number }> } | null)?.doubles ?? [];
  return doubles.filter((d) => typeof d.line === 'number' && typeof d.column === 'number').map((d) => ({ line: (d.line as number) - 1, character: (d.column as number) - 1 }));
}

/** `data.version` names the document version the diagnostic was computed for; it differs by design. */
function withoutVersion(diagnostics: readonly Diagnostic[]): unknown[] {
  return diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));
}

function assertNoErrors(session: LspSession, who: string): void {
  const errors = session.logs.filter((l) => l.type === MessageType.Error);
  assert(errors.length === 0, `${who} logged errors:\n${errors.map((e) => e.message).join('\n')}`);
  assert(session.stderr === '', `${who} wrote to stderr:\n${session.stderr}`);
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEqual(actual: unknown, expected: unknown, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, `${message} differ:\nincremental ${a.slice(0, 2000)}\nfresh       ${e.slice(0, 2000)}`);
}
