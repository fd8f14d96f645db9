/** Placeholder detection shared by FL105 and FL201: test data versus real-looking values. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entropyBitsPerChar, isSecretLikeName, notACredential, placeholderReason } from '../../server/src/rules/placeholders';

describe('placeholders', () => {
  it('recognises credential-shaped names the way Bandit and Ruff do', () => {
    for (const name of ['password', 'admin_password', 'PASSWD', 'db_pwd', 'auth_token', 'secret', 'api_key', 'apiKey', 'passphrase']) {
      assert.equal(isSecretLikeName(name), true, name);
    }
    for (const name of ['username', 'passenger', 'tokenizer', 'description', 'keyboard']) {
      assert.equal(isSecretLikeName(name), false, name);
    }
  });

  it('tells a name for a property of a credential, or a pagination token, from a credential', () => {
    assert.equal(notACredential('secret_type'), "a credential's type");
    assert.equal(notACredential('passphraseFile'), "a credential's file");
    assert.equal(notACredential('password_regex'), "a credential's regex");
    assert.equal(notACredential('continuation_token'), 'a pagination position');
    for (const name of ['secret_type', 'passphrase_file', 'continuation_token']) assert.equal(isSecretLikeName(name), false, name);
    for (const name of ['type', 'db_password', 'auth_token', 'secret', 'csrf_token', 'password_hash']) assert.equal(notACredential(name), null, name);
  });

  it('calls test data placeholders, with the reason', () => {
    assert.equal(placeholderReason('fake-password', 'password'), 'contains "fake"');
    assert.equal(placeholderReason('', 'password'), 'empty string');
    assert.equal(placeholderReason('xxxxxxxx', 'token'), 'one repeated character');
    assert.equal(placeholderReason('AKIAIOSFODNN7EXAMPLE', 'access_key'), 'documented example key');
    assert.equal(placeholderReason('<your-token>', 'token'), 'template placeholder');
    assert.equal(placeholderReason('password', 'password'), 'same as its name');
    assert.equal(placeholderReason('FakePassw0rd', 'password'), 'contains "fake"');
    // Words behind an upper-case run, digits for letters, and AWS's EXAMPLE in any spelling.
    assert.equal(placeholderReason('4MicrosoftADPassword', 'Password'), 'contains "password"');
    assert.equal(placeholderReason('Non-Managed-Pa55word!', 'MasterUserPassword'), 'contains "password"');
    assert.equal(placeholderReason('wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY', 'secret_key'), 'contains "EXAMPLE"');
    assert.equal(placeholderReason('2YotnFZFEjr1zCsicMWpAA', 'access_token'), 'documented example key');
    assert.equal(placeholderReason('django-insecure-9$j0^ot%41l5r(nj9hg02up', 'SECRET_KEY'), 'contains "insecure"');
  });

  it('does not call random-looking values placeholders, even when a short word hides inside', () => {
    assert.equal(placeholderReason('q8Zr2VxL0pT7mWc4Ny1Kd9Hs', 'token'), null);
    assert.equal(placeholderReason('ghp_9fK2barLq81ZxYw0PmN3vT6sR4uE7hJ5cD2a', 'token'), null);
    assert.ok(entropyBitsPerChar('q8Zr2VxL0pT7mWc4Ny1Kd9Hs') > 4);
  });
});
