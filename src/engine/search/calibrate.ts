import * as tf from '@tensorflow/tfjs';
import type { SearchConfig } from '../../shared/config';
import type { RunEstimate } from '../../shared/runs';
import { progressiveStagesToMeasure } from './progressive';
import { runSearch } from './run';
import { type SearchOptions } from './search';

export type Calibration = RunEstimate;

/**
 * Runs the real search for two steps (a random search: two training steps of its first sample): the first (which also warms kernels and caches up) under
 * tf.profile for the memory peak, the second unprofiled for the time, since profiling times each
 * kernel and would inflate it. Nothing is written; the session is disposed before returning.
 */
async function measure(config: SearchConfig, opts: SearchOptions = {}): Promise<Calibration> {
  const events = runSearch(config, opts);
  try {
    const first = await events.next();
    if (first.done || first.value.type !== 'start') throw new Error('calibration: the search did not start');
    const { meta } = first.value;
    const profile = await tf.profile(async () => {
      await events.next();
    });
    const next = await events.next();
    // A one-step budget ends the epoch instead: the profiled warm-up step is all there is to time.
    const step = !next.done && next.value.type === 'step' ? next.value : null;
    const stepSeconds = step ? step.archTime + step.weightTime : NaN;
    return {
      backend: meta.backend.name,
      params: meta.params,
      peakBytes: profile.peakBytes,
      stepSeconds,
      stepsPerEpoch: meta.stepsPerEpoch,
      epochSeconds: stepSeconds * meta.stepsPerEpoch,
    };
  } finally {
    await events.return();
  }
}

/**
 * A config's measured step. A progressive (P-DARTS) search is measured stage by stage, each at its
 * depth and width over as many ops per edge as it will search (see progressiveStagesToMeasure):
 * the largest parameter count and memory peak, and the mean step time, since every stage runs the
 * same epochs of the same steps.
 */
export async function calibrate(config: SearchConfig): Promise<Calibration> {
  if (!config.progressive) return measure(config);
  const stages: NonNullable<Calibration['stages']> = [];
  let first: Calibration | undefined;
  for (const stage of progressiveStagesToMeasure(config)) {
    const m = await measure(stage.config, { stage: { supernet: { candidates: stage.candidates } } });
    first ??= m;
    stages.push({ cells: stage.config.model.layers, channels: stage.config.model.channels, opsPerEdge: stage.opsPerEdge, params: m.params, peakBytes: m.peakBytes, stepSeconds: m.stepSeconds });
  }
  const stepSeconds = stages.reduce((sum, s) => sum + s.stepSeconds, 0) / stages.length;
  return {
    backend: first!.backend,
    params: Math.max(...stages.map((s) => s.params)),
    peakBytes: Math.max(...stages.map((s) => s.peakBytes)),
    stepSeconds,
    stepsPerEpoch: first!.stepsPerEpoch,
    epochSeconds: stepSeconds * first!.stepsPerEpoch,
    stages,
  };
}
