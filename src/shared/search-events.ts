import type { SearchConfig } from './config';

/** A derived cell pair in the reference's JSON shape: [[op, input], …]. */
export interface GenotypeJsonShape {
  normal: Array<[string, number] | [string, number, number]>;
  normal_concat: number[];
  reduce: Array<[string, number] | [string, number, number]>;
  reduce_concat: number[];
}

export interface RunMetadata {
  backend: { name: string; provider: string; gpu: boolean; tfjsVersion: string };
  /** Trainable weights of the supernet, α excluded. */
  params: number;
  alphaGroups: Record<string, [number, number]>;
  primitives: string[];
  stepsPerEpoch: number;
  trainExamples: number;
  valExamples: number;
  dataset: { id: string; title: string; source: string; height: number; width: number; channels: number; classes: number };
}

/** Everything a search emits, in order: start, then per step/epoch events, then done or cancelled. */
export type SearchEvent =
  | { type: 'start'; config: SearchConfig; meta: RunMetadata; resumedFromEpoch: number | null }
  | {
      type: 'step';
      epoch: number;
      step: number;
      stepsPerEpoch: number;
      trainLoss: number;
      trainAcc: number;
      /** L_val where the α gradient was taken. */
      valLoss: number;
      lr: number;
      archLr: number;
      gradNorm: number;
      /** Seconds spent in the α step and the w step. */
      archTime: number;
      weightTime: number;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      trainLoss: number;
      trainAcc: number;
      /** Validation split, evaluated in inference mode (running BN statistics), as the reference's infer(). */
      valLoss: number;
      valAcc: number;
      lr: number;
      seconds: number;
    }
  | { type: 'alpha'; epoch: number; raw: Record<string, number[][]>; weights: Record<string, number[][]> }
  | { type: 'genotype'; epoch: number; genotype: GenotypeJsonShape }
  | { type: 'checkpoint'; epoch: number; path: string }
  | { type: 'done'; epochs: number; genotype: GenotypeJsonShape; seconds: number }
  | { type: 'cancelled'; epoch: number; step: number };

export type SearchEventType = SearchEvent['type'];
