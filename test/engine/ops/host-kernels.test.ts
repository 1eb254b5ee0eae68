import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { avgPool3x3, batchNormTrain, concatChannels, conv2d, depthwiseConv2d, maxPool3x3, relu, setFormulation, trimTopLeft, type BatchMoments, type Formulation } from '../../../src/engine/ops';
import { simdKernels } from '../../../src/engine/ops/simd/kernels';
import { formulation } from '../../../src/engine/ops/formulation';
import { mixOnHost } from '../../../src/engine/supernet/mix';
import { Rng } from '../../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';

/**
 * The host kernels against the formulations from tfjs ops, op by op, at channel counts that reach
 * every loop shape: the wasm SIMD BN kernels visit 4 channels at a time plus a scalar remainder
 * (14 = 3·4 + 2), the depthwise filter gradient 16, then 4, then one (22 = 16 + 4 + 2), the α mix 4 terms and 4 elements at a time; the pools at odd and even map sizes,
 * where stride 2 leaves windows cut by the padding on one side only. Outputs, batch moments and every
 * gradient agree to 1e-5 relative (the supernet-wide oracle's channel counts are all multiples of 4).
 */
const TOLERANCE = 1e-5;

const relError = (a: Float32Array, b: Float32Array) => {
  let [num, den] = [0, 0];
  for (let i = 0; i < a.length; i++) [num, den] = [num + (a[i] - b[i]) ** 2, den + b[i] ** 2];
  return Math.sqrt(num / Math.max(den, 1e-30));
};

/** Values and gradients (w.r.t. every input) of sum(op(inputs) · probe), plus anything `extra` reads. */
function evaluate(f: Formulation, op: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], probe: tf.Tensor, extra: () => Float32Array[] = () => []): Float32Array[] {
  setFormulation(f);
  return tf.tidy(() => {
    const out = op(...inputs);
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op(...xs), probe)))(inputs);
    return [out, ...grads].map((t) => t.dataSync() as Float32Array).concat(extra());
  });
}

afterAll(() => setFormulation('fast'));

it('the wasm SIMD kernels load (otherwise the engine runs the tfjs-op formulation throughout)', () => {
  expect(simdKernels()).not.toBeNull();
});

