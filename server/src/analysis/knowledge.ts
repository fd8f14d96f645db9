/**
 * The knowledge base of third-party primitives (data in `knowledge/*.json`) and the lookups the
 * derivation needs. Holds facts about libraries only: a workspace's own names are never here.
 */
import fixtureLibraryData from '../knowledge/fixture-libraries.json';
import patchData from '../knowledge/patch-primitives.json';
import primitiveData from '../knowledge/primitives.json';
import type { ArgumentValue } from '../model/syntax';
import type { DataOrigin, Authn, Authz, Transport } from '../model/types';

export interface KnowledgeFacts {
  readonly transport?: Transport;
  readonly authn?: Authn;
  readonly authz?: Authz;
  readonly data?: DataOrigin;
}

export interface KnowledgeEntry {
  readonly id: string;
  readonly title: string;
  readonly match: {
    readonly calls?: readonly string[];
    readonly bases?: readonly string[];
    readonly decorators?: readonly string[];
    readonly patchTargets?: readonly string[];
    readonly fixtures?: readonly string[];
    readonly methods?: readonly string[];
    readonly subscriptAssignments?: readonly string[];
  };
  readonly kind?: string;
  readonly facts: KnowledgeFacts;
  readonly attributes?: Readonly<Record<string, { readonly kind: string; readonly facts: KnowledgeFacts }>>;
  /** The pytest plugin (importable package) a fixture entry needs, when not a pytest builtin. */
  readonly requiresPlugin?: string;
  /** A method entry fires only on an instance of one of these entries (`client.login()` on a Django client). */
  readonly receivers?: readonly string[];
  /** A class attribute of subclasses that sets the host a server binds (`LiveServerTestCase.host`). */
  readonly hostAttribute?: string;
  /** Where the callables are that the primitive calls (`threading.Thread(target=f)` runs `f`). */
  readonly runs?: readonly string[];
  /** Parameter defaults that declare a dependency (`Depends(get_current_user)`), for override entries. */
  readonly dependencyMarkers?: readonly string[];
  readonly because: string;
  /**
   * What the primitive is instead when an argument is written as one of `values`
   * (`HttpCheckFixture(False)`: remote policy checks deny instead of allow). `argument` lists where
   * the argument may be (`arg0`, `kw:return_value`); the first written one decides. `every` instead:
   * when there are arguments and every one is one of `values` (`force_authenticate(user=None)` clears
   * the identity). The variant has its own `kind`; without one it is no test double at all.
   */
  readonly whenArgument?: { readonly argument: readonly string[] | 'every'; readonly values: readonly string[]; readonly kind?: string; readonly facts: KnowledgeFacts; readonly because: string };
  /**
   * The entry's facts hold only when the function then writes an identity into what the call gives
   * (`with client.session_transaction() as sess: sess['user_id'] = 1`): a key matching `keys`
   * (a regular expression, case-insensitive) set to something other than `None`. Otherwise the call
   * only shapes other state (a flash message, a cart) and is no test double.
   */
  readonly identityWrite?: { readonly keys: string };
  /**
   * Objects the primitive's `methods` build that carry an identity the test may set itself
   * (`request = RequestFactory().get('/')`, then `request.user = user`): setting one of `attributes`
   * to anything but `None` or a call of one of `anonymous` (`AnonymousUser()`: no identity) is a
   * double of `kind` with `facts`, for `because`.
   */
  readonly identityOnBuilt?: { readonly methods: readonly string[]; readonly attributes: readonly string[]; readonly anonymous?: readonly string[]; readonly kind: string; readonly facts: KnowledgeFacts; readonly because: string };
  /** Methods that end what the call did when the same body calls them on the same receiver later (`client.logout()` after `client.force_login(u)`). */
  readonly endedBy?: readonly string[];
  /** For an entry a project declared in its pyproject.toml: where (root-relative path, 1-based line). */
  readonly source?: { readonly path: string; readonly line: number };
}

export interface PatchPrimitive {
  readonly name: string;
  /** `arg0`, `arg0.arg1`, or alternatives joined by `|`. */
  readonly target: string;
  readonly new: readonly string[];
  readonly scope: string;
}

export const KNOWLEDGE: readonly KnowledgeEntry[] = [...primitiveData.entries, ...fixtureLibraryData.entries] as KnowledgeEntry[];
export const PATCH_PRIMITIVES: readonly PatchPrimitive[] = patchData.entries;
const AUTHORIZATION_CHECK = new RegExp(patchData.authorizationCheckNames);
const AUTHENTICATION_CHECK = new RegExp(patchData.authenticationCheckNames);

/** Exact qualified-name match, or prefix match for patterns ending in `.*`. */
export function nameMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith('.*')) return name === pattern.slice(0, -2) || name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

/**
 * The lookups over one list of entries: the built-in knowledge base, or that base with a workspace's
 * own entries (`[[tool.fixture-lens.knowledge]]`) first, so a project can name what the base lacks.
 */
