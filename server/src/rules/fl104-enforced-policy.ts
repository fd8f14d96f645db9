/**
 * FL104: authorization enforced by the real policy in this test (positive evidence only: a policy
 * engine with the shipped rules, or a spy that lets the real check run). Never from test-chosen rules.
 */
import type { AuthorizationScope, TestDouble } from '../model/types';
import { factEvidenceAt, onePerRow, ref, relatedOf, sourceOf, subjectOf, useSiteSpan } from './double-hints';
import { Rule, RuleContext, RuleHit, isWanted } from './rule';

/** Methods whose doubles cover every test of their class. */
const CLASS_SETUP = /^(setUp|_setUp|setUpClass|setup_method|setup_class|asyncSetUp|setUpTestData)$/;

export const fl104EnforcedPolicy: Rule = {
  id: 'FL104',
  title: 'Authorization enforced by real policy',
  defaultSeverity: 'hint',
  explanation: [
    'Authorization in this test is decided by the **real** policy: a policy engine loaded with the',
    'shipped rules (an oslo.policy `Enforcer` with the registered defaults, for example), or a spy',
    '(`mock.patch(..., wraps=check)`) that records the check and still runs it. The hint names the',
    'line that establishes it.',
    '',
    '**Why it matters for security findings.** A "missing authorization" or IDOR claim about the test',
    'would need a check to be missing in production code. Here the production check runs and the',
    'test exercises it: admin clients and foreign ids are how such a test proves that the check',
    'allows and denies the right callers.',
    '',
    '**When it does not hold.** If the policy is loaded from rules written in the test (test data),',
    'authorization is unknown and no hint is shown. If a later step patches the check for one test,',
    'that test is not covered (and FL206 reports it when the test is about authorization).',
    '',
    '**False positives.** Suppress with `# fixture-lens: ignore[FL104] <reason>` or turn hints off',
    'with `contextHints`.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    return onePerRow(context.doubles.flatMap((double) => (isWanted(context, double.span.start.row) ? hitFor(double, context) : [])));
  },
};

/**
 * What installs the policy for a test: a policy fixture or a spy on the check. A helper that builds a
 * context (and so loads the policy engine on the way), or an in-process service with its own policy
 * (a placement fixture), says nothing about the checks of the API under test.
 */
const POLICY_KINDS: ReadonlySet<string> = new Set(['policy', 'spy']);
const POLICY_FORMS: ReadonlySet<TestDouble['form']> = new Set(['use-fixture', 'pytest-parameter', 'patch-decorator', 'patch-context', 'patch-start', 'patcher', 'patch-fixture', 'monkeypatch-setattr', 'stub-out', 'decorator', 'base-class']);

function hitFor(double: TestDouble, context: RuleContext): RuleHit[] {
  if (double.facts.authz !== 'enforced' || !POLICY_KINDS.has(double.kind) || !POLICY_FORMS.has(double.form)) return [];
  const evidence = factEvidenceAt(double, 'authz', context);
  if (evidence.length === 0) return [];
  // The authorization in effect per test decides: a later bypass takes the test out of the hint.
  const covered = coveredTests(double, context.authorization);
  const enforced = covered.filter((s) => s.authz === 'enforced');
  if (covered.length > 0 && enforced.length === 0) return [];
  const overridden = covered.filter((s) => s.authz !== 'enforced').map((s) => s.test);
  const first = evidence[evidence.length - 1];
  const subject = subjectOf(double, context);
  const source = sourceOf(double, first);
  const isSpy = double.kind === 'spy';
  const what = isSpy
    ? `${subject} is a spy that wraps the real check (${ref(first)}): the check still runs and decides`
    : `${subject} enforces the real policy (${source ? `${source}, ` : ''}${ref(first)}): the production check decides`;
  const scope = overridden.length ? `, except in ${overridden.join(', ')}` : '';
  return [
    {
      span: useSiteSpan(context, double),
      message: `${what} in ${covered.length > 1 ? 'these tests' : 'this test'}${scope}`,
      evidence,
      justification: `authorization enforced by the real policy (${ref(first)})`,
      related: relatedOf(double, context, ['authz']),
    },
  ];
}

/** The tests a double's use site applies to: its own test, or every test of the class for setup code. */
function coveredTests(double: TestDouble, scopes: readonly AuthorizationScope[]): AuthorizationScope[] {
  const [owner, method] = double.scope.includes('.') ? double.scope.split('.') : [null, double.scope];
  if (owner && method && CLASS_SETUP.test(method)) return scopes.filter((s) => s.test.startsWith(`${owner}.`));
  const exact = scopes.filter((s) => s.test === double.scope);
  if (exact.length) return exact;
  // A class-level double (a base class, a class decorator) covers the class's tests.
  return scopes.filter((s) => s.test.startsWith(`${double.scope}.`));
}
