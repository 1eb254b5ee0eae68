import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { factorizedReduce } from '../../../src/engine/nn/layers';
import { ParamStore, Scope } from '../../../src/engine/nn/params';
import { setNativeGradPolicy } from '../../../src/engine/ops';
import { getSearchSpace } from '../../../src/engine/spaces';
import { mixedOp } from '../../../src/engine/supernet/mixed_op';
import { Rng } from '../../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { borderDirection, directionalCheck, randomTensor } from '../../helpers/gradcheck';

const close = (a: number, n: number) => Math.abs(a - n) <= 5e-3 + 1e-2 * Math.max(Math.abs(a), Math.abs(n));

afterAll(() => setNativeGradPolicy('auto'));

for (const backend of TEST_BACKENDS) {
  describe(`composite ops on ${backend} (own formulations)`, () => {
    it('factorized reduce: input and both conv weights', async () => {
      await useBackend(backend);
      setNativeGradPolicy('never');
      const rng = new Rng(21);
      const store = new ParamStore(new Rng(22));
      const fr = factorizedReduce(new Scope(store), 4, 6, false);
      const x = randomTensor([2, 8, 6, 4], rng);
      // ε = 1e-3 keeps the finite difference on one side of the leading ReLU's kinks.
      for (const dir of [randomTensor(x.shape, rng), borderDirection(x.shape, rng)]) {
        const { analytic, numeric } = directionalCheck((t) => fr(t as tf.Tensor4D, { training: true }), [x], 0, dir, rng, 1e-3);
        expect(close(analytic, numeric), `input: analytic ${analytic} numeric ${numeric}`).toBe(true);
      }
      // Weights are variables read by the layer: differentiate them with variableGrads and
      // perturb them in place for the finite difference.
      const probe = randomTensor([2, 4, 3, 6], rng);
      const f = () => tf.sum(tf.mul(fr(x as tf.Tensor4D, { training: true }), probe)) as tf.Scalar;
      for (const w of store.weightList()) {
        const dir = randomTensor(w.shape, rng);
        const base = tf.clone(w);
        const { grads } = tf.variableGrads(f, [w]);
        const analytic = tf.sum(tf.mul(grads[w.name], dir)).dataSync()[0];
        const at = (s: number) => {
          w.assign(tf.add(base, tf.mul(dir, s)));
          return f().dataSync()[0];
        };
        const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
        w.assign(base);
        expect(close(analytic, numeric), `${w.name}: analytic ${analytic} numeric ${numeric}`).toBe(true);
      }
      store.dispose();
    });

    it('mixed op: α gradient through the softmax, including the omitted none column', async () => {
      await useBackend(backend);
      setNativeGradPolicy('never');
      const rng = new Rng(31);
      const store = new ParamStore(new Rng(32));
      const space = getSearchSpace('darts');
      const edge = mixedOp(new Scope(store), space.primitives, 4, 2, { affine: false });
      const x = randomTensor([2, 8, 8, 4], rng);
      const op = (alpha: tf.Tensor) => edge(x as tf.Tensor4D, tf.unstack(tf.softmax(alpha)) as tf.Scalar[], { training: true });
      const alpha = randomTensor([space.primitives.length], rng, 0.5);
      for (const dir of [randomTensor(alpha.shape, rng), tf.oneHot([0], space.primitives.length).reshape([space.primitives.length]).toFloat()]) {
        const { analytic, numeric } = directionalCheck(op, [alpha], 0, dir, rng, 1e-2);
        expect(close(analytic, numeric), `analytic ${analytic} numeric ${numeric}`).toBe(true);
      }
      store.dispose();
    });
  });
}
