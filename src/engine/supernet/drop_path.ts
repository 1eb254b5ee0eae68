import { Rng } from '../util/rng';

/**
 * The supernet's drop path (Amended-DARTS "consistency": the evaluation's regularization during
 * search), in the shape the evaluation network's `dropPath` reads from its context. The weight
 * step passes it in its context (src/engine/search/steps.ts); α steps and inference do not, so it
 * drops nothing there. `prob` (0 at first) is set per epoch by the 'drop-path' regularizer.
 */
export class DropPathState {
  prob = 0;
  rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = new Rng(seed);
  }

  /** Restarts the mask stream for `epoch` from the network's seed, so a resumed run draws the same masks. */
  restart(epoch: number): void {
    this.rng = new Rng((this.seed + Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
  }
}
