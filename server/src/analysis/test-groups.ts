/**
 * A test file's groups: each class with test methods, and the module-level `test*` functions
 * together. Read off the file's structure once, so summaries (CodeLens) need only this and the model.
 */
import type { ClassDef, FunctionDef } from '../model/syntax';
import type { Span, TestGroup } from '../model/types';

/** Linear in the size of the file (a generated 10 MB test file has tens of thousands of classes). */
export function collectTestGroups(classes: readonly ClassDef[], functions: readonly FunctionDef[]): TestGroup[] {
  const byName = new Map<string, ClassDef>();
  for (const cls of classes) if (!byName.has(cls.name)) byName.set(cls.name, cls);
  const methodsOf = assignMethods(classes, functions);
  const groups: TestGroup[] = [];
  classes.forEach((cls, index) => {
    const methods = methodsOf[index].filter((f) => isTestName(f.name));
    if (!methods.length) return;
    groups.push({
      kind: 'class',
      name: cls.name,
      anchor: cls.nameSpan,
      rows: [rowsOf(cls.span)],
      scopes: [...scopeNamesOfClass(cls, byName)],
      tests: methods.map((m) => `${cls.name}.${m.name}`),
    });
  });
  const moduleTests = outermostFunctions(functions).filter((f) => f.className === null && isTestName(f.name));
  if (moduleTests.length) {
    // The tests and the module-level fixtures they request: what a fixture does (and risks) is theirs.
    const requested = new Set(moduleTests.flatMap((t) => t.parameters.map((p) => p.name)));
    const fixtures = functions.filter((f) => f.className === null && requested.has(f.name));
    groups.push({
      kind: 'module',
      name: '<module>',
      anchor: moduleTests[0].nameSpan,
      rows: [...moduleTests, ...fixtures].map((f) => rowsOf(f.span)),
      scopes: [...moduleTests, ...fixtures].map((f) => f.name),
      tests: moduleTests.map((t) => t.name),
    });
  }
  return groups.sort((a, b) => a.anchor.start.row - b.anchor.start.row);
}

/** For each class (same order), its methods: the function is inside it and names it as its class. */
function assignMethods(classes: readonly ClassDef[], functions: readonly FunctionDef[]): FunctionDef[][] {
  const result = classes.map((): FunctionDef[] => []);
  const byName = new Map<string, number[]>();
  classes.forEach((cls, index) => {
    const list = byName.get(cls.name);
    if (list) list.push(index);
    else byName.set(cls.name, [index]);
  });
  for (const list of byName.values()) list.sort((a, b) => classes[a].span.start.row - classes[b].span.start.row);
  for (const fn of functions) {
    const candidates = fn.className === null ? undefined : byName.get(fn.className);
    if (!candidates) continue;
    // The last class of that name starting at or before the function (binary search), if it contains it.
    let low = 0;
    let high = candidates.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (classes[candidates[middle]].span.start.row <= fn.span.start.row) (found = middle), (low = middle + 1);
      else high = middle - 1;
    }
    if (found >= 0 && within(fn.span, classes[candidates[found]].span)) result[candidates[found]].push(fn);
  }
  return result;
}

/** Functions not nested in another function, by one sweep in source order. */
function outermostFunctions(functions: readonly FunctionDef[]): FunctionDef[] {
  const ordered = [...functions].sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
  const outermost: FunctionDef[] = [];
  let enclosingEnd = -1;
  for (const fn of ordered) {
    if (fn.span.start.row > enclosingEnd) {
      outermost.push(fn);
      enclosingEnd = fn.span.end.row;
    }
  }
  return outermost;
}

/** The class and its base classes defined in the same file: their set-up applies to its tests. */
function scopeNamesOfClass(cls: ClassDef, byName: ReadonlyMap<string, ClassDef>): Set<string> {
  const names = new Set<string>();
  const visit = (current: ClassDef): void => {
    if (names.has(current.name)) return;
    names.add(current.name);
    for (const base of current.bases) {
      const local = byName.get(base);
      if (local) visit(local);
    }
  };
  visit(cls);
  return names;
}

/** unittest collects methods starting with `test`; pytest's default `python_functions` is `test*` too. */
function isTestName(name: string): boolean {
  return name.startsWith('test');
}

function rowsOf(span: Span): { start: number; end: number } {
  return { start: span.start.row, end: span.end.row };
}

function within(inner: Span, outer: Span): boolean {
  return inner.start.row >= outer.start.row && inner.end.row <= outer.end.row;
}
