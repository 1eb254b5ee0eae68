import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalNorm, Sgd } from '../../../src/engine/optim';
import { archStep } from '../../../src/engine/search/steps';
import { getSearchSpace } from '../../../src/engine/spaces';
import { getStrategy } from '../../../src/engine/strategies';
import { Supernet } from '../../../src/engine/supernet';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
import { getPreset, parseSearchConfig } from '../../../src/shared/config';
import { useBackend } from '../../helpers/backend';

const batch = (n: number, seed: number) => ({
  x: tf.randomNormal<tf.Rank.R4>([n, 8, 8, 1], 0, 1, 'float32', seed),
  y: tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), 'int32'),
});

describe('α gradient clipping (archOptimizer.gradClip, the P-DARTS code)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('hands Adam the α gradient scaled to the clip norm when above it, untouched otherwise, without leaking', () => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: 2, layers: 3, classes: 3, inputChannels: 1, alphaInitStd: 1e-3, seed: 4, inputSize: { height: 8, width: 8 } });
    const [train, val] = [batch(8, 1), batch(8, 2)];
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 0 });
    // Records the norm of what the step would apply, leaving α as it is so each call sees the same gradient.
    const seen: number[] = [];
    const recorder = { apply: (_vars: tf.Variable[], grads: tf.Tensor[]) => void seen.push(globalNorm(grads)) };
    const step = (archGradClip?: number) =>
      archStep({ net, train, val, lr: 0.1, weightOptimizer: sgd, progress: { epoch: 0, epochs: 1 } }, { strategy: getStrategy('first-order').create({}), regularizers: [], archLr: 1e-3, archGradClip, gradClip: 5, scheduled: {} }, recorder);
    step();
    const raw = seen[0];
    expect(raw).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    step(raw / 4);
    step(raw * 10);
    expect(tf.memory().numTensors).toBe(before);
    expect(seen[1]).toBeCloseTo(raw / 4, 6);
    expect(seen[2]).toBe(raw);
    tf.dispose([train.x, train.y, val.x, val.y]);
    sgd.dispose();
    net.dispose();
  });

  it('is off by default and on at 5 in the pdarts preset', () => {
    expect(parseSearchConfig({}).archOptimizer.gradClip).toBeUndefined();
    expect(parseSearchConfig(getPreset('pdarts').config).archOptimizer.gradClip).toBe(5);
  });
});
