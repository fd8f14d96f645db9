/**
 * Review claims: splitting free text into claims (numbered items, headings, bullets, paragraphs;
 * no introduction or conclusion), classification, targets, and the verdicts of SPEC §2.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { decideClaim } from '../../server/src/triage/claim-verdicts';
import { classify, extractTargets, parseReview } from '../../server/src/triage/review-claims';
import type { TriageFile } from '../../server/src/triage/finding-site';
import type { ClaimVerdict, ReviewClaim } from '../../server/src/triage/types';
import { REPO_ROOT } from '../helpers/parsing';
import { WORKSPACES, loadTriageWorkspace, readFixture, type TriageWorkspace } from '../helpers/triage';
import { createSourceLineReader } from '../../server/src/cli/triage-run';

function claimsOf(relative: string): readonly ReviewClaim[] {
  const parsed = parseReview(readFixture(relative), { file: relative });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.claims;
}

async function decide(workspace: string, file: string, review: string): Promise<ClaimVerdict[]> {
  const root = path.isAbsolute(workspace) ? workspace : path.join(WORKSPACES, workspace);
  const loaded: TriageWorkspace = await loadTriageWorkspace(root);
  const triageFile = loaded.file(file);
  return claimsOf(review).map((claim) => decideClaim({ claim, file: triageFile, sourceLine: createSourceLineReader(root) }));
}

function claimsFromText(text: string): ReviewClaim[] {
  const parsed = parseReview(text, { file: 'inline.txt' });
  assert.ok(parsed.ok);
  return [...parsed.claims];
}

function evidencePaths(verdict: ClaimVerdict): string[] {
  return [...new Set(verdict.points.flatMap((p) => p.evidence.map((e) => e.path)))];
}

describe('triage: splitting reviews', () => {
  it('numbered items are claims; the introduction and the glued-on conclusion are not', () => {
    const parsed = parseReview(readFixture('reviews/nova-like-plain.txt'), { file: 'r.txt' });
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.claims.map((c) => [c.index, c.title, c.reviewLine]),
      [
        [1, 'Insecure direct object reference (IDOR)', 3],
        [2, 'Insecure use of `api_fixture`', 6],
        [3, 'Insecure use of `post_server_action`', 9],
        [4, 'Insecure use of `get_server`', 12],
      ],
    );
    assert.match(parsed.introduction ?? '', /^This file looks like/);
    assert.match(parsed.conclusion ?? '', /^In conclusion, the test has several/);
    assert.ok(!parsed.claims[3].text.includes('In conclusion'));
  });

  it('markdown: numbered items under a heading, with nested bullets; "Overall" closes', () => {
    const claims = claimsOf('reviews/nova-like-regression.md');
    assert.deepEqual(claims.map((c) => c.title), ['Insecure direct object reference in `setUp()`', 'Missing OAuth on `api_fixture`', '`fake_network` bypasses authorization', 'Placement API exposed']);
    assert.match(claims[1].text, /The server id comes straight from the request/);
    assert.ok(!claims[3].text.includes('Overall'));
  });

  it('markdown headings are claims, structural ones ("Summary") are not', () => {
    const claims = claimsOf('reviews/payments.md');
    assert.deepEqual(claims.map((c) => c.title), ['TLS verification disabled', 'Mocked endpoint without TLS', 'IDOR through the `requests_mock` fixture']);
  });

  it('paragraphs are claims when nothing else structures the text', () => {
    const claims = claimsOf('reviews/fastapi-secrets.txt');
    assert.equal(claims.length, 2);
    assert.deepEqual(claims.map((c) => c.targets), [['GITHUB_TOKEN'], ['aws_secret_access_key', 'test_upload_report']]);
  });

  it('bullets are claims', () => {
    const claims = claimsOf('reviews/unknown-target.md');
    assert.deepEqual(claims.map((c) => c.targets), [['billing_gateway'], ['RealPolicyFixture']]);
  });

  it('refuses text with no claims, empty text and binary data, in one line naming the file', () => {
    assert.deepEqual(parseReview(readFixture('reviews/only-conclusion.txt'), { file: 'c.txt' }), {
      ok: false,
      error: 'c.txt: no claims found (expected numbered items, headings, bullets or paragraphs that make a security claim)',
    });
    assert.deepEqual(parseReview(readFixture('reviews/empty.txt'), { file: 'e.txt' }), { ok: false, error: 'e.txt: empty review, expected claims as numbered items, headings, bullets or paragraphs' });
    assert.deepEqual(parseReview('PK\u0003\u0004\u0000\u0000binary', { file: 'z.zip' }), { ok: false, error: 'z.zip: not text (binary data), expected a review in plain text or markdown' });
  });

  it('survives hostile text', () => {
    const inputs = ['#'.repeat(10000), '1. '.repeat(5000), '`'.repeat(9999), '```\n1. inside a fence\n', '\r\n\r\n1) a\r\n2) b\r\n', '\u{1F600} `x`()'.repeat(1000)];
    for (const text of inputs) {
      const parsed = parseReview(text, { file: 'h.txt' });
      assert.ok(parsed.ok || /^h\.txt: /.test(parsed.error));
    }
  });
});

describe('triage: classifying and extracting targets', () => {
  it('classifies by keywords, the title counting most', () => {
    assert.equal(classify('In setUp the fixtures are not authorized.', 'Insecure direct object reference (IDOR)').category, 'idor');
    assert.deepEqual(classify('The client skips certificate validation over HTTPS.', '').categories, ['tls']);
    assert.equal(classify('A hard-coded password in the fixture.', '').category, 'secret');
    assert.equal(classify('pickle.loads on the response', '').category, 'deserialization');
    assert.equal(classify('The code is hard to read.', '').category, 'other');
  });

  it('extracts backticked names, calls in prose and "the X fixture", never plain words', () => {
    assert.deepEqual(extractTargets('In the `setUp()` method, `self.api.post_server_action(server_id)` and get_server() use the fake_network fixture and the test client.'), [
      'setUp',
      'api.post_server_action',
      'get_server',
      'fake_network',
    ]);
    assert.deepEqual(extractTargets('the `api` and `OAuth` and `https://x`'), []);
  });
});

describe('triage: claim verdicts (SPEC §2)', () => {
  let nova: ClaimVerdict[];
  before(async () => {
    nova = await decide('nova_like', 'compute/tests/functional/regressions/test_bug_1000001.py', 'reviews/nova-like-regression.md');
  });

  it('nova-style IDOR/auth claims on in-process doubles are not applicable, with A, B and C as evidence', () => {
    assert.deepEqual(nova.map((v) => v.verdict), ['not-applicable', 'not-applicable', 'not-applicable', 'unclear']);
    const [idor, oauth, network] = nova;
    for (const verdict of [idor, oauth, network]) {
      assert.deepEqual(verdict.points.slice(0, 3).map((p) => p.reason.slice(0, 3)), ['A —', 'B —', 'C —']);
    }
    assert.deepEqual(evidencePaths(idor).sort(), ['compute/tests/fixtures/glance.py', 'compute/tests/fixtures/neutron.py', 'compute/tests/functional/regressions/test_bug_1000001.py']);
    const oauthEvidence = oauth.points.flatMap((p) => p.evidence.map((e) => `${e.path}:${e.line}`));
    for (const expected of ['compute/tests/fixtures/core.py:52', 'compute/tests/fixtures/core.py:66', 'compute/tests/fixtures/policy.py:7', 'compute/policy.py:33']) {
      assert.ok(oauthEvidence.includes(expected), `${expected} in ${oauthEvidence.join(', ')}`);
    }
    assert.match(oauth.points[3].reason, /^TLS — no connection leaves the test process/);
    assert.deepEqual(network.located.map((l) => [l.target, l.via]), [
      ['fake_network', 'double+import'],
      ['set_stub_network_methods', 'double+call'],
    ]);
    assert.ok(evidencePaths(network).includes('compute/tests/unit/fake_network.py'));
  });

  it('a claim about a double whose definition is outside the workspace is unclear, and says what is unknown', () => {
    const placement = nova[3];
    assert.equal(placement.verdict, 'unclear');
    assert.match(placement.points[0].reason, /transport of `PlacementFixture` \(line 26\) is unknown \(base placement_fixtures\.PlacementFixture .* package `placement`, which is not in the workspace/);
  });

  it('the plain-text review in the style of the nova example: four claims, all not applicable', async () => {
    const verdicts = await decide('nova_like', 'compute/tests/functional/regressions/test_bug_1000001.py', 'reviews/nova-like-plain.txt');
    assert.deepEqual(verdicts.map((v) => v.verdict), ['not-applicable', 'not-applicable', 'not-applicable', 'not-applicable']);
    assert.deepEqual(verdicts[0].located.map((l) => l.target), ['setUp', 'image_service', 'network_service']);
    assert.deepEqual(verdicts[2].located.find((l) => l.target === 'post_server_action')?.lines, [38, 39, 41]);
  });

  it('a patched-out check in an authorization test applies (FL206), and production reachability is named (FL205)', async () => {
    const verdicts = await decide('nova_like', 'compute/tests/functional/test_policy_vacuous.py', 'reviews/policy-vacuous.txt');
    assert.equal(verdicts[0].verdict, 'applies');
    assert.ok(verdicts[0].points.some((p) => /^FL206 reports a genuine risk/.test(p.reason)));
    assert.ok(verdicts[0].points.some((p) => /reachable from production code/.test(p.reason) && p.evidence.some((e) => e.path === 'compute/utils/debug.py')));
  });

  it('a TLS-off call to a public host applies; TLS claims on an HTTP mock and an IDOR claim on requests_mock do not', async () => {
    const verdicts = await decide('pytest_app', 'tests/payments/test_charges.py', 'reviews/payments.md');
    assert.deepEqual(verdicts.map((v) => v.verdict), ['applies', 'not-applicable', 'not-applicable']);
    assert.ok(verdicts[0].points.some((p) => p.reason.startsWith('FL203 reports a genuine risk the claim is about (line 37)')));
  });

  it('a live-looking key applies; a placeholder credential does not', async () => {
    const verdicts = await decide('fastapi_app', 'tests/test_items.py', 'reviews/fastapi-secrets.txt');
    assert.deepEqual(verdicts.map((v) => v.verdict), ['applies', 'not-applicable']);
    assert.match(verdicts[1].points[0].reason, /^Secret — Placeholder credential "testing"/);
  });

  it('targets that cannot be found, and claims with no checkable category, are unclear', async () => {
    const verdicts = await decide('nova_like', 'compute/tests/functional/regressions/test_bug_1000001.py', 'reviews/unknown-target.md');
    assert.deepEqual(verdicts.map((v) => v.verdict), ['unclear', 'unclear']);
    assert.match(verdicts[0].points[0].reason, /^`billing_gateway` is not found in compute\/tests\/functional\/regressions\/test_bug_1000001\.py/);
  });
});

describe('triage: the bundled example review (examples/nova_style)', () => {
  const example = path.join(REPO_ROOT, 'examples', 'nova_style');
  const file = 'nova/tests/functional/regressions/test_bug_1702454.py';
  let verdicts: ClaimVerdict[];
  let triageFile: TriageFile;
  before(async () => {
    const loaded = await loadTriageWorkspace(example);
    triageFile = loaded.file(file);
    const review = fs.readFileSync(path.join(example, 'nova/tests/functional/regressions/test_bug_1702454.review.txt'), 'utf8');
    verdicts = claimsFromText(review).map((claim) => decideClaim({ claim, file: triageFile, sourceLine: createSourceLineReader(example) }));
  });

  it('six claims: the unknown placement base stays unclear, the bind on all interfaces applies, the rest are not applicable', () => {
    assert.deepEqual(verdicts.map((v) => `${v.claim.category}:${v.verdict}`), [
      'idor:unclear',
      'authn:not-applicable',
      'secret:not-applicable',
      'path:not-applicable',
      'exposure:applies',
      'authz:not-applicable',
    ]);
  });

  it('an authentication claim on a simulated login fails C: production authentication is untouched', () => {
    assert.match(verdicts[1].points[2].reason, /^C — .*`OSAPIFixture`, `admin_api` simulate authentication inside the test process only and no production module imports them/);
  });

  it('a secret claim is decided as a secret, even when it mentions logging in', () => {
    assert.deepEqual(verdicts[2].claim.categories, ['secret', 'authn']);
    assert.match(verdicts[2].points[0].reason, /^Secret — Placeholder credential "fake-admin-password"/);
  });

  it('a /tmp claim on a placeholder path that is never written and read is not applicable (FL207 found none)', () => {
    assert.ok(verdicts[3].points.some((p) => /FL207 reports predictable \/tmp paths that are written and read, and found none/.test(p.reason)));
  });

  it('"exposed on all interfaces" is an exposure claim that FL204 on its line makes apply', () => {
    assert.match(verdicts[4].points[0].reason, /^FL204 reports a genuine risk the claim is about \(line 55\)/);
  });

  it('a patched check in a test that is not about authorization: the patch and its target are named, FL206 finds nothing', () => {
    assert.deepEqual(verdicts[5].claim.targets, ['mock.patch', 'nova.compute.api.API._check_image_is_volume_backed']);
    assert.match(verdicts[5].points[2].reason, /`patch` replaces `nova\.compute\.api\.API\._check_image_is_volume_backed`.* only while `test_rebuild_volume_backed_with_new_image` runs; the production code is unchanged; FL206/);
  });

  it('a claim that names nothing is covered only by risks of its own category', () => {
    const [vague] = claimsFromText('1. Authorization bypass:\nThe tests could bypass the authorization checks of the API.\n').map((claim) => decideClaim({ claim, file: triageFile }));
    assert.equal(vague.claim.category, 'authz');
    assert.notEqual(vague.verdict, 'applies', 'FL204 (a bind on all interfaces) does not make an authorization claim apply');
    const [exposed] = claimsFromText('1. Exposed service:\nA server in these tests listens on all interfaces.\n').map((claim) => decideClaim({ claim, file: triageFile }));
    assert.equal(exposed.claim.category, 'exposure');
    assert.equal(exposed.verdict, 'applies');
  });
});
