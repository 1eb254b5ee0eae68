export { conv2d, depthwiseConv2d, type ConvOptions } from './conv';
export { maxPool3x3, avgPool3x3 } from './pool';
export { batchNormTrain, batchNormInfer, runningStatistics, BN_EPS, type BatchMoments } from './batchnorm';
export { setFormulation, formulation, type Formulation } from './formulation';
export { setNativeGradPolicy, nativeGrads, type NativeGrads } from './native_grads';
export { outSize, trimTopLeft } from './geometry';
export { concatChannels } from './channels';
export { relu } from './relu';
