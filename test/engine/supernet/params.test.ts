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
  /**
   * The reference's count in closed form, derived from model_search.py / operations.py by hand:
   * per mixed edge sep3 + sep5 + dil3 + dil5 = 102C + 6C² (plus C² for FactorizedReduce skip on
   * the 8 stride-2 edges of a reduction cell); preprocessing C_pp·C + C_p·C either way; stem
   * 27·cin·C + 6C (affine BN); classifier 4C·classes + classes.
   */
  function referenceCount(c: number, layers: number, classes: number, cin: number): number {
    let total = 9 * cin * 3 * c + 2 * 3 * c;
    let [cpp, cp, cc] = [3 * c, 3 * c, c];
    const reductions = new Set([Math.floor(layers / 3), Math.floor((2 * layers) / 3)]);
    for (let i = 0; i < layers; i++) {
      const reduction = reductions.has(i);
      if (reduction) cc *= 2;
      total += cpp * cc + cp * cc + 14 * (102 * cc + 6 * cc * cc) + (reduction ? 8 * cc * cc : 0);
      [cpp, cp] = [cp, 4 * cc];
    }
    return total + cp * classes + classes;
  }

  it.each([
    [16, 8, 10, 3],
    [8, 5, 10, 3],
    [4, 3, 100, 1],
    [12, 6, 10, 3],
    [6, 7, 10, 1],
  ])('C=%i, %i layers, %i classes, %i input channels matches the closed form', (c, layers, classes, cin) => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxationForTest, channels: c, layers, classes, inputChannels: cin, alphaInitStd: 1e-3, seed: 0 });
    expect(net.params.count()).toBe(referenceCount(c, layers, classes, cin));
    net.dispose();
  });

  it('forward gives [N, classes] logits', () => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxationForTest, channels: 4, layers: 5, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 0 });
    const y = net.forward(tf.ones([2, 16, 16, 3]), { training: true });
    expect(y.shape).toEqual([2, 10]);
    net.dispose();
  });
});
