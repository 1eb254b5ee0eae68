export { Sgd, type SgdOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { clipByGlobalNorm } from './clip';
export type { OptimizerState } from './state';
