export { Sgd, type SgdOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { clipByGlobalNorm, globalNorm } from './clip';
export type { OptimizerState } from './state';
