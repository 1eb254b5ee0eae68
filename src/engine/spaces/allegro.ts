import { z } from 'zod';
import { ALLEGRO_DEFAULTS } from '../primitives/allegro-defaults';
import { allPreviousEdges, reductionsAtThirds } from './edges';
import { defineSpace, nodesOption } from './options';

/**
 * The Allegro space (AllegroNAS, D4 §3.2): the DARTS cell and α sharing, with the four conv ops
 * replaced by AllegroSepConv and AllegroDilConv (see primitives/allegro-defaults.ts for how the paper's
 * under-specified modules are built). The α column order follows the DARTS one, op for op.
 */
export const allegroSpace = defineSpace({
  id: 'allegro',
  title: 'Allegro (AllegroNAS)',
  paper: 'AllegroNAS, CMC 2024 vol. 78 no. 2, §3.2',
  description: 'DARTS cell with widened separable and deepened dilated convs (AllegroSepConv, AllegroDilConv).',
  optionsSchema: z.object({
    nodes: nodesOption,
    sepMidMultiplier: z
      .number()
      .int()
      .min(1)
      .max(8)
      .default(ALLEGRO_DEFAULTS.midMultiplier)
      .meta({ title: 'Separable conv inner width (× C)' }).describe('AllegroSepConv inner width in multiples of C (paper: unstated, "more channels"; 1 = DARTS SepConv)'),
    dilExtraDepth: z
      .number()
      .int()
      .min(0)
      .max(4)
      .default(ALLEGRO_DEFAULTS.extraDepth)
      .meta({ title: 'Extra dilated-conv blocks' }).describe('AllegroDilConv blocks beyond the first (paper: unstated, "deeper"; 1 matches SepConv depth; 0 = DARTS DilConv)'),
  }),
  create: ({ nodes, sepMidMultiplier, dilExtraDepth }) => ({
    primitives: [
      'none',
      'max_pool_3x3',
      'avg_pool_3x3',
      'skip_connect',
      'allegro_sep_conv_3x3',
      'allegro_sep_conv_5x5',
      'allegro_dil_conv_3x3',
      'allegro_dil_conv_5x5',
    ],
    nodes,
    edges: allPreviousEdges,
    alphaSharing: 'per-type',
    reductionCells: reductionsAtThirds,
    derivation: 'darts-top2',
    multiplier: nodes,
    stemMultiplier: 3,
    opOptions: { midMultiplier: sepMidMultiplier, extraDepth: dilExtraDepth },
  }),
});