export class KnowledgeBase {
  /** Entries by matcher, built on first use: every call of every analysed file is looked up. */
  private readonly indexes = new Map<MatchKind, NameIndex>();

  constructor(readonly entries: readonly KnowledgeEntry[]) {}

  /** The built-in entries with `extra` in front of them; the built-in base itself when there are none. */
  withEntries(extra: readonly KnowledgeEntry[]): KnowledgeBase {
    return extra.length ? new KnowledgeBase([...extra, ...this.entries]) : this;
  }

  /**
   * A call whose qualified callee is a known primitive (`wsgi_intercept.interceptor.RequestsInterceptor`);
   * with the call's arguments, as they make it (`whenArgument`).
   */
  entryForCall(qualifiedCallee: string, args?: readonly WrittenArgument[] | null): KnowledgeEntry | null {
    const entry = this.find(qualifiedCallee, 'calls');
    return entry && args ? withArguments(entry, args) : entry;
  }

  /**
   * A method call: known whatever its receiver (`client.force_login(user)`, `app.test_client()`), or,
   * for entries with `receivers`, only on an instance of those entries (`receiver` is its entry id).
   */
  entryForMethod(methodName: string, receiver: string | null = null, args?: readonly WrittenArgument[] | null): KnowledgeEntry | null {
    // Method names are compared as written: the exact index holds every entry naming one.
    for (const index of this.indexOf('methods').exact.get(methodName) ?? []) {
      const entry = this.entries[index];
      if (entry.receivers && (receiver === null || !entry.receivers.includes(receiver))) continue;
      return args ? withArguments(entry, args) : entry;
    }
    return null;
  }

  /** The entry with this id (the first, when a workspace entry shares a built-in one's id). */
  entryWithId(id: string): KnowledgeEntry | null {
    return this.entries.find((entry) => entry.id === id) ?? null;
  }

  entryForBase(qualifiedBase: string): KnowledgeEntry | null {
    return this.find(qualifiedBase, 'bases');
  }

  entryForDecorator(qualifiedDecorator: string): KnowledgeEntry | null {
    return this.find(qualifiedDecorator, 'decorators');
  }

  entryForPatchTarget(target: string): KnowledgeEntry | null {
    return this.find(target, 'patchTargets');
  }

  /** An item assignment to a known attribute (`app.dependency_overrides[dep] = fake`): `attribute` is its name. */
  entryForSubscriptAssignment(attribute: string): KnowledgeEntry | null {
    return this.find(attribute, 'subscriptAssignments');
  }

  /** A pytest fixture provided by pytest itself or by a plugin that is importable in this workspace. */
  entryForFixture(name: string, isPluginAvailable: (plugin: string) => boolean): KnowledgeEntry | null {
    for (const entry of this.entries) {
      if (!entry.match.fixtures?.includes(name)) continue;
      if (entry.requiresPlugin && !isPluginAvailable(entry.requiresPlugin)) continue;
      return entry;
    }
    return null;
  }

  /** The first entry, in list order, with a pattern of `kind` that `name` matches (`nameMatches`). */
  private find(name: string, kind: MatchKind): KnowledgeEntry | null {
    const index = this.indexOf(kind);
    let first = index.exact.get(name)?.[0] ?? Infinity;
    for (const prefix of index.prefixes) {
      if (prefix.index >= first) break;
      if (nameMatches(prefix.pattern, name)) first = prefix.index;
    }
    return first === Infinity ? null : this.entries[first];
  }

  private indexOf(kind: MatchKind): NameIndex {
    let index = this.indexes.get(kind);
    if (index) return index;
    index = { exact: new Map(), prefixes: [] };
    for (const [position, entry] of this.entries.entries()) {
      for (const pattern of entry.match[kind] ?? []) {
        if (pattern.endsWith('.*')) index.prefixes.push({ pattern, index: position });
        // Every pattern as written too: method names are compared as written, and a `.*` pattern
        // matches its own text anyway.
        const positions = index.exact.get(pattern);
        if (!positions) index.exact.set(pattern, [position]);
        else if (positions[positions.length - 1] !== position) positions.push(position);
      }
    }
    this.indexes.set(kind, index);
    return index;
  }
}

type MatchKind = keyof KnowledgeEntry['match'];

/**
 * `entry` as the rest of the function leaves what `call` did: null when it needs an identity written
 * (`identityWrite`) and `body` writes none after `call` into the name the call is bound to (by item,
 * `sess['_user_id'] = uid`, or `update(user_id=uid)`), or, with `leftBehind` (a fixture or helper,
 * whose use is what it leaves), when the body ends it later on the same receiver (`endedBy`:
 * `client.logout()` after `client.force_login(user)`). In a test the requests between the two ran as
 * that identity, so the test keeps its hint.
 */
