/**
 * Splits a free-text review (plain or markdown) into claims: numbered items, headings, bullet
 * blocks or paragraphs; an introduction and a concluding summary are not claims. Classifies each
 * claim and extracts the names it is about. Text in, claims out; never throws.
 */
import language from '../knowledge/claim-language.json';
import type { ClaimCategory, ReviewClaim } from './types';

export type ReviewParse =
  | { readonly ok: true; readonly claims: readonly ReviewClaim[]; readonly introduction: string | null; readonly conclusion: string | null }
  | { readonly ok: false; readonly error: string };

const CATEGORY_PATTERNS = language.categories.map((entry) => ({
  category: entry.category as ClaimCategory,
  patterns: entry.patterns.map((p) => new RegExp(p, 'gi')),
}));
const CONCLUSION = new RegExp(`^\\s*(?:[*_]{1,2})?(?:${language.conclusionCues.join('|')})\\b`, 'i');
const STRUCTURAL = new Set(language.structuralHeadings);
const STOP_WORDS = new Set(language.stopWords);

type MarkerKind = 'heading' | 'numbered' | 'bullet';

interface Line {
  readonly text: string;
  /** 0-based. */
  readonly index: number;
  readonly inFence: boolean;
  readonly marker: { kind: MarkerKind; level: number; title: string } | null;
}

/** Parses the review; `file` names it in errors. */
export function parseReview(text: string, options: { readonly file: string }): ReviewParse {
  const fail = (what: string): ReviewParse => ({ ok: false, error: `${options.file}: ${what}` });
  if (text.includes('\u0000')) return fail('not text (binary data), expected a review in plain text or markdown');
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.trim() === '') return fail('empty review, expected claims as numbered items, headings, bullets or paragraphs');
  const lines = readLines(body);
  const kind = claimMarkerKind(lines);
  const blocks = kind ? blocksByMarker(lines, kind) : blocksByParagraph(lines);
  if (!blocks.claims.length) return fail('no claims found (expected numbered items, headings, bullets or paragraphs that make a security claim)');
  const claims = blocks.claims.map((block, i) => toClaim(block, i + 1));
  return { ok: true, claims, introduction: blocks.introduction, conclusion: blocks.conclusion };
}

