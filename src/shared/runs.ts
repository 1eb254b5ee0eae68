import { z } from 'zod';
import type { RetrainConfig, SearchConfig } from './config';
import type { RetrainEvent, RetrainMetadata } from './retrain-events';
import type { GenotypeJsonShape, RunMetadata, SearchEvent } from './search-events';
import { metric } from './search-events-schema';

// The run data the store keeps and the API serves: one definition for the store, the hosts and the UI.

/** What a run emits: a search's events, or a retraining's (their shared types have the same names). */
export type RunEvent = SearchEvent | RetrainEvent;

export const RUN_STATUSES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunKind = 'search' | 'retrain';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One row of the run list. Times are Unix milliseconds. */
export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  kind: RunKind;
  parentRunId: string | null;
  tags: string[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  seed: number;
  /** The configured preference until the run starts, then the backend it got. */
  backend: string;
  device: string | null;
  gpu: boolean | null;
  appVersion: string;
  dataset: string;
  space: string;
  strategy: string;
  epochs: number;
  epochsDone: number;
  bestValAcc: number | null;
  finalValAcc: number | null;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number | null;
  trainAcc: number | null;
  valLoss: number | null;
  valAcc: number | null;
  lr: number | null;
  seconds: number | null;
}

/** A file the run wrote; `path` is absolute, `sha256` null when the file was missing or a folder. */
export interface CheckpointRecord {
  epoch: number;
  path: string;
  sha256: string | null;
  createdAt: number;
}

export interface ArtifactRecord {
  id: number;
  kind: string;
  path: string;
  sha256: string | null;
  createdAt: number;
  meta: unknown;
}

export interface RunDetail extends RunSummary {
  notes: string;
  error: string | null;
  /** A search's config, or a retraining's (`kind` says which; a retraining's names its genotype). */
  config: SearchConfig | RetrainConfig;
  /** The engine's metadata from the run's start event: a search's, or a retraining's (`meta.kind === 'retrain'`). */
  meta: RunMetadata | RetrainMetadata | null;
  finalGenotype: GenotypeJsonShape | null;
  dir: string;
  epochMetrics: EpochMetrics[];
  genotypes: Array<{ epoch: number; genotype: GenotypeJsonShape }>;
  checkpoints: CheckpointRecord[];
  artifacts: ArtifactRecord[];
}

export type SortKey = 'created' | 'name' | 'status' | 'finalValAcc';

export interface RunListQuery {
  status?: RunStatus[];
  kind?: RunKind;
  space?: string;
  strategy?: string;
  dataset?: string;
  tag?: string;
  /** Inclusive bounds on createdAt. */
  createdFrom?: number;
  createdTo?: number;
  /** Case-insensitive substring of the name. */
  text?: string;
  sort?: SortKey;
  order?: 'asc' | 'desc';
  offset?: number;
  /** Default 50, at most 1000. */
  limit?: number;
}

export interface RunPage {
  total: number;
  runs: RunSummary[];
}

/** Per-step metrics are drawn against global_step, per-epoch ones against epoch. */
export const STEP_SERIES = {
  trainLoss: 'train_loss',
  trainAcc: 'train_acc',
  valLoss: 'val_loss',
  lr: 'lr',
  archLr: 'arch_lr',
  gradNorm: 'grad_norm',
  archTime: 'arch_time',
  weightTime: 'weight_time',
  /** Retraining only. */
  auxLoss: 'aux_loss',
  dropPathProb: 'drop_path',
} as const;
export const EPOCH_SERIES = {
  trainLoss: 'train_loss',
  trainAcc: 'train_acc',
  valLoss: 'val_loss',
  valAcc: 'val_acc',
  lr: 'lr',
  seconds: 'seconds',
} as const;
export type SeriesMetric = `step.${keyof typeof STEP_SERIES}` | `epoch.${keyof typeof EPOCH_SERIES}`;

export interface SeriesQuery {
  runIds: string[];
  metric: SeriesMetric;
  /** Most points per run (at least 4, default 2000). */
  points?: number;
}

export interface Series {
  runId: string;
  metric: SeriesMetric;
  x: number[];
  y: number[];
  /** When each point was recorded, Unix ms; null for rows stored before NAS Studio kept the time (schema 6). */
  time: Array<number | null>;
  /** Points stored for the run before downsampling. */
  total: number;
}

/** One epoch's α, shaped as the engine's alpha event. */
export interface AlphaSnapshot {
  epoch: number;
  raw: Record<string, number[][]>;
  weights: Record<string, number[][]>;
}

export interface LogEntry {
  ts: number;
  level: LogLevel;
  message: string;
  data: unknown;
}


export interface RunProgress {
  epoch: number;
  step: number;
  stepsDone: number;
  stepsTotal: number;
  /** 0..1 */
  fraction: number;
  /** Seconds left at the recent step rate (epoch-end evaluation not counted); null before the first step. */
  etaSeconds: number | null;
}

/** A run's search metadata (primitives, α groups, …); null for a retraining or a run not started yet. */
export const searchMeta = (meta: RunDetail['meta']): RunMetadata | null => (meta && 'primitives' in meta ? meta : null);

/** A search's genotype to retrain: the final one (else the latest), or the one derived after stored epoch `epoch` (0-based); null if none. */
export function searchGenotype(run: Pick<RunDetail, 'finalGenotype' | 'genotypes'>, epoch?: number): GenotypeJsonShape | null {
  const g = epoch === undefined ? (run.finalGenotype ?? run.genotypes.at(-1)?.genotype) : run.genotypes.find((x) => x.epoch === epoch)?.genotype;
  return g ?? null;
}

/** A config's measured calibration step (the engine's calibrate()): what the wizard's review shows. */
export const runEstimateSchema = z.object({
  backend: z.string(),
  /** Trainable supernet weights, α excluded. */
  params: z.number(),
  /** Highest tensor memory the backend held during one full search step. */
  peakBytes: z.number(),
  /** Seconds of one search step (α step + w step), measured after a warm-up step (NaN with a one-step budget). */
  stepSeconds: metric,
  stepsPerEpoch: z.number(),
  /** stepSeconds × stepsPerEpoch: epoch-end evaluation is not included. */
  epochSeconds: metric,
  /**
   * A progressive search, stage by stage (the fields above are then the largest params and peak,
   * and the mean step time over the stages).
   */
  stages: z
    .array(z.object({ cells: z.number(), channels: z.number(), opsPerEdge: z.number(), params: z.number(), peakBytes: z.number(), stepSeconds: metric }))
    .optional(),
});
export type RunEstimate = z.output<typeof runEstimateSchema>;
