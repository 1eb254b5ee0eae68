import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchLoader, splitTrainVal, type ImageSet, type LoaderOptions } from '../../../src/engine/data';
import { Rng } from '../../../src/engine/util/rng';
import { nhwc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** count images of h x w x c with fixture pixels; label n is n, so labels identify examples. */
function set(count: number, h = 2, w = 2, c = 1): ImageSet {
  return {
    images: nhwc(count, h, w, c),
    labels: Int32Array.from({ length: count }, (_, i) => i),
    count,
    height: h,
    width: w,
    channels: c,
    numClasses: count,
  };
}

function loader(s: ImageSet, options: Partial<LoaderOptions> = {}): BatchLoader {
  const c = s.channels;
  return new BatchLoader(s, { batchSize: 3, rng: new Rng(1), mean: Array(c).fill(0.5), std: Array(c).fill(0.25), ...options });
}

/** Takes n batches as plain arrays, disposing the tensors. */
function take(l: BatchLoader, n: number): { x: number[]; y: number[] }[] {
  return Array.from({ length: n }, () => {
    const { x, y } = l.next();
    const out = { x: Array.from(x.dataSync()), y: Array.from(y.dataSync()) };
    tf.dispose([x, y]);
    return out;
  });
}

describe('splitTrainVal', () => {
  it('puts the first floor(portion * n) indices in train and the rest in val', () => {
    const half = splitTrainVal({ count: 7 });
    expect(Array.from(half.train)).toEqual([0, 1, 2]);
    expect(Array.from(half.val)).toEqual([3, 4, 5, 6]);
    const most = splitTrainVal({ count: 10 }, 0.8);
    expect([most.train.length, most.val.length]).toEqual([8, 2]);
    expect(() => splitTrainVal({ count: 10 }, 0.01)).toThrow(/leaves one half empty/);
    expect(() => splitTrainVal({ count: 1 })).toThrow(/leaves one half empty/);
  });
});

describe('BatchLoader', () => {
  it('visits every example once per epoch, keeping or dropping the last partial batch', () => {
    const keep = loader(set(10));
    expect(keep.batchesPerEpoch).toBe(4);
    const epoch = take(keep, 4);
    expect(epoch.map((b) => b.y.length)).toEqual([3, 3, 3, 1]);
    expect(epoch.flatMap((b) => b.y).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(keep.epoch).toBe(0);
    const next = take(keep, 4);
    expect(keep.epoch).toBe(1);
    expect(next.flatMap((b) => b.y)).not.toEqual(epoch.flatMap((b) => b.y));

    const drop = loader(set(10), { dropLast: true });
    expect(drop.batchesPerEpoch).toBe(3);
    expect(take(drop, 3).map((b) => b.y.length)).toEqual([3, 3, 3]);
    expect(() => loader(set(2), { dropLast: true })).toThrow(/no batch of 3/);
  });

  it('draws only from the given indices, in order when not shuffling', () => {
    const { val } = splitTrainVal({ count: 10 });
    const l = loader(set(10), { indices: val, shuffle: false });
    expect(take(l, 2).flatMap((b) => b.y)).toEqual([5, 6, 7, 8, 9]);
  });

  it('gives the same batches for the same seed, and another order for another seed', () => {
    const augment = { crop: true, cropPadding: 1, flip: true, cutout: true, cutoutLength: 2 };
    const a = take(loader(set(10, 4, 4, 3), { rng: new Rng(5), augment }), 9);
    const b = take(loader(set(10, 4, 4, 3), { rng: new Rng(5), augment }), 9);
    const c = take(loader(set(10, 4, 4, 3), { rng: new Rng(6), augment }), 9);
    expect(b).toEqual(a);
    expect(c.map((batch) => batch.y)).not.toEqual(a.map((batch) => batch.y));
  });

  it('resumes exactly from a JSON round trip of its state, mid-epoch', () => {
    const augment = { crop: true, flip: true, cutout: true, cutoutLength: 4 };
    const original = loader(set(10, 8, 8, 3), { augment });
    take(original, 6); // into the second epoch
    const state = JSON.parse(JSON.stringify(original.getState()));
    expect(state).toMatchObject({ size: 10, epoch: 1, position: 2 });
    const resumed = loader(set(10, 8, 8, 3), { augment, rng: new Rng(999) });
    resumed.setState(state);
    expect(take(resumed, 7)).toEqual(take(original, 7));
    expect(resumed.getState()).toEqual(original.getState());
    expect(() => loader(set(9)).setState(state)).toThrow(/state is for 10 examples/);
  });

  it('normalizes each channel as (pixel / 255 - mean) / std', () => {
    const s = set(1, 2, 2, 2);
    const mean = [0.1, 0.6];
    const std = [0.2, 0.3];
    const [batch] = take(loader(s, { mean, std, batchSize: 1 }), 1);
    const expected = Array.from(s.images, (v, i) => (v / 255 - mean[i % 2]) / std[i % 2]);
    batch.x.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('yields the rest of the current epoch from epochBatches, then a whole new one', () => {
    const l = loader(set(10));
    take(l, 1);
    const rest = [...l.epochBatches()];
    expect(rest.map((b) => b.y.shape[0])).toEqual([3, 3, 1]);
    tf.dispose(rest.flatMap((b) => [b.x, b.y]));
    const whole = [...l.epochBatches()];
    expect(whole.length).toBe(4);
    expect(l.epoch).toBe(1);
    tf.dispose(whole.flatMap((b) => [b.x, b.y]));
  });

  it('keeps the tensor count flat when each batch is disposed', () => {
    const l = loader(set(20, 8, 8, 3), { batchSize: 4, augment: { crop: true, flip: true, cutout: true } });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const { x, y } = l.next();
      expect(x.shape).toEqual([4, 8, 8, 3]);
      expect(x.dtype).toBe('float32');
      expect(y.dtype).toBe('int32');
      tf.dispose([x, y]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
