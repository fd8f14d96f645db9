/**
 * Decides whether a credential-shaped literal is a placeholder (test data) rather than a secret.
 * Shared by FL105 (placeholder: explain the scanner noise) and FL201 (real-looking: warn).
 */
import credentials from '../knowledge/credentials.json';

const SECRET_NAME = new RegExp(credentials.secretNamePattern, 'i');
const PLACEHOLDER_WORDS: readonly string[] = credentials.placeholderWords;
/** Digits written for letters (`Pa55w0rd`). */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b' };
const TEMPLATE = /^(<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|\{[a-z_]*\})$/i;

export type BindingRule = keyof typeof credentials.scannerRules;

const QUALIFIERS: ReadonlySet<string> = new Set(credentials.credentialQualifiers);
const NON_CREDENTIAL_TOKENS: ReadonlySet<string> = new Set(credentials.nonCredentialTokens);

/** A name for a credential (`db_password`, `apiKey`), not for a property of one (`secret_type`). */
export function isSecretLikeName(name: string): boolean {
  return SECRET_NAME.test(snakeCase(name)) && notACredential(name) === null;
}

/**
 * What a credential-sounding name names instead of a credential: a property of one (`secret_type`
 * → "a credential's type"), or a pagination position (`continuation_token`); null for a credential.
 */
export function notACredential(name: string): string | null {
  const words = snakeCase(name).toLowerCase().split('_').filter(Boolean);
  const last = words[words.length - 1];
  if (words.length > 1 && last !== undefined && QUALIFIERS.has(last)) return `a credential's ${last}`;
  // A qualifier right after the credential word: `token_cache_key`, `secret_hash_algorithm`.
  for (let i = 1; i < words.length - 1; i++) {
    if (QUALIFIERS.has(words[i]) && SECRET_NAME.test(words.slice(0, i).join('_'))) return `a credential's ${words.slice(i).join(' ')}`;
  }
  if (words.length > 1 && last === 'token' && NON_CREDENTIAL_TOKENS.has(words[words.length - 2])) return 'a pagination position';
  return null;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2');
}

/** Returns why `value` is a placeholder, or null when it is not recognisably one. */
export function placeholderReason(value: string, boundName: string): string | null {
  if (value.length === 0) return 'empty string';
  if (credentials.documentedExamples.includes(value)) return 'documented example key';
  if (/^(.)\1*$/.test(value)) return 'one repeated character';
  if (TEMPLATE.test(value)) return 'template placeholder';
  if (value.toLowerCase() === boundName.toLowerCase()) return 'same as its name';
  // AWS's documented keys end in EXAMPLE or EXAMPLEKEY, in every spelling of their body.
  if (/EXAMPLE/.test(value)) return 'contains "EXAMPLE"';
  const word = placeholderWordIn(value);
  if (word) return `contains "${word}"`;
  if (value.length <= 8 && !/[^a-z0-9]/i.test(value) && entropyBitsPerChar(value) < 3) return 'short low-entropy value';
  return null;
}

/** Shannon entropy per character: how random a value looks. */
export function entropyBitsPerChar(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function scannerRulesFor(rule: BindingRule): { bandit: string; ruff: string } {
  return credentials.scannerRules[rule];
}

export function isSharedTempPath(value: string): boolean {
  return credentials.sharedTempPrefixes.some((prefix) => value === prefix || value.startsWith(`${prefix}/`));
}

/**
 * A placeholder word as a whole token, or as the start of a token when the word is long enough
 * to be deliberate (`fakepassword`): a random key that merely contains "bar" stays suspicious.
 */
function placeholderWordIn(value: string): string | null {
  // Split on separators and lower→upper case changes only: splitting on digits too would cut a
  // random key into fragments that match short words by chance.
  // An upper-case run before a capitalised word ends before it (`ADPassword` → `AD`, `Password`).
  const tokens = value.split(/[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((t) => t.toLowerCase()).filter(Boolean);
  for (const token of tokens) {
    const letters = token.replace(/\d+$/, '').replace(/^\d+/, '');
    const unleet = token.replace(/[0-9]/g, (digit) => LEET[digit] ?? digit);
    for (const word of PLACEHOLDER_WORDS) {
      if (letters === word || (word.length >= 4 && (token.startsWith(word) || letters.startsWith(word)))) return word;
      // `Pa55word`, `p4ssw0rd`: only long words, which digits spell by chance far too rarely.
      if (word.length >= 6 && unleet.startsWith(word)) return word;
    }
  }
  return null;
}
