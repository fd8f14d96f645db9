/**
 * FL202: test code reaches a real network host with no interceptor active for that call: an
 * outgoing call (network-calls table) to a literal non-loopback host, or a double whose code
 * connects to the network, used where no requests-mock / responses / respx / … covers it.
 */
import { CLIENT_METHODS, clientMadeBy, connectHost, isAllInterfaces, isLoopback, networkCallOf, OPENERS, PROXY_KEYWORDS, type ClientEntry } from '../analysis/endpoints';
import { coversEveryHost, familyOf, interceptorCovers, isAwsHost } from '../analysis/interceptors';
import type { CallSite, FunctionDef } from '../model/syntax';
import type { Evidence, Interceptor, Point, TestDouble } from '../model/types';
import { factEvidence, onePerRow, ref, subjectOf, useSiteSpan } from './double-hints';
import { argumentAt, assignmentOf, assignmentOfCall, hostOfUrlValue, innermostFunction, isBefore, receiverOriginOf, spanContains } from './local-values';
import { Rule, RuleContext, RuleHit, evidenceAt, isWanted } from './rule';

/** Methods that run before every test of their class. */
const CLASS_SETUP = /^(setUp|_setUp|setUpClass|setup_method|setup_class|asyncSetUp|setUpTestData)$/;
/** Kinds whose network transport comes from listening, not connecting (FL204's business). */
const SERVER_KINDS: ReadonlySet<string> = new Set(['network-server', 'loopback-server']);
/** Names that never resolve on the public internet (RFC 6761, RFC 2606). */
const RESERVED_SUFFIXES = ['.test', '.invalid', '.localhost', '.example'];

export const fl202RealNetworkHost: Rule = {
  id: 'FL202',
  title: 'Test reaches a real network host',
  defaultSeverity: 'warning',
  explanation: [
    'A test (or a fixture or helper it uses) connects to a real host: `requests`, `httpx`, `urllib`,',
    '`http.client`, `smtplib`, `ftplib` or `socket.create_connection` with a literal non-loopback host,',
    'and no interceptor is active for that call in its scope: no `requests_mock` / `responses` (for',
    '`requests`), `respx` (for `httpx`), HTTPretty or vcrpy, no patch of the called function, no',
    'autouse fixture in a covering `conftest.py` that installs one. moto covers AWS endpoints only, and',
    'wsgi-intercept only the host it is given.',
    '',
    '**Why it matters.** This is the case where a test double is not a double: the test sends whatever',
    'it sends (tokens, payloads, the CI host\'s identity) to a service outside the repository, depends',
    'on that service being up, and trusts its answers. A compromised or look-alike host can feed the',
    'test data; a leaked token in the request reaches a real server.',
    '',
    '**How to fix.** Register the URL with `requests_mock`/`responses`/`respx` (they fail closed on',
    'unregistered URLs), or mark the test as an integration test that runs only where egress is',
    'intended, with credentials scoped to it.',
    '',
    '**False positives.** Hosts built at run time are not followed (the rule stays silent rather than',
    'guessing). An interceptor installed in a way the analysis cannot see (a plugin configured outside',
    'the code) is not known: suppress with `# fixture-lens: ignore[FL202] <what intercepts it>`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const calls = context.calls.flatMap((call) => (isWanted(context, call.span.start.row) ? outgoing(call, context) : []));
    const connecting = context.doubles.filter((d) => isWanted(context, d.span.start.row) && isConnectingDouble(d));
    if (calls.length === 0 && connecting.length === 0) return [];
    const interceptors = context.interceptors();
    // Helpers and fixtures run for the tests that use them: in a file with tests and no interceptor
    // they reach the host; elsewhere (support modules, files that intercept) FL202 is reported where
    // a test uses them, through the double's transport.
    const hasTests = context.functions.some((f) => f.name.startsWith('test'));
    const reportsHelpers = hasTests && interceptors.length === 0;
    const hits: RuleHit[] = [];
    for (const { call, callee, host, hostEvidence } of calls) {
      const where = scopeAt(context.functions, call.span.start);
      const active = activeIn(interceptors, where, call.span.start.row);
      const request = { callee, host };
      if (active.some((i) => interceptorCovers(i, request))) continue;
      if (!isReported(where, context, reportsHelpers)) continue;
      const notes = [...new Set(active.map((i) => `${i.title} (${ref(i.evidence)}) ${whyNot(i, request)}`))];
      hits.push({
        span: call.calleeSpan,
        message: `${call.callee} reaches ${host}, ${kindOfHost(host)}, with no interceptor active for it in ${where.label}${notes.length ? ` (${notes.join('; ')})` : ''}: the request leaves the machine${host === METADATA_ADDRESS ? ' (on a cloud CI runner, its metadata service hands out the runner\'s credentials)' : ''}`,
        evidence: [evidenceAt(context, call.span.start.row, 'transport'), ...hostEvidence],
        related: active.map((i) => i.evidence),
      });
    }
    for (const double of connecting) {
      const where = scopeOfDouble(double, context.functions);
      const active = activeIn(interceptors, where, double.span.start.row);
      if (active.some(coversEveryHost)) continue;
      if (!isReported(where, context, reportsHelpers)) continue;
      const evidence = factEvidence(double, 'transport');
      const first = evidence[0];
      hits.push({
        span: useSiteSpan(context, double),
        message: `${subjectOf(double, context)} connects to the network (${ref(first)}: \`${first.text}\`) with no interceptor active in ${where.label}: the request leaves the machine`,
        evidence,
        related: [...evidence, ...active.map((i) => i.evidence)],
      });
    }
    return onePerRow(hits);
  },
};

