/**
 * FL207: a fixed path in a shared temporary directory (`/tmp`, `/var/tmp`, `/dev/shm`) that the
 * file both writes and reads. A path only handed to a fake or a config value is FL105's business;
 * `tmp_path`, `tempfile.mkdtemp()` and friends name private paths and never match.
 */
import credentials from '../knowledge/credentials.json';
import type { Evidence } from '../model/types';
import { fileAccesses, type FileAccess } from './file-access';
import { doublesCovering, testScopeAt } from './local-values';
import { isSharedTempPath } from './placeholders';
import { evidenceAt, type Rule, type RuleContext, type RuleHit } from './rule';

const SHARED_ROOTS: readonly string[] = credentials.sharedTempPrefixes;

export const fl207SharedTmpPath: Rule = {
  id: 'FL207',
  title: 'Predictable path in shared /tmp written and read',
  defaultSeverity: 'information',
  explanation: [
    'The test writes a file or directory at a fixed name under a shared temporary directory (`/tmp`,',
    '`/var/tmp`, `/dev/shm`, `tempfile.gettempdir()`) and reads it back.',
    '',
    '**Why it matters.** Every user of the machine can write there. On a shared CI host or developer',
    'box another user can create the path first, or replace it with a symlink between the write and the',
    'read (CWE-377, CWE-379): the test then writes through the link to a file of the victim\'s choice, or',
    'reads attacker-controlled data (which matters most when it is unpickled or evaluated, see FL208).',
    'Two test runs in parallel also trample each other\'s files.',
    '',
    '**How to fix.** Use a private directory: pytest\'s `tmp_path`, `fixtures.TempDir()`,',
    '`tempfile.mkdtemp()` / `TemporaryDirectory()`, or `tempfile.mkstemp()` for a single file.',
    '',
    '**Not reported.** A `/tmp` string that is only configuration or handed to a fake (FL105 explains',
    'those), a path that is written but never read (or the reverse), and file calls patched out in the',
    'test (`mock.patch("builtins.open")`). Paths built at run time from unknown parts are not followed.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const byPath = new Map<string, FileAccess[]>();
    for (const access of fileAccesses(context)) {
      const path = access.path.replace(/\/+$/, '');
      if (!isSharedTempPath(path) || SHARED_ROOTS.includes(path) || isPatchedOut(context, access)) continue;
      byPath.set(path, [...(byPath.get(path) ?? []), access]);
    }
    const hits: RuleHit[] = [];
    for (const [path, accesses] of byPath) {
      const write = accesses.find((a) => a.access !== 'read');
      const read = accesses.find((a) => a.access !== 'write' && a !== write) ?? (write?.access === 'both' ? write : undefined);
      if (!write || !read) continue;
      const rows = [...new Set([...write.via, write.call.span.start.row, read.call.span.start.row])];
      const evidence: Evidence[] = rows.map((row) => evidenceAt(context, row, 'data'));
      const how = read === write ? `opened for writing and reading by ${write.operation} (line ${write.call.span.start.row + 1})` : `written by ${write.operation} (line ${write.call.span.start.row + 1}) and read by ${read.operation} (line ${read.call.span.start.row + 1})`;
      hits.push({
        span: write.pathSpan,
        message: `Predictable shared path ${JSON.stringify(path)} ${how}: another user of the host can create it first or swap in a symlink; use tmp_path or tempfile.mkdtemp()`,
        evidence,
      });
    }
    return hits;
  },
};

/** `mock.patch('builtins.open')`, `mock.patch('os.makedirs')` in the test: no file is touched. */
function isPatchedOut(context: RuleContext, access: FileAccess): boolean {
  const name = access.operation.split('.').pop() ?? access.operation;
  return doublesCovering(context, testScopeAt(context, access.call.span.start)).some((d) => d.target !== null && d.target.split('.').pop() === name);
}
