/**
 * Finds what a claim's names stand for in the file: test doubles (by name, qualified name, import
 * alias or a service nickname), variables and attributes assigned from doubles, method calls on
 * them, and the functions of the file. Lines are 1-based; never guesses beyond the file.
 */
import language from '../knowledge/claim-language.json';
import type { FunctionDef } from '../model/syntax';
import type { TestDouble } from '../model/types';
import type { TriageFile } from './finding-site';
import type { LocatedTarget } from './types';

const STOP_WORDS = new Set(language.stopWords);
const ALIASES: Record<string, readonly string[]> = language.serviceAliases;

export interface Location {
  readonly located: readonly LocatedTarget[];
  readonly unlocated: readonly string[];
}

export function locateTargets(targets: readonly string[], file: TriageFile): Location {
  const located: LocatedTarget[] = [];
  const unlocated: string[] = [];
  for (const target of targets) {
    const found = locateOne(target, file);
    if (found) located.push(found);
    else unlocated.push(target);
  }
  return { located, unlocated };
}

function locateOne(target: string, file: TriageFile): LocatedTarget | null {
  const { analysis, syntax } = file;
  const last = target.split('.').pop() ?? target;
  const functions = syntax.functions.filter((fn) => fn.name === last);
  if (functions.length) {
    return {
      target,
      via: 'function',
      lines: functions.map((fn) => fn.nameSpan.start.row + 1),
      doubles: [],
      scopes: functions.map(scopeName),
      isPlace: true,
    };
  }
  const doubles = new Set<number>();
  const lines = new Set<number>();
  const vias: string[] = [];
  const byName = analysis.doubles.flatMap((d, i) => (namesDouble(d, last) ? [i] : []));
  if (byName.length) vias.push('double');
  byName.forEach((i) => doubles.add(i));
  for (const i of byName) lines.add(analysis.doubles[i].span.start.row + 1);
  const imported = syntax.imports.find((imp) => imp.alias === last && !imp.isWildcard);
  if (imported) {
    vias.push('import');
    lines.add(imported.line);
    analysis.doubles.forEach((d, i) => {
      if (d.qualifiedName && (d.qualifiedName === imported.qualifiedName || d.qualifiedName.startsWith(`${imported.qualifiedName}.`))) {
        doubles.add(i);
        lines.add(d.span.start.row + 1);
      }
    });
  }
  const assigned = resolveAssignment(target.includes('.') ? target : last, file, 0);
  if (assigned.lines.length) vias.push('assignment');
  assigned.lines.forEach((l) => lines.add(l));
  assigned.doubles.forEach((i) => doubles.add(i));
  const used = resolveMemberUse(last, file);
  if (used.lines.length) vias.push('call');
  used.lines.forEach((l) => lines.add(l));
  used.doubles.forEach((i) => doubles.add(i));
  if (doubles.size === 0) {
    const nicknamed = byNickname(target, analysis.doubles);
    if (nicknamed.length) {
      vias.push('alias');
      for (const i of nicknamed) {
        doubles.add(i);
        lines.add(analysis.doubles[i].span.start.row + 1);
      }
    }
  }
  if (!lines.size) {
    const pattern = new RegExp(`\\b${escapeRegExp(last)}\\b`);
    syntax.lines.forEach((text, row) => {
      if (pattern.test(codeOf(text))) lines.add(row + 1);
    });
    if (lines.size) vias.push('text');
  }
  if (!lines.size && !doubles.size) return null;
  const sortedLines = [...lines].sort((a, b) => a - b);
  const scopes = new Set<string>();
  for (const line of sortedLines) {
    const fn = outermostFunction(syntax.functions, line - 1);
    scopes.add(fn ? scopeName(fn) : '<module>');
  }
  for (const i of doubles) scopes.add(analysis.doubles[i].scope);
  return { target, via: vias.join('+'), lines: sortedLines, doubles: [...doubles].sort((a, b) => a - b), scopes: [...scopes], isPlace: false };
}

