/**
 * The one-line verdict summary of a file for the status bar ("3 doubles · 1 risk · 5 not applicable").
 * vscode-free and pure, so it is unit-tested.
 */
import type { PanelModel } from '../../../server/src/protocol/panel-model';

export function statusSummary(model: PanelModel): string {
  if (!model.test.isTest) return 'not test code';
  const parts = [plural(model.doubles.length, 'double')];
  const risks = model.diagnostics.filter((d) => !d.suppressed && /^FL2\d\d$/.test(d.code)).length;
  parts.push(risks ? plural(risks, 'risk') : 'no risks');
  const verdicts = [...model.findings, ...model.claims].map((item) => item.verdict);
  const count = (verdict: string): number => verdicts.filter((v) => v === verdict).length;
  if (count('applies')) parts.push(`${count('applies')} applies`);
  if (count('unclear')) parts.push(`${count('unclear')} unclear`);
  if (count('not-applicable')) parts.push(`${count('not-applicable')} not applicable`);
  return parts.join(' · ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
