/**
 * FL203: TLS certificate verification turned off for a connection to a non-loopback host the file
 * names. Reads `knowledge/tls-verification.json` and the clients of `network-calls.json`; a connection whose host is
 * unknown, loopback, intercepted or only asserted on a mock is not reported.
 */
import { CLIENT_METHODS, clientMadeBy, connectHost, hostOfUrl, isLoopback, type ClientEntry } from '../analysis/endpoints';
import type { ArgumentValue, CallSite } from '../model/syntax';
import type { Evidence, Point, Span } from '../model/types';
import table from '../knowledge/tls-verification.json';
import { argumentAt, assignmentOf, hostOfUrlValue, isBefore, isInsideMockAssertion, isInterceptedAt, qualify, receiverOriginOf, resolveString } from './local-values';
import { Rule, RuleContext, RuleHit, evidenceAt, isWanted } from './rule';

interface ContextConsumer {
  readonly name?: string;
  readonly method?: string;
  readonly context: string;
  readonly host?: readonly string[];
  readonly url?: readonly string[];
}

const CONSUMERS: readonly ContextConsumer[] = table.contexts.consumers;
/** `.method` per consumer, spelled once rather than for every call of every file. */
const CONSUMER_SUFFIXES: readonly string[] = CONSUMERS.map((c) => `.${c.method}`);
const DISABLED: ReadonlySet<string> = new Set(table.disabledValues);

/** Where verification is switched off: the span to report and what it says. */
interface Disabling {
  readonly span: Span;
  readonly how: string;
  /** Rows of the steps, in order (context creation, `check_hostname = False`, …). */
  readonly rows: readonly number[];
}

/** A connection the file makes: the call, its host and where its verification was switched off. */
interface Connection {
  readonly call: CallSite;
  readonly what: string;
  /** The client call as interceptors see it (`requests.get`, `requests.Session.get`). */
  readonly client: string;
  readonly host: string;
  readonly hostRows: readonly number[];
  readonly disabling: Disabling;
}

export const fl203TlsVerificationDisabled: Rule = {
  id: 'FL203',
  title: 'TLS verification disabled toward a non-loopback host',
  defaultSeverity: 'warning',
  explanation: [
    'A test connects to a host other than this machine with certificate verification turned off:',
    '`verify=False` on a requests or HTTPX call or client, `session.verify = False`,',
    '`cert_reqs="CERT_NONE"` on urllib3, or an SSL context from `ssl._create_unverified_context()` or',
    'with `check_hostname = False` / `verify_mode = ssl.CERT_NONE`, used for that connection.',
    '',
    '**Why it matters.** Without verification anyone on the path (the CI provider\'s network, a shared',
    'runner, a compromised resolver) can answer in the server\'s place. The test then passes or fails on',
    'an attacker\'s data, and any credential it sends (tokens, basic auth) goes to the attacker. Test',
    'doubles are safe because they never leave the process; this connection does (condition A of the',
    'argument holds).',
    '',
    '**How to fix.** Point the test at an in-process double (requests-mock, responses, respx,',
    'wsgi-intercept) or at a loopback server; if the real host is the point of the test, keep',
    'verification on and pass the CA bundle (`verify="/path/to/ca.pem"`,',
    '`ssl.create_default_context(cafile=...)`).',
    '',
    '**Not reported.** `verify=False` toward `localhost`/`127.0.0.1` (a self-signed test server), a',
    'host the file does not name, a call made while an HTTP interceptor covers it (the same judgement',
    'as FL202: requests-mock, responses, respx, a patched client, an autouse fixture in a covering',
    '`conftest.py`), and `verify=False` inside a mock assertion (`assert_called_with(...)`).',
    '`urllib3.disable_warnings()` alone changes nothing and is not a finding.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const hits = new Map<string, RuleHit>();
    for (const connection of connections(context)) {
      const { call, disabling } = connection;
      const key = `${disabling.span.start.row}:${disabling.span.start.column}`;
      if (hits.has(key) || isLoopback(connection.host)) continue;
      if (isInsideMockAssertion(context, call) || isInterceptedAt(context, call.span.start, { callee: connection.client, host: connection.host })) continue;
      const evidence: Evidence[] = [...new Set([...disabling.rows, call.span.start.row, ...connection.hostRows])].map((row) => evidenceAt(context, row, 'transport'));
      hits.set(key, {
        span: disabling.span,
        message: `TLS verification disabled (${disabling.how}) for ${connection.what} to ${connection.host} (line ${call.span.start.row + 1}): anyone on the network path can answer in its place; use an in-process double or keep verification on with the right CA bundle`,
        evidence,
      });
    }
    return [...hits.values()];
  },
};

