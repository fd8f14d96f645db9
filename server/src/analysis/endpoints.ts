/**
 * Where a call listens or connects, from the knowledge tables (`server-binds.json`,
 * `network-calls.json`): the host from the arguments, a module constant (also at the head of a URL
 * built at run time) or the library default.
 * Shared by the rules (FL202-FL204) and the fact derivation. Pure.
 */
import bindTable from '../knowledge/server-binds.json';
import networkTable from '../knowledge/network-calls.json';
import type { ArgumentValue, ModuleConstant } from '../model/syntax';

export interface CallShape {
  /** Callee as written. */
  readonly callee: string;
  /** Callee through the imports (or as written). */
  readonly qualifiedCallee: string;
  readonly arguments: ReadonlyArray<{ readonly keyword: string | null; readonly value: ArgumentValue }>;
}

export interface BindEntry {
  readonly name: string;
  readonly match: string;
  readonly host: readonly string[];
  readonly defaultHost?: string | null;
  readonly requiresTuple?: boolean;
  readonly requiresHostArgument?: boolean;
  /** Given any of `keywords` and none of `unlessKeywords`, the call serves on what it was handed (`run_app(app, sock=s)`). */
  readonly noBindWith?: { readonly keywords: readonly string[]; readonly unlessKeywords: readonly string[] };
  /** The object binds when this method is called on it (`site.start()`), not when made. */
  readonly bindsOn?: string;
  readonly what: string;
  readonly source: string;
}

export interface ResolvedHost {
  readonly value: string;
  /** The module constant the host came through, if any. */
  readonly constant: ModuleConstant | null;
  readonly fromDefault: boolean;
}

/** An object that connects through its methods (`requests.Session()`, `httpx.Client(base_url=...)`). */
export interface ClientEntry {
  readonly what: string;
  readonly factories: readonly string[];
  /** TLS settings (FL203): the constructor keyword, the attribute, the method keyword. */
  readonly keyword?: string;
  readonly attribute?: string;
  readonly methodKeyword?: string;
  readonly baseUrl?: readonly string[];
  readonly host?: readonly string[];
  readonly url?: readonly string[];
  readonly methods?: Readonly<Record<string, readonly string[]>>;
  /** What hands the object's requests to something the test supplies (an httpx transport, a requests adapter, an assigned `send`). */
  readonly reroutedBy?: { readonly keywords: readonly string[]; readonly methods: readonly string[]; readonly attributes?: readonly string[] };
}

export const NETWORK_CLIENTS = networkTable.clients as readonly ClientEntry[];
/** Method names any known client takes a URL in: calls named otherwise are not traced (keeps large files linear). */
export const CLIENT_METHODS: ReadonlySet<string> = new Set(NETWORK_CLIENTS.flatMap((c) => Object.keys(c.methods ?? {})));

/** The client a factory (qualified) makes, if known. */
export function clientMadeBy(qualifiedFactory: string): ClientEntry | null {
  return NETWORK_CLIENTS.find((c) => c.factories.includes(qualifiedFactory)) ?? null;
}

const BIND_ENTRIES: readonly BindEntry[] = bindTable.entries;
const ALL_INTERFACES: ReadonlySet<string> = new Set(bindTable.allInterfaces);
const LOOPBACK: ReadonlySet<string> = new Set(networkTable.loopbackHosts);

export function isAllInterfaces(host: string): boolean {
  return ALL_INTERFACES.has(host);
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || networkTable.loopbackPrefixes.some((p) => host.startsWith(p));
}

/** The bind-table entry a call matches, if it binds a listening socket. */
export function bindEntryFor(call: CallShape): BindEntry | null {
  for (const entry of BIND_ENTRIES) {
    if (entry.match === 'qualified' ? call.qualifiedCallee !== entry.name : !call.callee.endsWith(`.${entry.name}`)) continue;
    if (entry.requiresTuple && call.arguments.find((a) => a.keyword === null)?.value.kind !== 'tuple') continue;
    return entry;
  }
  return null;
}

/** The host a binding call listens on, or null when it cannot be read. */
export function bindHost(entry: BindEntry, call: CallShape, constants: readonly ModuleConstant[]): ResolvedHost | null {
  const handed = entry.noBindWith;
  const keywords = call.arguments.flatMap((a) => (a.keyword === null ? [] : [a.keyword]));
  if (handed && keywords.some((k) => handed.keywords.includes(k)) && !keywords.some((k) => handed.unlessKeywords.includes(k))) return null;
  for (const locator of entry.host) {
    const value = locate(locator, call);
    if (value !== undefined) return resolveHost(value, constants);
  }
  if (entry.requiresHostArgument || entry.defaultHost === undefined || entry.defaultHost === null) return null;
  return { value: entry.defaultHost, constant: null, fromDefault: true };
}

