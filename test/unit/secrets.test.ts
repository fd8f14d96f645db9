/** Secret recognition for FL201 (`rules/secrets.ts`): provider formats, encodings of text, entropy, redaction. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodedText, encodesTextAfterAPrefix, findSecretFormats, highEntropyDetail, isRegularExpression, isScannerSecretName, redact } from '../../server/src/rules/secrets';

/** `format-id:verdict` for each match, the verdict being `real` or the placeholder reason. */
function verdicts(value: string): string[] {
  return findSecretFormats(value).map((m) => `${m.format.id}:${m.placeholder ?? 'real'}`);
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const SIGNATURE = 'SnkTqaJm4iq_n3q3p028rV53geLXY9cxmaJs1cvaWdnNDn-F8a08SkGfdqwTlmjRE6Z14IvtUz3d';

describe('secret formats', () => {
  it('finds provider tokens inside longer strings and judges them', () => {
    assert.deepEqual(verdicts('Authorization: token ghp_vffOuBR12ERDOI5eL9ftEI8C3dh32UQUGyiM'), ['github-token:real']);
    assert.deepEqual(verdicts('AKIAO7GHJ65LLJBDQGQJ'), ['aws-access-key-id:real']);
    assert.deepEqual(verdicts('sk_live_VJa76T4zaK7rg9UASTFAgI3c'), ['stripe-live-key:real']);
    assert.deepEqual(verdicts('sk_test_4eC39HqLyjWDarjtT1zdp7dc'), []);
  });

  it('calls documented examples, markers, repeated and sequential bodies placeholders', () => {
    assert.deepEqual(verdicts('AKIAIOSFODNN7EXAMPLE'), ['aws-access-key-id:documented example']);
    assert.deepEqual(verdicts('AKIAFAKEFAKEFAKEFAKE'), ['aws-access-key-id:contains "fake"']);
    assert.deepEqual(verdicts('ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), ['github-token:contains "xxxx"']);
    assert.deepEqual(verdicts('ghp_000000000000000000000000000000000000'), ['github-token:repeated characters']);
    assert.deepEqual(verdicts('ghp_0123456789abcdefghijklmnopqrstuvwxyz'), ['github-token:sequential characters']);
    assert.deepEqual(verdicts('xoxb-123456789012-not-a-real-token'), ['slack-token:contains "token"']);
  });

  it('a random body is not a placeholder because a short word hides in it', () => {
    // "Bad", "My" and "Key" appear between case changes: FL105's word split would call it fake.
    assert.deepEqual(verdicts('ghp_q8ZrBadVxL0pMyT7mWc4KeyNy1Kd9Hs2Rt4V'), ['github-token:real']);
  });

  it('reads private key blocks: key material makes them real, templates and patterns are not', () => {
    const body = 'MHcCAQEEINxQGKc63D4M3LM/yZpepHxZWjHCNKTtlZrmqGV/cViMoAoGCCqGSM49\\nAwEHoUQDQgAENj0oVAsC4KKYhFh7IyTNzwgkrKVgu128nbEGo0+uJPS3muoLDqrL';
    assert.deepEqual(verdicts(`-----BEGIN EC PRIVATE KEY-----\\n${body}\\n-----END EC PRIVATE KEY-----`), ['private-key:real']);
    assert.match(findSecretFormats(`-----BEGIN EC PRIVATE KEY-----\\n${body}\\n-----END EC PRIVATE KEY-----`)[0].detail, /^128 characters of key material$/);
    assert.deepEqual(verdicts('-----BEGIN RSA PRIVATE KEY-----\\n...\\n-----END RSA PRIVATE KEY-----'), ['private-key:no base64 key material']);
    assert.deepEqual(verdicts('(-----BEGIN RSA PRIVATE KEY-----|)[a-zA-Z0-9\\n/+=]*'), ['private-key:no base64 key material']);
    // A toy RSA key (too small for any library to trust) is test data; a 2048-bit one is a key.
    // (Only the block's verdict: a 40-character run inside random key material may also look like an AWS secret.)
    const rsa = (bits: number, type: 'pkcs1' | 'pkcs8') => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type, format: 'pem' }).toString();
    const block = (value: string) => verdicts(value).filter((v) => v.startsWith('private-key:'));
    assert.deepEqual(block(rsa(512, 'pkcs1')), ['private-key:a 512-bit RSA key, too small to be trusted anywhere']);
    assert.deepEqual(block(rsa(512, 'pkcs8').replace(/\n/g, '\\n')), ['private-key:a 512-bit RSA key, too small to be trusted anywhere']);
    assert.deepEqual(block(rsa(2048, 'pkcs1')), ['private-key:real']);
    assert.deepEqual(verdicts('-----BEGIN PRIVATE KEY-----\nfake\n-----END PRIVATE KEY-----'), ['private-key:no key material']);
    assert.deepEqual(verdicts('-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'), []);
  });

  it('reads JWT claims: real-looking principals make a credential, placeholders and unsigned tokens do not', () => {
    const header = b64url({ alg: 'RS256', typ: 'JWT' });
    // Expiring in 2100: a token that has expired is no credential (below).
    const real = `${header}.${b64url({ iss: 'https://login.acmecorp.io', sub: '8f14e45fceea167a', exp: 4102444800 })}.${SIGNATURE}`;
    assert.deepEqual(verdicts(real), ['jwt:real']);
    assert.match(findSecretFormats(real)[0].detail, /^claims iss "https:\/\/login\.acmecorp\.io", sub "8f14e45fceea167a"$/);
    assert.deepEqual(verdicts(`${header}.${b64url({ sub: '8f14e45f', email: 'alice@example.com' })}.${SIGNATURE}`), ['jwt:placeholder claim email "alice@example.com"']);
    assert.deepEqual(verdicts(`${header}.${b64url({ sub: 'fake-user' })}.${SIGNATURE}`), ['jwt:placeholder claim sub "fake-user"']);
    assert.deepEqual(verdicts(`${header}.${b64url({ exp: 1893456000, scope: 'read' })}.${SIGNATURE}`), ['jwt:no identity claims']);
    assert.deepEqual(verdicts(`${b64url({ alg: 'none' })}.${b64url({ iss: 'https://login.acmecorp.io' })}.${SIGNATURE}`), ['jwt:unsigned (alg "none")']);
    assert.deepEqual(verdicts(`${header}.${b64url({ iss: 'https://login.acmecorp.io', sub: '8f14e45fceea167a', exp: 1572006964 })}.${SIGNATURE}`), ['jwt:expired (2019-10-25)']);
  });

  it('pairs a 40-character secret only when it is mixed case with digits and not encoded text', () => {
    assert.deepEqual(verdicts('dNvUWMaU3s3BSYTxd00vZ9PLZokOyw20e5ri+ZfV'), ['aws-secret-access-key:real']);
    // A git commit id: 40 hex characters.
    assert.deepEqual(verdicts('3f786850e387550fdab836ed7e6dc881de23001b'), ['aws-secret-access-key:not mixed case with digits']);
  });
});

describe('encodings of readable text', () => {
  it('decodes hex and base64 of text (nova PROJECT_ID, user data) and leaves random values alone', () => {
    assert.equal(decodedText('6f70656e737461636b20342065766572'), 'openstack 4 ever');
    assert.equal(decodedText('ZWNobyAiaGVsbG8gd29ybGQi'), 'echo "hello world"');
    assert.equal(decodedText('9c1e7b3f0a5d2e8c4b6f1a7d3e9c0b5a'), null);
    assert.equal(decodedText('q8Zr2VxL0pT7mWc4Ny1Kd9Hs'), null);
  });
});

describe('high-entropy values bound to secret-like names', () => {
  it('reports random values with length, entropy and mixed classes', () => {
    assert.match(highEntropyDetail('q8Zr2VxL0pT7mWc4Ny1Kd9Hs') ?? '', /^24 characters, 4\.\d bits of entropy per character$/);
    assert.ok(highEntropyDetail('9c1e7b3f0a5d2e8c4b6f1a7d3e9c0b5a'), 'a 32-digit hex key');
  });

  it('leaves identifiers, words, URLs, paths, UUIDs and encoded text alone', () => {
    for (const value of [
      'short1A',
      'keystone-authtoken-cache-key',
      'https://login.acmecorp.io/oauth2/token',
      '/etc/nova/secrets/admin.key',
      'keystoneauth1.identity.v3.TokenMethod',
      'bff4a5a6b9eb4ea2a6efec6eefb77936',
      '1c5ae3b4-58a9-4e6f-9c3d-2f7b8e0a1d64',
      '6f70656e737461636b20342065766572',
      'correct horse battery staple',
      'abcdefghijklmnopqrstuvwxyz0123',
      '^(?=.*\\d)(?=.*[a-zA-Z]).{7,}$',
      '(?P<user>[a-z0-9_]{3,16}):(?P<token>\\w{20,})',
      '!&&&ZmFrZV9wYXNzd2Q=',
    ]) {
      assert.equal(highEntropyDetail(value), null, value);
    }
  });

  it('reads an encoding of text behind a short marker, not a random run that merely has one', () => {
    assert.equal(encodesTextAfterAPrefix('!&&&ZmFrZV9wYXNzd2Q='), true);
    assert.equal(encodesTextAfterAPrefix('{SSHA}b3BlbnN0YWNrIDQgZXZlcg=='), true);
    // Random base64 behind a marker decodes to bytes, not text: still reported.
    assert.equal(encodesTextAfterAPrefix('!&&&q8Zr2VxL0pT7mWc4Ny1Kd9Hs'), false);
    assert.ok(highEntropyDetail('!&&&q8Zr2VxL0pT7mWc4Ny1Kd9Hs'));
  });

  it('tells a regular expression from a random value that has one regex-like piece', () => {
    assert.equal(isRegularExpression('^(?=.*\\d)(?=.*[a-zA-Z]).{7,}$'), true);
    assert.equal(isRegularExpression('[A-Za-z0-9+/]{40}'), true);
    // One construct by chance (`.*`), or two that do not compile, is not a pattern.
    assert.equal(isRegularExpression('q8Zr2V.*L0pT7mWc4Ny1Kd9Hs'), false);
    assert.equal(isRegularExpression('q8Z(?=r2V.*L0pT7mWc4Ny1Kd9Hs'), false);
    assert.ok(highEntropyDetail('q8Zr2V.*L0pT7mWc4Ny1Kd9Hs'), 'a random value with `.*` in it is still reported');
  });

  it('matches the names Bandit and Ruff flag, which are fewer than FL201 reads', () => {
    assert.equal(isScannerSecretName('GITHUB_TOKEN'), true);
    assert.equal(isScannerSecretName('db_password'), true);
    assert.equal(isScannerSecretName('api_key'), false);
  });
});

describe('redaction', () => {
  it('shows enough to find a secret, not enough to use it', () => {
    assert.equal(redact('ghp_vffOuBR12ERDOI5eL9ftEI8C3dh32UQUGyiM'), 'ghp_vffO…');
    assert.equal(redact('AKIAO7GHJ65LLJBDQGQJ'), 'AKIA…');
    assert.equal(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIE'), '-----BEGIN RSA PRIVATE KEY-----');
  });
});