interface Outgoing {
  readonly call: CallSite;
  /** Qualified: `requests.get`, or `requests.Session.get` for a session's method. */
  readonly callee: string;
  readonly host: string;
  readonly hostEvidence: Evidence[];
}

/**
 * A call from the network table, or a method of a client object (`session.get(url)`), whose host is
 * a literal, non-loopback, resolvable name or address.
 */
function outgoing(call: CallSite, context: RuleContext): Outgoing[] {
  // Through a proxy the connection goes to the proxy; with `**kwargs` a proxy may be among them.
  if (call.arguments.some((a) => (a.keyword !== null && PROXY_KEYWORDS.has(a.keyword)) || (a.keyword === null && a.value.kind === 'other' && a.value.text.startsWith('**')))) return [];
  const resolved = connectHost(call, context.constants);
  const found = resolved === undefined ? clientRequest(call, context) : resolved ? { callee: call.qualifiedCallee, host: resolved.value, hostRows: resolved.constant ? [resolved.constant.line - 1] : [] } : localUrlRequest(call, context);
  if (!found || familyOf(found.callee) === null) return [];
  if (networkCallOf(call.qualifiedCallee)?.buildsOnly && !isHandedToAnOpener(context, call)) return [];
  const host = found.host.toLowerCase();
  // Connecting to 0.0.0.0 or :: reaches this machine, like loopback.
  if (!host || isLoopback(host) || isAllInterfaces(host) || !isPublicName(host)) return [];
  return [{ call, callee: found.callee, host, hostEvidence: found.hostRows.map((row) => evidenceAt(context, row, 'transport')) }];
}

/**
 * A request through a client object the file makes (`s = requests.Session()`, `with httpx.Client(base_url=...) as c`):
 * `requests.Session.get` to the URL's host, or the constructor's base URL's for a relative one. A client
 * handed a transport, an app or an adapter sends its requests there: unknown, not reported.
 */
function clientRequest(call: CallSite, context: RuleContext): { callee: string; host: string; hostRows: number[] } | null {
  const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
  if (!call.callee.includes('.') || !CLIENT_METHODS.has(method)) return null;
  const origin = receiverOriginOf(context, call);
  const client = origin ? clientMadeBy(origin.qualifiedCallee) : null;
  const urlAt = client?.methods?.[method];
  if (!origin || !client || !urlAt || isRerouted(context, client, origin, call)) return null;
  const url = argumentAt(call, urlAt);
  let found = url ? hostOfUrlValue(context, url.value, call.span.start) : null;
  const base = !found && client.baseUrl ? argumentAt(origin, client.baseUrl) : undefined;
  if (base) found = hostOfUrlValue(context, base.value, origin.span.start);
  return found ? { callee: `${client.factories[0]}.${method}`, host: found.host, hostRows: [...found.via] } : null;
}

/** A known call whose URL is a local name or an f-string of one (`url = 'https://…'; requests.get(url)`). */
function localUrlRequest(call: CallSite, context: RuleContext): { callee: string; host: string; hostRows: number[] } | null {
  const locators = networkCallOf(call.qualifiedCallee)?.url;
  const url = locators ? argumentAt(call, locators) : undefined;
  const found = url ? hostOfUrlValue(context, url.value, call.span.start) : null;
  return found ? { callee: call.qualifiedCallee, host: found.host, hostRows: [...found.via] } : null;
}

/**
 * A request object is sent when an opener gets it: inline (`urlopen(Request(url))`) or through the
 * name it was bound to (`req = Request(url)`, then `opener.open(req)`) later in the same function.
 */
function isHandedToAnOpener(context: RuleContext, request: CallSite): boolean {
  const isOpener = (c: CallSite): boolean => OPENERS.some((name) => c.callee === name || c.callee.endsWith(`.${name}`));
  if (context.calls.some((c) => c !== request && isOpener(c) && c.arguments.some((a) => spanContains(a.span, request.span)))) return true;
  const bound = assignmentOfCall(context, request);
  if (!bound) return false;
  const where = innermostFunction(context, request.span.start);
  return context.calls.some(
    (c) => isOpener(c) && isBefore(request.span.start, c.span.start) && innermostFunction(context, c.span.start) === where && c.arguments.some((a) => a.value.kind === 'name' && a.value.name === bound.target),
  );
}

