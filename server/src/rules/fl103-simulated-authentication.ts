/**
 * FL103: authentication simulated (or bypassed) by the test harness: stubbed auth middleware,
 * `force_login`, `force_authenticate`, session injection, `dependency_overrides`, noauth.
 */
import type { TestDouble } from '../model/types';
import { factEvidenceAt, knowledgeEntryOf, onePerRow, primitiveEntryNamedIn, ref, relatedOf, sourceOf, subjectOf, useSiteSpan } from './double-hints';
import { Rule, RuleContext, RuleHit, isWanted } from './rule';

export const fl103SimulatedAuthentication: Rule = {
  id: 'FL103',
  title: 'Authentication simulated by the harness',
  defaultSeverity: 'hint',
  explanation: [
    'The test does not authenticate for real: the harness sets the identity directly (Django',
    '`force_login`, DRF `force_authenticate`, a Flask `session_transaction`, a FastAPI',
    '`dependency_overrides` entry for the authentication dependency), or replaces the authentication',
    'middleware (keystonemiddleware `auth_token` stubbed, noauth pipelines) so that identity headers',
    'chosen by the test are trusted, or patches a check that decides who the caller is',
    '(`verify_token`, `validate_totp_code`, `did_recently_authenticate`) to answer yes or with a fixed',
    'identity. A patch that answers no, or a spy (`wraps=`), leaves the real decision to the test.',
    'Setting `request.user` on a request Django\'s `RequestFactory` built is the same: no',
    'authentication middleware runs. A fake external service that accepts any credentials (moto) is',
    'reported with what it means: the credentials the test passes to it are never checked.',
    '',
    '**Why it matters for security findings.** "Missing OAuth", "hard-coded identity" or "broken',
    'authentication" claims about the test do not apply: the identity is chosen by the test, which',
    'already runs with the developer\'s privileges, and the stub is scoped to the test. Authorization',
    'still runs on that identity (see FL104 and FL206).',
    '',
    '**When it would matter.** If production code can reach the stub (a production module importing it',
    'is FL205), or if this test is the only one covering the real authentication path.',
    '',
    '**False positives.** Suppress with `# fixture-lens: ignore[FL103] <reason>` or turn hints off',
    'with `contextHints`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    return onePerRow(context.doubles.flatMap((double) => (isWanted(context, double.span.start.row) ? hitFor(double, context) : [])));
  },
};

function hitFor(double: TestDouble, context: RuleContext): RuleHit[] {
  const authn = double.facts.authn;
  if (authn !== 'simulated' && authn !== 'bypassed') return [];
  const evidence = factEvidenceAt(double, 'authn', context);
  if (evidence.length === 0) return [];
  const first = evidence[0];
  const source = sourceOf(double, first);
  const subject = subjectOf(double, context);
  const verb = authn === 'bypassed' ? 'bypasses authentication' : 'simulates authentication';
  // A fake external service that takes any credentials (moto) says nothing of the application's own
  // authentication: what it means is that the credentials the test passes are never checked.
  const fakeService = (knowledgeEntryOf(double) ?? primitiveEntryNamedIn(first.text))?.kind === 'fake-service';
  const message = fakeService
    ? `${subject} sets up a fake service that accepts any credentials (${source ? `${source}, ` : ''}${ref(first)}): the credentials this test passes to it are never checked`
    : `${subject} ${verb} (${source ? `${source}, ` : ''}${ref(first)}): the test chooses the identity; the production authentication path is not what runs here`;
  return [
    {
      span: useSiteSpan(context, double),
      message,
      evidence,
      justification: `authentication ${authn} by the test harness (${ref(first)})`,
      related: relatedOf(double, context, ['authn']),
    },
  ];
}
