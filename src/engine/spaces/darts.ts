import { allPreviousEdges, reductionsAtThirds } from './edges';
import type { SearchSpace } from './types';

/** The reference DARTS space (quark0/darts genotypes.py PRIMITIVES, model_search.py). */
export const dartsSpace: SearchSpace = {
  id: 'darts',
  title: 'DARTS',
  paper: 'Liu et al., DARTS: Differentiable Architecture Search (ICLR 2019)',
  primitives: ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'],
  nodes: 4,
  edges: allPreviousEdges,
  alphaSharing: 'per-type',
  reductionCells: reductionsAtThirds,
  derivation: 'darts-top2',
  multiplier: 4,
  stemMultiplier: 3,
};
