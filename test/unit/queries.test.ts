/** Every `.scm` query compiles against the shipped grammar and opens with its capture list. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { QUERY_NAMES } from '../../server/src/parsing/queries';
import { getParsing, REPO_ROOT } from '../helpers/parsing';

const QUERIES_DIR = path.join(REPO_ROOT, 'grammars', 'queries');

describe('queries', () => {
  it('loads each listed query and lists every .scm file', async () => {
    const parsing = await getParsing();
    assert.deepEqual(Object.keys(parsing.queries).sort(), [...QUERY_NAMES].sort());
    const files = fs.readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.scm')).map((f) => f.replace(/\.scm$/, ''));
    assert.deepEqual(files.sort(), [...QUERY_NAMES].sort());
  });

  it('documents each capture in the header comment', async () => {
    const parsing = await getParsing();
    for (const name of QUERY_NAMES) {
      const source = fs.readFileSync(path.join(QUERIES_DIR, `${name}.scm`), 'utf8');
      const header = source.split('\n').filter((l) => l.startsWith(';')).join('\n');
      for (const capture of parsing.queries[name].captureNames.filter((c) => !c.startsWith('_'))) {
        assert.ok(header.includes(`@${capture}`) || header.includes(`@${capture.split('.').slice(0, -1).join('.')}.*`), `${name}.scm: @${capture} undocumented`);
      }
    }
  });
});
