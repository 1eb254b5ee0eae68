import type { Path } from './paths';

/**
 * Where in the config each plug-in registry is chosen: the field holding the entry id, the catalog
 * kind listing the entries, and the field holding the entry's options. `*` matches any key (one
 * schedule per scheduled path). The entries themselves, their options and defaults come from the
 * host's catalog, so a new plug-in needs no change here; a new kind of choice needs one line.
 */
export interface PluginSlot {
  path: Path;
  kind: string;
  optionsPath: Path;
}

export const PLUGIN_SLOTS: PluginSlot[] = [
  { path: ['data', 'dataset'], kind: 'dataset', optionsPath: ['data', 'options'] },
  { path: ['model', 'space'], kind: 'space', optionsPath: ['model', 'spaceOptions'] },
  { path: ['model', 'relaxation'], kind: 'relaxation', optionsPath: ['model', 'relaxationOptions'] },
  { path: ['strategy', 'id'], kind: 'strategy', optionsPath: ['strategy', 'options'] },
  { path: ['derivation', 'id'], kind: 'derivation', optionsPath: ['derivation', 'options'] },
  { path: ['weightOptimizer', 'schedule'], kind: 'schedule', optionsPath: ['weightOptimizer', 'scheduleOptions'] },
  { path: ['schedules', '*', 'id'], kind: 'schedule', optionsPath: ['schedules', '*', 'options'] },
  { path: ['regularizers', '*', 'id'], kind: 'regularizer', optionsPath: ['regularizers', '*', 'options'] },
];

export const matches = (pattern: Path, path: Path): boolean => pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);

/** The slot whose id field is `path`, with its options path made concrete. */
export function slotAt(path: Path): PluginSlot | null {
  const slot = PLUGIN_SLOTS.find((s) => matches(s.path, path));
  if (!slot) return null;
  return { ...slot, optionsPath: slot.optionsPath.map((p, i) => (p === '*' ? path[i] : p)) };
}

/** Whether `path` is the options field of some slot (rendered with its entry, not on its own). */
export const isOptionsPath = (path: Path): boolean => PLUGIN_SLOTS.some((s) => matches(s.optionsPath, path));

export interface WizardStep {
  id: string;
  title: string;
  /** Top-level config keys edited on this step. */
  keys: string[];
}

/** The order; config keys no step names land on the budget step, so new fields still show. */
export const WIZARD_STEPS: WizardStep[] = [
  { id: 'dataset', title: 'Dataset', keys: ['name', 'data', 'seed', 'backend', 'threads'] },
  { id: 'space', title: 'Search space', keys: ['model', 'derivation'] },
  // A gradient strategy, or the random-search baseline in its place.
  { id: 'strategy', title: 'Strategy', keys: ['strategy', 'archOptimizer', 'stepOrder', 'randomSearch'] },
  { id: 'regularization', title: 'Regularization', keys: ['regularizers', 'schedules'] },
  { id: 'budget', title: 'Schedule & budget', keys: ['weightOptimizer', 'budget', 'checkpointEvery'] },
  { id: 'review', title: 'Review', keys: [] },
];

const FALLBACK_STEP = 'budget';

export function stepKeys(stepId: string, allKeys: string[]): string[] {
  const named = new Set(WIZARD_STEPS.flatMap((s) => s.keys));
  const step = WIZARD_STEPS.find((s) => s.id === stepId);
  if (!step) return [];
  const own = step.keys.filter((k) => allKeys.includes(k));
  return stepId === FALLBACK_STEP ? [...own, ...allKeys.filter((k) => !named.has(k))] : own;
}

/** The step editing the config field at `path` (an issue path, 'config' prefix already removed). */
export function stepOfPath(path: Path): string {
  const top = String(path[0] ?? '');
  return WIZARD_STEPS.find((s) => s.keys.includes(top))?.id ?? FALLBACK_STEP;
}