describe.each(TEST_BACKENDS)('host kernels agree with the tfjs-op formulations (%s)', (backend) => {
  for (const c of [3, 6, 8]) {
    for (const affine of [false, true]) {
      it(`batch norm, ${c} channels${affine ? ', affine' : ''}`, async () => {
        await useBackend(backend);
        const rng = new Rng(c);
        // An offset mean, as real activations have: the one-pass moments must not cancel.
        const x = tf.tidy(() => tf.add(randomTensor([3, 5, 4, c], rng), 3));
        const params = affine ? [randomTensor([c], rng), randomTensor([c], rng)] : [];
        const probe = randomTensor(x.shape, rng);
        let moments: Float32Array[] = [];
        const keep = (m: BatchMoments) => (moments = [m.mean.dataSync() as Float32Array, m.variance.dataSync() as Float32Array]);
        const op = (xs: tf.Tensor, g?: tf.Tensor, b?: tf.Tensor) => batchNormTrain(xs as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, keep);
        const fast = evaluate('fast', op, [x, ...params], probe, () => moments);
        const reference = evaluate('straightforward', op, [x, ...params], probe, () => moments);
        // Measured after the first use of each, which caches the composite's averaging rows.
        const before = tf.memory().numTensors;
        evaluate('fast', op, [x, ...params], probe);
        expect(tf.memory().numTensors).toBe(before);
        expect(fast).toHaveLength(reference.length);
        for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBeLessThan(TOLERANCE);
        tf.dispose([x, probe, ...params]);
      });
    }
  }

  for (const [name, pool] of [
    ['max', maxPool3x3],
    ['avg', avgPool3x3],
  ] as const) {
    for (const stride of [1, 2]) {
      it(`${name} pool 3x3, stride ${stride}`, async () => {
        await useBackend(backend);
        const rng = new Rng(stride);
        const x = randomTensor([2, 7, 8, 6], rng);
        const op = (xs: tf.Tensor) => pool(xs as tf.Tensor4D, stride);
        const probe = tf.tidy(() => randomTensor(op(x).shape, rng));
        const fast = evaluate('fast', op, [x], probe);
        const reference = evaluate('straightforward', op, [x], probe);
        for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBeLessThan(TOLERANCE);
        tf.dispose([x, probe]);
      });
    }
  }

  // Stride 2 takes the spread-and-correlate input gradient, at odd and even map sizes.
  for (const [kind, k, stride, pad, dilation] of [
    ['depthwise', 3, 1, 1, 1],
    ['depthwise', 5, 2, 2, 1],
    ['depthwise', 3, 2, 2, 2],
    ['depthwise', 5, 1, 4, 2],
    ['conv', 1, 1, 0, 1],
    ['conv', 1, 2, 0, 1],
    ['conv', 3, 2, 1, 1],
  ] as const) {
    const c = kind === 'conv' ? 14 : 22;
    it(`${kind} conv k${k} s${stride} d${dilation}, ${c} channels`, async () => {
      await useBackend(backend);
      const rng = new Rng(k * 10 + stride);
      const x = randomTensor([2, 9, 8, c], rng);
      const w = randomTensor([k, k, c, kind === 'conv' ? 5 : 1], rng);
      const op = (xs: tf.Tensor, ws: tf.Tensor) => (kind === 'conv' ? conv2d : depthwiseConv2d)(xs as tf.Tensor4D, ws as tf.Tensor4D, { stride, pad, dilation });
      const probe = tf.tidy(() => randomTensor(op(x, w).shape, rng));
      const fast = evaluate('fast', op, [x, w], probe);
      const reference = evaluate('straightforward', op, [x, w], probe);
      for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBeLessThan(TOLERANCE);
      tf.dispose([x, w, probe]);
    });
  }

  // Channel counts that are multiples of 4 take the 1x1 adjoint's row kernel; 14 → 5 above takes the blocked one.
  it('1x1 conv, 16 → 8 channels', async () => {
    await useBackend(backend);
    const rng = new Rng(16);
    const x = randomTensor([2, 5, 7, 16], rng);
    const w = randomTensor([1, 1, 16, 8], rng);
    const op = (xs: tf.Tensor, ws: tf.Tensor) => conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D);
    const probe = randomTensor([2, 5, 7, 8], rng);
    const fast = evaluate('fast', op, [x, w], probe);
    const reference = evaluate('straightforward', op, [x, w], probe);
    for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBeLessThan(TOLERANCE);
    tf.dispose([x, w, probe]);
  });

  // Widths with a remainder past the 4-lane copies (3, 5) and without (8).
  it('channel concat of 3, 8 and 5 channels, and its gradient', async () => {
    await useBackend(backend);
    const rng = new Rng(35);
    const xs = [3, 8, 5].map((c) => randomTensor([2, 3, 5, c], rng));
    const probe = randomTensor([2, 3, 5, 16], rng);
    const op = (...ts: tf.Tensor[]) => concatChannels(ts);
    const fast = evaluate('fast', op, xs, probe);
    const reference = evaluate('straightforward', op, xs, probe);
    // A copy is exact.
    for (const [i, r] of reference.entries()) expect(fast[i], `output ${i}`).toEqual(r);
    setFormulation('fast');
    const mismatched = randomTensor([2, 3, 4, 2], rng);
    expect(() => concatChannels([xs[0], mismatched])).toThrow(/one leading shape \[2,3,5\]/);
    tf.dispose([probe, mismatched, ...xs]);
  });

  // Their gradients are copies of dy: keeping the inputs (the last node of a cell, a factorized
  // reduce's two halves) would hold memory nothing else holds until backprop.
  it('the channel concat and the trim keep nothing for backprop', async () => {
    await useBackend(backend);
    setFormulation('fast');
    const rng = new Rng(7);
    const [a, b] = [randomTensor([1, 4, 4, 3], rng), randomTensor([1, 4, 4, 5], rng)];
    const engine = tf.engine() as unknown as { startTape(): void; endTape(): void; state: { activeTape: Array<{ saved?: tf.Tensor[] }> } };
    engine.startTape();
    try {
      for (const op of [() => concatChannels([a, b]), () => trimTopLeft(a as tf.Tensor4D, 1)]) {
        op().dispose();
        expect(engine.state.activeTape.at(-1)?.saved).toEqual([]);
      }
    } finally {
      engine.endTape();
    }
    tf.dispose([a, b]);
  });

  it("trimming the first row and column (the factorized reduce's shift), 6 channels", async () => {
    await useBackend(backend);
    const rng = new Rng(61);
    const x = randomTensor([2, 6, 5, 6], rng);
    const probe = randomTensor([2, 5, 4, 6], rng);
    const op = (xs: tf.Tensor) => trimTopLeft(xs as tf.Tensor4D, 1);
    const fast = evaluate('fast', op, [x], probe);
    const reference = evaluate('straightforward', op, [x], probe);
    for (const [i, r] of reference.entries()) expect(fast[i], `output ${i}`).toEqual(r);
    tf.dispose([x, probe]);
  });

  it('ReLU over 90 elements (4-lane groups and a remainder), some exactly 0', async () => {
    await useBackend(backend);
    const rng = new Rng(90);
    const values = Float32Array.from({ length: 90 }, (_, i) => (i % 7 === 0 ? 0 : rng.normal()));
    const x = tf.tensor4d(values, [2, 3, 3, 5]);
    const probe = randomTensor([2, 3, 3, 5], rng);
    const fast = evaluate('fast', (xs) => relu(xs), [x], probe);
    const reference = evaluate('straightforward', (xs) => relu(xs), [x], probe);
    // Exact, up to the sign of zero (tfjs's dy · 0 keeps dy's).
    for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBe(0);
    tf.dispose([x, probe]);
  });

  it('the α mix of 6 terms over 27 elements, two terms sharing a weight', async () => {
    await useBackend(backend);
    const rng = new Rng(27);
    const w = randomTensor([2, 4], rng) as tf.Tensor2D;
    // Terms at (edge, column); the last repeats the first's weight. 6 = 4 + 2 terms, 27 = 6·4 + 3 elements.
    const at = [[0, 0], [0, 3], [1, 1], [1, 2], [0, 2], [0, 0]];
    const ys = at.map(() => randomTensor([1, 3, 3, 3], rng));
    const probe = randomTensor([1, 3, 3, 3], rng);
    const op = (weights: tf.Tensor, ...terms: tf.Tensor[]) =>
      formulation() === 'fast'
        ? mixOnHost(weights as tf.Tensor2D, terms.map((y, k) => ({ edge: at[k][0], column: at[k][1], y: y as tf.Tensor4D })))
        : tf.addN(terms.map((y, k) => tf.mul(tf.slice(weights, at[k], [1, 1]).reshape([]), y)));
    const fast = evaluate('fast', op, [w, ...ys], probe);
    const reference = evaluate('straightforward', op, [w, ...ys], probe);
    for (const [i, r] of reference.entries()) expect(relError(fast[i], r), `output ${i}`).toBeLessThan(TOLERANCE);
    tf.dispose([w, probe, ...ys]);
  });
});

