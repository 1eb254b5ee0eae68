import type { SearchConfig } from '../../shared/config';
import type { RunKind, LogLevel } from '../../shared/runs';
import type { SearchEvent } from '../../shared/search-events';

export * from '../../shared/runs';

export interface NewRun {
  config: SearchConfig;
  /** Default: the config's name, else "strategy · space · dataset". */
  name?: string;
  kind?: RunKind;
  parentRunId?: string;
  tags?: string[];
  notes?: string;
}

/** What a run writer accepts: the engine's events plus host-side log lines and diagnostics. */
export type RunRecord =
  | SearchEvent
  | { type: 'log'; level: LogLevel; message: string; data?: unknown }
  | { type: 'diagnostics'; epoch: number; values: Record<string, number> };

export interface DeleteResult {
  /** The run folder, when it existed and was removed. */
  removedDir: string | null;
  /** Recorded checkpoint/artifact paths outside the run folder: never deleted. */
  keptOutside: string[];
}

export type ImportConflict = 'error' | 'new-id';
