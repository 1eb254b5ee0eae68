export { Sgd, type SgdOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { clipByGlobalNorm, clipCoefficient, globalNorm } from './clip';
export type { OptimizerState } from './state';
