import { z } from 'zod';
import { dartsCell } from './darts';
import { defineSpace, nodesOption } from './options';

/** The reference's attention candidates, in its β column order (chomin/Att-DARTS genotypes.py ATTN_PRIMIVIVES). */
export const ATT_DARTS_ATTENTIONS = ['Identity', 'SE', 'BAM', 'CBAM', 'GE_theta-plus', 'DoubleAttention'] as const;

/**
 * Att-DARTS (Nakai et al., IJCNN 2020; survey D3 §2.4, §3.3.4): the DARTS cell with every edge an
 * operation followed by an attention module, each chosen by its own softmax (α over ops, β over
 * modules, both per edge and shared by all normal / all reduction cells). This is the reference
 * code's default placement (AttLocation.AFTER_EVERY).
 */
export const attDartsSpace = defineSpace({
  id: 'att-darts',
  title: 'Att-DARTS',
  paper: 'Nakai, Matsubara and Uehara, Att-DARTS: Differentiable Neural Architecture Search for Attention (IJCNN 2020)',
  description: 'The DARTS space with a mixture of six attention modules after every edge, weighted by a per-edge β.',
  optionsSchema: z.object({ nodes: nodesOption }),
  create: ({ nodes }) => ({ ...dartsCell(nodes), attentions: ATT_DARTS_ATTENTIONS, derivation: 'att-darts' }),
});
