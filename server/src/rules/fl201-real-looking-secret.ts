/**
 * FL201: a real-looking secret in test code: a provider key format, a private key block, a signed
 * JWT with real-looking claims, or a high-entropy value bound to a secret-like name. Placeholders,
 * documented example keys and encodings of readable text are FL105's business, never FL201's.
 */
import type { StringBinding } from '../model/syntax';
import type { Evidence, Span } from '../model/types';
import { isSecretLikeName, placeholderReason, scannerRulesFor, type BindingRule } from './placeholders';
import { isWanted, type Rule, type RuleContext, type RuleHit, type ScannerRule } from './rule';
import { findSecretFormats, highEntropyDetail, isScannerSecretName, redact, type FormatMatch, type SecretCheck } from './secrets';

export const fl201RealLookingSecret: Rule = {
  id: 'FL201',
  title: 'Real-looking secret in test code',
  defaultSeverity: 'warning',
  explanation: [
    'A string in test code has the shape of a real credential: a provider key format (AWS access key id',
    '`AKIA…`/`ASIA…` and the secret next to it, GitHub `ghp_…`/`github_pat_…`, Slack `xox?-…`, Google',
    '`AIza…`, Stripe `sk_live_…`), a private key block (`-----BEGIN … PRIVATE KEY-----` with key material),',
    'a signed JWT whose claims name real-looking principals, or a random-looking value (at least 20',
    'characters, high entropy, mixed character classes) bound to a name such as `token` or `api_key`.',
    '',
    '**Why it matters.** Test files are read, copied and published far more widely than deployment',
    'secrets: a live token or key in a test is a leaked credential, whatever the test does with it.',
    'A private key that is "only for tests" is trusted wherever its public half was ever installed.',
    '',
    '**How to fix.** If the value was ever valid, revoke or rotate it first: removing it from the file',
    'does not remove it from history. Then use an obvious placeholder (`fake-token`, `AKIAIOSFODNN7EXAMPLE`),',
    'generate the value when the test runs (`secrets.token_hex()`, a key made by `cryptography` in a',
    'fixture), or read it from the environment.',
    '',
    '**False positives.** Values that are random but were never credentials (a generated test key pair',
    'trusted nowhere, a recorded token that has expired) still look real to every secret scanner and',
    'reviewer. Replace them where you can; otherwise suppress with',
    '`# fixture-lens: ignore[FL201] <why it is not a credential>`. Placeholders (`fake`, `changeme`,',
    'repeated characters, documented example keys), hex or base64 encodings of readable text, UUIDs',
    '(identifiers, even when a fake context calls one a token), regular expressions (`password_regex =',
    "r'^(?=.*\\d).{7,}$'`, a pattern a password must match) and values with spaces are never reported.",
    'Known test keys can be listed once for the project in `pyproject.toml`:',
    '`[tool.fixture-lens] allow-secrets = ["<exact value>", "/^sk_test_/"]` (a value between slashes is a',
    'regular expression).',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const bindings = new Map(context.strings.map((b) => [spanKey(b.span), b]));
    const hits = new Map<string, RuleHit>();
    const found = context.literals.flatMap((literal) =>
      literal.value === null || !isWanted(context, literal.span.start.row) || context.isAllowedSecret(literal.value)
        ? []
        : findSecretFormats(literal.value).filter((m) => m.placeholder === null && !context.isAllowedSecret(m.token)).map((match) => ({ span: literal.span, match })),
    );
    const keyRows = found.filter((f) => f.match.format.id === 'aws-access-key-id').map((f) => f.span.start.row);
    for (const { span, match } of found) {
      const key = spanKey(span);
      if (hits.has(key)) continue;
      const near = match.format.nearLines ?? 0;
      // A 40-character base64 run is an AWS secret only next to an access key id.
      if (match.format.check === 'aws-secret' && !keyRows.some((row) => Math.abs(row - span.start.row) <= near)) continue;
      hits.set(key, formatHit(context, span, match, bindings.get(key)));
    }
    for (const binding of context.strings) {
      const key = spanKey(binding.span);
      if (binding.value === null || hits.has(key) || !isWanted(context, binding.span.start.row) || !isSecretLikeName(binding.name) || context.isAllowedSecret(binding.value)) continue;
      // A value in a known format (a JWT, a key block) was judged by its format above.
      if (placeholderReason(binding.value, binding.name) !== null || findSecretFormats(binding.value).length > 0) continue;
      const detail = highEntropyDetail(binding.value);
      if (!detail) continue;
      hits.set(key, {
        span: binding.span,
        message: `Random-looking value ${JSON.stringify(redact(binding.value))} bound to "${binding.name}" (${detail}, no placeholder marker): if it is a real credential, revoke it and use a placeholder or generate it at run time`,
        evidence: [redactedEvidence(context, binding.span, binding.value)],
        ...scannerRules(binding),
      });
    }
    return [...hits.values()];
  },
};

/** What to do, by the kind of secret. */
const ADVICE: Readonly<Record<SecretCheck, string>> = {
  entropy: 'if it was ever valid, revoke it; use an obvious placeholder or create the value at run time',
  'aws-secret': 'if it was ever valid, revoke it; use an obvious placeholder or create the value at run time',
  pem: 'a private key is trusted wherever its public half was installed; generate the key in a fixture, or suppress with the reason it is trusted nowhere',
  jwt: 'a signed token is a bearer credential until it expires; build test tokens at run time with placeholder claims',
};

function formatHit(context: RuleContext, span: Span, match: FormatMatch, binding: StringBinding | undefined): RuleHit {
  const what = `${capitalize(match.format.title)} ${JSON.stringify(redact(match.token))}`;
  return {
    span,
    message: `${what} in test code looks real (${match.detail}): ${ADVICE[match.format.check]}`,
    evidence: [redactedEvidence(context, span, match.token)],
    ...(binding ? scannerRules(binding) : {}),
  };
}

/** Bandit/Ruff flag the same literal only when it is bound to a password-like name. */
function scannerRules(binding: StringBinding): { scannerRules?: ScannerRule[] } {
  if (!isScannerSecretName(binding.name)) return {};
  const rules = scannerRulesFor(binding.form as BindingRule);
  return {
    scannerRules: [
      { tool: 'bandit', ruleId: rules.bandit },
      { tool: 'ruff', ruleId: rules.ruff },
    ],
  };
}

/** Evidence at the literal's first line, cut at the secret: reports must not re-leak it. */
function redactedEvidence(context: RuleContext, span: Span, secret: string): Evidence {
  const row = span.start.row;
  const line = (context.lines[row] ?? '').trim();
  const at = line.indexOf(secret.slice(0, 12));
  const text = at >= 0 ? `${line.slice(0, at)}${redact(secret)}` : line;
  return { fact: 'data', path: context.path, line: row + 1, text: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}

function spanKey(span: Span): string {
  return `${span.start.row}:${span.start.column}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
