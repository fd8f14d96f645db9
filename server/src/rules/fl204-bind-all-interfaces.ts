/**
 * FL204: a test server or socket bound to all interfaces. Only real binds and server
 * constructions from the knowledge table count, never a config string such as `my_ip='0.0.0.0'`.
 */
import { bindEntryFor, bindHost, isAllInterfaces, type CallShape } from '../analysis/endpoints';
import type { CallSite } from '../model/syntax';
import type { Evidence } from '../model/types';
import { assignmentOf, assignmentOfCall, innermostFunction, isBefore } from './local-values';
import { Rule, RuleContext, RuleHit, evidenceAt, isWanted } from './rule';

export const fl204BindAllInterfaces: Rule = {
  id: 'FL204',
  title: 'Test server or socket bound to all interfaces',
  defaultSeverity: 'warning',
  explanation: [
    'A test starts a server or binds a socket on every interface (`0.0.0.0`, `::` or an empty host).',
    '',
    '**Why it matters.** While the test runs, anything that can reach the machine (the CI network, a',
    'shared developer LAN, a cloud runner with a public address) can reach the test server. Test servers',
    'run with fake authentication and debug settings, so this is the one case where a test double is',
    'reachable from outside (condition A of the argument holds).',
    '',
    '**How to fix.** Bind `127.0.0.1` (or `::1`) and port `0`, and read the chosen port back from the',
    'socket. In-process clients (wsgi-intercept, test clients, httpx ASGI transports) need no socket.',
    '',
    '**Not reported.** A config string (`my_ip=\'0.0.0.0\'`) is not a bind; a server handed a socket or',
    'a Unix path and no host or port (`web.run_app(app, sock=s)`) binds nothing itself; an object that',
    'binds when started (an aiohttp `TCPSite`) is reported only where the file starts it.',
    '',
    '**False positives.** A test that runs only inside an isolated network namespace or container',
    'may bind all interfaces on purpose: suppress with `# fixture-lens: ignore[FL204] <why>`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const hits: RuleHit[] = [];
    for (const call of context.calls) {
      if (!isWanted(context, call.span.start.row)) continue;
      const shape = withLocalTuples(context, call);
      const entry = bindEntryFor(shape);
      if (!entry || (entry.bindsOn && !isStartedLater(context, call, entry.bindsOn))) continue;
      const host = bindHost(entry, shape, context.constants);
      if (!host || !isAllInterfaces(host.value)) continue;
      const shown = host.value === '' ? "'' (empty host)" : `'${host.value}'`;
      const evidence: Evidence[] = [evidenceAt(context, call.span.start.row, 'transport')];
      if (host.constant) evidence.push(evidenceAt(context, host.constant.line - 1, 'transport'));
      const how = host.fromDefault ? `when no host is given (${entry.source})` : host.constant ? `through ${host.constant.name}` : '';
      hits.push({
        span: call.calleeSpan,
        message: `${sentenceStart(entry.what)} binds all interfaces ${shown}${how ? ` ${how}` : ''}: the test server is reachable from the network while the test runs; bind 127.0.0.1`,
        evidence,
      });
    }
    return hits;
  },
};

/**
 * The call with each argument that names a tuple bound earlier in its function replaced by that
 * tuple (`address = ('', port)`, then `TCPServer(address, …)` or `sock.bind(address)`).
 */
function withLocalTuples(context: RuleContext, call: CallSite): CallShape {
  if (!call.arguments.some((a) => a.value.kind === 'name')) return call;
  const args = call.arguments.map((a) => {
    if (a.value.kind !== 'name' || !/^\w+$/.test(a.value.name)) return a;
    const bound = assignmentOf(context, a.value.name, call.span.start);
    return bound?.value.kind === 'tuple' ? { ...a, value: bound.value } : a;
  });
  return { callee: call.callee, qualifiedCallee: call.qualifiedCallee, arguments: args };
}

/**
 * Whether the object a call makes is bound by `method` later (`site = web.TCPSite(runner); await
 * site.start()`): in the same function, or anywhere in the file for an attribute of `self`. A site
 * made and never started, or handed elsewhere, binds nothing this file shows.
 */
function isStartedLater(context: RuleContext, call: CallSite, method: string): boolean {
  const made = assignmentOfCall(context, call);
  if (!made) return false;
  const where = innermostFunction(context, call.span.start);
  return context.calls.some(
    (c) => c.callee === `${made.target}.${method}` && isBefore(call.span.start, c.span.start) && (made.target.startsWith('self.') || innermostFunction(context, c.span.start) === where),
  );
}

/** `the socket` opens a sentence as `The socket`; a dotted name (`uvicorn.run`) stays as written. */
function sentenceStart(subject: string): string {
  return subject.startsWith('the ') ? `T${subject.slice(1)}` : subject;
}
