/**
 * One verdict procedure per concern (SPEC §5): reads the finding's site and the Fixture Lens model
 * and says `not-applicable` (with the specific reason), `applies` (a genuine-risk rule covers it)
 * or `unclear` (saying what is unknown). Procedures key off rule ids, so new rules plug in.
 */
import type { ArgumentValue, CallSite } from '../model/syntax';
import type { Evidence, Finding } from '../model/types';
import type { Concern } from './concerns';
import {
  dedupeEvidence,
  diagnosticEvidence,
  diagnosticsAt,
  diagnosticsInFile,
  doublesInEffect,
  hasRun,
  interceptingDoubles,
  isAssertion,
  isImport,
  lineEvidence,
  loopbackLiteral,
  patchCovering,
  siteEvidence,
  type FindingSite,
} from './finding-site';
import type { ImportedFinding, ReasonPoint, Verdict } from './types';

export interface Outcome {
  readonly verdict: Verdict;
  readonly points: readonly ReasonPoint[];
  /** One line for a suppression comment or SARIF `justification`, when not applicable. */
  readonly justification: string | null;
}

type Procedure = (site: FindingSite, finding: ImportedFinding) => Outcome;

function notApplicable(justification: string, ...points: ReasonPoint[]): Outcome {
  return { verdict: 'not-applicable', points, justification };
}

function applies(...points: ReasonPoint[]): Outcome {
  return { verdict: 'applies', points, justification: null };
}

function unclear(...points: ReasonPoint[]): Outcome {
  return { verdict: 'unclear', points, justification: null };
}

function point(reason: string, evidence: readonly Evidence[]): ReasonPoint {
  return { reason, evidence: dedupeEvidence(evidence) };
}

/** `applies` because a genuine-risk rule reports this very statement. */
function coveredBy(site: FindingSite, diagnostics: readonly Finding[]): Outcome {
  return applies(
    ...diagnostics.map((d) => point(`${d.ruleId} reports a genuine risk here: ${d.message}`, [...diagnosticEvidence(site.file, d), ...(d.related ?? [])])),
  );
}

/**
 * Whether data from outside the repository can reach this file: FL202 (real network host) and
 * FL208 (eval/deserialization of fetched data) are the rules that would see it.
 */
function outsideData(site: FindingSite): { known: boolean; present: Finding[]; rules: string[] } {
  const rules = ['FL202', 'FL208'].filter((id) => hasRun(site.file, id));
  return { known: rules.length > 0, present: diagnosticsInFile(site.file, ['FL202', 'FL208']), rules };
}

function noOutsideDataSentence(rules: readonly string[]): string {
  return `nothing in this file fetches data from outside the repository (${rules.join(' and ')} found nothing)`;
}

/** The unclear outcome when outside data may reach the site, or cannot be ruled out. */
function outsideDataUnknown(site: FindingSite, what: string, data: ReturnType<typeof outsideData>): Outcome {
  if (data.present.length) {
    const first = data.present[0];
    return unclear(point(`${what}; this file also reaches outside the repository (${first.ruleId} at line ${first.span.start.row + 1}), so outside data may reach this line and Fixture Lens does not trace it`, [siteEvidence(site), ...diagnosticEvidence(site.file, first)]));
  }
  return unclear(point(`${what}; whether outside data reaches it is unknown (FL202 and FL208 did not run)`, [siteEvidence(site)]));
}

const QUOTED_VALUE = /(?:'([^']*)'|"([^"]*)")\s*\.?\s*$/;