/** `httpx.Client(transport=...)`, `session.mount(...)` or `session.send = …` between the client's making and the call. */
function isRerouted(context: RuleContext, client: ClientEntry, origin: CallSite, call: CallSite): boolean {
  const rerouted = client.reroutedBy;
  if (!rerouted) return false;
  if (origin.arguments.some((a) => a.keyword !== null && rerouted.keywords.includes(a.keyword))) return true;
  const receiver = call.callee.slice(0, call.callee.lastIndexOf('.'));
  const replaced = (rerouted.attributes ?? []).some((attribute) => {
    const assignment = assignmentOf(context, `${receiver}.${attribute}`, call.span.start);
    return assignment !== null && isBefore(origin.span.start, assignment.span.start);
  });
  if (replaced) return true;
  return context.calls.some(
    (c) => rerouted.methods.some((m) => c.callee === `${receiver}.${m}`) && isBefore(origin.span.start, c.span.start) && isBefore(c.span.start, call.span.start) && receiverOriginOf(context, c) === origin,
  );
}

/** The cloud instance-metadata address (AWS, GCP, Azure, OpenStack). */
const METADATA_ADDRESS = '169.254.169.254';

/** What kind of destination a host is, for the message: most are real hosts on the internet. */
function kindOfHost(host: string): string {
  if (host === METADATA_ADDRESS) return 'the cloud instance-metadata address';
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host)?.slice(1).map(Number);
  if (octets) {
    const [a, b] = octets;
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'an address on a private network';
    if (a === 169 && b === 254) return 'a link-local address';
  }
  return 'a real host';
}

/**
 * Dotted names and addresses; single-label names (`testserver`), reserved suffixes and names whose
 * last label cannot be a top-level domain (`i.b`: every TLD has two letters or more) never resolve.
 */
function isPublicName(host: string): boolean {
  if (host.includes(':')) return true; // IPv6 literal
  if (!host.includes('.')) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return false;
  return !RESERVED_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

function isConnectingDouble(double: TestDouble): boolean {
  return double.facts.transport === 'network' && !SERVER_KINDS.has(double.kind) && double.form !== 'base-class' && factEvidence(double, 'transport').length > 0;
}

interface Where {
  /** `Class.method`, `function` or `<module>`. */
  readonly scope: string;
  readonly className: string | null;
  readonly role: 'test' | 'setup' | 'helper' | 'module';
  readonly label: string;
}

/** The outermost function around a position: nested closures run as part of it. */
function scopeAt(functions: readonly FunctionDef[], at: Point): Where {
  const containing = functions.filter((f) => contains(f, at)).sort((a, b) => a.span.start.row - b.span.start.row || a.span.start.column - b.span.start.column);
  const outer = containing[0];
  if (!outer) return { scope: '<module>', className: null, role: 'module', label: 'module code' };
  return whereOf(outer.name, outer.className);
}

function scopeOfDouble(double: TestDouble, functions: readonly FunctionDef[]): Where {
  if (double.scope === '<module>') return { scope: '<module>', className: null, role: 'module', label: 'module code' };
  const [first, second] = double.scope.split('.');
  if (second) return whereOf(second, first);
  const isClass = !functions.some((f) => f.name === first && f.className === null);
  return isClass ? { scope: first, className: first, role: 'setup', label: `class ${first}` } : whereOf(first, null);
}

function whereOf(name: string, className: string | null): Where {
  const scope = className ? `${className}.${name}` : name;
  const role = name.startsWith('test') ? 'test' : CLASS_SETUP.test(name) ? 'setup' : 'helper';
  return { scope, className, role, label: role === 'test' ? `test ${scope}` : scope };
}

function contains(fn: FunctionDef, at: Point): boolean {
  const { start, end } = fn.span;
  const afterStart = at.row > start.row || (at.row === start.row && at.column >= start.column);
  const beforeEnd = at.row < end.row || (at.row === end.row && at.column <= end.column);
  return afterStart && beforeEnd;
}

/** Interceptors in effect at `row` of a scope: the scope's own, its class's, the file's. */
function activeIn(interceptors: readonly Interceptor[], where: Where, row: number): Interceptor[] {
  return interceptors.filter(
    (i) => (i.scope === where.scope || (where.className !== null && i.scope === where.className) || i.scope === '<module>') && (!i.rows || (row >= i.rows.start && row <= i.rows.end)),
  );
}

/** Tests, and setup of classes that have tests, always; other code only when `reportsHelpers`. */
function isReported(where: Where, context: RuleContext, reportsHelpers: boolean): boolean {
  if (where.role === 'test') return true;
  if (where.role === 'setup' && where.className !== null && context.functions.some((f) => f.className === where.className && f.name.startsWith('test'))) return true;
  return reportsHelpers;
}

function whyNot(interceptor: Interceptor, request: { callee: string; host: string }): string {
  if (interceptor.id === 'patch') return `does not cover ${request.callee}`;
  if (interceptor.id === 'moto' && !isAwsHost(request.host)) return 'fakes AWS endpoints only and passes other hosts through';
  if (interceptor.id === 'wsgi-intercept') return 'intercepts only the host registered with it';
  return `does not intercept ${familyOf(request.callee) ?? request.callee}`;
}
