import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setFormulation, type Formulation } from '../../../src/engine/ops';
import { Supernet, getRelaxation } from '../../../src/engine/supernet';
import { Rng } from '../../../src/engine/util/rng';
import { SUPERNET_CASES as CASES, l2, relError, sub } from './cases';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';

/**
 * The fast step (host kernels, one computation per shared cell state) against the straightforward
 * per-edge formulation from tfjs ops: same network, same batch, same dropout masks. Loss, logits,
 * inference logits and the BN running statistics agree to 1e-5 relative (‖a − b‖ / ‖b‖); the
 * gradients (α and β together, the weights together) to 1e-4: measured 4e-7 to 4.3e-5, the
 * float32 rounding of the reference's own sums over the batch, which the fast kernels do in float64.
 */
const TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

interface Outcome {
  loss: number;
  logits: Float32Array;
  evalLogits: Float32Array;
  grads: Map<string, Float32Array>;
  buffers: Map<string, Float32Array>;
}

function run(net: Supernet, f: Formulation, x: tf.Tensor4D, y: tf.Tensor1D, dropPath: number): Outcome {
  setFormulation(f);
  const start = new Map([...net.params.buffers].map(([k, v]) => [k, v.dataSync().slice()]));
  net.skipDropout.restart(0);
  net.dropPath.restart(0);
  net.dropPath.prob = dropPath;
  const vars = [...net.weights(), ...net.alphaList()];
  let logits: Float32Array = new Float32Array();
  const { value, grads } = tf.variableGrads(() => {
    const out = net.forward(x, { training: true, dropPath: net.dropPath });
    logits = out.dataSync().slice() as Float32Array;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, out.shape[1]), out) as tf.Scalar;
  }, vars);
  const outcome: Outcome = {
    loss: value.dataSync()[0],
    logits,
    evalLogits: tf.tidy(() => net.forward(x, { training: false }).dataSync().slice() as Float32Array),
    grads: new Map(vars.map((v) => [v.name, grads[v.name].dataSync().slice() as Float32Array])),
    buffers: new Map([...net.params.buffers].map(([k, v]) => [k, v.dataSync().slice() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  // Put the running statistics back, so the next formulation starts from the same state.
  tf.tidy(() => {
    for (const [k, v] of net.params.buffers) v.assign(tf.tensor(start.get(k) as Float32Array, v.shape));
  });
  return outcome;
}

afterAll(() => setFormulation('fast'));

for (const backend of TEST_BACKENDS) {
  describe(`fast step = straightforward per-edge step on ${backend}`, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        await useBackend(backend);
        const { relaxation = 'softmax', ...options } = c.options;
        const net = new Supernet({ ...options, relaxation: getRelaxation(relaxation), classes: 3, alphaInitStd: 0.5, seed: 3 });
        c.setup?.(net);
        const rng = new Rng(11);
        const x = randomTensor([4, 8, 8, 2], rng) as tf.Tensor4D;
        const y = tf.tensor1d([0, 1, 2, 1], 'int32');
        const reference = run(net, 'straightforward', x, y, c.dropPath ?? 0);
        const before = tf.memory().numTensors;
        const fast = run(net, 'fast', x, y, c.dropPath ?? 0);
        // The fast pass leaves the tensor count where it found it.
        expect(tf.memory().numTensors).toBe(before);

        expect(Math.abs(fast.loss - reference.loss) / Math.abs(reference.loss)).toBeLessThan(TOLERANCE);
        expect(relError(fast.logits, reference.logits)).toBeLessThan(TOLERANCE);
        expect(relError(fast.evalLogits, reference.evalLogits)).toBeLessThan(TOLERANCE);
        expect(fast.grads.size).toBe(reference.grads.size);
        // Gradients, by family: α and β, then the weights. The float32 sums of the reference's own
        // reductions set the floor here (the fast kernels accumulate in float64).
        const archNames = new Set(net.alphaList().map((a) => a.name));
        const family = (names: string[], from: Map<string, Float32Array>) => Float32Array.from(names.flatMap((n) => [...(from.get(n) as Float32Array)]));
        const arch = [...archNames];
        const weights = [...reference.grads.keys()].filter((n) => !archNames.has(n));
        expect(relError(family(arch, fast.grads), family(arch, reference.grads)), 'α and β gradients').toBeLessThan(GRADIENT_TOLERANCE);
        expect(relError(family(weights, fast.grads), family(weights, reference.grads)), 'weight gradients').toBeLessThan(GRADIENT_TOLERANCE);
        const all = l2(family([...reference.grads.keys()], reference.grads));
        for (const [name, g] of reference.grads) {
          const diff = l2(sub(fast.grads.get(name) as Float32Array, g));
          expect(diff, `gradient of ${name}`).toBeLessThanOrEqual(1e-3 * l2(g) + TOLERANCE * all);
        }
        const buffers = [...reference.buffers.keys()];
        expect(relError(family(buffers, fast.buffers), family(buffers, reference.buffers)), 'BN running statistics').toBeLessThan(TOLERANCE);
        // Dropout masks really were drawn (the cases with dropout differ from a pass without it).
        if (c.dropPath) expect(relError(run(net, 'fast', x, y, 0).logits, fast.logits)).toBeGreaterThan(1e-3);
        tf.dispose([x, y]);
        net.dispose();
      });
    }
  });
}
