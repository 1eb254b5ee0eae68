import { ZodError } from 'zod';
import type { SearchConfig } from '../../shared/config';
import { getDataset, type DatasetEntry } from '../data';
import { getDeriveRule, type DeriveRule } from '../derive';
import { createSchedule, getSchedule, type Schedule } from '../schedules';
import { getSpaceEntry, type SearchSpace } from '../spaces';
import { getStrategy, type Strategy } from '../strategies';
import { getRelaxation, type Relaxation } from '../supernet';

/** Every plug-in a config names, looked up and with its options validated. */
export interface Plugins {
  dataset: DatasetEntry;
  space: SearchSpace;
  relaxation: Relaxation;
  strategy: Strategy;
  schedule: Schedule;
  derivation: DeriveRule;
}

/** A config value that names no registry entry, or one its entry refuses: `path` says which field. */
export class ConfigFieldError extends Error {
  constructor(
    readonly path: string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${path.join('.')}: ${message}`, options);
    this.name = 'ConfigFieldError';
  }
}

/** Runs `f`, reporting a failure at `path` in the config (zod issues get the path prepended). */
function at<T>(path: string[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ZodError) throw new ZodError(e.issues.map((i) => ({ ...i, path: [...path, ...i.path] })));
    throw new ConfigFieldError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** The weight learning rate per epoch: lr → lrMin along weightOptimizer.schedule. */
function weightSchedule(c: SearchConfig): Schedule {
  const wo = c.weightOptimizer;
  const spec = { id: wo.schedule, from: wo.lr, to: wo.lrMin, warmupEpochs: wo.warmupEpochs, options: wo.scheduleOptions };
  at(['weightOptimizer', 'schedule'], () => getSchedule(wo.schedule));
  return at(['weightOptimizer', 'scheduleOptions'], () => createSchedule(spec, c.budget.epochs));
}

/**
 * Resolves registry ids and validates plug-in options, naming the config field at fault. Cheap
 * (no data, no tensors), so a front end can call it to fail fast before a run starts.
 */
export function resolvePlugins(c: SearchConfig): Plugins {
  const dataset = at(['data', 'dataset'], () => getDataset(c.data.dataset));
  at(['data', 'options'], () => dataset.optionsSchema.parse(c.data.options));
  const strategyEntry = at(['strategy', 'id'], () => getStrategy(c.strategy.id));
  const strategyOptions = at(['strategy', 'options'], () => strategyEntry.optionsSchema.parse(c.strategy.options));
  const derivation = at(['derivation', 'id'], () => getDeriveRule(c.derivation.id));
  at(['derivation', 'options'], () => derivation.optionsSchema.parse(c.derivation.options));
  const spaceEntry = at(['model', 'space'], () => getSpaceEntry(c.model.space));
  return {
    dataset,
    space: at(['model', 'spaceOptions'], () => spaceEntry.create(c.model.spaceOptions)),
    relaxation: at(['model', 'relaxation'], () => getRelaxation(c.model.relaxation)),
    strategy: strategyEntry.create(strategyOptions),
    schedule: weightSchedule(c),
    derivation,
  };
}
