import type { RetrainConfig } from '../../shared/config';
import type { RetrainMetadata } from '../../shared/retrain-events';
import type { Genotype } from '../genotype';
import type { TrainedModel } from '../retrain';
import type { AlphaRow, EpochRow } from './figures';

/**
 * Everything the exporters read about one run, as plain data: the CLI fills it from a run
 * folder, the host from the store. `model` is there for retraining runs with trained weights.
 */
export interface ExportSource {
  title: string;
  kind: 'search' | 'retrain';
  /** Run id or folder, for the report and model card. */
  ref: string;
  config: unknown;
  genotype: Genotype | null;
  epochs: EpochRow[];
  alphas: AlphaRow[];
  /** Column order of the α matrices. */
  primitives: string[];
  /** Per-epoch diagnostics (name → value), e.g. from the store. */
  diagnostics: Array<{ epoch: number; values: Record<string, number> }>;
  model?: TrainedModel;
  /** The search a retraining came from, when known (its α history goes into the report). */
  parent?: ExportSource;
  /**
   * A search's retrainings, where the source can look them up (absent: it cannot), and how to
   * start one from this run (the store's dashboard, or the CLI for a run folder).
   */
  retrainings?: { runs: RetrainingSource[]; howToStart: string };
}

/** One retraining of a search's genotype, as that search's report lists it. */
export interface RetrainingSource {
  title: string;
  /** Run id or folder. */
  ref: string;
  /** The store's or run.json's status ('done', 'running', 'cancelled', …). */
  status: string;
  config: RetrainConfig;
  /** Its start metadata (network size, validation split); null before it started. */
  meta: RetrainMetadata | null;
  epochs: EpochRow[];
}

/** One file an export wrote; `kind` is what the run store records it as. */
export interface ExportedFile {
  format: string;
  kind: string;
  path: string;
}
