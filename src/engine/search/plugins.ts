import { ZodError } from 'zod';
import { parseSearchConfig, type SearchConfig } from '../../shared/config';
import { getDataset, type DatasetEntry } from '../data';
import { getDeriveRule, type DeriveRule } from '../derive';
import { getRegularizer, type Regularizer } from '../regularizers';
import { createSchedule, getSchedule, type Schedule } from '../schedules';
import { getSpaceEntry, type SearchSpace } from '../spaces';
import { getStrategy, type Strategy } from '../strategies';
import { getRelaxation, type Relaxation } from '../supernet';
import { withScalar } from './scheduled';

/** Every plug-in a config names, looked up and with its options validated. */
export interface Plugins {
  dataset: DatasetEntry;
  space: SearchSpace;
  relaxation: Relaxation;
  /** The weight learning rate per epoch. */
  schedule: Schedule;
  derivation: DeriveRule;
  /** The plug-ins of one epoch, built with that epoch's scheduled option values. */
  epoch(epoch: number): EpochPlugins;
}

/** What may change from one epoch to the next (config `schedules`), created afresh per epoch. */
export interface EpochPlugins {
  strategy: Strategy;
  regularizers: Regularizer[];
  archLr: number;
  /** Global-norm clip of the α gradient (none when absent). */
  archGradClip?: number;
  gradClip: number;
  /** Each scheduled scalar's value this epoch, by its path. */
  scheduled: Record<string, number>;
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
export function at<T>(path: string[], f: () => T): T {
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

/** Applies the epoch's scheduled scalars, then creates the strategy and regularizers from the result. */
function epochPlugins(c: SearchConfig): (epoch: number) => EpochPlugins {
  const scheduled = Object.entries(c.schedules).map(([path, spec]) => {
    at(['schedules', path, 'id'], () => getSchedule(spec.id));
    return { path, value: at(['schedules', path, 'options'], () => createSchedule(spec, c.budget.epochs)) };
  });
  return (epoch) => {
    const values = Object.fromEntries(scheduled.map(({ path, value }) => [path, value(epoch)]));
    const scheduledConfig = Object.entries(values).reduce((acc, [path, v]) => at(['schedules', path], () => withScalar(acc, path, v)), c);
    // Checks the scheduled values against the config's own bounds (e.g. archOptimizer.lr > 0).
    const e = parseSearchConfig(scheduledConfig);
    const entry = at(['strategy', 'id'], () => getStrategy(e.strategy.id));
    const strategy = entry.create(at(['strategy', 'options'], () => entry.optionsSchema.parse(e.strategy.options)));
    const regularizers = e.regularizers.map((r, i) => {
      const reg = at(['regularizers', String(i), 'id'], () => getRegularizer(r.id));
      return reg.create(at(['regularizers', String(i), 'options'], () => reg.optionsSchema.parse(r.options)));
    });
    return { strategy, regularizers, archLr: e.archOptimizer.lr, archGradClip: e.archOptimizer.gradClip, gradClip: e.weightOptimizer.gradClip, scheduled: values };
  };
}

/**
 * Resolves registry ids and validates plug-in options, naming the config field at fault. Cheap
 * (no data, no tensors), so a front end can call it to fail fast before a run starts.
 */
export function resolvePlugins(c: SearchConfig): Plugins {
  const dataset = at(['data', 'dataset'], () => getDataset(c.data.dataset));
  at(['data', 'options'], () => dataset.optionsSchema.parse(c.data.options));
  const epoch = epochPlugins(c);
  // Builds the strategy and regularizers of every epoch that a schedule changes (else of epoch 0),
  // so ids, options and every scheduled value are checked before the run starts.
  for (let e = 0; e < (Object.keys(c.schedules).length > 0 ? c.budget.epochs : 1); e++) epoch(e);
  if (c.data.trainPortion === 1 && !getStrategy(c.strategy.id).trainOnly) {
    throw new ConfigFieldError(['data', 'trainPortion'], `1 leaves no val split for α; only a strategy that trains α on the w batch (single-level) may use all the data, not '${c.strategy.id}'`);
  }
  const derivation = at(['derivation', 'id'], () => getDeriveRule(c.derivation.id));
  at(['derivation', 'options'], () => derivation.optionsSchema.parse(c.derivation.options));
  const spaceEntry = at(['model', 'space'], () => getSpaceEntry(c.model.space));
  return {
    dataset,
    space: at(['model', 'spaceOptions'], () => spaceEntry.create(c.model.spaceOptions)),
    relaxation: at(['model', 'relaxation'], () => getRelaxation(c.model.relaxation)),
    schedule: weightSchedule(c),
    derivation,
    epoch,
  };
}
