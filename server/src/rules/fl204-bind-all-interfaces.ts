/**
 * FL204: a test server or socket bound to all interfaces. Only real binds and server
 * constructions from the knowledge table count, never a config string such as `my_ip='0.0.0.0'`.
 */
import bindTable from '../knowledge/server-binds.json';
import type { ArgumentValue, CallSite, ModuleConstant } from '../model/syntax';
import type { Evidence } from '../model/types';
import { evidenceAt, type Rule, type RuleContext, type RuleHit } from './rule';

interface BindEntry {
  readonly name: string;
  readonly match: string;
  readonly host: readonly string[];
  readonly defaultHost?: string | null;
  readonly requiresTuple?: boolean;
  readonly requiresHostArgument?: boolean;
  readonly what: string;
  readonly source: string;
}

const ENTRIES: readonly BindEntry[] = bindTable.entries;
const ALL_INTERFACES: ReadonlySet<string> = new Set(bindTable.allInterfaces);

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
    '**False positives.** A test that runs only inside an isolated network namespace or container',
    'may bind all interfaces on purpose: suppress with `# fixture-lens: ignore[FL204] <why>`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const hits: RuleHit[] = [];
    for (const call of context.calls) {
      const entry = ENTRIES.find((e) => matchesEntry(e, call));
      if (!entry) continue;
      const host = hostOf(entry, call, context.constants);
      if (!host || !ALL_INTERFACES.has(host.value)) continue;
      const shown = host.value === '' ? "'' (empty host)" : `'${host.value}'`;
      const evidence: Evidence[] = [evidenceAt(context, call.span.start.row, 'transport')];
      if (host.constant) evidence.push(evidenceAt(context, host.constant.line - 1, 'transport'));
      const how = host.fromDefault ? `by default (${entry.source})` : host.constant ? `through ${host.constant.name}` : '';
      hits.push({
        span: call.calleeSpan,
        message: `${entry.what} binds all interfaces ${shown}${how ? ` ${how}` : ''}: the test server is reachable from the network while the test runs; bind 127.0.0.1`,
        evidence,
      });
    }
    return hits;
  },
};

function matchesEntry(entry: BindEntry, call: CallSite): boolean {
  if (entry.match === 'qualified') return call.qualifiedCallee === entry.name;
  if (!call.callee.endsWith(`.${entry.name}`)) return false;
  if (entry.requiresTuple) {
    const first = call.arguments.find((a) => a.keyword === null);
    if (first?.value.kind !== 'tuple') return false;
  }
  return true;
}

interface ResolvedHost {
  readonly value: string;
  readonly constant: ModuleConstant | null;
  readonly fromDefault: boolean;
}

/** The host a call binds, from its arguments, a module constant, or the library's default. */
function hostOf(entry: BindEntry, call: CallSite, constants: readonly ModuleConstant[]): ResolvedHost | null {
  for (const locator of entry.host) {
    const value = locate(locator, call);
    if (value === undefined) continue;
    return resolve(value, constants);
  }
  if (entry.requiresHostArgument || entry.defaultHost === undefined || entry.defaultHost === null) return null;
  return { value: entry.defaultHost, constant: null, fromDefault: true };
}

/** `arg0.item0`, `arg1`, `kw:host`, `kw:address.item0` → the argument value, or undefined when absent. */
function locate(locator: string, call: CallSite): ArgumentValue | undefined {
  const [where, item] = locator.split('.');
  const positional = call.arguments.filter((a) => a.keyword === null);
  const argument = where.startsWith('kw:')
    ? call.arguments.find((a) => a.keyword === where.slice(3))
    : positional[Number(where.slice(3))];
  if (!argument) return undefined;
  if (!item) return argument.value;
  if (argument.value.kind !== 'tuple') return argument.value.kind === 'name' ? argument.value : undefined;
  return argument.value.items[Number(item.slice(4))];
}

function resolve(value: ArgumentValue, constants: readonly ModuleConstant[]): ResolvedHost | null {
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
