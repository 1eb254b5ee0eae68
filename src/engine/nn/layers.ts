import * as tf from '@tensorflow/tfjs';
import { batchNormInfer, batchNormTrain, concatChannels, conv2d, depthwiseConv2d, relu as reluOp, runningStatistics, trimTopLeft, type BatchMoments } from '../ops';
import { memoized, type ForwardMemo } from './memo';
import type { Scope } from './params';

/** Per-forward context: training mode uses batch statistics and updates running averages. */
export interface Ctx {
  training: boolean;
  /** Shares parameter-free results between the layers of one pass that read the same tensor. */
  memo?: ForwardMemo;
  /** A checkpointed segment's second pass (src/engine/nn/activation-checkpoint.ts): its first pass already updated the running statistics. */
  recomputing?: boolean;
}

/** A network piece: NHWC in, NHWC out. */
export type Layer = (x: tf.Tensor4D, ctx: Ctx) => tf.Tensor4D;

export const relu: Layer = (x, ctx) => memoized(ctx.memo, x, 'relu', () => reluOp(x));

export function sequential(...layers: Layer[]): Layer {
  return (x, ctx) => layers.reduce((h, layer) => layer(h, ctx), x);
}

export interface ConvSpec {
  cin: number;
  cout: number;
  kernel: number;
  stride?: number;
  pad?: number;
  dilation?: number;
  groups?: number;
}

/** Bias-free conv (the reference never uses a conv bias before BN). Weight layout HWIO. */
export function convLayer(scope: Scope, s: ConvSpec): Layer {
  const groups = s.groups ?? 1;
  const w = scope.weight('weight', [s.kernel, s.kernel, s.cin / groups, s.cout], { kind: 'uniform', fanIn: (s.cin / groups) * s.kernel * s.kernel });
  return (x) => conv2d(x, w as tf.Tensor4D, { stride: s.stride, pad: s.pad, dilation: s.dilation, groups });
}

/** Depthwise conv, the reference's Conv2d(C, C, k, groups=C): PyTorch's fan_in is k·k. */
export function depthwiseLayer(scope: Scope, c: number, kernel: number, stride: number, pad: number, dilation = 1): Layer {
  const w = scope.weight('weight', [kernel, kernel, c, 1], { kind: 'uniform', fanIn: kernel * kernel });
  return (x) => depthwiseConv2d(x, w as tf.Tensor4D, { stride, pad, dilation });
}

const BN_MOMENTUM = 0.1;

/** BatchNorm2d(c, affine) with PyTorch's running-statistics update (unbiased variance). */
export function batchNormLayer(scope: Scope, c: number, affine: boolean, momentum = BN_MOMENTUM): Layer {
  const gamma = affine ? (scope.weight('weight', [c], { kind: 'constant', value: 1 }) as tf.Tensor1D) : undefined;
  const beta = affine ? (scope.weight('bias', [c], { kind: 'constant', value: 0 }) as tf.Tensor1D) : undefined;
  const runningMean = scope.buffer('running_mean', [c], 0);
  const runningVar = scope.buffer('running_var', [c], 1);
  const updateRunning = (batch: BatchMoments) => {
    const [mean, variance] = runningStatistics(runningMean as tf.Tensor1D, runningVar as tf.Tensor1D, batch, momentum);
    runningMean.assign(mean);
    runningVar.assign(variance);
  };
  return (x, ctx) => {
    if (!ctx.training) return batchNormInfer(x, runningMean as tf.Tensor1D, runningVar as tf.Tensor1D, gamma, beta);
    const memo = ctx.memo;
    const update = ctx.recomputing ? undefined : updateRunning;
    if (affine || !memo) return batchNormTrain(x, gamma, beta, update);
    // A non-affine BN of a tensor gives the same output and batch moments wherever it is applied;
    // each layer still updates its own running statistics from them.
    const shared = memo.get(x, 'batchnorm', () => {
      let moments: BatchMoments | undefined;
      // The moments are the op's own outputs, kept past its scope; what backprop saves is a separate tensor.
      const y = batchNormTrain(x, undefined, undefined, (m) => (moments = { ...m, mean: memo.keep(m.mean), variance: memo.keep(m.variance) }));
      return { y, moments: moments as BatchMoments };
    });
    update?.(shared.moments);
    return shared.y;
  };
}

/** The reference networks' stem: conv3x3 (padding 1) → affine BN, as `stem.0` / `stem.1`. */
export function convBnStem(scope: Scope, cin: number, cout: number): Layer {
  return sequential(convLayer(scope.child(0), { cin, cout, kernel: 3, pad: 1 }), batchNormLayer(scope.child(1), cout, true));
}

/** ReLU → conv → BN, the reference's ReLUConvBN (cell preprocessing). */
export function reluConvBn(scope: Scope, s: ConvSpec, affine: boolean): Layer {
  return sequential(relu, convLayer(scope.child('op').child(1), s), batchNormLayer(scope.child('op').child(2), s.cout, affine));
}

/**
 * The reference's FactorizedReduce: ReLU, then two 1x1 stride-2 convs with cout/2 channels each,
 * the second reading the input shifted by one pixel; concatenated, then BN.
 */
export function factorizedReduce(scope: Scope, cin: number, cout: number, affine: boolean): Layer {
  const half = cout / 2;
  if (!Number.isInteger(half)) throw new Error(`FactorizedReduce needs an even channel count, got ${cout}`);
  const conv1 = convLayer(scope.child('conv_1'), { cin, cout: half, kernel: 1, stride: 2 });
  const conv2 = convLayer(scope.child('conv_2'), { cin, cout: half, kernel: 1, stride: 2 });
  const bn = batchNormLayer(scope.child('bn'), cout, affine);
  return (x, ctx) => {
    const h = relu(x, ctx);
    return bn(concatChannels([conv1(h, ctx), conv2(trimTopLeft(h, 1), ctx)]) as tf.Tensor4D, ctx);
  };
}

/** Linear classifier on [N, F] features, PyTorch init for weight and bias. */
export function linear(scope: Scope, fin: number, fout: number): (x: tf.Tensor2D) => tf.Tensor2D {
  const w = scope.weight('weight', [fin, fout], { kind: 'uniform', fanIn: fin });
  const b = scope.weight('bias', [fout], { kind: 'uniform', fanIn: fin });
  return (x) => tf.add(tf.matMul(x, w as tf.Tensor2D), b);
}
