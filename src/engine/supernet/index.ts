export { Supernet, attentionGroup, attentionWeights, crossEntropy, relaxedHostWeights, type SupernetOptions, type SupernetOutput } from './network';
export { DropPathState } from './drop_path';
export { relaxations, getRelaxation, type Relaxation } from './relaxations';
export { SkipDropout } from './skip_dropout';
