import type { Route } from '../router';

// The app's keyboard shortcuts: one list, which the key handler (App) acts on and Help prints.

export interface Shortcut {
  /** KeyboardEvent.key. */
  key: string;
  /** What Help prints for the key. */
  label: string;
  description: string;
  route: Route;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'r', label: 'R', description: 'Runs', route: { screen: 'runs' } },
  { key: 'n', label: 'N', description: 'New search (the wizard keeps your draft)', route: { screen: 'new' } },
  { key: 'c', label: 'C', description: 'Compare runs', route: { screen: 'compare', ids: [] } },
  { key: '?', label: '?', description: 'Help: these shortcuts', route: { screen: 'help', topic: 'shortcuts' } },
];

/** What the key handler reads of a keydown event. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element: typing in a field, or a key meant for a control, is never a shortcut. */
  target: { tagName?: string; isContentEditable?: boolean; getAttribute?(name: string): string | null } | null;
  repeat?: boolean;
}

const EDITABLE = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The shortcut a key press triggers, or null (a modifier other than Shift, a held key, or focus in a field or slider). */
export function shortcutFor(e: KeyPress): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  const t = e.target;
  if (t && (EDITABLE.has(t.tagName ?? '') || t.isContentEditable || t.getAttribute?.('role') === 'slider')) return null;
  return SHORTCUTS.find((s) => s.key === e.key) ?? null;
}
