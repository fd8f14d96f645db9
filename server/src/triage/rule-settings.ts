/**
 * How settings shape triage: which rules ran (so a rule's silence is told apart from its absence)
 * and the severity each code gets. Shared by the CLI and the language server; pure.
 */
import type { Severity } from '../model/types';
import { findRule, RULES } from '../rules';
import type { Settings } from '../settings';
import { TRIAGE_CODES, type TriageCode } from './triage-codes';
import type { RulesRun } from './types';

/** Rules that ran under these settings. */
export function rulesRun(settings: Settings): RulesRun {
  return new Set(RULES.filter((rule) => severityOf(settings)(rule.id, rule.defaultSeverity) !== 'off').map((rule) => rule.id));
}

/** A code's severity after `rules.disabled`, `rules.severity` and (for FL1xx) `contextHints`. */
export function severityOf(settings: Settings): (code: string, fallback: Severity) => Severity | 'off' {
  return (code, fallback) => {
    if (settings.rules.disabled.includes(code)) return 'off';
    const override = settings.rules.severity[code];
    if (override) return override;
    if (/^FL1\d\d$/.test(code)) return settings.contextHints;
    return fallback;
  };
}

/** Title, explanation and default severity of a rule or triage code, for SARIF rule metadata. */
export function describeCode(id: string): Pick<TriageCode, 'title' | 'explanation' | 'defaultSeverity'> | undefined {
  return findRule(id) ?? TRIAGE_CODES.find((code) => code.id === id);
}
