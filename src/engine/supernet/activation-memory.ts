import { totalmem } from 'node:os';
import type { SearchSpace } from '../spaces';

/**
 * Bytes a training pass of the supernet holds at its peak, per byte of one cell's node state
 * (batch × height × width × channels float32), measured with tf.profile's peakBytes on the darts
 * space (8 ops per edge) over five shapes (C 4–8, 3–8 cells, 16–32 px, batch 8–16), with
 * backprop.ts freeing each gradient once the walk has passed it; the fitted values reproduce each
 * measurement within 8%.
 * - Without checkpointing, a pass keeps every cell's intermediates: KEPT × Σ over cells.
 * - With it (per node), one node's edges at a time, plus each node's saved inputs and output:
 *   NODE × the largest cell + SAVED × Σ over cells.
 * The per-op parts scale with the ops searched per edge. Other spaces' ops differ in size, so for
 * them this is a rough guide; it only decides `checkpoint: 'auto'`.
 */
const KEPT = 867;
const NODE = 323;
const SAVED = 10.3;
const REFERENCE_OPS = 8;

export interface ActivationShape {
  space: Pick<SearchSpace, 'reductionCells' | 'primitives'>;
  channels: number;
  layers: number;
  batch: number;
  height: number;
  width: number;
  /** Ops still searched per edge (P-DARTS's later stages); every primitive when omitted. */
  opsPerEdge?: number;
}

/** Estimated peak bytes of one training pass's activations, with and without checkpointing. */
export function activationBytes(s: ActivationShape): { kept: number; checkpointed: number } {
  const reductions = new Set(s.space.reductionCells(s.layers));
  const stateBytes: number[] = [];
  let [h, w, c] = [s.height, s.width, s.channels];
  for (let i = 0; i < s.layers; i++) {
    if (reductions.has(i)) [h, w, c] = [Math.ceil(h / 2), Math.ceil(w / 2), c * 2];
    stateBytes.push(4 * s.batch * h * w * c);
  }
  const opScale = (s.opsPerEdge ?? s.space.primitives.length) / REFERENCE_OPS;
  const total = stateBytes.reduce((a, b) => a + b, 0);
  return { kept: KEPT * opScale * total, checkpointed: NODE * opScale * Math.max(...stateBytes) + SAVED * total };
}

/** wasm32 addresses 4 GiB, tensors and everything else together. */
const WASM_HEAP_BYTES = 4 * 2 ** 30;

export type CheckpointSetting = 'auto' | 'on' | 'off';

/**
 * Whether a search on `backend` checkpoints: as set, or for 'auto' when the kept activations would
 * take more than half of the backend's memory (wasm: its heap; otherwise the machine's RAM; a GPU's
 * own memory is not visible through tfjs). The other half holds weights, gradients, optimizer
 * state, data and the allocator's slack.
 */
export function useCheckpointing(setting: CheckpointSetting, shape: ActivationShape, backend: string): boolean {
  if (setting !== 'auto') return setting === 'on';
  const budget = backend === 'wasm' ? WASM_HEAP_BYTES : totalmem();
  return activationBytes(shape).kept > budget / 2;
}
