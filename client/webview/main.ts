/**
 * The explanation panel, inside the webview. It receives the panel model by message and builds the
 * DOM with `textContent` only: every string comes from a workspace file and is untrusted, so no
 * string is ever parsed as HTML. It asks the extension for everything else (opening a file,
 * running an action) by typed message.
 */
import type { HostMessage, PanelAction, WebviewMessage } from '../src/panel/panel-messages';
import type {
  ArgumentPoint,
  ClaimEntry,
  ConditionEntry,
  DiagnosticEntry,
  DoubleEntry,
  EvidenceEntry,
  FindingEntry,
  PanelModel,
  Verdict,
} from '../../server/src/protocol/panel-model';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Filter = 'all' | Verdict;
interface ViewState {
  filter: Filter;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const saved = vscode.getState() as Partial<ViewState> | undefined;
const view: ViewState = { filter: isFilter(saved?.filter) ? saved.filter : 'all' };
let last: HostMessage | null = null;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as HostMessage | null;
  if (!message || message.type !== 'update') return;
  last = message;
  render(message);
});
vscode.postMessage({ type: 'ready' });

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function render(message: HostMessage): void {
  app.replaceChildren();
  const model = message.model;
  if (!model) {
    if (message.notice) app.append(el('p', { class: 'notice', role: 'status' }, message.notice));
    app.append(el('p', { class: 'empty', id: 'empty' }, message.empty ?? 'Open a Python test file to see its fixtures and test doubles explained.'));
    app.append(actionsSection(null));
    return;
  }
  app.append(header(model));
  if (message.notice) app.append(el('p', { class: 'notice', role: 'status' }, message.notice));
  app.append(
    argumentSection(model),
    doublesSection(model),
    triageSection(model),
    contextSection(model),
    actionsSection(model),
  );
  if (message.focusLine !== null) focus(message.focusLine);
  else if (message.reveal) document.getElementById(message.reveal)?.scrollIntoView({ block: 'start' });
}

function header(model: PanelModel): HTMLElement {
  const risks = model.diagnostics.filter((d) => !d.suppressed && /^FL2/.test(d.code)).length;
  return el(
    'header',
    {},
    el('h1', { id: 'file' }, model.path),
    el('p', { id: 'conclusion', class: `conclusion ${risks ? 'risk' : 'ok'}` }, model.argument.conclusion),
    model.hasSyntaxErrors ? el('p', { class: 'warning' }, 'The file has syntax errors: facts near them may be missing.') : null,
  );
}

function argumentSection(model: PanelModel): HTMLElement {
  const section = el('section', { id: 'argument', 'aria-labelledby': 'argument-title' }, el('h2', { id: 'argument-title' }, 'Is it an IDOR or auth flaw? (SPEC §2)'));
  if (!model.argument.conditions.length) {
    section.append(el('p', {}, model.argument.conclusion));
    return section;
  }
  section.append(el('p', { class: 'lead' }, 'An IDOR or broken-authentication finding needs all three conditions. For this file:'));
  for (const condition of model.argument.conditions) section.append(conditionCard(model, condition));
  if (model.argument.otherRisks.length) {
    section.append(el('h3', {}, 'Other genuine risks'), el('ul', { class: 'risks' }, ...model.argument.otherRisks.map((d) => riskItem(model, d))));
  }
  return section;
}

const STATUS_LABEL: Record<ConditionEntry['status'], string> = { fails: 'fails', holds: 'HOLDS', unknown: 'open' };

function conditionCard(model: PanelModel, condition: ConditionEntry): HTMLElement {
  const card = el(
    'article',
    { class: `condition ${condition.status}`, id: `condition-${condition.id}`, 'data-status': condition.status },
    el('h3', {}, el('span', { class: `chip ${condition.status}` }, STATUS_LABEL[condition.status]), ` ${condition.id}. ${condition.title}`),
    el('p', { class: 'summary' }, condition.summary),
  );
  if (condition.risks.length) card.append(el('ul', { class: 'risks' }, ...condition.risks.map((d) => riskItem(model, d))));
  card.append(el('ul', { class: 'points' }, ...condition.points.map((p) => pointItem(model, p))));
  return card;
}

function riskItem(model: PanelModel, diagnostic: DiagnosticEntry): HTMLElement {
  return el(
    'li',
    { class: 'risk', 'data-line': String(diagnostic.line) },
    el('strong', {}, diagnostic.code),
    ' ',
    locationLink(model, model.path, diagnostic.line),
    ' ',
    diagnostic.message,
    evidenceList(model, diagnostic.evidence),
  );
}

function pointItem(model: PanelModel, point: ArgumentPoint): HTMLElement {
  return el('li', {}, point.text, evidenceList(model, point.evidence));
}

