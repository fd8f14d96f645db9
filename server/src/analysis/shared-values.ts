/**
 * Hash-consing of argument values for one module summary: structurally equal values (and argument
 * lists) become one object. Owns no strings policy (see `internStrings`) and never mutates its input.
 */
import type { ArgumentValue } from '../model/syntax';

export type ArgumentList = ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>;
type ArgumentEntry = ArgumentList[number];

/**
 * Builds canonical copies of argument values, so a summary holds each distinct value once. On nova
 * a summary repeats its values about 3.5 times (`None`, `self.context`, `True`, whole `mock.patch`
 * argument lists) and value trees were a third of the index's heap. One table per module: it is
 * dropped with the module's other scratch data, so it cannot grow over an editing session, and
 * most of the repetition is within a module. Safe because summaries are never mutated and nothing
 * keys on a value's identity.
 */
export class ValueSharing {
  private readonly canonical = new Map<string, ArgumentValue | ArgumentEntry | ArgumentList>();
  private readonly ids = new Map<object, number>();

  /** The canonical copy of `value` (itself built from canonical parts). */
  value(value: ArgumentValue): ArgumentValue {
    switch (value.kind) {
      case 'string':
        return this.share(`s${value.value}`, () => ({ kind: 'string', value: value.value }));
      case 'number':
        // `-0` and `0` differ for deep equality, so they must not share.
        return this.share(`n${Object.is(value.value, -0) ? '-0' : value.value}`, () => ({ kind: 'number', value: value.value }));
      case 'name':
        return this.share(`i${value.name}`, () => ({ kind: 'name', name: value.name }));
      case 'lambda':
        return this.share(`l${value.text}`, () => ({ kind: 'lambda', text: value.text }));
      case 'other':
        return this.share(`o${value.text}`, () => ({ kind: 'other', text: value.text }));
      case 'tuple': {
        const items = value.items.map((item) => this.value(item));
        return this.share(`t${items.map((item) => this.idOf(item)).join(',')}`, () => ({ kind: 'tuple', items }));
      }
      case 'call': {
        const args = this.arguments(value.arguments);
        return this.share(`c${this.idOf(args)},${value.callee}`, () => ({ kind: 'call', callee: value.callee, arguments: args }));
      }
    }
  }

  /** The canonical copy of an argument list (a fresh array: the input may be shared with a file's syntax). */
  arguments(list: ArgumentList): ArgumentList {
    const entries = list.map(({ keyword, value }) => {
      const shared = this.value(value);
      const key = keyword === null ? `e${this.idOf(shared)}` : `k${this.idOf(shared)},${keyword}`;
      return this.share(key, (): ArgumentEntry => ({ keyword, value: shared }));
    });
    return this.share(`a${entries.map((entry) => this.idOf(entry)).join(',')}`, () => entries);
  }

  private share<T extends ArgumentValue | ArgumentEntry | ArgumentList>(key: string, create: () => T): T {
    let found = this.canonical.get(key) as T | undefined;
    if (found === undefined) {
      found = create();
      this.canonical.set(key, found);
      this.ids.set(found, this.ids.size);
    }
    return found;
  }

  private idOf(shared: object): number {
    return this.ids.get(shared) ?? -1;
  }
}