/** A known network call's entry: where its URL is, and whether it only builds a request (`urllib.request.Request`). */
export function networkCallOf(qualifiedCallee: string): NetworkCall | null {
  return networkTable.entries.find((e) => e.name === qualifiedCallee) ?? null;
}

type NetworkCall = (typeof networkTable.entries)[number];

export const PROXY_KEYWORDS: ReadonlySet<string> = new Set(networkTable.proxyKeywords);
export const OPENERS: readonly string[] = networkTable.openers;

/** The host an outgoing call connects to (from a URL or host argument), or null when unknown. */
export function connectHost(call: CallShape, constants: readonly ModuleConstant[]): ResolvedHost | null | undefined {
  const entry = networkCallOf(call.qualifiedCallee);
  if (!entry) return undefined;
  for (const locator of entry.url ?? []) {
    const value = locate(locator, call);
    if (value === undefined) continue;
    const resolved = resolveHost(value, constants) ?? resolveUrlPrefix(value, constants);
    if (!resolved) return null;
    const host = networkHostOfUrl(resolved.value);
    return host === null ? null : { ...resolved, value: host };
  }
  for (const locator of entry.host ?? []) {
    const value = locate(locator, call);
    if (value !== undefined) return resolveHost(value, constants);
  }
  return null;
}

/** `https://api.example.com:8443/x` → `api.example.com`; null when not an absolute URL (any scheme). */
export function hostOfUrl(url: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url.trim())?.[1];
  if (authority === undefined) return null;
  // `http://user:pass@host/`: the host follows the last `@` (`http://example.com:@{url}` names none).
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const match = /^(\[[^\]]+\]|[^:]+)/.exec(hostPort);
  return match ? match[1].replace(/^\[|\]$/g, '') : null;
}

const NETWORK_SCHEMES: ReadonlySet<string> = new Set(networkTable.networkSchemes);

/**
 * The host a client connects to for this URL: as `hostOfUrl`, for the schemes that open a connection
 * (`invalid://example.org` raises before any lookup).
 */
export function networkHostOfUrl(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1].toLowerCase();
  return scheme && NETWORK_SCHEMES.has(scheme) ? hostOfUrl(url) : null;
}

/** `arg0.item0`, `arg1`, `kw:host`, `kw:address.item0` → the argument value, or undefined when absent. */
function locate(locator: string, call: CallShape): ArgumentValue | undefined {
  const [where, item] = locator.split('.');
  const positional = call.arguments.filter((a) => a.keyword === null);
  const argument = where.startsWith('kw:') ? call.arguments.find((a) => a.keyword === where.slice(3)) : positional[Number(where.slice(3))];
  if (!argument) return undefined;
  if (!item) return argument.value;
  if (argument.value.kind !== 'tuple') return argument.value.kind === 'name' ? argument.value : undefined;
  return argument.value.items[Number(item.slice(4))];
}

/**
 * The fixed start of a URL built at run time: `API_URL + path` or `f'{API}/repos/{repo}'` with a
 * module constant in front, or `f'https://host/{x}'`. Its host is the call's host.
 */
function resolveUrlPrefix(value: ArgumentValue, constants: readonly ModuleConstant[]): ResolvedHost | null {
  if (value.kind !== 'other') return null;
  const text = value.text.trim();
  const head = /^([A-Za-z_]\w*)\s*\+/.exec(text)?.[1] ?? /^[rR]?[fF][rR]?(['"]{1,3})\{([A-Za-z_]\w*)\}/.exec(text)?.[2];
  if (head) return resolveHost({ kind: 'name', name: head }, constants);
  const literal = /^[rR]?[fF][rR]?(['"]{1,3})([^{'"]*)/.exec(text)?.[2];
  return literal && hostOfUrl(literal) !== null ? { value: literal, constant: null, fromDefault: false } : null;
}

function resolveHost(value: ArgumentValue, constants: readonly ModuleConstant[]): ResolvedHost | null {
  if (value.kind === 'string') return { value: value.value, constant: null, fromDefault: false };
  if (value.kind === 'name') {
    const constant = constants.find((c) => c.name === value.name);
    if (constant?.value.kind === 'string') return { value: constant.value.value, constant, fromDefault: false };
    if (constant?.value.kind === 'tuple' && constant.value.items[0]?.kind === 'string') {
      return { value: constant.value.items[0].value, constant, fromDefault: false };
    }
  }
  return null;
}
