import { z } from 'zod';
import { DARTS_OPS } from './darts';
import { fixedChainEdges, reductionsAtThirds } from './edges';
import { defineSpace, nodesOption } from './options';

const PAPER = 'Amended-DARTS (Bi et al., arXiv:1910.11831), §4.1.2–4.1.3';

/**
 * Amended-DARTS S1: the DARTS ops and α sharing on the fixed 8-edge cell (each node reads
 * node i − 1 and c_{k−2}), so derivation only picks each edge's op: 7^16 ≈ 3.3e13 architectures.
 */
export const amendedS1Space = defineSpace({
  id: 'amended-s1',
  title: 'Amended-DARTS S1 (fixed edges)',
  paper: PAPER,
  description: 'DARTS ops on a fixed 8-edge cell (node i reads node i−1 and c_{k−2}); shared α per cell type.',
  optionsSchema: z.object({ nodes: nodesOption }),
  create: ({ nodes }) => ({
    primitives: DARTS_OPS,
    nodes,
    edges: fixedChainEdges,
    alphaSharing: 'per-type',
    reductionCells: reductionsAtThirds,
    derivation: 'fixed-edge-argmax',
    multiplier: nodes,
    stemMultiplier: 3,
  }),
});

/**
 * Amended-DARTS S2: every cell its own α, the fixed 8-edge cell, and only skip_connect and
 * sep_conv_3x3 ("limited by GPU memory"); searched at the retraining depth of 20 cells (set
 * model.layers): 2^(20·8) ≈ 1.5e48 architectures. No 'none' column: D2 names just the two ops.
 */
export const amendedS2Space = defineSpace({
  id: 'amended-s2',
  title: 'Amended-DARTS S2 (one α per cell)',
  paper: PAPER,
  description: 'skip_connect vs sep_conv_3x3 on a fixed 8-edge cell, every cell with its own α (paper: 20 cells).',
  optionsSchema: z.object({ nodes: nodesOption }),
  create: ({ nodes }) => ({
    primitives: ['skip_connect', 'sep_conv_3x3'],
    nodes,
    edges: fixedChainEdges,
    alphaSharing: 'per-cell',
    reductionCells: reductionsAtThirds,
    derivation: 'fixed-edge-argmax',
    multiplier: nodes,
    stemMultiplier: 3,
  }),
});
