import * as tf from '@tensorflow/tfjs';
import type { SearchConfig } from '../../shared/config';
import type { RunEstimate } from '../../shared/runs';
import { search } from './search';

export type Calibration = RunEstimate;

/**
 * Runs the real search for two steps: the first (which also warms kernels and caches up) under
 * tf.profile for the memory peak, the second unprofiled for the time, since profiling times each
 * kernel and would inflate it. Nothing is written; the session is disposed before returning.
 */
export async function calibrate(config: SearchConfig): Promise<Calibration> {
  const events = search(config);
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
