export { Supernet, attentionGroup, crossEntropy, relaxedHostWeights, type SupernetOptions } from './network';
export { relaxations, getRelaxation, type Relaxation } from './relaxations';
export { SkipDropout } from './skip_dropout';
