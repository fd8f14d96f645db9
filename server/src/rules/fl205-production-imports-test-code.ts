/**
 * FL205: a production (non-test) module imports test code: doubles, fakes, test-only auth bypasses.
 * The one rule that runs on non-test files; reported at the import statement.
 */
import type { ImportBinding } from '../model/syntax';
import type { Evidence, Span, TestDouble } from '../model/types';
import { ref, uniqueEvidence } from './double-hints';
import { evidenceAt, type Rule, type RuleContext, type RuleHit } from './rule';

export const fl205ProductionImportsTestCode: Rule = {
  id: 'FL205',
  title: 'Production code imports test code',
  defaultSeverity: 'warning',
  explanation: [
    'A module that is not test code imports a test module: a fixture, a fake, a stub or a helper from',
    '`tests/` (or another path the test globs match, or a module that is itself test code).',
    '',
    '**Why it matters.** Test doubles are safe because only tests reach them. Once production code',
    'imports one, the argument breaks: a permissive policy fixture or an authentication stub becomes',
    'reachable from code that runs in production (condition C of the argument holds), and the',
    'test-only code ships with the package. The hint names what the imported code does when it is',
    'known (for example an authorization bypass) and where production code uses it.',
    '',
    '**How to fix.** Move what production needs out of the test tree, or keep the helper test-only.',
    'Developer tooling that must use a test fixture belongs under `tools/` or the tests, not in the',
    'package.',
    '',
    '**False positives.** A module the test globs do not match but that only tests import (test',
    'support code outside `tests/`) is production code to this rule: add it to `testGlobs`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    const workspace = context.workspace;
    if (context.test.isTest || !workspace) return [];
    const byLine = new Map<number, Array<{ binding: ImportBinding; module: string; path: string }>>();
    for (const written of context.imports) {
      // `from .tests.fakes import FakeAuth` names the module as `app.tests.fakes` does.
      const binding = { ...written, qualifiedName: workspace.absoluteName(written.qualifiedName) };
      for (const dotted of importedNames(binding, context)) {
        const found = testModuleFor(dotted, workspace.testModuleOf);
        if (!found) continue;
        const list = byLine.get(binding.line) ?? [];
        if (!list.some((i) => i.module === found.module)) list.push({ binding, ...found });
        byLine.set(binding.line, list);
        break;
      }
    }
    const hits: RuleHit[] = [];
    for (const [line, imported] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
      const names = imported.map((i) => i.binding.qualifiedName);
      const uses = context.doubles.filter((d) => names.some((n) => d.qualifiedName === n || d.qualifiedName?.startsWith(`${n}.`)));
      const what = describe(uses);
      const definitions = imported.map((i) => ({ ...i, at: workspace.definitionOf(i.binding.qualifiedName) ?? { path: i.path, line: 1 } }));
      const related: Evidence[] = [
        ...definitions.map((d) => ({ path: d.at.path, line: d.at.line, text: `${d.binding.qualifiedName} (test code) is defined here` })),
        ...uses.map((d) => evidenceAt(context, d.span.start.row)),
        ...uses.flatMap((d) => d.evidence.filter((e) => e.path && e.fact && e.fact !== 'reachableFromProduction')),
      ];
      hits.push({
        span: statementSpan(context, line),
        message: `Production module ${context.path} imports test code: ${definitions.map((d) => `${d.binding.qualifiedName} (${d.at.path}:${d.at.line})`).join(', ')}${what}`,
        evidence: [evidenceAt(context, line - 1), ...uses.map((d) => evidenceAt(context, d.span.start.row))],
        related: uniqueEvidence(related),
      });
    }
    return hits;
  },
};

/**
 * Dotted names an import brings in, longest first. `import a.b.c` binds `a`, so the module path
 * is read from the statement's text as well.
 */
function importedNames(binding: ImportBinding, context: RuleContext): string[] {
  const names = [binding.qualifiedName];
  const text = context.lines[binding.line - 1] ?? '';
  const plain = /^\s*import\s+(.+)$/.exec(text);
  if (plain) {
    for (const part of plain[1].split(',')) {
      const dotted = part.trim().split(/\s+as\s+/)[0]?.trim();
      if (dotted && dotted.split('.')[0] === binding.qualifiedName.split('.')[0] && /^[\w.]+$/.test(dotted)) names.unshift(dotted);
    }
  }
  return [...new Set(names)];
}

/** The test module `dotted` is in (the name itself or the module that defines it), if any. */
function testModuleFor(dotted: string, testModuleOf: (dotted: string) => { readonly path: string } | null): { module: string; path: string } | null {
  const parts = dotted.split('.');
  for (let length = parts.length; length >= 1; length--) {
    const module = parts.slice(0, length).join('.');
    const found = testModuleOf(module);
    if (found) return { module, path: found.path };
  }
  return null;
}

/** What production gets from the import, from the doubles the import resolves to. */
function describe(uses: readonly TestDouble[]): string {
  const bypass = uses.find((d) => d.facts.authz === 'bypassed');
  if (bypass) {
    const at = bypass.evidence.find((e) => e.fact === 'authz' && e.path);
    return `, a test-only authorization bypass${at ? ` (${ref(at)})` : ''}, used at line ${bypass.span.start.row + 1}`;
  }
  const authn = uses.find((d) => d.facts.authn === 'simulated' || d.facts.authn === 'bypassed');
  if (authn) {
    const at = authn.evidence.find((e) => e.fact === 'authn' && e.path);
    return `, a test-only authentication stub${at ? ` (${ref(at)})` : ''}, used at line ${authn.span.start.row + 1}`;
  }
  const fake = uses.find((d) => d.facts.data === 'fake');
  if (fake) return `, a test double with fake data, used at line ${fake.span.start.row + 1}`;
  return ': test doubles and fixtures become reachable from production code';
}

/** The import statement's first line, without indentation and trailing comment. */
function statementSpan(context: RuleContext, line: number): Span {
  const text = context.lines[line - 1] ?? '';
  const start = text.length - text.trimStart().length;
  const code = text.replace(/\s+#.*$/, '').trimEnd();
  return { start: { row: line - 1, column: start }, end: { row: line - 1, column: Math.max(code.length, start) } };
}
