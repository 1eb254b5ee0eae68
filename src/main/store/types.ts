import type { LogLevel } from '../../shared/runs';
import type { RetrainEvent } from '../../shared/retrain-events';
import type { RunConfig } from './run-rows';
import type { SearchEvent } from '../../shared/search-events';

export * from '../../shared/runs';
export type { RunConfig } from './run-rows';

export interface NewRun {
  /** A search config makes a search run, a retraining config (it names a genotype) a retraining. */
  config: RunConfig;
  /** Default: the config's name, else "strategy · space · dataset" ("retrain · genotype · dataset"). */
  name?: string;
  /** The run this one came from: the search a retraining trains, the run a search was cloned from. */
  parentRunId?: string;
  tags?: string[];
  notes?: string;
}

/** What a run writer accepts: the engine's events (search or retraining) plus host-side log lines. */
export type RunRecord =
  | SearchEvent
  | RetrainEvent
  | { type: 'log'; level: LogLevel; message: string; data?: unknown };

export interface DeleteResult {
  /** The run folder, when it existed and was removed. */
  removedDir: string | null;
  /** Recorded checkpoint/artifact paths outside the run folder: never deleted. */
  keptOutside: string[];
}

export type ImportConflict = 'error' | 'new-id';
