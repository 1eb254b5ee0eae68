import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { avgPool3x3, batchNormTrain, conv2d, depthwiseConv2d, maxPool3x3, setNativeGradPolicy } from '../../../src/engine/ops';
import { Rng } from '../../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { borderDirection, directionalCheck, randomTensor } from '../../helpers/gradcheck';

interface Case {
  name: string;
  /** Shapes of the op's inputs; input 0 is the NHWC activation. */
  shapes: number[][];
  op: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Finite-difference step; max pooling needs a small one to stay on one side of its kinks. */
  eps?: number;
}

const X = [2, 7, 8, 4];
// 12 channels: three of the depthwise filter-gradient kernel's groups of 4.
const XD = [2, 7, 8, 12];
const convCase = (k: number, stride: number, pad: number, dilation: number, groups = 1): Case => ({
  name: `conv2d k${k} s${stride} p${pad} d${dilation} g${groups}`,
  shapes: [X, [k, k, X[3] / groups, 6]],
  op: (x, w) => conv2d(x as tf.Tensor4D, w as tf.Tensor4D, { stride, pad, dilation, groups }),
});
const dwCase = (k: number, stride: number, pad: number, dilation: number): Case => ({
  name: `depthwise k${k} s${stride} p${pad} d${dilation}`,
  shapes: [XD, [k, k, XD[3], 1]],
  op: (x, w) => depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, { stride, pad, dilation }),
});

const CASES: Case[] = [
  convCase(3, 1, 1, 1),
  convCase(3, 2, 1, 1),
  convCase(1, 1, 0, 1),
  convCase(1, 2, 0, 1),
  convCase(3, 1, 2, 2),
  convCase(3, 2, 2, 2),
  convCase(5, 2, 4, 2),
  convCase(3, 1, 1, 1, 2),
  dwCase(3, 1, 1, 1),
  dwCase(3, 2, 1, 1),
  dwCase(5, 1, 2, 1),
  dwCase(5, 2, 2, 1),
  dwCase(3, 1, 2, 2),
  dwCase(3, 2, 2, 2),
  dwCase(5, 1, 4, 2),
  dwCase(5, 2, 4, 2),
  { name: 'max_pool s1', shapes: [X], op: (x) => maxPool3x3(x as tf.Tensor4D, 1), eps: 1e-3 },
  { name: 'max_pool s2', shapes: [X], op: (x) => maxPool3x3(x as tf.Tensor4D, 2), eps: 1e-3 },
  { name: 'avg_pool s1', shapes: [X], op: (x) => avgPool3x3(x as tf.Tensor4D, 1) },
  { name: 'avg_pool s2', shapes: [X], op: (x) => avgPool3x3(x as tf.Tensor4D, 2) },
  { name: 'batchnorm', shapes: [X], op: (x) => batchNormTrain(x as tf.Tensor4D) },
  {
    name: 'batchnorm affine',
    shapes: [X, [X[3]], [X[3]]],
    op: (x, g, b) => batchNormTrain(x as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D),
  },
  { name: 'relu', shapes: [X], op: (x) => tf.relu(x) },
];

function close(a: number, n: number): boolean {
  return Math.abs(a - n) <= 5e-3 + 1e-2 * Math.max(Math.abs(a), Math.abs(n));
}

afterAll(() => setNativeGradPolicy('auto'));

for (const backend of TEST_BACKENDS) {
  describe(`finite-difference gradients on ${backend} (own formulations)`, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        await useBackend(backend);
        setNativeGradPolicy('never');
        const rng = new Rng(7);
        const inputs = c.shapes.map((s) => randomTensor(s, rng));
        for (let which = 0; which < inputs.length; which++) {
          const dirs = [randomTensor(c.shapes[which], rng)];
          if (which === 0) dirs.push(borderDirection(c.shapes[which], rng));
          for (const d of dirs) {
            const { analytic, numeric } = directionalCheck(c.op, inputs, which, d, rng, c.eps);
            expect(close(analytic, numeric), `${c.name} input ${which}: analytic ${analytic} numeric ${numeric}`).toBe(true);
          }
        }
        tf.dispose(inputs);
      });
    }
  });
}

describe('own formulations agree with correct native kernels (cpu)', () => {
  for (const c of CASES.filter((k) => !k.name.includes(' d2'))) {
    it(c.name, async () => {
      await useBackend('cpu');
      const rng = new Rng(11);
      const inputs = c.shapes.map((s) => randomTensor(s, rng));
      const probe = randomTensor(c.op(...inputs).shape, rng);
      const grads = (policy: 'auto' | 'never') => {
        setNativeGradPolicy(policy);
        return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.op(...xs), probe)))(inputs).map((g) => g.arraySync());
      };
      const own = grads('never').flat(Infinity) as number[];
      const native = grads('auto').flat(Infinity) as number[];
      const scale = Math.max(...native.map(Math.abs));
      const maxDiff = Math.max(...own.map((v, i) => Math.abs(v - native[i])));
      expect(maxDiff / scale).toBeLessThan(1e-5);
    });
  }
});