function readLines(body: string): Line[] {
  let inFence = false;
  return body.split('\n').map((text, index) => {
    const fence = /^\s{0,3}(```|~~~)/.test(text);
    if (fence) inFence = !inFence;
    const marker = fence || inFence ? null : markerOf(text);
    return { text, index, inFence: inFence || fence, marker };
  });
}

function markerOf(text: string): Line['marker'] {
  let match = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(text);
  if (match) return { kind: 'heading', level: match[1].length, title: stripMarkup(match[2]) };
  match = /^\s{0,3}(?:\*\*|__)([^*_].*?)(?:\*\*|__):?\s*$/.exec(text);
  if (match) return { kind: 'heading', level: 7, title: stripMarkup(match[1]) };
  match = /^(\s{0,3})\(?(\d{1,3})[.)]\s+(\S.*)$/.exec(text);
  if (match) return { kind: 'numbered', level: indentLevel(match[1]), title: match[3] };
  match = /^(\s{0,3})[-*+•]\s+(\S.*)$/.exec(text);
  if (match) return { kind: 'bullet', level: indentLevel(match[1]), title: match[2] };
  return null;
}

/** One stray leading space still counts as top level. */
function indentLevel(indent: string): number {
  return indent.length < 2 ? 0 : indent.length;
}

function stripMarkup(text: string): string {
  return text.replace(/^(\d{1,3}[.)]\s+)/, '$1').replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1').trim();
}

function isStructural(title: string): boolean {
  return STRUCTURAL.has(title.toLowerCase().replace(/[:.]+$/, '').replace(/^\d{1,3}[.)]\s*/, '').trim());
}

/** Numbered items win, then headings that are not structure ("Summary"), then bullets; else paragraphs. */
function claimMarkerKind(lines: readonly Line[]): { kind: MarkerKind; level: number } | null {
  const top = (kind: MarkerKind) => lines.filter((l) => l.marker?.kind === kind && l.marker.level === 0);
  if (top('numbered').length) return { kind: 'numbered', level: 0 };
  const headings = lines.filter((l) => l.marker?.kind === 'heading' && !isStructural(l.marker.title) && !CONCLUSION.test(l.marker.title));
  if (headings.length) {
    // The most frequent level among claim-like headings (`### 1. …` under a `## Findings`).
    const counts = new Map<number, number>();
    for (const h of headings) counts.set(h.marker!.level, (counts.get(h.marker!.level) ?? 0) + 1);
    const level = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
    return { kind: 'heading', level };
  }
  if (top('bullet').length) return { kind: 'bullet', level: 0 };
  return null;
}

interface Block {
  readonly title: string;
  readonly lines: readonly Line[];
}

interface Blocks {
  readonly claims: readonly Block[];
  readonly introduction: string | null;
  readonly conclusion: string | null;
}

function blocksByMarker(lines: readonly Line[], chosen: { kind: MarkerKind; level: number }): Blocks {
  const isClaimStart = (l: Line) =>
    l.marker !== null && l.marker.kind === chosen.kind && l.marker.level === chosen.level && !(chosen.kind === 'heading' && (isStructural(l.marker.title) || CONCLUSION.test(l.marker.title)));
  /** Headings at the claim level or above end a claim (for numbered items and bullets: any heading). */
  const endsClaim = (l: Line) => l.marker?.kind === 'heading' && (chosen.kind !== 'heading' || l.marker.level <= chosen.level);
  const claims: Array<{ title: string; lines: Line[] }> = [];
  const intro: Line[] = [];
  const trailing: Line[] = [];
  let current: { title: string; lines: Line[] } | null = null;
  let blankSeen = false;
  for (const line of lines) {
    if (isClaimStart(line)) {
      current = { title: line.marker!.title, lines: [line] };
      claims.push(current);
      trailing.length = 0;
      blankSeen = false;
      continue;
    }
    if (!current) {
      intro.push(line);
      continue;
    }
    if (endsClaim(line)) {
      current = null;
      trailing.push(line);
      continue;
    }
    // A bullet block ends at an unindented paragraph after a blank line.
    if (chosen.kind === 'bullet' && blankSeen && line.text.trim() !== '' && !/^\s/.test(line.text) && !line.marker) {
      current = null;
      trailing.push(line);
      continue;
    }
    blankSeen = line.text.trim() === '';
    current.lines.push(line);
  }
  const conclusion: Line[] = [...trailing];
  const last = claims[claims.length - 1];
  if (last) {
    // A concluding summary glued to the last item ("In conclusion, …") is not part of it.
    const cut = last.lines.findIndex((l, i) => i > 0 && !l.inFence && CONCLUSION.test(l.text) && !/^\s{2,}/.test(l.text));
    if (cut > 0) conclusion.unshift(...last.lines.splice(cut));
  }
  return {
    claims: claims.filter((c) => c.lines.some((l) => l.text.trim() !== '')),
    introduction: joinText(intro),
    conclusion: joinText(conclusion),
  };
}

function blocksByParagraph(lines: readonly Line[]): Blocks {
  const paragraphs: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() === '' && !line.inFence) {
      if (current.length) paragraphs.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) paragraphs.push(current);
  const claims: Block[] = [];
  const intro: Line[] = [];
  const conclusion: Line[] = [];
  for (const [i, paragraph] of paragraphs.entries()) {
    const text = paragraph.map((l) => l.text).join('\n');
    if (CONCLUSION.test(text) && (claims.length || i === paragraphs.length - 1)) {
      conclusion.push(...paragraph);
      continue;
    }
    // An opening paragraph that only introduces ("Here are some potential defects:") is not a claim.
    const isIntro = claims.length === 0 && paragraphs.length > 1 && (/:\s*$/.test(text.trim()) || (classify(text, '').categories.length === 0 && extractTargets(text).length === 0));
    if (isIntro) {
      intro.push(...paragraph);
      continue;
    }
    claims.push({ title: firstSentence(text), lines: paragraph });
  }
  return { claims, introduction: joinText(intro), conclusion: joinText(conclusion) };
}

function joinText(lines: readonly Line[]): string | null {
  const text = lines.map((l) => l.text).join('\n').trim();
  return text === '' ? null : text;
}

function toClaim(block: Block, index: number): ReviewClaim {
  const text = block.lines.map((l) => l.text).join('\n').trim();
  const title = cleanTitle(block.title);
  const { category, categories } = classify(text, title);
  return { index, title, text, category, categories, targets: extractTargets(text), reviewLine: (block.lines[0]?.index ?? 0) + 1 };
}

/** The title is the marker text up to the first colon (or the first sentence), without markup. */
function cleanTitle(raw: string): string {
  const unmarked = raw.replace(/\*\*|__/g, '').trim();
  const colon = unmarked.indexOf(':');
  const title = colon > 0 && colon <= 140 ? unmarked.slice(0, colon) : firstSentence(unmarked);
  return title.replace(/^\d{1,3}[.)]\s*/, '').trim();
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = /[.!?](\s|$)/.exec(flat);
  const sentence = end ? flat.slice(0, end.index + 1) : flat;
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}

