/**
 * The order a whole-suite run analyses its files in: a test module other files of the run import
 * (`nova/tests/fixtures/nova.py`, `fakelibvirt.py`) before the files that import it. Analysed first,
 * its summary is the one the index keeps; analysed after an importer, it is parsed and summarised
 * twice (once to resolve the importer's names, once for its own analysis). Output order does not
 * change: outcomes go back in file order. Pure: texts in, indexes out.
 */

/** One file of the run: its module (null outside the workspace's packages) and its text. */
export interface OrderedFile {
  readonly modulePath: string | null;
  readonly isPackage: boolean;
  readonly text: string;
}

/** `from a.b import c`, `from . import x`, `import a.b as c` at the start of a line (indented too: imports in functions count). */
const IMPORT = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+\(?([\w \t,.]*)|import[ \t]+([\w., \t]+))/gm;

/**
 * The module paths a text may import, as candidates (`from a.b import c` gives `a.b.c` and `a.b`:
 * `c` may be a module or a name in `a.b`); relative imports made absolute against `modulePath`.
 */
export function importedModules(text: string, modulePath: string | null, isPackage: boolean): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(IMPORT)) {
    if (match[3] !== undefined) {
      for (const part of match[3].split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (name) found.add(name);
      }
      continue;
    }
    const base = absolute(match[1], modulePath, isPackage);
    if (base === null) continue;
    if (base) found.add(base);
    for (const part of (match[2] ?? '').split(',')) {
      const name = part.trim().split(/\s+/)[0];
      if (name && /^\w+$/.test(name)) found.add(base ? `${base}.${name}` : name);
    }
  }
  // Importing `a.b.c` runs `a` and `a.b` (their `__init__.py`) first.
  for (const module of [...found]) {
    const parts = module.split('.');
    for (let i = 1; i < parts.length; i++) found.add(parts.slice(0, i).join('.'));
  }
  return [...found];
}

/** `..x` from `a.b.c` (a module) is `a.x`; null when it climbs above the top package. */
function absolute(from: string, modulePath: string | null, isPackage: boolean): string | null {
  const dots = /^\.*/.exec(from)?.[0].length ?? 0;
  if (dots === 0) return from;
  if (modulePath === null) return null;
  const parts = modulePath.split('.');
  const packageParts = isPackage ? parts : parts.slice(0, -1);
  if (dots - 1 > packageParts.length) return null;
  const anchor = packageParts.slice(0, packageParts.length - (dots - 1));
  const rest = from.slice(dots);
  return [...anchor, ...(rest ? [rest] : [])].join('.');
}

/**
 * Indexes of `files` in the order to analyse them: each file after the files of the run it imports
 * (depth first, in file order; an import cycle is broken where it is met), else in file order.
 */
export function importedFirst(files: readonly OrderedFile[]): number[] {
  const byModule = new Map<string, number>();
  files.forEach((file, index) => {
    if (file.modulePath !== null) byModule.set(file.modulePath, index);
  });
  const order: number[] = [];
  const state = new Uint8Array(files.length); // 0 new, 1 in progress, 2 placed
  // Iterative depth-first walk: a deep chain of imports must not overflow the stack.
  for (let start = 0; start < files.length; start++) {
    if (state[start] !== 0) continue;
    const stack: Array<{ index: number; deps: number[]; next: number }> = [{ index: start, deps: dependencies(start), next: 0 }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++];
        if (state[dep] !== 0) continue;
        state[dep] = 1;
        stack.push({ index: dep, deps: dependencies(dep), next: 0 });
      } else {
        stack.pop();
        state[top.index] = 2;
        order.push(top.index);
      }
    }
  }
  return order;

  function dependencies(index: number): number[] {
    const file = files[index];
    const found = new Set<number>();
    for (const module of importedModules(file.text, file.modulePath, file.isPackage)) {
      const dep = byModule.get(module);
      if (dep !== undefined && dep !== index) found.add(dep);
    }
    return [...found].sort((a, b) => a - b);
  }
}