function* connections(context: RuleContext): Generator<Connection> {
  for (const call of context.calls) {
    if (!isWanted(context, call.span.start.row)) continue;
    yield* directCall(context, call);
    yield* clientCall(context, call);
    yield* contextCall(context, call);
  }
}

/** `requests.get(url, verify=False)`, `httpx.post(..., verify=False)`: calls the network table knows. */
function* directCall(context: RuleContext, call: CallSite): Generator<Connection> {
  const direct = table.directCalls.find((d) => call.qualifiedCallee.startsWith(d.prefix));
  if (!direct || connectHost(call, context.constants) === undefined) return;
  const argument = call.arguments.find((a) => a.keyword === direct.keyword);
  if (!argument || !isDisabled(context, argument.value)) return;
  const host = callHost(context, call);
  if (host) yield { call, what: call.qualifiedCallee, client: call.qualifiedCallee, ...host, disabling: { span: argument.span, how: `${argument.keyword}=${describe(argument.value)}`, rows: [] } };
}

/** Clients that carry the setting: a constructor keyword or attribute, used by a method or by the constructor's own host. */
function* clientCall(context: RuleContext, call: CallSite): Generator<Connection> {
  const factory = clientMadeBy(call.qualifiedCallee);
  if (factory) {
    // The constructor names its host: `HTTPSConnectionPool('host', cert_reqs=...)`, `httpx.Client(base_url=...)`.
    const disabled = constructorDisabling(context, factory, call);
    const host = locatedHost(context, call, { host: factory.host, url: factory.url ?? factory.baseUrl });
    if (disabled && host) yield { call, what: factory.what, client: call.qualifiedCallee, ...host, disabling: disabled };
    return;
  }
  const dot = call.callee.lastIndexOf('.');
  if (dot < 0) return;
  const receiver = call.callee.slice(0, dot);
  const method = call.callee.slice(dot + 1);
  if (!CLIENT_METHODS.has(method)) return;
  const origin = receiverOriginOf(context, call);
  if (!origin) return;
  const client = clientMadeBy(origin.qualifiedCallee);
  const urlLocators = client?.methods?.[method];
  if (!client || !urlLocators) return;
  let disabling: Disabling | null = null;
  const keyword = client.methodKeyword ? call.arguments.find((a) => a.keyword === client.methodKeyword) : undefined;
  if (keyword) {
    if (!isDisabled(context, keyword.value)) return;
    disabling = { span: keyword.span, how: `${keyword.keyword}=${describe(keyword.value)}`, rows: [] };
  }
  if (!disabling && client.attribute && /^[\w.]+$/.test(receiver)) {
    const setting = assignmentOf(context, `${receiver}.${client.attribute}`, call.span.start);
    if (setting && isDisabled(context, setting.value)) disabling = { span: setting.span, how: `${receiver}.${client.attribute} = ${describe(setting.value)}`, rows: [] };
  }
  disabling ??= constructorDisabling(context, client, origin);
  if (!disabling) return;
  let host = locatedHost(context, call, { url: urlLocators });
  if (!host && client.baseUrl) host = locatedHost(context, origin, { url: client.baseUrl });
  if (host) yield { call, what: `${client.what} ${method}()`, client: `${origin.qualifiedCallee}.${method}`, ...host, disabling };
}

/** `urlopen(url, context=ctx)`, `HTTPSConnection(host, context=ssl._create_unverified_context())`, `ctx.wrap_socket(s, server_hostname=h)`. */
function* contextCall(context: RuleContext, call: CallSite): Generator<Connection> {
  const consumer = CONSUMERS.find((c, i) => (c.name ? c.name === call.qualifiedCallee : call.callee.endsWith(CONSUMER_SUFFIXES[i])));
  if (!consumer) return;
  let contextValue: ArgumentValue | undefined;
  let contextSpan: Span | undefined;
  if (consumer.context === 'receiver') {
    contextValue = { kind: 'name', name: call.callee.slice(0, call.callee.lastIndexOf('.')) };
  } else {
    const argument = argumentAt(call, [consumer.context]);
    contextValue = argument?.value;
    contextSpan = argument?.span;
  }
  if (!contextValue) return;
  const disabling = weakenedContext(context, contextValue, contextSpan ?? call.calleeSpan, call.span.start);
  if (!disabling) return;
  const host = locatedHost(context, call, { host: consumer.host, url: consumer.url });
  if (host) yield { call, what: call.qualifiedCallee, client: call.qualifiedCallee, ...host, disabling };
}

