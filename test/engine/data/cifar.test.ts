import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/engine/data';
import { readCifar10, readCifar100 } from '../../../src/engine/data/cifar';
import { cifarBytes, expectDatasetError, nhwc, tempDir, write } from './fixtures';

const TRAIN10 = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);

/** CIFAR-10 batch files of two records each; batch f has labels [f, 9 - f]; test has [7]. */
function cifar10Dir(root = tempDir()): string {
  TRAIN10.forEach((f, i) => write(join(root, f), cifarBytes([[i], [9 - i]])));
  write(join(root, 'test_batch.bin'), cifarBytes([[7]]));
  return root;
}

describe('CIFAR-10 binary reader', () => {
  it('concatenates the five batches in order and converts planar RGB to NHWC', () => {
    const { train, test } = readCifar10(cifar10Dir());
    expect(train).toMatchObject({ count: 10, height: 32, width: 32, channels: 3, numClasses: 10 });
    expect(Array.from(train.labels)).toEqual([0, 9, 1, 8, 2, 7, 3, 6, 4, 5]);
    // Record r of every file was written with pixel(r, ...): the set holds files' records in order.
    const perFile = nhwc(2, 32, 32, 3);
    for (let f = 0; f < 5; f++) {
      expect(Array.from(train.images.subarray(f * 2 * 3072, (f + 1) * 2 * 3072))).toEqual(Array.from(perFile));
    }
    expect(Array.from(test.labels)).toEqual([7]);
    expect(Array.from(test.images)).toEqual(Array.from(nhwc(1, 32, 32, 3)));
  });

  it('accepts the folder the archive extracts to, and its label names', () => {
    const root = tempDir();
    const dir = cifar10Dir(join(root, 'cifar-10-batches-bin'));
    const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
    write(join(dir, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
    const { train } = readCifar10(root);
    expect(train.count).toBe(10);
    expect(train.classNames).toEqual(names);
  });

  it('reports the published statistics and honours limit through the registry', async () => {
    const data = await loadDataset({ id: 'cifar10', options: { root: cifar10Dir(), limit: 3 } });
    expect(data.train.count).toBe(3);
    expect(data.mean).toEqual([0.4914, 0.4822, 0.4465]);
    expect(data.std).toEqual([0.247, 0.2435, 0.2616]);
  });

  it('names a file whose length is not a multiple of the record size', async () => {
    const root = cifar10Dir();
    const file = write(join(root, 'data_batch_3.bin'), cifarBytes([[1], [2]]).subarray(0, 5000));
    await expectDatasetError(() => readCifar10(root), file, /file length 5000 is not a multiple of the record size 3073/);
  });

  it('names a file with a label out of range, and a missing file or folder', async () => {
    const root = cifar10Dir();
    const file = write(join(root, 'test_batch.bin'), cifarBytes([[3], [10]]));
    await expectDatasetError(() => readCifar10(root), file, /label 10 at index 1 is out of range 0..9/);
    const missing = join(cifar10Dir(), 'nothing');
    await expectDatasetError(() => loadDataset({ id: 'cifar10', options: { root: missing } }), missing, /is not a folder \(or does not exist\)/);
    const partial = tempDir();
    write(join(partial, 'data_batch_1.bin'), cifarBytes([[1]]));
    await expectDatasetError(() => readCifar10(partial), join(partial, 'data_batch_2.bin'), /file does not exist/);
  });
});

describe('CIFAR-100 binary reader', () => {
  function cifar100Dir(): string {
    const root = tempDir();
    write(join(root, 'train.bin'), cifarBytes([[3, 42], [19, 99], [0, 0]]));
    write(join(root, 'test.bin'), cifarBytes([[5, 55]]));
    return root;
  }

  it('uses the fine label by default and the coarse one on request', async () => {
    const fine = readCifar100(cifar100Dir(), 'fine');
    expect(fine.train).toMatchObject({ count: 3, numClasses: 100, channels: 3 });
    expect(Array.from(fine.train.labels)).toEqual([42, 99, 0]);
    expect(Array.from(fine.train.images)).toEqual(Array.from(nhwc(3, 32, 32, 3)));
    expect(Array.from(fine.test.labels)).toEqual([55]);
    const coarse = await loadDataset({ id: 'cifar100', options: { root: cifar100Dir(), label: 'coarse' } });
    expect(coarse.train.numClasses).toBe(20);
    expect(Array.from(coarse.train.labels)).toEqual([3, 19, 0]);
    expect(coarse.mean).toEqual([0.5071, 0.4865, 0.4409]);
  });

  it('names a file with the CIFAR-10 record size or an out-of-range label', async () => {
    const root = cifar100Dir();
    const file = write(join(root, 'train.bin'), cifarBytes([[1], [2], [3]]));
    await expectDatasetError(() => readCifar100(root, 'fine'), file, /file length 9219 is not a multiple of the record size 3074/);
    write(join(root, 'train.bin'), cifarBytes([[20, 1]]));
    await expectDatasetError(() => readCifar100(root, 'coarse'), file, /label 20 at index 0 is out of range 0..19/);
  });
});
