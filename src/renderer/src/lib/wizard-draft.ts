import type { TypedText } from './json-schema';

// The wizard's draft, kept in localStorage so that an edit survives leaving the wizard (Help, the
// nav bar) and reloading the page, until the search is launched or the draft is discarded.

/** Where a draft started: the wizard's route parameters (none: engine defaults). */
export interface DraftOrigin {
  clone?: string;
  template?: string;
  preset?: string;
}

export interface WizardDraft {
  origin: DraftOrigin;
  config: Record<string, unknown>;
  /** Where the config came from, shown above the form. */
  source: string;
  cloneOf?: string;
  step: number;
  /** Text typed into fields that is no valid value yet, by dotted path. */
  typed: Array<[string, TypedText]>;
  /** Changed by the user since it was loaded: only such a draft is worth a warning before it is replaced. */
  edited: boolean;
}

export const DRAFT_KEY = 'nas-studio.wizard-draft';

const ORIGIN_KEYS = ['clone', 'template', 'preset'] as const;

/** The origin's one set parameter (the router sets at most one), or none. */
export function draftOrigin(route: DraftOrigin): DraftOrigin {
  const key = ORIGIN_KEYS.find((k) => route[k]);
  return key ? { [key]: route[key] } : {};
}

export const sameOrigin = (a: DraftOrigin, b: DraftOrigin): boolean => ORIGIN_KEYS.every((k) => a[k] === b[k]);

/**
 * The draft a route opens: a plain "New search" (no parameters) resumes any stored draft; a clone,
 * template or preset link resumes a draft only when it started from that same link.
 */
export function resumable(stored: WizardDraft | undefined, route: DraftOrigin): WizardDraft | undefined {
  const origin = draftOrigin(route);
  return stored && (Object.keys(origin).length === 0 || sameOrigin(stored.origin, origin)) ? stored : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const isTyped = (e: unknown): e is [string, TypedText] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isRecord(e[1]) && typeof e[1].text === 'string' && typeof e[1].error === 'string';

/** A stored draft, checked field by field: anything else (hand-edited, an older shape) is no draft. */
export function parseDraft(v: unknown): WizardDraft | undefined {
  if (!isRecord(v) || !isRecord(v.origin) || !isRecord(v.config)) return undefined;
  const origin = v.origin;
  if (!ORIGIN_KEYS.every((k) => optionalString(origin[k]))) return undefined;
  if (typeof v.source !== 'string' || !optionalString(v.cloneOf) || typeof v.edited !== 'boolean') return undefined;
  if (typeof v.step !== 'number' || !Number.isInteger(v.step) || v.step < 0) return undefined;
  if (!Array.isArray(v.typed) || !v.typed.every(isTyped)) return undefined;
  return { origin: draftOrigin(origin as DraftOrigin), config: v.config, source: v.source, ...(typeof v.cloneOf === 'string' ? { cloneOf: v.cloneOf } : {}), step: v.step, typed: v.typed, edited: v.edited };
}

/** The origin as a phrase for the discard warning. */
export function originText(o: DraftOrigin): string {
  return o.clone ? `a clone of run ${o.clone.slice(0, 8)}` : o.template ? `template ${o.template}` : o.preset ? `preset ${o.preset}` : 'the engine defaults';
}
