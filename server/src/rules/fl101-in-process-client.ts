/**
 * FL101: an in-process application or API client (test client, wsgi-intercept fixture, ASGI
 * transport). Says what makes it in-process, with the line that establishes it.
 */
import type { TestDouble } from '../model/types';
import { factEvidenceAt, onePerRow, ref, relatedOf, sourceOf, subjectOf, useSiteSpan } from './double-hints';
import { Rule, RuleContext, RuleHit, isWanted } from './rule';

/** Kinds that stand for an application or a client of one (not interceptors of outgoing calls: FL102). */
const CLIENT_KINDS: ReadonlySet<string> = new Set(['in-process-api', 'in-process-client', 'fixture-client', 'request-factory']);

export const fl101InProcessClient: Rule = {
  id: 'FL101',
  title: 'In-process application or API client',
  defaultSeverity: 'hint',
  explanation: [
    'The test talks to the application through a client that calls it **in the same process**:',
    'a wsgi-intercept fixture, Django/Flask/Starlette test clients, DRF `APIClient`, webtest, or an',
    'httpx `ASGITransport`/`WSGITransport`, or Django\'s `RequestFactory`, whose requests the test hands to a',
    'view itself (no middleware runs). The hint names the line that makes it in-process.',
    '',
    '**Why it matters for security findings.** An IDOR or broken-access finding needs an entry point an',
    'untrusted principal can reach across a trust boundary. An in-process client opens no socket:',
    'nothing outside the test process can send it a request, and the caller is the test itself.',
    'Object ids and credentials in these calls are chosen by the test, and the checks they exercise',
    'live in production code, where a finding belongs.',
    '',
    '**When it is not this.** A URL such as `http://testserver` or a per-run host looks like a network',
    'address but is never resolved. If the fixture instead starts a server bound to a network',
    'interface, that is FL204; if it calls a real host, FL202.',
    '',
    '**False positives.** The transport comes from code the analysis read; a fixture that switches to a',
    'real server through an environment variable (webtest `WEBTEST_TARGET_URL`) is not followed.',
    'Suppress with `# fixture-lens: ignore[FL101] <reason>` or turn hints off with `contextHints`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const clients = context.doubles.filter((d) => isWanted(context, d.span.start.row) && CLIENT_KINDS.has(d.kind) && d.facts.transport === 'in-process');
    return onePerRow(clients.flatMap((double) => hitFor(double, context)));
  },
};

function hitFor(double: TestDouble, context: RuleContext): RuleHit[] {
  const evidence = factEvidenceAt(double, 'transport', context);
  if (evidence.length === 0) return [];
  const first = evidence[0];
  const source = sourceOf(double, first);
  const through = source ? ` through ${source}` : '';
  const subject = subjectOf(double, context);
  let what: string;
  if (double.kind === 'in-process-api') what = `${subject} serves the API in-process${through} (${ref(first)})`;
  else if (double.kind === 'fixture-client') what = `${subject} is a client of ${ownerOf(double)}, which serves the API in-process${through} (${ref(first)})`;
  else if (double.kind === 'request-factory') what = `${subject} builds requests that the test hands to a view itself, in-process (${source ? `${source}, ` : ''}${ref(first)})`;
  else what = `${subject} is a test client that calls the application in-process (${source ? `${source}, ` : ''}${ref(first)})`;
  return [
    {
      span: useSiteSpan(context, double),
      message: `${what}: ${double.kind === 'request-factory' ? 'no client, no middleware, no socket' : 'no socket, no network'}`,
      evidence,
      justification: `in-process client, no socket is opened (${ref(first)})`,
      related: relatedOf(double, context, ['transport']),
    },
  ];
}

/** `compute.tests.fixtures.OSAPIFixture.admin_api` → `OSAPIFixture`. */
function ownerOf(double: TestDouble): string {
  const parts = (double.qualifiedName ?? '').split('.');
  return parts.length >= 2 ? parts[parts.length - 2] : 'its fixture';
}
