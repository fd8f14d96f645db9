/**
 * Recognises real-looking secrets (FL201) from the format table `knowledge/secret-formats.json`:
 * provider key formats, private key blocks, signed JWTs, and high-entropy values. Placeholders,
 * documented example keys and encodings of readable text are never secrets. Pure string logic.
 */
import { createPrivateKey } from 'node:crypto';
import credentials from '../knowledge/credentials.json';
import table from '../knowledge/secret-formats.json';
import { entropyBitsPerChar, placeholderReason } from './placeholders';

export type SecretCheck = 'entropy' | 'aws-secret' | 'pem' | 'jwt';

export interface SecretFormat {
  readonly id: string;
  readonly title: string;
  readonly pattern: RegExp;
  readonly body: number;
  readonly check: SecretCheck;
  readonly minEntropyRatio?: number;
  readonly nearLines?: number;
}

export interface FormatMatch {
  readonly format: SecretFormat;
  /** The matched secret as written in the value. */
  readonly token: string;
  /** Why it is a placeholder, or null when it looks real. */
  readonly placeholder: string | null;
  /** What makes it look real, for the message ("1,596 characters of key material"). */
  readonly detail: string;
}

export const SECRET_FORMATS: readonly SecretFormat[] = table.formats.map((f) => ({ ...f, check: f.check as SecretCheck, pattern: new RegExp(f.pattern, 'g') }));

const MARKERS: readonly string[] = table.placeholderMarkers;
const WORDS: ReadonlySet<string> = new Set(credentials.placeholderWords);
const EXAMPLES: ReadonlySet<string> = new Set([...table.documentedExamples, ...credentials.documentedExamples]);
const SCANNER_NAME = new RegExp(table.scannerNamePattern, 'i');

/** Cheap gate before the expressions run: every format is at least this long. */
const MIN_CANDIDATE_LENGTH = 16;

/** Every provider-format match in a string value, with its verdict. */
export function findSecretFormats(value: string): FormatMatch[] {
  if (value.length < MIN_CANDIDATE_LENGTH) return [];
  const matches: FormatMatch[] = [];
  for (const format of SECRET_FORMATS) {
    for (const match of allMatches(format.pattern, value)) {
      const token = match[1];
      const body = match[format.body] ?? '';
      const verdict = judge(format, token, body, match);
      matches.push({ format, token, ...verdict });
    }
  }
  return matches;
}

/**
 * What `value.matchAll(pattern)` gives, run on the shared expression itself: `matchAll` copies its
 * expression per call, and FL201 asks every literal of a file about every format.
 */
function allMatches(pattern: RegExp, value: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    // As `matchAll` does, step past an empty match (the expressions are not unicode-aware).
    if (match[0] === '') pattern.lastIndex++;
    matches.push(match);
  }
  return matches;
}

/** True when Bandit B105-B107 / Ruff S105-S107 would flag a string bound to this name. */
export function isScannerSecretName(name: string): boolean {
  return SCANNER_NAME.test(name.replace(/([a-z])([A-Z])/g, '$1_$2'));
}

/**
 * Why a value bound to a secret-like name looks like a real secret (length, entropy, character
 * classes), or null when it does not. Callers check `placeholderReason` first.
 */
export function highEntropyDetail(value: string): string | null {
  const rules = table.highEntropy;
  const length = [...value].length;
  if (length < rules.minLength || /\s/.test(value)) return null;
  if (/:\/\//.test(value) || /^[/~.]/.test(value)) return null;
  if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(value)) return null;
  // UUIDs, dashed or as 32 hex digits (`uuid4().hex`), are identifiers: fake contexts use them as tokens.
  if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[1-5][0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(value)) return null;
  // Words and identifiers between separators (`access:FORCED_TENANT_ID`): random keys have digits.
  if (value.split(/[-_.:/]/).every((part) => /^[A-Za-z]*$/.test(part))) return null;
  if (isRegularExpression(value)) return null;
  if (characterClasses(value) < rules.minClasses) return null;
  if (isSequential(value) || decodedText(value) !== null || encodesTextAfterAPrefix(value)) return null;
  const bits = entropyBitsPerChar(value);
  if (bits < rules.entropyRatio * maxEntropy(value)) return null;
  return `${length} characters, ${bits.toFixed(1)} bits of entropy per character`;
}

/**
 * Syntax only regular expressions write, each kind counted once: lookarounds and groups (`(?=`,
 * `(?:`, `(?P<`), class escapes (`\d`), ranges in brackets (`[a-zA-Z]`), wildcards with a
 * quantifier (`.*`, `.{7,}`) and counted repeats (`{2,8}`).
 */
const REGEX_SYNTAX: readonly RegExp[] = [/\(\?(?:[=!:]|<?[=!]|P?<\w+>)/, /\\[dDwWsSbB]/, /\[[^\]]*\w-\w[^\]]*\]/, /\.[*+?{]/, /\{\d+(?:,\d*)?\}/];

