/**
 * The editor's triage state: imported findings kept per source, reviews kept per document, and what
 * they make of a document at its current version (FL301–FL303 merged into its analysis, finding and
 * claim verdicts). Reads workspace files where a verdict needs them; every decision is `triage/`'s.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Emitter, type Event, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFromDisk, createSourceLineReader } from '../io/source-lines';
import type { FileAnalysis, LineEdit } from '../model/types';
import type { TextChange } from '../parsing/trees';
import type { ExportSarifResult, LoadFindingsResult, ReplyMarkdownResult, TriageReviewResult } from '../protocol';
import { TOOL } from '../report/to-report';
import { decideClaim } from '../triage/claim-verdicts';
import type { TriageFile } from '../triage/finding-site';
import { importFindings, type FindingsFile } from '../triage/import-findings';
import { formatReply } from '../triage/markdown-reply';
import { parseReview } from '../triage/review-claims';
import { describeCode, rulesRun, severityOf } from '../triage/rule-settings';
import { lineShiftOf, mapLine, type LineShift } from '../triage/line-shifts';
import { buildTriagedSarif, githubSummary, verdictKey, type SarifTarget } from '../triage/sarif-out';
import { suppressAllEdits } from '../triage/suppress-all';
import { toTriageDiagnostics, withTriageDiagnostics } from '../triage/to-diagnostics';
import { triageFinding } from '../triage/triage-findings';
import { VERDICTS, type ClaimVerdict, type FindingVerdict, type ImportedFinding, type ReviewClaim } from '../triage/types';
import type { Analyses } from './analyses';
import { uriToPath } from './workspace-paths';

/** A document as triage sees it; without triage input, its plain analysis and empty lists. */
export interface TriagedDocument {
  /** The analysis with FL301–FL303 merged into its diagnostics. */
  readonly analysis: FileAnalysis;
  /** The plain analysis with the syntax verdicts were read with; null without triage input. */
  readonly file: TriageFile | null;
  readonly findings: readonly FindingVerdict[];
  readonly claims: readonly ClaimVerdict[];
  /** Where the review came from, when one was triaged for this document. */
  readonly reviewSource: string | null;
}

interface LoadedSource {
  readonly findings: FindingsFile;
  /** Absolute POSIX path relative result paths were resolved against. */
  readonly root: string;
  /** Findings by the absolute POSIX path of their file. */
  readonly byFile: ReadonlyMap<string, readonly ImportedFinding[]>;
  /** Edits made to open files since the load: scanner lines refer to the text before them. */
  readonly shifts: Map<string, LineShift[]>;
}

interface StoredReview {
  readonly source: string;
  readonly claims: readonly ReviewClaim[];
}

interface CachedTriage {
  readonly base: FileAnalysis;
  readonly generation: number;
  readonly triaged: TriagedDocument;
}

const TOOL_INFO = { name: 'Fixture Lens', version: TOOL.version };

export class TriageState {
  private readonly sources = new Map<string, LoadedSource>();
  private readonly reviews = new Map<string, StoredReview>();
  private readonly cache = new Map<string, CachedTriage>();
  /** Bumped on every load and clear: cached triage of another generation is stale. */
  private generation = 0;
  private readonly changed = new Emitter<readonly string[]>();

  constructor(
    private readonly analyses: Analyses,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    // Findings and reviews outlive a closed document; its cached triage and its edits do not (the
    // findings then describe the file on disk again, as the scanner read it).
    documents.onDidClose((event) => {
      this.cache.delete(event.document.uri);
      const file = uriToPath(event.document.uri);
      if (file !== null) for (const source of this.sources.values()) source.shifts.delete(file);
    });
  }

  /** The document store reports each edit before applying it: findings on the file follow their lines. */
  recordChange(uri: string, oldText: string, change: TextChange): void {
    const file = uriToPath(uri);
    if (file === null) return;
    for (const source of this.sources.values()) {
      if (!source.byFile.has(file)) continue;
      const shifts = source.shifts.get(file) ?? [];
      shifts.push(lineShiftOf(oldText, change));
      source.shifts.set(file, shifts);
    }
  }

  /** Fires with the URIs of open documents whose triage changed (their diagnostics must be re-published). */
  get onDidChange(): Event<readonly string[]> {
    return this.changed.event;
  }

