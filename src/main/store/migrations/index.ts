import type { Database } from 'better-sqlite3';
import initial from './001_initial';
import artifacts from './002_artifacts';
import templates from './003_templates';
import retrainSteps from './004_retrain_steps';
import runOwner from './005_run_owner';
import metricTimes from './006_metric_times';
import runTotals from './007_run_totals';

/** One schema step: the Nth migration of the list takes user_version from N-1 to N. */
export interface Migration {
  name: string;
  up(db: Database): void;
}

/** In order. Adding a version is one module and one line here; never edit or reorder a released one. */
export const MIGRATIONS: readonly Migration[] = [initial, artifacts, templates, retrainSteps, runOwner, metricTimes, runTotals];

export const SCHEMA_VERSION = MIGRATIONS.length;
