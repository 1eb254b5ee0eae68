import type { RunEvent, RunProgress } from '../../shared/runs';


export type { RunProgress };

/** How many recent steps the rate is measured over: recent enough to follow a backend warming up. */
const WINDOW = 20;

/** Progress and ETA of one run, from the step times its worker measured. */
export class ProgressMeter {
  private readonly recent: number[] = [];
  private current: RunProgress | null = null;

  constructor(private readonly epochs: number) {}

  /** Updates from a step event; returns the new progress (null for other events). */
  observe(e: RunEvent): RunProgress | null {
    if (e.type !== 'step') return null;
    // A search step is an α step and a w step; a retraining step only the latter.
    this.recent.push(('archTime' in e ? e.archTime : 0) + e.weightTime);
    if (this.recent.length > WINDOW) this.recent.shift();
    const mean = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const stepsTotal = this.epochs * e.stepsPerEpoch;
    const stepsDone = e.epoch * e.stepsPerEpoch + e.step + 1;
    this.current = { epoch: e.epoch, step: e.step, stepsDone, stepsTotal, fraction: stepsDone / stepsTotal, etaSeconds: mean * (stepsTotal - stepsDone) };
    return this.current;
  }

  get progress(): RunProgress | null {
    return this.current;
  }
}
