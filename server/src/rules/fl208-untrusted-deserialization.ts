/**
 * FL208: eval/exec, unpickling, unsafe YAML, marshal or XML parsing of data the test fetched from
 * outside the repository (network, socket, a file outside the checkout). Sinks and sources are data
 * (`knowledge/untrusted-data.json`); a literal, a repository file or an intercepted fetch never fires.
 */
import { connectHost, isLoopback, networkHostOfUrl } from '../analysis/endpoints';
import type { ArgumentValue, CallSite } from '../model/syntax';
import type { Point, Span } from '../model/types';
import table from '../knowledge/untrusted-data.json';
import { fileAccesses, isOutsideRepository, PATH_OPTIONS, type FileAccess } from './file-access';
import { argumentAt, assignmentOf, callsWithin, isInsideMockAssertion, isInterceptedAt, qualify, receiverOriginOf, resolveString, rootNames } from './local-values';
import { Rule, RuleContext, RuleHit, evidenceAt, isWanted } from './rule';

interface Sink {
  readonly name: string;
  readonly what: string;
  readonly argument: readonly string[];
  readonly acceptsPath?: boolean;
  readonly safeKeyword?: { readonly keyword: string; readonly position?: number; readonly values: readonly string[] };
  readonly requiresKeyword?: { readonly keyword: string; readonly values: readonly string[] };
}

/** Where outside data came from: what fetched it, and the rows it flowed through. */
interface Source {
  readonly what: string;
  readonly rows: readonly number[];
}

const SINKS: readonly Sink[] = table.sinks;
const IN_PROCESS_PRODUCERS: ReadonlySet<string> = new Set(table.inProcessProducers);
/** How many assignments back a value is followed (`r = get(); t = r.text; eval(t)`). */
const MAX_DEPTH = 4;

export const fl208UntrustedDeserialization: Rule = {
  id: 'FL208',
  title: 'Eval or deserialization of data fetched from outside the repository',
  defaultSeverity: 'warning',
  explanation: [
    'A test passes data it fetched from outside the repository (an HTTP response, a socket, a file',
    'under `/tmp` or the home directory) to `eval`/`exec`, `pickle`/`dill`/`marshal`/`shelve`,',
    '`yaml.load` without `SafeLoader`, `numpy.load(allow_pickle=True)`, `torch.load`, or an XML parser',
    'other than `defusedxml` (`xml.etree`, `minidom`, `sax`, `lxml`).',
    '',
    '**Why it matters.** These calls run code or build arbitrary objects from their input (XML parsers',
    'expand entities). Whoever controls the input controls the test process: a compromised or spoofed',
    'server, anyone on the network path, or another user who planted the file in a shared directory.',
    'The test runs with the developer\'s or CI\'s privileges and secrets.',
    '',
    '**How to fix.** Parse with a safe loader (`json`, `yaml.safe_load`, `defusedxml`,',
    '`torch.load(weights_only=True)`), keep the input in the repository as a test data file, or serve',
    'it from an in-process double (requests-mock, responses, respx).',
    '',
    '**Not reported.** `eval` of a literal or of a file under the test\'s own directory, data from a',
    'loopback server or an intercepted request, a round trip of the test\'s own bytes',
    '(`pickle.loads(pickle.dumps(response))`), and inputs the file does not spell out (a parameter, a',
    'path built at run time, a URL whose host is not written in the file): Fixture Lens follows a value',
    'through local assignments in the same function only.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const reads = fileAccesses(context).filter((a) => a.access !== 'write' && isOutsideRepository(a.path));
    const hits: RuleHit[] = [];
    for (const call of context.calls) {
      if (!isWanted(context, call.span.start.row)) continue;
      const sink = SINKS.find((s) => s.name === call.qualifiedCallee);
      if (!sink || !isUnsafe(context, sink, call) || isInsideMockAssertion(context, call)) continue;
      const argument = argumentAt(call, sink.argument);
      if (!argument) continue;
      const source = (sink.acceptsPath ? pathSource(context, argument.value, call.span.start) : null) ?? valueSource(context, reads, argument.value, argument.span, call.span.start, 0);
      if (!source) continue;
      const rows = [...new Set([call.span.start.row, ...source.rows])];
      hits.push({
        span: call.calleeSpan,
        message: `${sink.what} runs on data fetched from outside the repository (${source.what}): whoever controls that input controls the test process; use a safe parser or a repository test file`,
        evidence: rows.map((row) => evidenceAt(context, row, 'data')),
      });
    }
    return hits;
  },
};

