/**
 * FL2xx messages read as sentences on the whole rule corpus: a capital or a dotted name first, no
 * word followed by its own verb form ("bind binds"), no doubled words, and FL204's wording exactly.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/model/types';
import { analyzeSource, FIXTURES } from '../helpers/parsing';

const CORPUS = path.join(FIXTURES, 'python', 'rules');

async function corpusRisks(): Promise<Finding[]> {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort();
  const analyses = await Promise.all(files.map(async (file) => analyzeSource(fs.readFileSync(path.join(CORPUS, file), 'utf8'), file)));
  return analyses.flatMap((a) => a.diagnostics.filter((d) => /^FL2/.test(d.ruleId)));
}

describe('genuine-risk messages', () => {
  it('read naturally', async () => {
    const risks = await corpusRisks();
    assert.ok(risks.length >= 30, 'the corpus exercises the FL2xx rules');
    for (const { ruleId, message } of risks) {
      assert.match(message, /^([A-Z]|[a-z_]+(\.[A-Za-z_]+)+|[a-z_]+ )/, `${ruleId} starts a sentence: ${message}`);
      assert.doesNotMatch(message, /\b(\w{3,}) \1s?\b/i, `${ruleId} repeats a word: ${message}`);
    }
  });

  it('FL202 says what kind of destination it is: the cloud metadata address, a private network, a real host', async () => {
    const messages = (await corpusRisks()).filter((d) => d.ruleId === 'FL202').map((d) => d.message);
    assert.ok(messages.some((m) => /^requests\.get reaches 169\.254\.169\.254, the cloud instance-metadata address, .*hands out the runner's credentials\)$/.test(m)));
    assert.ok(messages.some((m) => m.startsWith('requests.get reaches 10.255.255.1, an address on a private network,')));
    assert.ok(messages.some((m) => m.startsWith('requests.get reaches api.github.com, a real host,')));
  });

  it('FL204 names what binds, then how', async () => {
    const messages = (await corpusRisks()).filter((d) => d.ruleId === 'FL204').map((d) => d.message.split(':')[0]);
    assert.ok(messages.includes("The socket binds all interfaces '0.0.0.0'"));
    assert.ok(messages.includes("socketserver.TCPServer binds all interfaces '0.0.0.0' through LISTEN_HOST"));
    assert.ok(messages.some((m) => m.startsWith("aiohttp.web.TCPSite binds all interfaces '0.0.0.0' when no host is given (aiohttp docs")));
    assert.ok(messages.includes("Flask's development server (app.run) binds all interfaces '0.0.0.0'"));
  });
});
