import * as tf from '@tensorflow/tfjs';

/**
 * Which of a backend's own backward kernels give correct gradients for our ops (checked on tfjs
 * 4.22, see docs/engine.md). Where one is missing or wrong, the op uses its own formulation
 * built from forward kernels only. Dilated convs never use native gradients: tfjs-core refuses
 * them on every backend.
 */
export interface NativeGrads {
  conv2d: boolean;
  depthwise: boolean;
  maxPool: boolean;
}

const KNOWN: Record<string, NativeGrads> = {
  // wasm has no Conv2DBackpropFilter / DepthwiseConv2dNativeBackprop* and its MaxPoolGrad is
  // wrong for windows of negative values.
  wasm: { conv2d: false, depthwise: false, maxPool: false },
  cpu: { conv2d: true, depthwise: true, maxPool: true },
  tensorflow: { conv2d: true, depthwise: true, maxPool: true },
};
const NONE: NativeGrads = { conv2d: false, depthwise: false, maxPool: false };

let policy: 'auto' | 'never' = 'auto';

/** 'never' forces our own formulations everywhere (used to test them on every backend). */
export function setNativeGradPolicy(p: 'auto' | 'never'): void {
  policy = p;
}

export function nativeGrads(): NativeGrads {
  if (policy === 'never') return NONE;
  return KNOWN[tf.getBackend()] ?? NONE;
}