/** A sink is unsafe unless its safe keyword is set (`Loader=yaml.SafeLoader`) or its unsafe one is not. */
function isUnsafe(context: RuleContext, sink: Sink, call: CallSite): boolean {
  if (sink.requiresKeyword) {
    const { keyword, values } = sink.requiresKeyword;
    const argument = call.arguments.find((a) => a.keyword === keyword);
    if (!argument || argument.value.kind !== 'name' || !values.includes(argument.value.name)) return false;
  }
  if (sink.safeKeyword) {
    const { keyword, position, values } = sink.safeKeyword;
    const argument = argumentAt(call, [`kw:${keyword}`, ...(position !== undefined ? [`arg${position}`] : [])]);
    if (argument?.value.kind === 'name' && (values.includes(argument.value.name) || values.includes(qualify(context, argument.value.name)))) return false;
  }
  return true;
}

/** A path argument naming a file outside the checkout (`ET.parse('/tmp/feed.xml')`). */
function pathSource(context: RuleContext, value: ArgumentValue, at: Point): Source | null {
  const path = resolveString(context, value, at, PATH_OPTIONS);
  return path && isOutsideRepository(path.value) ? { what: `file ${path.value}`, rows: path.via } : null;
}

/** The outside source of an expression: a fetching call inside it, or one a name it uses was assigned from. */
function valueSource(context: RuleContext, reads: readonly FileAccess[], value: ArgumentValue, span: Span, at: Point, depth: number): Source | null {
  // `pickle.loads(pickle.dumps(response))`: the bytes are the test's own, made in its process.
  if (value.kind === 'call' && IN_PROCESS_PRODUCERS.has(qualify(context, value.callee))) return null;
  for (const call of callsWithin(context, span)) {
    const source = callSource(context, reads, call);
    if (source) return source;
  }
  if (depth >= MAX_DEPTH) return null;
  const names = value.kind === 'name' && /^(self|cls)\./.test(value.name) ? [value.name] : rootNames(value);
  for (const name of new Set(names)) {
    const assignment = assignmentOf(context, name, at);
    if (!assignment) continue;
    const inner = valueSource(context, reads, assignment.value, assignment.valueSpan, assignment.span.start, depth + 1);
    if (inner) return { what: inner.what, rows: [assignment.span.start.row, ...inner.rows] };
  }
  return null;
}

/** Whether one call brings in outside data: a network fetch, a socket read, or a read of an outside file. */
function callSource(context: RuleContext, reads: readonly FileAccess[], call: CallSite): Source | null {
  const read = reads.find((r) => r.call === call);
  if (read) return { what: `file ${read.path} read by ${read.operation}, line ${call.span.start.row + 1}`, rows: [call.span.start.row, ...read.via] };
  const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
  if (call.callee.includes('.') && table.socketReads.includes(method)) return { what: `socket ${method}(), line ${call.span.start.row + 1}`, rows: [call.span.start.row] };
  const known = connectHost(call, context.constants);
  let host: string | null = known?.value ?? null;
  let fetch = call.qualifiedCallee;
  let client = call.qualifiedCallee;
  if (known === undefined) {
    const factory = clientFactoryOf(context, call, method);
    if (!factory) return null;
    client = `${factory}.${method}`;
    const url = argumentAt(call, ['arg0', 'kw:url']);
    const resolved = url ? resolveString(context, url.value, call.span.start, { allowPrefix: true }) : null;
    host = resolved ? networkHostOfUrl(resolved.value) : null;
    fetch = call.callee;
  }
  // A host the file does not spell out (a fixture's server, a parameter) may be loopback: not reported, as FL202.
  if (!host || isLoopback(host)) return null;
  if (isInterceptedAt(context, call.span.start, { callee: client, host })) return null;
  return { what: `${fetch} from ${host}, line ${call.span.start.row + 1}`, rows: [call.span.start.row] };
}

/** The client factory behind `session.get(...)` (`requests.Session`), inline or through a name; null otherwise. */
function clientFactoryOf(context: RuleContext, call: CallSite, method: string): string | null {
  if (!table.clientMethods.includes(method)) return null;
  const factory = receiverOriginOf(context, call)?.qualifiedCallee ?? null;
  return factory !== null && table.clientFactories.includes(factory) ? factory : null;
}