/** The literal a credential finding quotes at the end of its message (`Possible hardcoded password: 'token'`). */
function quotedValue(message: string): string | null {
  const match = QUOTED_VALUE.exec(message);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function pickByValue(diagnostics: readonly Finding[], value: string | null, row: number): Finding | undefined {
  if (value !== null) {
    const quoted = JSON.stringify(value).slice(1, -1);
    const byValue = diagnostics.find((d) => d.message.includes(`"${quoted}`) || d.message.includes(`'${value}'`));
    if (byValue) return byValue;
  }
  return diagnostics.find((d) => d.span.start.row === row) ?? diagnostics[0];
}

function callNamed(site: FindingSite, names: RegExp): CallSite | null {
  return site.calls.find((call) => names.test(call.callee.split('.').pop() ?? call.callee) || names.test(call.qualifiedCallee)) ?? null;
}

function firstArgument(call: CallSite | null): ArgumentValue | null {
  return call?.arguments.find((a) => a.keyword === null)?.value ?? null;
}

function show(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

function valueText(value: ArgumentValue): string {
  switch (value.kind) {
    case 'string':
      return show(value.value);
    case 'number':
      return String(value.value);
    case 'name':
      return value.name;
    case 'call':
      return `${value.callee}(…)`;
    case 'tuple':
      return `[${value.items.map(valueText).join(', ')}]`;
    case 'lambda':
    case 'other':
      return value.text.length > 60 ? `${value.text.slice(0, 60)}…` : value.text;
  }
}

/** A literal the test wrote, directly or through a name bound to a literal in this file. */
function literalOrigin(site: FindingSite, value: ArgumentValue | null): { text: string; evidence: Evidence[] } | null {
  if (!value) return null;
  if (value.kind === 'string') return { text: `the literal ${show(value.value)}`, evidence: [siteEvidence(site)] };
  if (value.kind === 'tuple' && value.items.length && value.items.every((item) => item.kind === 'string')) {
    return { text: `the literal list ${valueText(value)}`, evidence: [siteEvidence(site)] };
  }
  if (value.kind === 'name') {
    const last = value.name.split('.').pop() ?? value.name;
    const bindings = site.file.syntax.strings.filter((s) => s.name === last && s.form === 'assignment');
    if (bindings.length && bindings.every((b) => b.value !== null)) {
      const first = bindings[0];
      const lines = bindings.map((b) => b.span.start.row + 1);
      return {
        text: `\`${value.name}\`, which the test binds to the literal ${show(first.value ?? '')} (line ${lines.join(', ')})`,
        evidence: [siteEvidence(site), ...bindings.map((b) => lineEvidence(site.file, b.span.start.row, 'data'))],
      };
    }
  }
  return null;
}

const ALL_INTERFACES: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);
const BIND_NAMES = /\b(host|bind|bind_host|bind_address|listen|listen_host|listen_address|server_host|server_address|address|interface)\s*[:=]/i;
const BIND_KEYWORD = /^(host|bind|bind_host|bind_address|listen|listen_host|listen_address|server_host|server_address|address|interface)$/i;
/** Calls that store or compare values rather than start anything. */
const VALUE_CALLS = /^(flags|set_override|set_default|setdefault|update|dict|get|Settings|Config\w*|\w*Config|\w*Conf|new_subnet|new_\w+|fake_\w+|_?build_\w+|_?make_\w+_dict)$/;
/** Patch targets that stop a server from listening. */
const SERVER_TARGETS = /socket|server|serve|listen|bind|wsgi|websockify|proxy|uvicorn|gunicorn|werkzeug|eventlet\.(listen|wsgi)/i;

/**
 * The function an all-interfaces literal is handed to, positionally or as a bind-like keyword
 * (`proxy('0.0.0.0', port)`, `run(app, host='0.0.0.0')`); for `assertRaises(exc, fn, …)`, `fn`.
 */
function addressReceiver(site: FindingSite): string | null {
  for (const call of [...site.calls].reverse()) {
    const last = call.callee.split('.').pop() ?? call.callee;
    if (VALUE_CALLS.test(last)) continue;
    const hit = call.arguments.some((a) => a.value.kind === 'string' && ALL_INTERFACES.has(a.value.value) && (a.keyword === null || BIND_KEYWORD.test(a.keyword)));
    if (!hit) continue;
    if (/(^|\.)assert(Raises|Warns)\w*$/.test(call.callee)) {
      const fn = call.arguments.find((a, i) => i > 0 && a.keyword === null && a.value.kind === 'name');
      return fn && fn.value.kind === 'name' ? fn.value.name : call.callee;
    }
    return call.callee;
  }
  return null;
}

/** `FakeDomain`, `StubClient`: a fake by name, but not a test case about one (`FakeLibvirtTests`). */
function isFakeClass(name: string | null): boolean {
  return name !== null && /^(Fake|Stub|Mock|Dummy|Simulated)/.test(name) && !/(Tests?|TestCase|Mixin)$/.test(name);
}

const FILE_OPERATIONS = /^(open|mkdir|makedirs|mkfifo|mknod|write_text|write_bytes|touch|copy\w*|move|rename|replace|symlink|link|chmod|chown|remove|unlink|rmtree|NamedTemporaryFile|mkstemp|mkdtemp|TemporaryDirectory|Path)$/;

const PROCEDURES: Record<Concern, Procedure> = {
  'hardcoded-credential': (site, finding) => {
    const secret = diagnosticsAt(site, ['FL201']);
    if (secret.length) return coveredBy(site, secret);
    const value = quotedValue(finding.message);
    const placeholders = diagnosticsAt(site, ['FL105']).filter((d) => !/^Placeholder path/.test(d.message));
    const placeholder = pickByValue(placeholders, value, site.row);
    if (placeholder) {
      return notApplicable(`placeholder credential in test code (FL105)`, point(placeholder.message, diagnosticEvidence(site.file, placeholder)));
    }
    if (hasRun(site.file, 'FL201')) {
      const shown = value !== null ? `The value ${show(value)}` : 'The value';
      return notApplicable(
        'test data, not a real-looking secret (FL201 found none)',
        point(`${shown} has none of the shapes of a real secret that FL201 checks for (provider key formats, private keys, high-entropy values bound to secret-like names); in test code it is test data handed to the code under test or a double`, [siteEvidence(site)]),
      );
    }
    return unclear(point('Whether the value is a real secret is not known: FL201 (real-looking secrets) did not run', [siteEvidence(site)]));
  },

  assert: (site) =>
    notApplicable(
      'assert in test code states what the test expects',
      point(
        `\`assert\` in test code is how a test states what it expects. Bandit and Ruff flag it because \`python -O\` strips asserts, which matters where an assert guards production behaviour; ${site.file.analysis.path} is test code (${site.file.analysis.test.reasons[0] ?? 'test context'})`,
        [siteEvidence(site)],
      ),
    ),

  'tmp-path': (site) => {
    const path = /['"]((?:\/var)?\/tmp[^'"]*|\/dev\/shm[^'"]*)['"]/.exec(site.text)?.[1] ?? '/tmp';
    // FL207 reports one line of a write-and-read pair; the scanner may flag the other.
    const race = [...diagnosticsAt(site, ['FL207']), ...diagnosticsInFile(site.file, ['FL207']).filter((d) => path !== '/tmp' && d.message.includes(`"${path}"`))];
    if (race.length) return coveredBy(site, [...new Set(race)]);
    const placeholder = diagnosticsAt(site, ['FL105']).find((d) => /^Placeholder path/.test(d.message));
    if (placeholder) return notApplicable('placeholder /tmp path in test data; nothing is created there', point(placeholder.message, diagnosticEvidence(site.file, placeholder)));
    if (isAssertion(site)) {
      return notApplicable('expected /tmp path in an assertion; nothing is created there', point(`${show(path)} is an expected value in an assertion: nothing is created or opened at that path`, [siteEvidence(site)]));
    }
    const fileOperation = site.calls.find((call) => FILE_OPERATIONS.test(call.callee.split('.').pop() ?? ''));
    if (fileOperation) {
      return unclear(
        point(
          `This statement creates or opens ${show(path)} (\`${fileOperation.callee}\`) in a shared temporary directory; whether another user of the host can pre-create or swap it is not decided here (FL207 reports predictable paths that are written and read)`,
          [siteEvidence(site)],
        ),
      );
    }
    const receiver = site.calls[0]?.callee;
    return notApplicable(
      'placeholder /tmp path handed to the code under test or a double; nothing is created there',
      point(`${show(path)} is a value ${receiver ? `handed to \`${receiver}\`` : 'bound as test data'}, not a file this statement creates or opens`, [siteEvidence(site)]),
    );
  },

  'insecure-temp-file': (site) => {
    const race = diagnosticsAt(site, ['FL207']);
    if (race.length) return coveredBy(site, race);
    const patched = patchCovering(site, callNamed(site, /mktemp|tempnam/), /tempfile|mktemp/);
    if (patched) return notApplicable('the temporary-file call is patched in this test', point(`\`${patched.target}\` is patched in this test: no name is reserved and no file is created`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    return unclear(point('`mktemp()` returns a name without creating the file; whether the test then creates it (the race another local user could win) is not modelled', [siteEvidence(site)]));
  },

  'bind-all': (site) => {
    const bind = diagnosticsAt(site, ['FL204']);
    if (bind.length) return coveredBy(site, bind);
    if (!hasRun(site.file, 'FL204')) return unclear(point('Whether this is a bind is not known: FL204 (binds to all interfaces) did not run', [siteEvidence(site)]));
    if (isAssertion(site)) {
      return notApplicable('all-interfaces address as an expected value in an assertion', point('The all-interfaces address is an expected value in an assertion: nothing binds it here', [siteEvidence(site)]));
    }
    const receiver = addressReceiver(site);
    if (receiver) {
      const patched = doublesInEffect(site).find((d) => d.target !== null && SERVER_TARGETS.test(d.target));
      if (patched) {
        return notApplicable(
          'the server that would bind the address is patched in this test',
          point(`\`${receiver}\` receives the all-interfaces address, but \`${patched.target}\` is patched in this test (line ${patched.span.start.row + 1}), so no server listens`, [siteEvidence(site), lineEvidence(site.file, patched.span.start.row)]),
        );
      }
      return unclear(point(`\`${receiver}\` receives the all-interfaces address and may bind it; FL204 does not know it as a server, and nothing in this test patches one`, [siteEvidence(site)]));
    }
    const server = callNamed(site, /^(bind|listen|serve\w*|run|run_simple|make_server|create_server|start_server|\w*Server)$/);
    if (server) {
      return unclear(point(`\`${server.callee}\` starts or binds a server here, but FL204 could not determine the host it binds, so reachability is unknown`, [siteEvidence(site)]));
    }
    // `host = '0.0.0.0'` on a live-server class, `bind_address=...`: a server may read it later.
    const bindName = BIND_NAMES.exec(site.text);
    if (bindName) {
      return unclear(point(`The address is given to \`${bindName[1]}\`, which a server may bind later; FL204 did not connect it to a bind, so whether anything listens on all interfaces is not settled`, [siteEvidence(site)]));
    }
    return notApplicable(
      'the all-interfaces address is a value, not a bind (FL204 found no bind here)',
      point('The all-interfaces address here is a value (configuration, expected data), not an address anything binds: FL204 checks every bind and server construction and found none on this statement', [siteEvidence(site)]),
    );
  },

  'eval-exec': (site) => {
    const fetched = diagnosticsAt(site, ['FL208']);
    if (fetched.length) return coveredBy(site, fetched);
    const call = callNamed(site, /^(eval|exec|compile)$/);
    const origin = literalOrigin(site, firstArgument(call));
    if (origin) return notApplicable('eval of a test literal', point(`\`${call?.callee ?? 'eval'}\` evaluates ${origin.text}: code the test wrote, not input`, origin.evidence));
    const data = outsideData(site);
    const argument = firstArgument(call);
    const what = argument ? `\`${call?.callee}\` evaluates \`${valueText(argument)}\`` : 'The statement evaluates dynamic code';
    if (data.known && data.present.length === 0) {
      return notApplicable(
        'eval of a value the test computed; no outside data in this file',
        point(`${what}, a value computed in the test process from the test's own objects; ${noOutsideDataSentence(data.rules)}`, [siteEvidence(site)]),
      );
    }
    return outsideDataUnknown(site, what, data);
  },

  xml: (site) => parsedInProcess(site, { thing: 'XML', attack: 'entity-expansion and XXE attacks need a document written by an attacker', sinks: /^(parse|fromstring|XML|XMLID|iterparse|parseString|fromstringlist|XMLParser|make_parser|expatbuilder|RestrictedElement|\w*[Pp]arse\w*)$/ }),

  deserialization: (site) => parsedInProcess(site, { thing: 'serialized data', attack: 'code execution through deserialization needs bytes written by an attacker', sinks: /^(loads?|Unpickler|load_all|unsafe_load|full_load|open)$/ }),

  'weak-hash': (site) => {
    const declared = /usedforsecurity\s*=\s*False/.test(site.text);
    return notApplicable(
      'weak hash over test data in test code; protects no secret',
      point(
        `The digest here is computed over test data in test code (an id, a fake checksum); it protects no password or stored secret${declared ? ', and the call says so (`usedforsecurity=False`)' : ''}`,
        [siteEvidence(site)],
      ),
    );
  },

  'weak-crypto': (site) =>
    notApplicable('weak cipher or key on test data in test code', point('The cipher, mode or key here is used on test data in test code; no production data or key is protected by it', [siteEvidence(site)])),

  random: (site) =>
    notApplicable('pseudo-random values generate test data', point('`random` generates test data here (names, ids, addresses); no token, key or password for production use is derived from it', [siteEvidence(site)])),

  subprocess: (site) => {
    if (isImport(site)) return notApplicable('import only; each process call is triaged at its own line', point('Importing a module runs no process; each call is triaged at its own line', [siteEvidence(site)]));
    const call = callNamed(site, /^(run|call|check_call|check_output|Popen|system|popen\d?|spawn\w*|exec\w*|execute|getoutput|getstatusoutput|exec_command|start_process)$/);
    const patched = patchCovering(site, call, /subprocess|os\.(system|popen|spawn|exec)|processutils|execute|paramiko/);
    if (patched) {
      return notApplicable('the process call is patched in this test; nothing runs', point(`\`${patched.target}\` is patched in this test, so nothing runs`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    }
    const argument = firstArgument(call);
    const origin = literalOrigin(site, argument);
    if (origin) return notApplicable('fixed command written in the test', point(`\`${call?.callee}\` runs ${origin.text}: a fixed command written in the test`, origin.evidence));
    const shell = call?.arguments.some((a) => a.keyword === 'shell' && a.value.kind === 'name' && a.value.name === 'True') ?? false;
    const what = argument ? `\`${call?.callee}\` runs \`${valueText(argument)}\`` : 'The statement runs a process';
    if (shell) return unclear(point(`${what} through a shell, and where the value comes from is not traced`, [siteEvidence(site)]));
    const data = outsideData(site);
    if (data.known && data.present.length === 0) {
      return notApplicable('command built from the test\'s own values, without a shell', point(`${what} without a shell, from the test's own values; ${noOutsideDataSentence(data.rules)}`, [siteEvidence(site)]));
    }
    return outsideDataUnknown(site, what, data);
  },

  sql: (site) => fromTestValues(site, 'The SQL here is built from the test\'s own values; injection needs input from an untrusted party'),
  injection: (site) => fromTestValues(site, 'The value reaching this sink comes from the test itself; the attack needs input from an untrusted party'),
  'unescaped-markup': (site) => fromTestValues(site, 'The markup here is rendered within the test from test data and read by the test, not by a browser; cross-site scripting needs an attacker\'s input and a victim\'s browser'),
  'archive-extraction': (site) => fromTestValues(site, 'The archive extracted here is one the test built or ships in the repository; path traversal needs an archive written by an attacker'),

  tls: (site) => {
    const tls = diagnosticsAt(site, ['FL203']);
    if (tls.length) return coveredBy(site, tls);
    if (isAssertion(site)) return notApplicable('TLS setting is an expected argument in an assertion; no connection is made', point('The TLS setting here is an expected argument in an assertion: no connection is made', [siteEvidence(site)]));
    const loopback = loopbackLiteral(site);
    if (loopback) return notApplicable(`connection to the loopback host ${loopback}`, point(`The connection goes to the loopback host ${loopback}: it never leaves the machine, so no one can intercept it in transit`, [siteEvidence(site)]));
    const interceptor = interceptingDoubles(site)[0];
    if (interceptor) return inProcessConnection(site, interceptor, 'no TLS handshake happens');
    return unclear(point(`The host this connection goes to is not known, so whether verification matters cannot be decided${hasRun(site.file, 'FL203') ? ' (FL203 reports TLS off toward a non-loopback host, and found none here)' : ' (FL203 did not run)'}`, [siteEvidence(site)]));
  },

  'insecure-protocol': (site) => {
    if (isImport(site)) return notApplicable('import only; each connection is triaged at its own line', point('Importing a client module opens no connection; each use is triaged at its own line', [siteEvidence(site)]));
    const network = diagnosticsAt(site, ['FL202']);
    if (network.length) return coveredBy(site, network);
    const patched = patchCovering(site, site.calls[0] ?? null, /telnet|ftp|snmp|pyghmi|Telnet|FTP/);
    if (patched) return notApplicable('the client is patched in this test; no connection is made', point(`\`${patched.target}\` is patched in this test: no connection is made`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    const loopback = loopbackLiteral(site);
    if (loopback) return notApplicable(`clear-text connection to the loopback host ${loopback}`, point(`The connection goes to the loopback host ${loopback} and never leaves the machine`, [siteEvidence(site)]));
    return unclear(point('Where this clear-text connection goes is not known', [siteEvidence(site)]));
  },

  'request-without-timeout': (site) => {
    const network = diagnosticsAt(site, ['FL202']);
    if (network.length) return coveredBy(site, network);
    const loopback = loopbackLiteral(site);
    if (loopback) return notApplicable(`request to the loopback host ${loopback}`, point(`The request goes to the loopback host ${loopback}, a server the test controls`, [siteEvidence(site)]));
    const interceptor = interceptingDoubles(site)[0];
    if (interceptor) return inProcessConnection(site, interceptor, 'nothing can stall it');
    return unclear(point(`Where this request goes is not known${hasRun(site.file, 'FL202') ? ' (FL202 found no real host here, but the host may be computed)' : ''}; without a timeout it can hang the test run`, [siteEvidence(site)]));
  },

  'try-except-pass': (site) =>
    notApplicable(
      'swallowed exception in test code; a test-quality matter',
      point('In test code a swallowed exception can at worst hide a test failure, not a production error: a test-quality matter, not a vulnerability', [siteEvidence(site)]),
    ),

  'file-permissions': (site) => {
    const call = callNamed(site, /^(chmod|fchmod|lchmod|makedirs|mkdir|open|touch|write_text)$/);
    const patched = patchCovering(site, call, /chmod|makedirs|mkdir|privsep|os\.open/);
    if (patched) return notApplicable('the permission change is patched in this test', point(`\`${patched.target}\` is patched in this test: no file changes mode`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    const argument = firstArgument(call);
    if (argument?.kind === 'string' && /fake|dummy|nonexist|does[-_]?not|placeholder|example/i.test(argument.value)) {
      return notApplicable('placeholder path; no real file changes mode', point(`The path ${show(argument.value)} is a placeholder: no real file changes mode`, [siteEvidence(site)]));
    }
    if (/tmp_path|tmpdir|tempfile|TempDir|tmp_dir|temp_dir|mkdtemp/.test(site.text)) {
      return notApplicable('permissions on a file in the test\'s private temporary directory', point('The file is in the test\'s own temporary directory, created by the test and removed after it', [siteEvidence(site)]));
    }
    return unclear(point('Which file changes mode here, and who else can reach it, is not known', [siteEvidence(site)]));
  },

  'debug-server': (site) => {
    const bind = diagnosticsAt(site, ['FL204']);
    if (bind.length) return coveredBy(site, bind);
    const server = callNamed(site, /^(run|run_simple|serve\w*|make_server)$/);
    if (server) return unclear(point(`\`${server.callee}\` starts a development server with the debugger while the test runs; whether other local users can reach it is not modelled`, [siteEvidence(site)]));
    return notApplicable('debug mode on an app driven in-process; no server listens', point('Debug mode is set on an application the test drives in-process; no server listens, so no one else can reach the debugger', [siteEvidence(site)]));
  },

  'ssh-host-key': (site) => {
    const patched = patchCovering(site, site.calls[0] ?? null, /paramiko|ssh/i);
    if (patched) return notApplicable('the SSH client is patched in this test', point(`\`${patched.target}\` is patched in this test: no SSH connection is made`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    if (isAssertion(site)) return notApplicable('host-key policy is an expected value in an assertion', point('The host-key policy here is an expected value in an assertion: no connection is made', [siteEvidence(site)]));
    return unclear(point('Whether this SSH client connects to a real host is not known', [siteEvidence(site)]));
  },

  'url-open': (site) => {
    const network = diagnosticsAt(site, ['FL202']);
    if (network.length) return coveredBy(site, network);
    const loopback = loopbackLiteral(site);
    if (loopback) return notApplicable(`URL on the loopback host ${loopback}`, point(`The URL is on the loopback host ${loopback}, a server the test controls`, [siteEvidence(site)]));
    const patched = patchCovering(site, callNamed(site, /^(urlopen|urlretrieve|Request|open)$/), /urlopen|urllib|urlretrieve/);
    if (patched) return notApplicable('the URL opener is patched in this test', point(`\`${patched.target}\` is patched in this test: nothing is fetched`, [lineEvidence(site.file, patched.span.start.row), siteEvidence(site)]));
    if (/['"]file:\/\//.test(site.text)) return notApplicable('file URL written in the test', point('The URL is a `file://` URL written in the test, read from the local checkout', [siteEvidence(site)]));
    return unclear(point('Which URL is opened here, and whether its scheme is controlled, is not known', [siteEvidence(site)]));
  },

  'sensitive-logging': (site) => {
    const secret = diagnosticsAt(site, ['FL201']);
    if (secret.length) return coveredBy(site, secret);
    if (!hasRun(site.file, 'FL201')) return unclear(point('Whether the logged value is a real secret is not known: FL201 did not run', [siteEvidence(site)]));
    return notApplicable('the logged values are test data', point('The values logged or stored here are test data: FL201 finds no real-looking secret on this statement', [siteEvidence(site)]));
  },

  unknown: (site, finding) =>
    unclear(point(`Fixture Lens has no procedure for ${finding.tool} rule ${finding.ruleId}${finding.cwe.length ? ` (${finding.cwe.join(', ')})` : ''}: it cannot say whether it applies in test code`, [siteEvidence(site)])),
};

export function runProcedure(concern: Concern, site: FindingSite, finding: ImportedFinding): Outcome {
  return PROCEDURES[concern](site, finding);
}

/** For injection-like concerns: not applicable when the file takes in nothing from outside. */
function fromTestValues(site: FindingSite, sentence: string): Outcome {
  const fetched = diagnosticsAt(site, ['FL208']);
  if (fetched.length) return coveredBy(site, fetched);
  const data = outsideData(site);
  if (data.known && data.present.length === 0) {
    return notApplicable('built from the test\'s own values; no outside input in this file', point(`${sentence}; ${noOutsideDataSentence(data.rules)}`, [siteEvidence(site)]));
  }
  return outsideDataUnknown(site, 'The value reaching this sink is not traced', data);
}

/** XML and deserialization: imports, literals, fakes parsing what the code under test produced. */
function parsedInProcess(site: FindingSite, options: { thing: string; attack: string; sinks: RegExp }): Outcome {
  if (isImport(site)) {
    return notApplicable('import only; each parse call is triaged at its own line', point(`Importing a parser reads no ${options.thing}; each parse call is triaged at its own line`, [siteEvidence(site)]));
  }
  const fetched = diagnosticsAt(site, ['FL208']);
  if (fetched.length) return coveredBy(site, fetched);
  const call = callNamed(site, options.sinks) ?? site.calls[0] ?? null;
  const origin = literalOrigin(site, firstArgument(call));
  if (origin) return notApplicable(`parses ${options.thing} written in the test`, point(`\`${call?.callee}\` parses ${origin.text}, written in the test; ${options.attack}`, origin.evidence));
  const data = outsideData(site);
  if (!(data.known && data.present.length === 0)) return outsideDataUnknown(site, `\`${call?.callee ?? 'the parser'}\` parses ${options.thing} whose origin is not traced`, data);
  const owner = site.enclosingFunction;
  if (owner && isFakeClass(owner.className)) {
    return notApplicable(
      `parsed by the fake ${owner.className}; the input comes from the code under test`,
      point(
        `${options.thing[0].toUpperCase()}${options.thing.slice(1)} is parsed inside the fake \`${owner.className}.${owner.name}\`: it comes from the code under test calling the fake in the test process, not from an outside party; ${noOutsideDataSentence(data.rules)}`,
        [siteEvidence(site), lineEvidence(site.file, owner.span.start.row)],
      ),
    );
  }
  return notApplicable(
    `parses ${options.thing} produced in the test process; no outside input in this file`,
    point(`\`${call?.callee ?? 'The parser'}\` parses ${options.thing} produced in the test process (test data or the output of the code under test); ${options.attack}, and ${noOutsideDataSentence(data.rules)}`, [siteEvidence(site)]),
  );
}

function inProcessConnection(site: FindingSite, double: ReturnType<typeof doublesInEffect>[number], consequence: string): Outcome {
  const transport = double.evidence.filter((e) => e.fact === 'transport');
  return notApplicable(
    `requests go to ${double.name}, which answers in-process`,
    point(`Requests here go to \`${double.name}\` (line ${double.span.start.row + 1}), which answers in-process: ${consequence}`, [lineEvidence(site.file, double.span.start.row), ...transport, siteEvidence(site)]),
  );
}