function doublesSection(model: PanelModel): HTMLElement {
  const section = el('section', { id: 'doubles', 'aria-labelledby': 'doubles-title' }, el('h2', { id: 'doubles-title' }, `Trust boundaries: ${model.doubles.length} double${model.doubles.length === 1 ? '' : 's'}`));
  if (!model.doubles.length) {
    section.append(el('p', { class: 'empty' }, 'No fixtures or test doubles found in this file.'));
    return section;
  }
  const list = el('ul', { class: 'doubles' });
  for (const double of model.doubles) list.append(doubleItem(model, double));
  section.append(list);
  return section;
}

function doubleItem(model: PanelModel, double: DoubleEntry): HTMLElement {
  const { facts } = double;
  const reachable = facts.reachableFromProduction === null ? 'unknown' : facts.reachableFromProduction ? 'yes' : 'no';
  const defined = double.definedAt === null ? el('span', { class: 'muted' }, double.unresolved ?? 'definition not found') : 'knowledge' in double.definedAt ? el('span', {}, `knowledge base: ${double.definedAt.knowledge}`) : locationLink(model, double.definedAt.path, double.definedAt.line);
  return el(
    'li',
    { class: 'double', 'data-line': String(double.line), 'data-name': double.name },
    el('div', { class: 'double-head' }, el('strong', { class: 'name' }, double.name), ' ', el('span', { class: 'kind' }, double.kind), ' · ', locationLink(model, model.path, double.line), el('span', { class: 'muted' }, ` in ${double.scope}`)),
    el(
      'div',
      { class: 'facts' },
      fact('transport', facts.transport),
      fact('authn', facts.authn),
      fact('authz', facts.authz),
      fact('data', facts.data),
      fact('in production', reachable),
    ),
    el('div', { class: 'defined' }, 'defined: ', defined),
    double.target ? el('div', { class: 'muted' }, `patches ${double.target}`) : null,
    double.explanation ? el('p', { class: 'explanation' }, double.explanation) : null,
    double.evidence.length ? el('details', {}, el('summary', {}, `evidence (${double.evidence.length})`), evidenceList(model, double.evidence)) : null,
  );
}

function fact(name: string, value: string): HTMLElement {
  return el('span', { class: `fact ${value === 'unknown' ? 'unknown' : ''}`, title: `${name}: ${value}` }, `${name}: ${value}`);
}

function triageSection(model: PanelModel): HTMLElement {
  const section = el('section', { id: 'triage', 'aria-labelledby': 'triage-title' }, el('h2', { id: 'triage-title' }, 'Findings and review claims'));
  const all = [...model.findings, ...model.claims];
  if (!all.length) {
    section.append(el('p', { class: 'empty' }, 'No findings or review loaded. Use the actions below to triage a review or load Bandit/SARIF findings.'));
    return section;
  }
  const filters = el('div', { class: 'filters', role: 'radiogroup', 'aria-label': 'Filter by verdict' });
  for (const filter of ['all', 'not-applicable', 'applies', 'unclear'] as const) {
    const count = filter === 'all' ? all.length : all.filter((item) => item.verdict === filter).length;
    const button = el('button', { type: 'button', role: 'radio', 'aria-checked': String(view.filter === filter), 'data-filter': filter }, `${filter} (${count})`);
    button.addEventListener('click', () => {
      view.filter = filter;
      vscode.setState(view);
      if (last) render({ ...last, focusLine: null, notice: null, reveal: null });
    });
    filters.append(button);
  }
  section.append(filters);
  const shown = (verdict: Verdict): boolean => view.filter === 'all' || view.filter === verdict;
  if (model.claims.length) {
    section.append(el('h3', {}, `Review claims (${model.claims.length})`), el('ol', { class: 'claims' }, ...model.claims.filter((c) => shown(c.verdict)).map((c) => claimItem(model, c))));
  }
  if (model.findings.length) {
    section.append(el('h3', {}, `Scanner findings (${model.findings.length})`), el('ul', { class: 'findings' }, ...model.findings.filter((f) => shown(f.verdict)).map((f) => findingItem(model, f))));
  }
  return section;
}

function claimItem(model: PanelModel, claim: ClaimEntry): HTMLElement {
  return el(
    'li',
    { class: 'claim', 'data-verdict': claim.verdict },
    el('div', {}, verdictChip(claim.verdict), ' ', el('strong', {}, claim.title), el('span', { class: 'muted' }, ` (${claim.category})`)),
    el('ul', { class: 'reasons' }, ...claim.reasons.map((r) => el('li', {}, r))),
    claim.unlocated.length ? el('p', { class: 'muted' }, `not found in the file: ${claim.unlocated.join(', ')}`) : null,
    evidenceList(model, claim.evidence),
  );
}