/** Scores each category by keyword matches; matches in the title count three times. */
export function classify(text: string, title: string): { category: ClaimCategory; categories: ClaimCategory[] } {
  const scores: Array<{ category: ClaimCategory; score: number; order: number }> = [];
  for (const [order, entry] of CATEGORY_PATTERNS.entries()) {
    let score = 0;
    for (const pattern of entry.patterns) {
      score += (text.match(pattern) ?? []).length + 2 * (title.match(pattern) ?? []).length;
    }
    if (score > 0) scores.push({ category: entry.category, score, order });
  }
  scores.sort((a, b) => b.score - a.score || a.order - b.order);
  const categories = scores.map((s) => s.category);
  return { category: categories[0] ?? 'other', categories };
}

/**
 * Names the claim is about: backticked identifiers, `name()` calls in prose, and "the X
 * fixture/method/…" phrases. Generic words ("the test", "the API") are not targets.
 */
export function extractTargets(text: string): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    const name = raw
      .trim()
      .replace(/\(.*\)$/s, '')
      .replace(/^self\./, '')
      .replace(/[.:,;]+$/, '');
    if (!/^[A-Za-z_][\w.]*$/.test(name)) return;
    const last = name.split('.').pop() ?? name;
    if (last.length < 2 || STOP_WORDS.has(last.toLowerCase())) return;
    if (!found.includes(name)) found.push(name);
  };
  for (const match of text.matchAll(/`([^`\n]+)`/g)) {
    // `@mock.patch('pkg.mod.check')`: the decorator or call, and the dotted names it is given.
    add(match[1].replace(/^@/, ''));
    for (const literal of match[1].matchAll(/['"]([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+)['"]/g)) add(literal[1]);
  }
  const prose = text.replace(/`[^`\n]*`/g, ' ');
  for (const match of prose.matchAll(/\b([A-Za-z_][\w.]*)\(\)/g)) add(match[1]);
  for (const match of prose.matchAll(/\b(?:the|a|an)\s+([A-Za-z_][\w.]*)\s+(?:fixture|method|function|class|helper|client|attribute|variable|decorator|mock|stub|double|parameter)s?\b/gi)) {
    const name = match[1];
    // Plain English words are only targets when they look like code (snake_case, CamelCase, dotted).
    if (/[_.]|[a-z][A-Z]/.test(name)) add(name);
  }
  return found;
}