  /**
   * Imports one scanner output under `source`, replacing what that source held before. Bad input
   * leaves the state as it was.
   */
  loadFindings(params: { readonly text?: unknown; readonly source?: unknown; readonly root?: unknown }): LoadFindingsResult {
    if (typeof params.source !== 'string' || params.source.trim() === '') return { ok: false, error: 'loadFindings needs a "source" naming the findings (a file path or a label)' };
    const source = params.source;
    if (typeof params.text !== 'string') return { ok: false, error: `${source}: no text to import` };
    const root = this.rootFor(params.root);
    if (!root.ok) return { ok: false, error: `${source}: ${root.error}` };
    const imported = importFindings(params.text, { file: source, root: root.path });
    if (!imported.ok) return imported;
    const byFile = new Map<string, ImportedFinding[]>();
    for (const finding of imported.value.findings) {
      if (finding.path === null) continue;
      const file = absoluteOf(finding.path, root.path);
      const list = byFile.get(file);
      if (list) list.push(finding);
      else byFile.set(file, [finding]);
    }
    const previous = this.sources.get(source);
    this.sources.set(source, { findings: imported.value, root: root.path, byFile, shifts: new Map() });
    this.bump(this.openUrisIn([...byFile.keys(), ...(previous?.byFile.keys() ?? [])]));
    return { ok: true, findings: imported.value.findings.length, files: byFile.size };
  }

  /** Splits a review into claims and keeps them for the document (replacing an earlier review). */
  triageReview(params: { readonly uri: string; readonly text: unknown; readonly source: unknown }): TriageReviewResult {
    const source = typeof params.source === 'string' && params.source.trim() ? params.source : 'review';
    if (typeof params.text !== 'string') return { ok: false, error: `${source}: no review text` };
    const document = this.documents.get(params.uri);
    if (!document) return { ok: false, error: `${params.uri} is not open: open the file the review is about, then triage it` };
    if (!this.analyses.get(document)) return { ok: false, error: `${params.uri} is not a Python file Fixture Lens can analyse` };
    const parsed = parseReview(params.text, { file: source });
    if (!parsed.ok) return parsed;
    this.reviews.set(params.uri, { source, claims: parsed.claims });
    this.bump([params.uri]);
    const claims = this.get(document)?.claims ?? [];
    const verdicts: Record<string, number> = Object.fromEntries(VERDICTS.map((v) => [v, 0]));
    for (const claim of claims) verdicts[claim.verdict]++;
    return { ok: true, claims: claims.length, verdicts };
  }

  /** Forgets one document's review, one findings source, or (neither given) everything. */
  clear(params: { readonly uri?: string; readonly source?: string }): void {
    const affected = new Set<string>();
    const isAll = params.uri === undefined && params.source === undefined;
    if (params.uri !== undefined && this.reviews.delete(params.uri)) affected.add(params.uri);
    for (const [source, loaded] of [...this.sources]) {
      if (!isAll && source !== params.source) continue;
      this.sources.delete(source);
      for (const uri of this.openUrisIn(loaded.byFile.keys())) affected.add(uri);
    }
    if (isAll) {
      for (const uri of this.reviews.keys()) affected.add(uri);
      this.reviews.clear();
    }
    this.bump([...affected]);
  }

  /** The document with its triage, cached until it changes or triage input does; null when it has no analysis. */
  get(document: TextDocument): TriagedDocument | null {
    const base = this.analyses.get(document);
    if (!base) return null;
    const cached = this.cache.get(document.uri);
    if (cached && cached.base === base && cached.generation === this.generation) return cached.triaged;
    const triaged = this.triage(document, base);
    this.cache.set(document.uri, { base, generation: this.generation, triaged });
    return triaged;
  }

  /** The analysis handlers publish and look fixes up in: FL301–FL303 included. */
  analysisOf(document: TextDocument): FileAnalysis | null {
    return this.get(document)?.analysis ?? null;
  }

  /** One edit per line suppressing every not-applicable finding shown in the document. */
  suppressAllEdits(document: TextDocument): LineEdit[] {
    const triaged = this.get(document);
    if (!triaged?.file) return [];
    if (severityOf(this.analyses.settingsFor(document.uri))('FL301', 'information') === 'off') return [];
    return suppressAllEdits(triaged.file.syntax, triaged.findings);
  }