/**
 * A value written as a regular expression (`password_regex=r'^(?=.*\d)(?=.*[a-zA-Z]).{7,}$'`): a
 * pattern a credential must match, not a credential. Two kinds of regex-only syntax, anchored or not,
 * and it must compile; a random key has at most one by chance.
 */
export function isRegularExpression(value: string): boolean {
  if (REGEX_SYNTAX.filter((syntax) => syntax.test(value)).length < 2) return false;
  try {
    // Python's named groups (`(?P<name>…)`) are JavaScript's `(?<name>…)`.
    new RegExp(value.replace(/\(\?P</g, '(?<'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether most of a value is an encoding of readable text behind a short prefix or suffix
 * (`'!&&&ZmFrZV9wYXNzd2Q='`: a product's marker, then base64 of "fake_passwd"): test data in the
 * product's format, not a key. The encoded run must be at least 12 characters and three quarters of the value.
 */
export function encodesTextAfterAPrefix(value: string): boolean {
  for (const run of value.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    if (run.length * 4 >= value.length * 3 && run !== value && decodedText(run) !== null) return true;
  }
  return false;
}

/**
 * The readable text a hex or base64 value encodes (`'6f70656e…'` → "openstack 4 ever"), or null.
 * Such values are test data written in an encoding, not keys.
 */
export function decodedText(value: string): string | null {
  let bytes: Buffer | null = null;
  if (/^(?:[0-9a-fA-F]{2}){4,}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/]{6,}={0,2}$/.test(value) || /^[A-Za-z0-9_-]{6,}={0,2}$/.test(value)) {
    if (value.replace(/=+$/, '').length % 4 === 1) return null;
    bytes = Buffer.from(value, /[-_]/.test(value) ? 'base64url' : 'base64');
  }
  if (!bytes || bytes.length < 4) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Readable: no control characters besides whitespace, and mostly letters, digits, spaces, punctuation.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text)) return null;
  if (!/[A-Za-z]/.test(text)) return null;
  return text;
}

/** `ghp_3RzU6t…`: enough to find the value, not enough to use it (messages end up in CI logs). */
export function redact(token: string): string {
  if (token.startsWith('-----BEGIN')) return /^-----BEGIN [A-Z ]+-----/.exec(token)?.[0] ?? '-----BEGIN …';
  const shown = Math.min(8, Math.max(4, Math.floor(token.length / 5)));
  return `${token.slice(0, shown)}…`;
}

function judge(format: SecretFormat, token: string, body: string, match: RegExpMatchArray): { placeholder: string | null; detail: string } {
  if (EXAMPLES.has(token)) return { placeholder: 'documented example', detail: '' };
  switch (format.check) {
    case 'pem':
      return judgePem(format, match[2] ?? '', body);
    case 'jwt':
      return judgeJwt(match);
    case 'aws-secret':
      if (characterClasses(body, false) < 3) return { placeholder: 'not mixed case with digits', detail: '' };
      if (decodedText(body) !== null) return { placeholder: 'encodes readable text', detail: '' };
      return judgeRandom(format, token, body);
    default:
      return judgeRandom(format, token, body);
  }
}

function judgeRandom(format: SecretFormat, token: string, body: string): { placeholder: string | null; detail: string } {
  const lower = token.toLowerCase();
  const marker = MARKERS.find((m) => lower.includes(m));
  if (marker) return { placeholder: `contains "${marker}"`, detail: '' };
  // Whole words between separators (`xoxb-1234567-not-a-real-token`); random runs have no separators.
  const word = lower.split(/[-_.]/).find((part) => WORDS.has(part));
  if (word) return { placeholder: `contains "${word}"`, detail: '' };
  if (new Set(body).size <= 3) return { placeholder: 'repeated characters', detail: '' };
  if (isSequential(body)) return { placeholder: 'sequential characters', detail: '' };
  const bits = entropyBitsPerChar(body);
  if (bits < (format.minEntropyRatio ?? 0) * maxEntropy(body)) return { placeholder: 'low entropy', detail: '' };
  return { placeholder: null, detail: `${body.length} random-looking characters, no placeholder marker` };
}

/** A private key block is real-looking when it carries enough random base64 key material. */
function judgePem(format: SecretFormat, label: string, body: string): { placeholder: string | null; detail: string } {
  const material = body
    .replace(/\\[nrt]/g, '\n')
    .split('\n')
    // RFC 1421 headers of encrypted keys (`Proc-Type: 4,ENCRYPTED`) are not key material.
    .filter((line) => !/^\s*[A-Za-z-]+:/.test(line))
    .join('')
    .replace(/\s+/g, '');
  if (/[^A-Za-z0-9+/=]/.test(material)) return { placeholder: 'no base64 key material', detail: '' };
  if (material.length < 64) return { placeholder: 'no key material', detail: '' };
  if (decodedText(material) !== null) return { placeholder: 'encodes readable text', detail: '' };
  if (entropyBitsPerChar(material) < (format.minEntropyRatio ?? 0) * maxEntropy(material)) return { placeholder: 'low entropy', detail: '' };
  const bits = rsaModulusBits(label, material);
  if (bits !== null && bits < MIN_TRUSTED_RSA_BITS) return { placeholder: `a ${bits}-bit RSA key, too small to be trusted anywhere`, detail: '' };
  return { placeholder: null, detail: `${material.length.toLocaleString('en-US')} characters of key material` };
}

/** RSA moduli below this are refused by every TLS stack and signing library in use: a toy key. */
const MIN_TRUSTED_RSA_BITS = 1024;

/** The modulus length of an RSA private key block (PKCS#1 or PKCS#8), or null when it is not one that parses. */
function rsaModulusBits(label: string, material: string): number | null {
  if (label !== 'RSA PRIVATE KEY' && label !== 'PRIVATE KEY') return null;
  const lines = material.match(/.{1,64}/g) ?? [];
  try {
    const key = createPrivateKey({ key: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`, format: 'pem' });
    return key.asymmetricKeyType === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? null) : null;
  } catch {
    return null;
  }
}

/** A JWT is a credential when it is signed and its identity claims name real-looking principals. */
function judgeJwt(match: RegExpMatchArray): { placeholder: string | null; detail: string } {
  const header = decodeJson(match[2]);
  const payload = decodeJson(match[3]);
  if (!header || typeof header.alg !== 'string' || !payload) return { placeholder: 'does not decode as a JWT', detail: '' };
  if (header.alg.toLowerCase() === 'none') return { placeholder: 'unsigned (alg "none")', detail: '' };
  // A bearer credential until it expires: one whose `exp` has passed opens nothing (recorded fixtures).
  if (typeof payload.exp === 'number' && Number.isFinite(payload.exp) && payload.exp * 1000 < Date.now()) {
    return { placeholder: `expired (${new Date(payload.exp * 1000).toISOString().slice(0, 10)})`, detail: '' };
  }
  const claims = table.jwt.identityClaims.flatMap((claim) => {
    const raw = payload[claim];
    const values = Array.isArray(raw) ? raw : [raw];
    return values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map((v) => ({ claim, value: String(v) }));
  });
  if (claims.length === 0) return { placeholder: 'no identity claims', detail: '' };
  const fake = claims.find((c) => isPlaceholderClaim(c.claim, c.value));
  if (fake) return { placeholder: `placeholder claim ${fake.claim} "${fake.value}"`, detail: '' };
  const shown = claims.slice(0, 2).map((c) => `${c.claim} "${c.value.length > 30 ? `${c.value.slice(0, 30)}…` : c.value}"`);
  return { placeholder: null, detail: `claims ${shown.join(', ')}` };
}

function isPlaceholderClaim(claim: string, value: string): boolean {
  if (table.jwt.placeholderValues.includes(value)) return true;
  if (isSequential(value)) return true;
  const domain = /@([^@\s]+)$/.exec(value)?.[1] ?? hostOf(value);
  if (domain) {
    const labels = domain.toLowerCase().split('.');
    const suffix2 = labels.slice(-2).join('.');
    if (table.jwt.placeholderDomains.includes(suffix2) || table.jwt.placeholderDomains.includes(labels[labels.length - 1])) return true;
  }
  const local = /^([^@]+)@/.exec(value)?.[1];
  // Short names (`jsmith`) are normal principals: only the word and example rules apply to claims.
  const reason = placeholderReason(local ?? value, claim);
  return reason !== null && reason !== 'short low-entropy value';
}

function hostOf(value: string): string | null {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(value)?.[1] ?? null;
}

function decodeJson(segment: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Lower, upper, digit, other: how many kinds of character a value mixes. */
function characterClasses(value: string, countSymbols = true): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, ...(countSymbols ? [/[^A-Za-z0-9]/] : [])].filter((re) => re.test(value)).length;
}

/** The most entropy a value of this length over its apparent alphabet can have. */
function maxEntropy(value: string): number {
  const length = [...value].length;
  const alphabet = /^[0-9a-f]+$/i.test(value) ? 16 : [26, 26, 10, 16].filter((_, i) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/][i].test(value)).reduce((a, b) => a + b, 0);
  return Math.log2(Math.max(2, Math.min(length, alphabet)));
}

/** `0123456789`, `abcdefgh…`: at least half the neighbours step by one. */
function isSequential(value: string): boolean {
  if (value.length < 6) return false;
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    const delta = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (delta === 1 || delta === -1) steps++;
  }
  return steps >= (value.length - 1) / 2;
}
