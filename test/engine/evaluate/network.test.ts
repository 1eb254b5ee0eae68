import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalNetwork, type EvalNetworkOptions } from '../../../src/engine/evaluate';
import { getNamedGenotype, namedGenotypes } from '../../../src/engine/genotype';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

const build = (o: Partial<EvalNetworkOptions> & Pick<EvalNetworkOptions, 'genotype'>) =>
  new EvalNetwork({ channels: 36, layers: 20, classes: 10, inputChannels: 3, auxiliary: false, seed: 0, ...o });

describe('evaluation network parameter parity with the reference (model.py NetworkCIFAR)', () => {
  it('DARTS_V2, C=36, 20 cells, 10 classes, no auxiliary head: exactly 3,349,342 parameters', () => {
    const net = build({ genotype: getNamedGenotype('DARTS_V2') });
    expect(net.params.count()).toBe(3_349_342);
    expect(net.countWithoutAuxiliary()).toBe(3_349_342);
    expect(net.reductionCells).toEqual([6, 13]);
    net.dispose();
  });

  it('the auxiliary head adds exactly AuxiliaryHeadCIFAR(C_aux, classes) and nothing else', () => {
    const net = build({ genotype: getNamedGenotype('DARTS_V2'), auxiliary: true });
    // After the second reduction (cell 13) C = 36·4 = 144; the cell outputs 4 nodes · 144 = 576.
    const cAux = 576;
    const classes = 10;
    const conv1 = 128 * cAux;
    const bn1 = 2 * 128;
    const conv2 = 128 * 768 * 2 * 2;
    const bn2 = 2 * 768;
    const classifier = 768 * classes + classes;
    expect(net.params.count() - 3_349_342).toBe(conv1 + bn1 + conv2 + bn2 + classifier);
    expect(net.countWithoutAuxiliary()).toBe(3_349_342);
    net.dispose();
  });
});

describe('evaluation network forward pass', () => {
  it.each(Object.keys(namedGenotypes))('%s builds and maps a [2,32,32,3] batch to [2,10] logits (and aux logits in training)', (name) => {
    const net = build({ genotype: getNamedGenotype(name), channels: 8, layers: 5, auxiliary: true });
    const x = tf.randomNormal<tf.Rank.R4>([2, 32, 32, 3], 0, 1, 'float32', 1);
    tf.tidy(() => {
      const train = net.forward(x, { training: true });
      expect(train.logits.shape).toEqual([2, 10]);
      expect(train.auxLogits?.shape).toEqual([2, 10]);
      expect(Number.isFinite(train.logits.sum().dataSync()[0])).toBe(true);
      const infer = net.forward(x, { training: false });
      expect(infer.logits.shape).toEqual([2, 10]);
      expect(infer.auxLogits).toBeNull();
    });
    x.dispose();
    net.dispose();
  });

  it('builds explicit-layout cells (FairDARTS style), where a node sums any number of edges', () => {
    const threeInputs = [
      { op: 'sep_conv_3x3', input: 0, node: 2 },
      { op: 'skip_connect', input: 1, node: 2 },
      { op: 'max_pool_3x3', input: 0, node: 2 },
      { op: 'dil_conv_3x3', input: 2, node: 3 },
    ];
    const net = build({ genotype: { normal: threeInputs, normalConcat: [2, 3], reduce: threeInputs, reduceConcat: [2, 3] }, channels: 4, layers: 3 });
    const logits = tf.tidy(() => net.forward(tf.ones([2, 16, 16, 3]), { training: true }).logits);
    expect(logits.shape).toEqual([2, 10]);
    logits.dispose();
    net.dispose();
  });

  it('says what the auxiliary head needs when the images are not 32x32', () => {
    const net = build({ genotype: getNamedGenotype('DARTS_V2'), channels: 4, layers: 5, auxiliary: true });
    expect(() => tf.tidy(() => void net.forward(tf.zeros([1, 28, 28, 3]), { training: true }))).toThrow(/8x8 feature maps \(32x32 images\)/);
    net.dispose();
  });
});
