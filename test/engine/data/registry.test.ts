import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchLoader, datasets, getDataset, loadDataset } from '../../../src/engine/data';
import { channelStats } from '../../../src/engine/data/imageset';
import { Rng } from '../../../src/engine/util/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dataset registry', () => {
  it('has one entry per id with a title, description and options schema', () => {
    expect(Object.keys(datasets).sort()).toEqual(['cifar10', 'cifar100', 'fashion-mnist', 'folder', 'mnist', 'synthetic']);
    for (const [id, entry] of Object.entries(datasets)) {
      expect(entry.id).toBe(id);
      expect(entry.title).not.toBe('');
      expect(entry.description).not.toBe('');
    }
    expect(getDataset('cifar10').optionsSchema.safeParse({}).success).toBe(false);
    expect(getDataset('cifar100').optionsSchema.parse({ root: '/x' })).toEqual({ root: '/x', label: 'fine' });
    expect(getDataset('mnist').optionsSchema.safeParse({ limit: 0 }).success).toBe(false);
    expect(() => getDataset('svhn')).toThrow(/unknown dataset "svhn"; known: mnist, fashion-mnist/);
  });
});

describe('synthetic dataset', () => {
  const options = { trainCount: 600, testCount: 200, height: 8, width: 8, channels: 3, numClasses: 4, seed: 3 };

  it('is deterministic per seed, balanced, and reports statistics computed from its training images', async () => {
    const a = await loadDataset({ id: 'synthetic', options });
    const b = await loadDataset({ id: 'synthetic', options });
    const c = await loadDataset({ id: 'synthetic', options: { ...options, seed: 4 } });
    expect(a.train).toMatchObject({ count: 600, height: 8, width: 8, channels: 3, numClasses: 4 });
    expect(a.test!.count).toBe(200);
    expect(b.train.images).toEqual(a.train.images);
    expect(c.train.images).not.toEqual(a.train.images);
    expect(Array.from({ length: 4 }, (_, k) => a.train.labels.filter((l) => l === k).length)).toEqual([150, 150, 150, 150]);
    expect({ mean: a.mean, std: a.std }).toEqual(channelStats(a.train));
    expect(a.info).toEqual({ id: 'synthetic', title: 'Synthetic', source: 'generated (seed 3)' });
    const limited = await loadDataset({ id: 'synthetic', options: { ...options, limit: 50 } });
    expect(limited.train.count).toBe(50);
    expect(limited.train.images).toEqual(a.train.images.subarray(0, 50 * 192));
  });

  it('is learnable: softmax regression trained on augmented batches beats chance clearly', async () => {
    const data = await loadDataset({ id: 'synthetic', options });
    const features = 8 * 8 * 3;
    const w = tf.variable(tf.zeros([features, 4]));
    const bias = tf.variable(tf.zeros([4]));
    const logits = (x: tf.Tensor4D): tf.Tensor2D => x.reshape([-1, features]).matMul(w).add(bias);
    const optimizer = tf.train.sgd(0.05);
    const train = new BatchLoader(data.train, {
      batchSize: 32,
      rng: new Rng(1),
      mean: data.mean,
      std: data.std,
      augment: { crop: true, cropPadding: 1, flip: true },
    });
    for (let epoch = 0; epoch < 3; epoch++) {
      for (const { x, y } of train.epochBatches()) {
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 4), logits(x)));
        tf.dispose([x, y]);
      }
    }
    const test = new BatchLoader(data.test!, { batchSize: 200, rng: new Rng(2), mean: data.mean, std: data.std, shuffle: false });
    const { x, y } = test.next();
    const accuracy = tf.tidy(() => logits(x).argMax(1).equal(y).mean().dataSync()[0]);
    tf.dispose([x, y, w, bias]);
    optimizer.dispose();
    expect(accuracy).toBeGreaterThan(0.6); // chance is 0.25
  });
});
