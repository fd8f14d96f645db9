/**
 * FL105: a placeholder credential or shared-temp path literal in test code. Explains the
 * Bandit B105-B108 / Ruff S105-S108 noise on test data and offers the justification to suppress it.
 */
import type { StringBinding } from '../model/syntax';
import { fileAccesses } from './file-access';
import { callsNamed } from './local-values';
import { Rule, RuleContext, RuleHit, evidenceAt, isWanted } from './rule';
import { findSecretFormats, isScannerSecretName } from './secrets';
import { isSecretLikeName, isSharedTempPath, notACredential, placeholderReason, scannerRulesFor, type BindingRule } from './placeholders';

export const fl105PlaceholderCredential: Rule = {
  id: 'FL105',
  title: 'Placeholder credential or path literal',
  defaultSeverity: 'hint',
  explanation: [
    'A credential-shaped name (`password`, `token`, `secret`, …) is bound to a value that is plainly test data',
    '(`"fake-password"`, `"secret"`, an empty string, a documented example key), or a string names a path',
    'under `/tmp` that the test never writes or reads; or a name scanners take for a credential names a',
    'property of one (`secret_type`, `passphrase_file`, `password_regex`) or a pagination position',
    '(`continuation_token`).',
    '',
    '**Why scanners flag it.** Bandit B105/B106/B107 and Ruff S105/S106/S107 flag any string bound to a',
    'password-like name; B108/S108 flag any `/tmp` literal. They do not know the file is a test.',
    '',
    '**Why it is not a vulnerability here.** The value authenticates nothing outside the test: it is',
    'handed to a fake, a fixture or the code under test running in-process. No secret is disclosed.',
    '',
    '**When it would matter.** If the value is a real credential (FL201 flags real-looking secrets) or',
    'the path is written and read on a shared CI host (FL207).',
    '',
    'The quick fix adds the scanner\'s own suppression (`# nosec B106`, `# noqa: S106`) or',
    '`# fixture-lens: ignore[FL105]` with this justification.',
  ].join('\n'),
  check(context: RuleContext): RuleHit[] {
    if (!context.test.isTest) return [];
    const hits: RuleHit[] = [];
    for (const binding of context.strings) {
      const value = binding.value;
      if (value === null || !isWanted(context, binding.span.start.row)) continue;
      // A provider-format key with a word inside by chance is FL201's, not a placeholder.
      const looksReal = (): boolean => findSecretFormats(value).some((m) => m.placeholder === null);
      const named = scannerRulesFor(binding.form as BindingRule);
      if (isSecretLikeName(binding.name)) {
        const reason = placeholderReason(value, binding.name);
        if (!reason || looksReal()) continue;
        hits.push(
          scannerNoise(context, binding, named, `Placeholder credential ${quote(value)} for "${binding.name}" (${reason}): test data, not a secret`, `placeholder credential in test code (${reason})`),
        );
        continue;
      }
      // Bandit and Ruff flag `secret_type = 'ceph'` by its name: say what the name names.
      const what = isScannerSecretName(binding.name) && !isSharedTempPath(value) ? notACredential(binding.name) : null;
      if (what !== null && !looksReal()) {
        hits.push(scannerNoise(context, binding, named, `Not a credential: "${binding.name}" names ${what}, and ${quote(value)} is its value in test data`, `not a credential: "${binding.name}" names ${what}`));
      } else if (isSharedTempPath(value) && !isFileOperand(context, binding.span.start.row) && !isUsedAsFilePath(context, binding.span.start.row)) {
        hits.push(
          scannerNoise(
            context,
            binding,
            scannerRulesFor('tmp-path'),
            `Placeholder path ${quote(value)} for "${binding.name}": a string in test data, not a file this test creates`,
            'placeholder /tmp path in test data; no file is created there',
          ),
        );
      }
    }
    return hits;
  },
};

/** The hint for a string a scanner flags (`rules`): what it is, which scanner rules it explains, and the justification its fixes write. */
function scannerNoise(context: RuleContext, binding: StringBinding, rules: { bandit: string; ruff: string }, what: string, justification: string): RuleHit {
  return {
    span: binding.span,
    message: `${what} (explains Bandit ${rules.bandit} / Ruff ${rules.ruff})`,
    evidence: [evidenceAt(context, binding.span.start.row, 'data')],
    justification,
    scannerRules: [
      { tool: 'bandit', ruleId: rules.bandit },
      { tool: 'ruff', ruleId: rules.ruff },
    ],
  };
}

/** A path a file call of this file reads or writes, through a name (FL207's business, not a placeholder). */
function isUsedAsFilePath(context: RuleContext, row: number): boolean {
  let rows = FILE_PATH_ROWS.get(context);
  if (!rows) {
    rows = new Set(fileAccesses(context).flatMap((access) => access.via));
    FILE_PATH_ROWS.set(context, rows);
  }
  return rows.has(row);
}

/** Rows of path literals used by file calls, computed once per analysis. */
const FILE_PATH_ROWS = new WeakMap<RuleContext, ReadonlySet<number>>();

/** Paths opened or created on the same line are FL207's business, not placeholders. */
function isFileOperand(context: RuleContext, row: number): boolean {
  return callsNamed(context.calls, FILE_OPERATION).some((call) => call.span.start.row <= row && call.span.end.row >= row);
}

const FILE_OPERATION = /(^|\.)(open|mkdir|makedirs|mkfifo|write_text|write_bytes|touch|copy\w*|move|rename|symlink|chmod)$/;

function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}
