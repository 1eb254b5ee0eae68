import type { Layer } from '../nn/layers';
import type { Scope } from '../nn/params';

export interface PrimitiveOptions {
  /** Affine BN inside the op: false at search time, true in the evaluation network. */
  affine: boolean;
  /** Channel groups for pointwise convs (AllegroNAS group convolution); 1 = the reference. */
  groups?: number;
  /** AllegroSepConv's inner width as a multiple of C (see allegro.ts; default 2). */
  midMultiplier?: number;
  /** AllegroDilConv's blocks beyond the first (see allegro.ts; default 1). */
  extraDepth?: number;
}

/** A candidate operation on an edge: C channels in and out, stride 1 (normal) or 2 (reduction). */
export interface Primitive {
  id: string;
  title: string;
  /** Has no trainable weights (pools, skip, none): what collapse diagnostics count. */
  parameterFree: boolean;
  /** The reference's MixedOp follows pools with a non-affine BN; evaluation cells do not. */
  bnInMixedOp: boolean;
  /** `null` for the zero op, which contributes nothing and so is left out of sums. */
  create(scope: Scope, channels: number, stride: number, opts: PrimitiveOptions): Layer | null;
}
