import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradients, variableGrads } from '../../../src/engine/nn/backprop';
import { Rng } from '../../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';

/**
 * backprop.ts walks tfjs's tape with tfjs's own gradient functions, so its gradients must equal
 * tf.grads' on graphs with fan-out, multi-output ops, unused outputs, inputs off the path and a
 * gradient function that hands one tensor to two inputs; it must leave no tensor behind, and it
 * must let go of gradients and saved tensors the walk has passed, which tfjs keeps until the call
 * returns.
 */

/** Passes its dy through to both inputs as the same tensor object: the aliasing case. */
const sharedDy = tf.customGrad((a, b) => {
  return { value: tf.add(a as tf.Tensor, b as tf.Tensor), gradFunc: (dy: tf.Tensor) => [dy, dy] };
});

function net(x: tf.Tensor2D, w1: tf.Tensor2D, w2: tf.Tensor2D, bias: tf.Tensor1D, off: tf.Tensor2D): tf.Scalar {
  const h = tf.relu(tf.matMul(x, w1));
  const [left, right, unused] = tf.split(h, 3, 1);
  const fan = tf.mul(left, tf.tanh(left));
  const mixed = sharedDy(tf.add(fan, right), tf.sigmoid(right)) as tf.Tensor2D;
  const both = tf.add(tf.matMul(mixed, w2), bias);
  tf.mul(unused, 2);
  return tf.sum(tf.mul(tf.add(both, off), both));
}

describe.each(TEST_BACKENDS)('backprop on %s', (backend) => {
  it("equals tf.grads on fan-out, split, aliased and off-path inputs, and leaves no tensor behind", async () => {
    await useBackend(backend);
    const rng = new Rng(2);
    const x = randomTensor([5, 4], rng) as tf.Tensor2D;
    const w1 = randomTensor([4, 6], rng) as tf.Tensor2D;
    const w2 = randomTensor([2, 3], rng) as tf.Tensor2D;
    const bias = randomTensor([3], rng) as tf.Tensor1D;
    const off = randomTensor([5, 3], rng) as tf.Tensor2D;
    const expected = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => net(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D, off))([x, w1, w2, bias]);
    const before = tf.memory().numTensors;
    const { value, grads } = gradients(() => net(x, w1, w2, bias, off), [x, w1, w2, bias]);
    expect(tf.memory().numTensors).toBe(before + 5);
    expect(value.dataSync()[0]).toBeCloseTo(net(x, w1, w2, bias, off).dataSync()[0], 4);
    grads.forEach((g, i) => {
      expect(g).not.toBeNull();
      const want = expected[i].dataSync();
      const got = (g as tf.Tensor).dataSync();
      for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k], 4);
    });
    tf.dispose([value, ...(grads as tf.Tensor[]), ...expected, x, w1, w2, bias, off]);
  });

  it('seeds with dy, gives null for an x y does not depend on, and leaves dy to its owner', async () => {
    await useBackend(backend);
    const x = tf.tensor1d([1, 2, 3]);
    const unrelated = tf.tensor1d([4]);
    const dy = tf.tensor1d([1, 10, 100]);
    const { value, grads } = gradients(() => tf.square(x), [x, unrelated], dy);
    expect(Array.from((grads[0] as tf.Tensor).dataSync())).toEqual([2, 40, 600]);
    expect(grads[1]).toBeNull();
    expect(dy.isDisposed).toBe(false);
    tf.dispose([value, grads[0] as tf.Tensor, x, unrelated, dy]);
  });

  it('names variable gradients as tf.variableGrads does, and refuses a loss that reads no variable', async () => {
    await useBackend(backend);
    const a = tf.variable(tf.tensor1d([1, -2]), true, 'backprop-a');
    const b = tf.variable(tf.tensor1d([3]), true, 'backprop-b');
    const frozen = tf.variable(tf.tensor1d([5]), false, 'backprop-frozen');
    const { value, grads } = variableGrads(() => tf.sum(tf.mul(tf.square(a), frozen)), [a, b, frozen]);
    expect(Object.keys(grads)).toEqual(['backprop-a']);
    expect(Array.from(grads['backprop-a'].dataSync())).toEqual([10, -20]);
    expect(() => variableGrads(() => tf.sum(frozen), [a, b])).toThrow(/depends on none/);
    tf.dispose([value, ...Object.values(grads), a, b, frozen]);
  });

  it('holds a frontier of gradients where tfjs holds every one it has made', async () => {
    await useBackend(backend);
    const rng = new Rng(4);
    const depth = 12;
    const [rows, width] = [256, 64];
    const ws = Array.from({ length: depth }, () => tf.variable(randomTensor([width, width], rng)));
    const x = randomTensor([rows, width], rng);
    // An identity after the first layer (on the path from the weights) whose gradient runs next to
    // last and reads the bytes held then.
    let held = 0;
    const probe = tf.customGrad((h) => {
      return { value: tf.clone(h as tf.Tensor), gradFunc: (dy: tf.Tensor) => ((held = tf.memory().numBytes), tf.clone(dy)) };
    });
    const loss = () => tf.sum(ws.reduce((h, w, i) => tf.tanh(tf.matMul(i === 1 ? (probe(h) as tf.Tensor) : h, w)), x)) as tf.Scalar;
    const heldAtBottom = (differentiate: () => { value: tf.Tensor; grads: tf.NamedTensorMap }) => {
      const before = tf.memory().numBytes;
      const { value, grads } = differentiate();
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numBytes).toBe(before);
      return held - before;
    };
    const ours = heldAtBottom(() => variableGrads(loss, ws));
    const theirs = heldAtBottom(() => tf.variableGrads(loss, ws));
    // tfjs still holds both gradients of every layer (of tanh's and of matMul's output) and all
    // that the layers saved; the walk has let go of all but the last layer's.
    const activation = 4 * rows * width;
    expect(theirs - ours).toBeGreaterThan(2 * (depth - 2) * activation);
    tf.dispose([x, ...ws]);
  });
});
