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
}

/** One file an export wrote; `kind` is what the run store records it as. */
export interface ExportedFile {
  format: string;
  kind: string;
  path: string;
}
