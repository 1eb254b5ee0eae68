// The entry scripts/build-kernels.mjs compiles: every kernel of the module.
export { depthwiseFilterGrad } from './depthwise-filter-grad';
export { add } from './add';
export { batchNormBackward, batchNormForward, runningStatistics } from './batchnorm';
export { dot4, mix4 } from './mix';
export { poolGrad } from './pool';
export { copyRows, spread, stridedTap } from './strided';
export { depthwiseConv } from './depthwise-conv';
export { pointwiseConv, pointwiseFilterGrad } from './pointwise';
export { relu, reluGrad } from './relu';
