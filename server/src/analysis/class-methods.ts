/**
 * A class summary's methods by name. Lookups on `self` walk a test class's MRO for each setup
 * method and each call: nova's largest test classes have over a thousand methods, and a linear
 * search per lookup was a measurable part of a whole-file analysis.
 */
import type { ClassSummary, FunctionSummary } from '../model/workspace';

/** Methods that run before every test of a class, or once for the class: where its tests' clients, patches and requests are set up. */
export const CLASS_SETUP_METHODS: readonly string[] = ['setUp', '_setUp', 'setUpClass', 'setup_method', 'setup_class', 'asyncSetUp', 'setUpTestData'];

/** Summaries are never mutated, so an index made once stays right for the summary's life. */
const indexes = new WeakMap<ClassSummary, ReadonlyMap<string, FunctionSummary>>();

/** The class's first method named `name` (as `methods.find` would give it), or undefined. */
export function methodNamed(cls: ClassSummary, name: string): FunctionSummary | undefined {
  let index = indexes.get(cls);
  if (!index) {
    const byName = new Map<string, FunctionSummary>();
    for (const method of cls.methods) if (!byName.has(method.name)) byName.set(method.name, method);
    indexes.set(cls, (index = byName));
  }
  return index.get(name);
}
