import { z } from 'zod';
import { dartsCell } from './darts';
import { defineSpace, nodesOption } from './options';

/**
 * The FairDARTS candidates, in the reference α column order (xiaomi-automl/FairDARTS
 * fairdarts/genotypes.py PRIMITIVES): the DARTS ops without 'none'. With independent sigmoids an
 * edge is dropped by its ops all staying below the threshold, so no zero op is searched; one would
 * also enter the zero-one loss mean and the none-weight diagnostics.
 */
export const FAIR_DARTS_OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;

/** The FairDARTS search space: the DARTS cell and α sharing over the 7 FairDARTS ops. */
export const fairDartsSpace = defineSpace({
  id: 'fair-darts',
  title: 'Fair DARTS',
  paper: 'Chu et al., Fair DARTS: Eliminating Unfair Advantages in Differentiable Architecture Search (ECCV 2020)',
  description: "The DARTS cell with the seven FairDARTS ops (no 'none'); one α for all normal cells and one for all reduction cells.",
  optionsSchema: z.object({ nodes: nodesOption }),
  create: ({ nodes }) => ({ ...dartsCell(nodes), primitives: FAIR_DARTS_OPS, derivation: 'sigmoid-threshold' }),
});