/** An SSL context that verifies nothing: unverified by construction, or weakened by assignment before `at`. */
function weakenedContext(context: RuleContext, value: ArgumentValue, span: Span, at: Point): Disabling | null {
  if (value.kind === 'call') {
    const callee = qualify(context, value.callee);
    return table.contexts.unverified.includes(callee) ? { span, how: `${callee}()`, rows: [] } : null;
  }
  if (value.kind !== 'name' || !/^[\w.]+$/.test(value.name)) return null;
  const created = assignmentOf(context, value.name, at);
  if (created?.value.kind !== 'call') return null;
  const factory = qualify(context, created.value.callee);
  if (table.contexts.unverified.includes(factory)) return { span: created.valueSpan, how: `${factory}()`, rows: [created.span.start.row] };
  if (!table.contexts.factories.includes(factory)) return null;
  const steps = table.contexts.weakening.flatMap((w) => {
    const setting = assignmentOf(context, `${value.name}.${w.attribute}`, at);
    if (!setting || !isBefore(created.span.start, setting.span.start)) return [];
    const written = setting.value.kind === 'name' ? qualify(context, setting.value.name) : setting.value.kind === 'number' ? String(setting.value.value) : null;
    return written !== null && w.values.includes(written) ? [{ setting, how: `${w.attribute} = ${describe(setting.value)}` }] : [];
  });
  if (steps.length === 0) return null;
  steps.sort((a, b) => a.setting.span.start.row - b.setting.span.start.row);
  return { span: steps[0].setting.span, how: steps.map((s) => s.how).join(', '), rows: [created.span.start.row, ...steps.map((s) => s.setting.span.start.row)] };
}

/** The constructor keyword that disables verification (`httpx.Client(verify=False)`), if any. */
function constructorDisabling(context: RuleContext, client: ClientEntry, factoryCall: CallSite): Disabling | null {
  if (!client.keyword) return null;
  const argument = factoryCall.arguments.find((a) => a.keyword === client.keyword);
  return argument && isDisabled(context, argument.value) ? { span: argument.span, how: `${argument.keyword}=${describe(argument.value)}`, rows: [] } : null;
}

/** The host of a call from the network table, or its URL/host argument followed through local names. */
function callHost(context: RuleContext, call: CallSite): { host: string; hostRows: number[] } | null {
  const known = connectHost(call, context.constants);
  if (known) return { host: known.value, hostRows: known.constant ? [known.constant.line - 1] : [] };
  const url = argumentAt(call, ['arg0', 'kw:url']);
  const followed = url ? hostOfUrlValue(context, url.value, call.span.start) : null;
  return followed ? { host: followed.host, hostRows: [...followed.via] } : null;
}

function locatedHost(context: RuleContext, call: CallSite, where: { host?: readonly string[]; url?: readonly string[] }): { host: string; hostRows: number[] } | null {
  const url = where.url ? argumentAt(call, where.url) : undefined;
  if (url) {
    const followed = hostOfUrlValue(context, url.value, call.span.start);
    if (followed) return { host: followed.host, hostRows: [...followed.via] };
  }
  const host = where.host ? argumentAt(call, where.host) : undefined;
  if (host) {
    const resolved = resolveString(context, host.value, call.span.start);
    if (resolved && resolved.value !== '' && hostOfUrl(resolved.value) === null) return { host: resolved.value, hostRows: [...resolved.via] };
  }
  return null;
}

function isDisabled(context: RuleContext, value: ArgumentValue): boolean {
  if (value.kind === 'name') return DISABLED.has(value.name) || DISABLED.has(qualify(context, value.name));
  if (value.kind === 'number') return value.value === 0;
  if (value.kind === 'string') return DISABLED.has(value.value);
  return false;
}

function describe(value: ArgumentValue): string {
  switch (value.kind) {
    case 'name':
      return value.name;
    case 'number':
      return String(value.value);
    case 'string':
      return JSON.stringify(value.value);
    default:
      return '…';
  }
}