  /** The markdown reply to the document's review. */
  reply(uri: string): ReplyMarkdownResult {
    const document = this.documents.get(uri);
    const triaged = document ? this.get(document) : null;
    if (!document || !triaged) return { ok: false, error: `${uri} is not open: open the reviewed file to write the reply` };
    if (triaged.reviewSource === null) return { ok: false, error: `No review was triaged for ${triaged.analysis.path}: triage a review of this file first` };
    const { analysis } = triaged;
    const text = formatReply({
      path: analysis.path,
      claims: triaged.claims,
      findings: triaged.findings,
      risks: analysis.diagnostics.filter((d) => !d.suppressed && /^FL2\d\d$/.test(d.ruleId)),
      doubles: analysis.doubles,
      tool: TOOL_INFO,
    }).trimEnd();
    return { ok: true, text };
  }

  /**
   * Every loaded finding with its verdict as SARIF 2.1.0. Files that are not open are analysed from
   * their buffer or the disk, yielding between files so a cancel request is seen; findings whose file
   * cannot be analysed are kept, as unclear, with why.
   */
  async exportSarif(target: SarifTarget, isCancelled: () => boolean = () => false): Promise<ExportSarifResult> {
    const sources = [...this.sources.values()];
    if (!sources.length) return { ok: false, error: 'No findings are loaded: load a Bandit JSON or SARIF file first' };
    const files = new Map<string, TriageFile | { readonly missing: string }>();
    const openFiles = new Map<string, Map<string, FindingVerdict> | undefined>();
    const verdicts: FindingVerdict[] = [];
    for (const source of sources) {
      for (const finding of source.findings.findings) {
        const file = finding.path === null ? null : absoluteOf(finding.path, source.root);
        if (file !== null && !files.has(file)) {
          await new Promise((resolve) => setImmediate(resolve));
          if (isCancelled()) return { ok: false, error: 'SARIF export cancelled' };
          files.set(file, this.triageFileAt(file, source.root));
        }
        const triageFile = file === null ? undefined : files.get(file);
        if (file !== null && !openFiles.has(file)) openFiles.set(file, this.openVerdicts(file));
        const open = file === null ? undefined : openFiles.get(file);
        if (open) verdicts.push(open.get(verdictKey(finding)) ?? triageFinding(finding, () => ({ missing: `${finding.path}:${finding.line}: the line was deleted or rewritten since the findings were loaded` })));
        else verdicts.push(triageFinding(finding, () => triageFile ?? { missing: 'no file location' }));
      }
    }
    // One root names every artifact: the first source's (a workspace folder unless the client chose another).
    const root = sources[0].root;
    // Fixture Lens' own run lists files whose analysis paths are relative to that root.
    const analysed = [...files].flatMap(([file, f]) => ('analysis' in f && this.analyses.folderOf(pathToFileURL(file).toString()) === root ? [f] : []));
    const sarif = buildTriagedSarif({
      inputs: sources.map((s) => s.findings),
      verdicts,
      analyses: analysed.map((f) => f.analysis),
      root,
      tool: TOOL_INFO,
      describeRule: describeCode,
      target,
    });
    const suppressed = verdicts.filter((v) => v.verdict === 'not-applicable').length;
    return {
      ok: true,
      text: JSON.stringify(sarif.log, null, 2),
      results: verdicts.length,
      suppressed,
      ...(target === 'github' ? { summary: githubSummary(verdicts, sarif.dropped) } : {}),
    };
  }

  private triage(document: TextDocument, base: FileAnalysis): TriagedDocument {
    const file = uriToPath(document.uri);
    const findings = file === null ? [] : [...this.sources.values()].flatMap((s) => followEdits(s.byFile.get(file) ?? [], s.shifts.get(file) ?? []));
    const review = this.reviews.get(document.uri) ?? null;
    if (!findings.length && !review) return { analysis: base, file: null, findings: [], claims: [], reviewSource: null };
    const syntax = this.analyses.syntaxOf(document);
    if (!syntax) return { analysis: base, file: null, findings: [], claims: [], reviewSource: review?.source ?? null };
    const settings = this.analyses.settingsFor(document.uri);
    const triageFile: TriageFile = { analysis: base, syntax, rulesRun: rulesRun(settings) };
    const verdicts = findings.map((finding) => triageFinding(finding, () => triageFile));
    const folder = this.analyses.folderOf(document.uri);
    const sourceLine = createSourceLineReader(folder ?? path.dirname(file ?? ''), (absolute) => this.textOf(absolute));
    const claims = review ? review.claims.map((claim) => decideClaim({ claim, file: triageFile, sourceLine })) : [];
    const analysis = withTriageDiagnostics(base, toTriageDiagnostics(triageFile, verdicts, { severityOf: severityOf(settings) }));
    return { analysis, file: triageFile, findings: verdicts, claims, reviewSource: review?.source ?? null };
  }

