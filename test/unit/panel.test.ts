/**
 * The explanation panel's pure parts: the messages the webview may send, where evidence links may
 * lead, the Content Security Policy of its HTML, and the status bar summary.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolveEvidenceTarget } from '../../client/src/panel/evidence-target';
import { contentSecurityPolicy, panelHtml } from '../../client/src/panel/panel-html';
import { MAX_PASTED_REVIEW, parseWebviewMessage } from '../../client/src/panel/panel-messages';
import { statusSummary } from '../../client/src/panel/status-summary';
import type { PanelModel } from '../../server/src/protocol/panel-model';

describe('parseWebviewMessage', () => {
  it('accepts the four message types in their exact shapes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLocation', path: 'nova/tests/fixtures/nova.py', line: 44 }), { type: 'openLocation', path: 'nova/tests/fixtures/nova.py', line: 44 });
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'exportSarif' }), { type: 'action', action: 'exportSarif' });
    assert.deepEqual(parseWebviewMessage({ type: 'triagePasted', text: '1. IDOR in the fixture' }), { type: 'triagePasted', text: '1. IDOR in the fixture' });
  });

  it('drops extra properties instead of passing them on', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'copyReply', command: 'workbench.action.terminal.new' }), { type: 'action', action: 'copyReply' });
  });

  it('rejects unknown types, unknown actions and out-of-range values', () => {
    for (const raw of [
      null,
      'ready',
      [],
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'action', action: 'restartServer' },
      { type: 'openLocation', path: '', line: 1 },
      { type: 'openLocation', path: 'a.py', line: 0 },
      { type: 'openLocation', path: 'a.py', line: 1.5 },
      { type: 'openLocation', path: 'a.py\0.txt', line: 1 },
      { type: 'openLocation', path: 'a.py', line: '3' },
      { type: 'triagePasted', text: '   ' },
      { type: 'triagePasted', text: 'x'.repeat(MAX_PASTED_REVIEW + 1) },
    ]) {
      assert.equal(parseWebviewMessage(raw), null, JSON.stringify(raw)?.slice(0, 80));
    }
  });
});

describe('resolveEvidenceTarget', () => {
  const folder = path.resolve('/work/ws');
  const scope = { root: folder, folders: [folder], document: path.join(folder, 'tests', 'test_a.py') };

  it('resolves workspace-relative evidence inside the folder', () => {
    assert.equal(resolveEvidenceTarget('nova/tests/fixtures/nova.py', scope), path.join(folder, 'nova/tests/fixtures/nova.py'));
  });

  it('refuses paths that climb out of the workspace or point elsewhere', () => {
    assert.equal(resolveEvidenceTarget('../../etc/passwd', scope), null);
    assert.equal(resolveEvidenceTarget('/etc/passwd', scope), null);
    assert.equal(resolveEvidenceTarget(path.resolve('/work/ws-other/x.py'), scope), null);
    assert.equal(resolveEvidenceTarget('a.py\0', scope), null);
  });

  it('without a workspace folder, opens only the analysed file itself', () => {
    const lone = { root: null, folders: [], document: path.resolve('/tmp/test_lone.py') };
    assert.equal(resolveEvidenceTarget(path.resolve('/tmp/test_lone.py'), lone), path.resolve('/tmp/test_lone.py'));
    assert.equal(resolveEvidenceTarget(path.resolve('/tmp/other.py'), lone), null);
    assert.equal(resolveEvidenceTarget('relative.py', lone), null);
  });
});

describe('panelHtml', () => {
  it('allows only the nonce script and the extension stylesheet', () => {
    const policy = contentSecurityPolicy('https://webview.example', 'N0NCE');
    assert.match(policy, /^default-src 'none'/);
    assert.match(policy, /script-src 'nonce-N0NCE'(;|$)/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the policy first in <head> and loads the script with the nonce', () => {
    const html = panelHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/dist/webview.js', styleUri: 'https://webview.example/dist/webview.css', nonce: 'abc' });
    assert.match(html, /<head>\s*<meta charset="UTF-8">\s*<meta http-equiv="Content-Security-Policy"/);
    assert.match(html, /<script nonce="abc" src="https:\/\/webview\.example\/dist\/webview\.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'no inline script');
  });

  it('uses a fresh nonce each time', () => {
    const input = { cspSource: 'x', scriptUri: 'x', styleUri: 'x' };
    assert.notEqual(/nonce="([^"]+)"/.exec(panelHtml(input))?.[1], /nonce="([^"]+)"/.exec(panelHtml(input))?.[1]);
  });
});

describe('statusSummary', () => {
  const base = {
    path: 't.py',
    test: { isTest: true, frameworks: ['pytest'], reasons: [] },
    hasSyntaxErrors: false,
    doubles: [],
    diagnostics: [],
    authorization: [],
    findings: [],
    claims: [],
    argument: { conditions: [], otherRisks: [], conclusion: '' },
    root: null,
  } as unknown as PanelModel;

  it('counts doubles, unsuppressed risks and verdicts', () => {
    const model = {
      ...base,
      doubles: [{}, {}],
      diagnostics: [
        { code: 'FL204', suppressed: false },
        { code: 'FL201', suppressed: true },
        { code: 'FL105', suppressed: false },
      ],
      findings: [{ verdict: 'not-applicable' }, { verdict: 'unclear' }],
      claims: [{ verdict: 'not-applicable' }],
    } as unknown as PanelModel;
    assert.equal(statusSummary(model), '2 doubles · 1 risk · 1 unclear · 2 not applicable');
  });

  it('says when a file is not test code', () => {
    assert.equal(statusSummary({ ...base, test: { isTest: false, frameworks: [], reasons: [] } }), 'not test code');
    assert.equal(statusSummary(base), '0 doubles · no risks');
  });
});