/** A double is named by the target when its name, its qualified name's last part or a segment of it is the target. */
function namesDouble(double: TestDouble, name: string): boolean {
  const lower = name.toLowerCase();
  if (double.name.toLowerCase() === lower) return true;
  const segments = double.qualifiedName?.split('.') ?? [];
  if (segments.some((s) => s.toLowerCase() === lower) && !STOP_WORDS.has(lower)) return true;
  return double.target !== null && double.target.split('.').pop()?.toLowerCase() === lower;
}

/**
 * `name = …` / `self.name = …` in the file: the doubles constructed on that statement, or, one
 * step further, the doubles its right-hand side names (`self.api = api_fixture.admin_api`).
 */
function resolveAssignment(name: string, file: TriageFile, depth: number): { lines: number[]; doubles: number[] } {
  const { syntax, analysis } = file;
  const bare = name.replace(/^self\./, '');
  const pattern = new RegExp(`^\\s*(?:self\\.)?${escapeRegExp(bare)}\\s*(?::[^=]*)?=(?!=)\\s*(.*)$`);
  const lines: number[] = [];
  const doubles = new Set<number>();
  syntax.lines.forEach((text, row) => {
    const match = pattern.exec(text);
    if (!match) return;
    lines.push(row + 1);
    const statement = syntax.statements.filter((s) => s.start <= row && s.end >= row).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    const end = statement ? statement.end : row;
    analysis.doubles.forEach((d, i) => {
      if (d.span.start.row >= row && d.span.start.row <= end) doubles.add(i);
    });
    if (doubles.size === 0 && depth < 2) {
      const rhs = /^([A-Za-z_][\w.]*)\s*$/.exec(match[1].trim());
      if (rhs) {
        const parts = rhs[1].replace(/^self\./, '').split('.');
        const tail = parts[parts.length - 1];
        analysis.doubles.forEach((d, i) => {
          if (namesDouble(d, tail)) doubles.add(i);
        });
        if (doubles.size === 0 && parts.length > 1) resolveAssignment(parts[0], file, depth + 1).doubles.forEach((i) => doubles.add(i));
      }
    }
  });
  return { lines, doubles: [...doubles] };
}

/** `.name(` and `.name` uses: their lines, and the doubles behind the receiver (`self.api` → `admin_api`). */
function resolveMemberUse(name: string, file: TriageFile): { lines: number[]; doubles: number[] } {
  const pattern = new RegExp(`([A-Za-z_][\\w.]*)\\.${escapeRegExp(name)}\\b`, 'g');
  const lines: number[] = [];
  const doubles = new Set<number>();
  const receivers = new Set<string>();
  file.syntax.lines.forEach((text, row) => {
    const code = codeOf(text);
    let matched = false;
    for (const match of code.matchAll(pattern)) {
      matched = true;
      if (match[1] !== 'self') receivers.add(match[1]);
    }
    if (matched) lines.push(row + 1);
  });
  for (const receiver of receivers) resolveAssignment(receiver, file, 1).doubles.forEach((i) => doubles.add(i));
  return { lines, doubles: [...doubles] };
}

/** Service nicknames: `image_service` → Glance doubles, `placement` → `PlacementFixture`. */
function byNickname(target: string, doubles: readonly TestDouble[]): number[] {
  const tokens = target
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length >= 3);
  const needles = new Set<string>();
  for (const token of tokens) {
    // A generic word ("network") only counts through its nicknames ("neutron").
    if (!STOP_WORDS.has(token)) needles.add(token);
    for (const alias of ALIASES[token] ?? []) needles.add(alias);
  }
  if (!needles.size) return [];
  return doubles.flatMap((d, i) => {
    const haystack = `${d.name} ${d.qualifiedName ?? ''}`.toLowerCase();
    return [...needles].some((n) => haystack.includes(n)) ? [i] : [];
  });
}

function scopeName(fn: FunctionDef): string {
  return fn.className ? `${fn.className}.${fn.name}` : fn.name;
}

export function outermostFunction(functions: readonly FunctionDef[], row: number): FunctionDef | null {
  let best: FunctionDef | null = null;
  for (const fn of functions) {
    if (fn.span.start.row > row || fn.span.end.row < row) continue;
    if (!best || fn.span.start.row < best.span.start.row) best = fn;
  }
  return best;
}

/** The line without its comment (a `#` outside quotes), so names in comments do not count. */
function codeOf(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return text.slice(0, i);
  }
  return text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
