/**
 * The typed messages between the explanation panel's webview and the extension, and the check
 * every message from the webview passes before it is acted on. vscode-free: the webview bundle
 * imports the types, the unit tests the validator.
 */
import type { PanelModel } from '../../../server/src/protocol/panel-model';

/** Panel actions the webview can ask for; each maps to a contributed command. */
export const PANEL_ACTIONS = [
  'triageSelection',
  'triageClipboard',
  'triageFile',
  'loadFindings',
  'exportSarif',
  'copyReply',
  'suppressNotApplicable',
  'clearTriage',
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

/** Extension → webview. */
export type HostMessage = {
  readonly type: 'update';
  /** The file's model, or null with `empty` saying what to do. */
  readonly model: PanelModel | null;
  readonly empty: string | null;
  /** 1-based line the panel was opened for (a CodeLens, a diagnostic), to scroll to. */
  readonly focusLine: number | null;
  /** A short notice after an action ("5 claims triaged"), or null. */
  readonly notice: string | null;
  /** A section to scroll to (the verdicts after a triage), or null. */
  readonly reveal: PanelSection | null;
};

/** Sections of the panel an update can scroll to. */
export type PanelSection = 'triage';

/** Webview → extension. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'openLocation'; readonly path: string; readonly line: number }
  | { readonly type: 'action'; readonly action: PanelAction }
  | { readonly type: 'triagePasted'; readonly text: string };

/** Longest review text accepted from the paste box (a review is pages, not megabytes). */
export const MAX_PASTED_REVIEW = 1_000_000;

/** The message if it is one the webview may send, else null: unknown types, extra shapes and out-of-range values are dropped. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLocation': {
      const { path, line } = message;
      if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0')) return null;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > 10_000_000) return null;
      return { type: 'openLocation', path, line };
    }
    case 'action': {
      const action = PANEL_ACTIONS.find((a) => a === message.action);
      return action ? { type: 'action', action } : null;
    }
    case 'triagePasted': {
      const { text } = message;
      if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_PASTED_REVIEW) return null;
      return { type: 'triagePasted', text };
    }
    default:
      return null;
  }
}
