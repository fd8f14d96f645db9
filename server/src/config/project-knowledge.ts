/**
 * Extra knowledge entries a project declares in `[[tool.fixture-lens.knowledge]]`: facts about its
 * own or third-party test primitives that the built-in knowledge base does not know. Validated here
 * (every problem names the key); merged with `knowledge/*.json` for that workspace only.
 */
import type { KnowledgeEntry } from '../analysis/knowledge';

/** A knowledge entry from pyproject.toml; `source` is where it is written, the evidence for its facts. */
export interface ProjectKnowledgeEntry extends KnowledgeEntry {
  readonly source: { readonly path: string; readonly line: number };
}

/** How the primitive appears in test code, and the knowledge-base matcher each form uses. */
const MATCH_FORMS = {
  call: 'calls',
  base: 'bases',
  decorator: 'decorators',
  'patch-target': 'patchTargets',
  fixture: 'fixtures',
  method: 'methods',
} as const;

const FACT_VALUES = {
  transport: ['in-process', 'loopback', 'network', 'none'],
  authn: ['real', 'simulated', 'bypassed', 'none'],
  authz: ['enforced', 'bypassed'],
  data: ['fake', 'recorded', 'real'],
} as const;

const KEYS = ['name', 'match', 'kind', 'title', 'reason', ...Object.keys(FACT_VALUES)];

export interface KnowledgeReadOptions {
  /** Root-relative path of the file: the evidence path of its entries. */
  readonly evidencePath: string;
  /** 1-based line of the n-th entry (its `[[…]]` header). */
  lineOf(index: number): number;
  report(index: number, problem: string): void;
}

/** Valid entries only; each invalid one is reported (naming the key) and left out whole. */
export function readKnowledgeEntries(value: unknown, options: KnowledgeReadOptions): ProjectKnowledgeEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    options.report(0, 'knowledge must be an array of tables: write each entry under its own [[tool.fixture-lens.knowledge]] header');
    return [];
  }
  return value.flatMap((raw: unknown, index): ProjectKnowledgeEntry[] => {
    const problems: string[] = [];
    const entry = readEntry(raw, problems);
    for (const problem of problems) options.report(index, problem);
    if (!entry || problems.length) return [];
    const { names, ...rest } = entry;
    return [{ ...rest, id: `pyproject:${names[0]}`, source: { path: options.evidencePath, line: options.lineOf(index) } }];
  });
}

function readEntry(raw: unknown, problems: string[]): (Omit<ProjectKnowledgeEntry, 'id' | 'source'> & { names: string[] }) | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('must be a table');
    return null;
  }
  const table = raw as Record<string, unknown>;
  for (const key of Object.keys(table)) if (!KEYS.includes(key)) problems.push(`unknown key "${key}" (known: ${KEYS.join(', ')})`);
  const names = typeof table.name === 'string' ? [table.name] : Array.isArray(table.name) && table.name.every((n) => typeof n === 'string') ? (table.name as string[]) : null;
  if (!names || names.length === 0 || names.some((n) => !/^[A-Za-z_][\w]*(\.[A-Za-z_*][\w]*)*$/.test(n))) {
    problems.push('name must be a dotted Python name (or an array of them), such as "mycorp.testing.FakeAuth"; a trailing ".*" matches everything under a module');
  }
  const match = table.match ?? 'call';
  if (typeof match !== 'string' || !(match in MATCH_FORMS)) problems.push(`match must be one of ${Object.keys(MATCH_FORMS).map((m) => `"${m}"`).join(', ')} (default "call")`);
  if (table.kind !== undefined && (typeof table.kind !== 'string' || !/^[a-z][a-z-]*$/.test(table.kind))) problems.push('kind must be a lower-case word such as "auth-simulated" or "fake-service"');
  if (table.title !== undefined && typeof table.title !== 'string') problems.push('title must be a string');
  if (typeof table.reason !== 'string' || table.reason.trim().length === 0) problems.push('reason must say why the facts hold (it is shown as the evidence)');
  const facts: Record<string, string> = {};
  for (const [fact, allowed] of Object.entries(FACT_VALUES)) {
    const factValue = table[fact];
    if (factValue === undefined) continue;
    if (typeof factValue === 'string' && (allowed as readonly string[]).includes(factValue)) facts[fact] = factValue;
    else problems.push(`${fact} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  const hasFactKey = Object.keys(FACT_VALUES).some((fact) => table[fact] !== undefined);
  if (!hasFactKey && table.kind === undefined) problems.push(`states no fact: give at least one of ${Object.keys(FACT_VALUES).join(', ')}, or a kind`);
  if (problems.length || !names) return null;
  const matcher = MATCH_FORMS[match as keyof typeof MATCH_FORMS];
  return {
    names,
    title: typeof table.title === 'string' ? table.title : names[0],
    match: { [matcher]: names },
    ...(typeof table.kind === 'string' ? { kind: table.kind } : {}),
    facts,
    because: (table.reason as string).trim(),
  };
}
