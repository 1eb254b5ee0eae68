import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSearchSpace } from '../../../src/engine/spaces';
import { Supernet, softmaxRelaxationForTest } from './fixtures';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

describe('supernet parameter parity with the reference (count_parameters, α excluded)', () => {
  it('C=16, 8 layers, 10 classes has exactly 1,930,618 parameters', () => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxationForTest, channels: 16, layers: 8, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 0 });
    expect(net.params.count()).toBe(1_930_618);
    expect(net.alphas.get('normal')?.shape).toEqual([14, 8]);
    expect(net.alphas.get('reduce')?.shape).toEqual([14, 8]);
    net.dispose();
  });
  it('forward gives [N, classes] logits', () => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxationForTest, channels: 4, layers: 5, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 0 });
    const y = net.forward(tf.ones([2, 16, 16, 3]), { training: true });
    expect(y.shape).toEqual([2, 10]);
    net.dispose();
  });
});
