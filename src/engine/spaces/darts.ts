import { z } from 'zod';
import { allPreviousEdges, reductionsAtThirds } from './edges';
import { defineSpace, nodesOption } from './options';

/** The reference DARTS candidates, in the reference α column order (genotypes.py PRIMITIVES). */
export const DARTS_OPS = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;

/** The DARTS cell and α sharing with `nodes` intermediate nodes: what spaces over other op sets share. */
export const dartsCell = (nodes: number) =>
  ({
    primitives: DARTS_OPS,
    nodes,
    edges: allPreviousEdges,
    alphaSharing: 'per-type',
    reductionCells: reductionsAtThirds,
    derivation: 'darts-top2',
    multiplier: nodes,
    stemMultiplier: 3,
  }) as const;

/** The reference DARTS space (quark0/darts genotypes.py PRIMITIVES, model_search.py). */
export const dartsSpace = defineSpace({
  id: 'darts',
  title: 'DARTS',
  paper: 'Liu et al., DARTS: Differentiable Architecture Search (ICLR 2019)',
  description: 'Eight ops on every edge of a 14-edge cell; one α for all normal cells and one for all reduction cells.',
  optionsSchema: z.object({ nodes: nodesOption }),
  create: ({ nodes }) => dartsCell(nodes),
});