export function entryInBody(
  entry: KnowledgeEntry,
  call: { readonly callee: string; readonly line: number; readonly assignedTo: string | null },
  body: { readonly assignments: ReadonlyArray<{ readonly target: string; readonly value: ArgumentValue; readonly line: number }>; readonly calls: ReadonlyArray<{ readonly callee: string; readonly arguments: readonly WrittenArgument[]; readonly line: number }> },
  leftBehind = false,
): KnowledgeEntry | null {
  const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
  if (leftBehind && entry.endedBy && receiver && body.calls.some((c) => c.line > call.line && entry.endedBy?.some((method) => c.callee === `${receiver}.${method}`))) return null;
  if (!entry.identityWrite) return entry;
  const name = call.assignedTo;
  if (!name) return null;
  const keys = new RegExp(entry.identityWrite.keys, 'i');
  const isIdentity = (key: string, value: ArgumentValue): boolean => keys.test(key) && literalText(value) !== 'None';
  const byItem = body.assignments.some((a) => {
    if (a.line < call.line || !a.target.startsWith(`${name}[`)) return false;
    const key = a.target.slice(name.length + 1, -1).replace(/^['"]|['"]$/g, '');
    return isIdentity(key, a.value);
  });
  const byUpdate = body.calls.some((c) => c.line >= call.line && c.callee === `${name}.update` && c.arguments.some((a) => a.keyword !== null && isIdentity(a.keyword, a.value)));
  return byItem || byUpdate ? entry : null;
}

/** A call's argument as the syntax gives it. */
export interface WrittenArgument {
  readonly keyword: string | null;
  readonly value: ArgumentValue;
}

/** Each entry's `whenArgument` variant, made once: callers compare entries by identity. */
const VARIANTS = new WeakMap<KnowledgeEntry, KnowledgeEntry>();

/** The entry as a call with these arguments makes it: its `whenArgument` variant when that matches. */
function withArguments(entry: KnowledgeEntry, args: readonly WrittenArgument[]): KnowledgeEntry {
  const when = entry.whenArgument;
  if (!when) return entry;
  if (when.argument === 'every') {
    if (args.length === 0 || !args.every((a) => when.values.includes(literalText(a.value)))) return entry;
  } else {
    const positional = args.filter((a) => a.keyword === null);
    const written = when.argument
      .map((where) => (where.startsWith('kw:') ? args.find((a) => a.keyword === where.slice(3))?.value : positional[Number(where.slice(3))]?.value))
      .find((value) => value !== undefined);
    if (!written || !when.values.includes(literalText(written))) return entry;
  }
  let variant = VARIANTS.get(entry);
  if (!variant) {
    variant = { ...entry, kind: when.kind, facts: when.facts, because: when.because };
    VARIANTS.set(entry, variant);
  }
  return variant;
}

/** `False`, `None`, `0`: a name or number as written; anything else matches no value. */
function literalText(value: ArgumentValue): string {
  if (value.kind === 'name') return value.name;
  if (value.kind === 'number') return String(value.value);
  return '';
}

/** Entry positions by pattern as written (ascending), and the `.*` patterns in entry order. */
interface NameIndex {
  readonly exact: Map<string, number[]>;
  readonly prefixes: Array<{ readonly pattern: string; readonly index: number }>;
}

/** The built-in knowledge base, for analyses without a workspace of their own. */
export const BUILT_IN_KNOWLEDGE = new KnowledgeBase(KNOWLEDGE);

export function entryForCall(qualifiedCallee: string): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForCall(qualifiedCallee);
}

export function entryForMethod(methodName: string, receiver: string | null = null): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForMethod(methodName, receiver);
}

export function entryForBase(qualifiedBase: string): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForBase(qualifiedBase);
}

export function entryForDecorator(qualifiedDecorator: string): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForDecorator(qualifiedDecorator);
}

export function entryForPatchTarget(target: string): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForPatchTarget(target);
}

export function entryForSubscriptAssignment(attribute: string): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForSubscriptAssignment(attribute);
}

export function entryForFixture(name: string, isPluginAvailable: (plugin: string) => boolean): KnowledgeEntry | null {
  return BUILT_IN_KNOWLEDGE.entryForFixture(name, isPluginAvailable);
}

/** The first primitive of each name, as a scan of the list would find it. */
const PATCH_PRIMITIVES_BY_NAME = new Map<string, PatchPrimitive>();
for (const primitive of PATCH_PRIMITIVES) if (!PATCH_PRIMITIVES_BY_NAME.has(primitive.name)) PATCH_PRIMITIVES_BY_NAME.set(primitive.name, primitive);

export function patchPrimitive(qualifiedCallee: string): PatchPrimitive | null {
  return PATCH_PRIMITIVES_BY_NAME.get(qualifiedCallee) ?? null;
}

/** A function that decides who the caller is (`verify_token`, `authenticate`, `validate_totp_code`). */
export function isAuthenticationCheck(target: string): boolean {
  return AUTHENTICATION_CHECK.test(target);
}

/** True when a patched name is an authorization decision (`policy.authorize`, `has_perm`, `RequestContext.can`). */
export function isAuthorizationCheck(target: string): boolean {
  return AUTHORIZATION_CHECK.test(target);
}
