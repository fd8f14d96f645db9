/**
 * FL102: a fake or intercepted external service (fake service fixtures, helpers that stub
 * production clients, requests-mock, responses, respx, moto, vcrpy). Says what stands in for the service.
 */
import type { Evidence, TestDouble } from '../model/types';
import { factEvidenceAt, knowledgeEntryOf, onePerRow, primitiveEntryNamedIn, ref, relatedOf, sourceOf, subjectOf, useSiteSpan } from './double-hints';
import { Rule, RuleContext, RuleHit, isWanted } from './rule';

const SERVICE_KINDS: ReadonlySet<string> = new Set(['fake-service', 'intercepted-http', 'recorded-http']);

/** What each library leaves to the network, said in the message so the hint never over-promises. */
const CAVEATS: Readonly<Record<string, string>> = {
  moto: 'only AWS endpoints are faked, other hosts pass through to the network',
  httpretty: 'unregistered hosts pass through unless allow_net_connect=False',
  vcrpy: 'a missing cassette records real traffic (record_mode "once")',
};

export const fl102FakeService: Rule = {
  id: 'FL102',
  title: 'Fake or intercepted external service',
  defaultSeverity: 'hint',
  explanation: [
    'An external service the code under test would call (a network API, an image or network service,',
    'AWS) is replaced in this test: by a fake service fixture, a helper that stubs the production',
    'client, or an HTTP interceptor (requests-mock, responses, respx, HTTPretty, moto) or a recorded',
    'cassette (vcrpy). The hint names the line that installs it and whether the data is fake.',
    '',
    '**Why it matters for security findings.** Tokens, passwords and object ids handed to a fake go',
    'nowhere: no real service receives them, and responses are canned test data. Claims that such a',
    'call "leaks credentials" or "needs TLS" do not apply to the test.',
    '',
    '**What it does not cover.** moto fakes AWS endpoints only; HTTPretty lets unregistered hosts through',
    'by default; a vcrpy cassette that is missing records real traffic. A call the interceptor does not',
    'cover is FL202.',
    '',
    '**False positives.** A fake whose methods forward to a real client is not detected as such.',
    'Suppress with `# fixture-lens: ignore[FL102] <reason>` or turn hints off with `contextHints`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    return onePerRow(context.doubles.flatMap((double) => (isWanted(context, double.span.start.row) ? hitFor(double, context) : [])));
  },
};

/** Forms that stand for a service double; a plain `mock.patch` of one production function is not one. */
const SERVICE_FORMS: ReadonlySet<TestDouble['form']> = new Set(['use-fixture', 'pytest-parameter', 'fixture-attribute', 'helper-call', 'library-call', 'decorator', 'base-class', 'patch-fixture']);

function isServiceDouble(double: TestDouble): boolean {
  if (double.facts.transport === 'network' || double.facts.transport === 'loopback') return false;
  if (!SERVICE_FORMS.has(double.form)) return false;
  if (SERVICE_KINDS.has(double.kind)) return true;
  // A helper that stubs production code with canned data (`fake_network.set_stub_network_methods`).
  return double.kind === 'stub' && double.form === 'helper-call' && double.facts.data === 'fake';
}

function hitFor(double: TestDouble, context: RuleContext): RuleHit[] {
  if (!isServiceDouble(double)) return [];
  const inProcess = double.facts.transport === 'in-process' ? factEvidenceAt(double, 'transport', context) : [];
  const fake = double.facts.data === 'fake' || double.facts.data === 'recorded' ? factEvidenceAt(double, 'data', context) : [];
  const evidence: Evidence[] = [...inProcess, ...fake];
  if (evidence.length === 0) return [];
  const subject = subjectOf(double, context);
  const entry = knowledgeEntryOf(double);
  const source = sourceOf(double, evidence[0]);
  const dataPhrase = double.facts.data === 'recorded' ? 'recorded data' : 'fake data';
  const facts: string[] = [];
  if (inProcess.length && fake.length && ref(inProcess[0]) === ref(fake[0])) facts.push(`answers in-process with ${dataPhrase} (${ref(fake[0])})`);
  else {
    if (inProcess.length) facts.push(`answers in-process (${ref(inProcess[0])})`);
    if (fake.length) facts.push(`serves ${dataPhrase} (${ref(fake[0])})`);
  }
  const caveat = CAVEATS[entry?.id ?? ''];
  let message: string;
  if (double.kind === 'intercepted-http' || double.kind === 'recorded-http' || entry) {
    const role = double.kind === 'intercepted-http' ? 'intercepts HTTP calls' : double.kind === 'recorded-http' ? 'replays recorded HTTP' : 'is a fake service';
    message = `${subject} ${role}${source ? ` (${source})` : ''}: ${facts.join(', ')}${caveat ? `; ${caveat}` : ': the real service is never contacted'}`;
  } else if (inProcess.length) {
    // Workspace code whose stubs answer in this process: a fake of the service behind them.
    message = `${subject} is a fake service: ${facts.join(', ')}: the real service is never contacted`;
  } else {
    // A workspace fixture or helper that sets up a known fake (`with mock_aws(): yield`) is that fake for the test.
    const installed = primitiveEntryNamedIn(fake[0].text);
    const installedCaveat = installed ? CAVEATS[installed.id] : undefined;
    message = installed?.kind === 'fake-service'
      ? `${subject} sets up a fake service (${installed.title}): ${facts.join(', ')}${installedCaveat ? `; ${installedCaveat}` : ': the real service is never contacted'}`
      : `${subject} replaces production code with test fakes (${ref(fake[0])}): what it stubs does not run for real in this test`;
  }
  return [
    {
      span: useSiteSpan(context, double),
      message,
      evidence,
      justification: `fake or intercepted service, the real one is not contacted (${ref(evidence[0])})`,
      related: relatedOf(double, context, ['transport', 'data']),
    },
  ];
}