  /** Verdicts of an open document's findings (at their current lines), by SARIF result. */
  private openVerdicts(file: string): Map<string, FindingVerdict> | undefined {
    const document = this.documents.get(pathToFileURL(file).toString());
    const triaged = document ? this.get(document) : null;
    return triaged?.file ? new Map(triaged.findings.map((v) => [verdictKey(v.finding), v])) : undefined;
  }

  /** The analysed file at `file` (an open document's current version, else its buffer or the disk), or why not. */
  private triageFileAt(file: string, root: string): TriageFile | { readonly missing: string } {
    const uri = pathToFileURL(file).toString();
    const document = this.documents.get(uri);
    const open = document ? this.get(document)?.file : null;
    if (open) return open;
    if (!file.startsWith(`${root}/`)) return { missing: `${file} is outside the workspace folder (${root}), so Fixture Lens did not analyse it` };
    const relative = file.slice(root.length + 1);
    if (!/\.pyi?$/.test(file)) return { missing: `${relative} is not a Python file, so Fixture Lens did not analyse it` };
    if (!document && !fs.existsSync(file)) {
      return { missing: `${relative} does not exist under the workspace folder (${root}): the findings may come from another checkout, or the scanner ran elsewhere` };
    }
    const analysed = this.analyses.analyzeFile(file);
    if ('missing' in analysed) return analysed;
    return { ...analysed, rulesRun: rulesRun(this.analyses.settingsFor(uri)) };
  }

  private textOf(absolute: string): string | null {
    return this.documents.get(pathToFileURL(absolute).toString())?.getText() ?? readFromDisk(absolute);
  }

  private rootFor(raw: unknown): { ok: true; path: string } | { ok: false; error: string } {
    if (raw !== undefined && raw !== null) {
      if (typeof raw !== 'string' || !path.isAbsolute(raw)) return { ok: false, error: `"root" must be an absolute path (got ${JSON.stringify(raw)})` };
      return { ok: true, path: toPosixRoot(raw) };
    }
    const first = this.analyses.firstFolder;
    return first ? { ok: true, path: first } : { ok: false, error: 'no workspace folder to resolve result paths against: pass "root"' };
  }

  private openUrisIn(files: Iterable<string>): string[] {
    const wanted = new Set(files);
    return this.documents
      .all()
      .filter((d) => {
        const file = uriToPath(d.uri);
        return file !== null && wanted.has(file);
      })
      .map((d) => d.uri);
  }

  private bump(affected: readonly string[]): void {
    this.generation++;
    if (affected.length) this.changed.fire(affected);
  }
}

/** Findings at the lines their code is on now; a finding whose line was removed is left out. */
function followEdits(findings: readonly ImportedFinding[], shifts: readonly LineShift[]): ImportedFinding[] {
  if (!shifts.length) return [...findings];
  return findings.flatMap((finding) => {
    if (finding.line === null) return [finding];
    const line = mapLine(finding.line, shifts);
    if (line === null) return [];
    const endLine = finding.endLine === undefined ? undefined : Math.max(line, finding.endLine + line - finding.line);
    return [{ ...finding, line, ...(endLine !== undefined ? { endLine } : {}) }];
  });
}

/** Where a root-relative (or already absolute) finding path lies, as an absolute POSIX path. */
function absoluteOf(findingPath: string, root: string): string {
  // `toRootRelative` leaves paths outside the root absolute, Windows drive paths included.
  const isAbsolute = path.posix.isAbsolute(findingPath) || /^[A-Za-z]:\//.test(findingPath);
  return isAbsolute ? path.posix.normalize(findingPath) : path.posix.join(root, findingPath);
}

function toPosixRoot(raw: string): string {
  const posix = raw.split(path.sep).join('/');
  return posix.length > 1 ? posix.replace(/\/+$/, '') : posix;
}