describe.each(TEST_BACKENDS)('tensors saved for backprop (%s)', (backend) => {
  it('share their data: no Identity kernel is dispatched, and no tensor is left after backprop', async () => {
    await useBackend(backend);
    setFormulation('fast');
    const rng = new Rng(11);
    const [x, w] = [randomTensor([2, 6, 6, 8], rng), randomTensor([3, 3, 8, 1], rng)];
    const op = (a: tf.Tensor, b: tf.Tensor) => tf.sum(depthwiseConv2d(relu(a as tf.Tensor4D), b as tf.Tensor4D, { pad: 1 }));
    // Once first: the fast formulation's first use on wasm registers an Identity of its own.
    tf.dispose(tf.grads(op)([x, w]));
    const identity = tf.getKernel('Identity', backend) as tf.KernelConfig;
    let identities = 0;
    tf.unregisterKernel('Identity', backend);
    tf.registerKernel({ ...identity, kernelFunc: (args) => (identities++, identity.kernelFunc(args)) });
    const before = tf.memory().numTensors;
    try {
      const grads = tf.grads(op)([x, w]);
      // The clones share the originals' data, which must survive the originals' disposal.
      expect(grads.map((g) => g.shape)).toEqual([x.shape, w.shape]);
      tf.dispose(grads);
    } finally {
      tf.unregisterKernel('Identity', backend);
      tf.registerKernel(identity);
    }
    expect(identities, 'Identity kernels dispatched').toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
