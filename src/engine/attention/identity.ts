import type { AttentionModule } from './types';

/** No attention: the edge keeps its op's output as is. */
export const identityAttention: AttentionModule = {
  id: 'Identity',
  title: 'Identity (no attention)',
  paper: 'Nakai et al., Att-DARTS (IJCNN 2020)',
  create: () => (x) => x,
};