function findingItem(model: PanelModel, finding: FindingEntry): HTMLElement {
  return el(
    'li',
    { class: 'finding', 'data-verdict': finding.verdict },
    el('div', {}, verdictChip(finding.verdict), ' ', el('strong', {}, `${finding.tool} ${finding.ruleId}`), ' ', finding.line !== null ? locationLink(model, model.path, finding.line) : null, ' ', finding.message),
    el('ul', { class: 'reasons' }, ...finding.reasons.map((r) => el('li', {}, r))),
    evidenceList(model, finding.evidence),
  );
}

function verdictChip(verdict: Verdict): HTMLElement {
  return el('span', { class: `chip verdict-${verdict}` }, verdict);
}

function contextSection(model: PanelModel): HTMLElement {
  const frameworks = model.test.frameworks.length ? model.test.frameworks.join(', ') : 'none recognised';
  return el(
    'section',
    { id: 'context', 'aria-labelledby': 'context-title' },
    el('h2', { id: 'context-title' }, model.test.isTest ? 'Why this is test code' : 'Not test code'),
    el('p', {}, `Frameworks: ${frameworks}`),
    el('ul', {}, ...model.test.reasons.map((r) => el('li', {}, r))),
  );
}

const ACTIONS: ReadonlyArray<{ readonly action: PanelAction; readonly label: string; readonly needsModel: boolean }> = [
  { action: 'triageSelection', label: 'Triage review from selection', needsModel: true },
  { action: 'triageClipboard', label: 'Triage review from clipboard', needsModel: true },
  { action: 'triageFile', label: 'Triage review from file…', needsModel: true },
  { action: 'loadFindings', label: 'Load findings (Bandit JSON, SARIF)…', needsModel: false },
  { action: 'exportSarif', label: 'Export triaged SARIF…', needsModel: false },
  { action: 'copyReply', label: 'Copy reply to the review', needsModel: true },
  { action: 'suppressNotApplicable', label: 'Suppress all not-applicable findings', needsModel: true },
  { action: 'clearTriage', label: 'Clear findings and reviews', needsModel: false },
];

function actionsSection(model: PanelModel | null): HTMLElement {
  const buttons = el('div', { class: 'actions' });
  for (const { action, label, needsModel } of ACTIONS) {
    if (needsModel && !model) continue;
    const button = el('button', { type: 'button', 'data-action': action }, label);
    button.addEventListener('click', () => vscode.postMessage({ type: 'action', action }));
    buttons.append(button);
  }
  const section = el('section', { id: 'actions', 'aria-labelledby': 'actions-title' }, el('h2', { id: 'actions-title' }, 'Actions'), buttons);
  if (model) {
    const box = el('textarea', { id: 'review-text', rows: '5', placeholder: 'Paste a security review of this file here…', 'aria-label': 'Review text' }) as HTMLTextAreaElement;
    const triage = el('button', { type: 'button', id: 'triage-pasted' }, 'Triage pasted review');
    triage.addEventListener('click', () => {
      if (box.value.trim()) vscode.postMessage({ type: 'triagePasted', text: box.value });
    });
    section.append(el('div', { class: 'paste' }, box, triage));
  }
  return section;
}

function evidenceList(model: PanelModel, evidence: readonly EvidenceEntry[]): HTMLElement | null {
  if (!evidence.length) return null;
  return el(
    'ul',
    { class: 'evidence' },
    ...evidence.map((e) => el('li', {}, locationLink(model, e.path, e.line), ' ', el('code', {}, e.text), e.fact ? el('span', { class: 'muted' }, ` (${e.fact})`) : null)),
  );
}

/** A keyboard-reachable link that asks the extension to open `path` at `line`. */
function locationLink(model: PanelModel, path: string, line: number): HTMLElement {
  const shown = path === model.path ? `line ${line}` : `${path}:${line}`;
  const button = el('button', { type: 'button', class: 'link', 'data-path': path, 'data-line': String(line), title: `Open ${path}:${line}` }, shown);
  button.addEventListener('click', () => vscode.postMessage({ type: 'openLocation', path, line }));
  return button;
}

/**
 * Scrolls to what the panel was opened for: a genuine risk on `line` ("Explain in panel" on its
 * diagnostic), else the first double at or after it (a CodeLens above a class).
 */
function focus(line: number): void {
  const risk = [...document.querySelectorAll<HTMLElement>('li.risk')].find((r) => Number(r.dataset.line) === line);
  const double = [...document.querySelectorAll<HTMLElement>('li.double')].find((d) => Number(d.dataset.line) >= line);
  const target = risk ?? double ?? null;
  if (!target) return;
  target.classList.add('focused');
  target.scrollIntoView({ block: 'start' });
}

function isFilter(value: unknown): value is Filter {
  return value === 'all' || value === 'not-applicable' || value === 'applies' || value === 'unclear';
}
