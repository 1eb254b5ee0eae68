import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './errors';
import { readDataFile, requireDirectory } from './files';
import { checkLabels } from './imageset';
import type { ImageSet } from './types';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXEL_BYTES = 3 * PLANE;

interface CifarLayout {
  /** The folder the official archive extracts to, accepted as a child of the given root. */
  archiveFolder: string;
  trainFiles: string[];
  testFile: string;
  /** Label bytes before the pixels of each record. */
  labelBytes: number;
}

const CIFAR10: CifarLayout = {
  archiveFolder: 'cifar-10-batches-bin',
  trainFiles: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
  testFile: 'test_batch.bin',
  labelBytes: 1,
};

const CIFAR100: CifarLayout = {
  archiveFolder: 'cifar-100-binary',
  trainFiles: ['train.bin'],
  testFile: 'test.bin',
  labelBytes: 2,
};

export function readCifar10(root: string): { train: ImageSet; test: ImageSet } {
  const dir = resolveRoot(root, CIFAR10);
  return readCifar(dir, CIFAR10, 0, 10, classNamesFile(join(dir, 'batches.meta.txt'), 10));
}

/** CIFAR-100 records hold (coarse, fine) labels; fine gives 100 classes, coarse 20 superclasses. */
export function readCifar100(root: string, label: 'fine' | 'coarse'): { train: ImageSet; test: ImageSet } {
  const dir = resolveRoot(root, CIFAR100);
  const numClasses = label === 'fine' ? 100 : 20;
  const names = classNamesFile(join(dir, `${label}_label_names.txt`), numClasses);
  return readCifar(dir, CIFAR100, label === 'fine' ? 1 : 0, numClasses, names);
}

function resolveRoot(root: string, layout: CifarLayout): string {
  requireDirectory(root);
  const nested = join(root, layout.archiveFolder);
  return !existsSync(join(root, layout.testFile)) && existsSync(nested) ? nested : root;
}

/** The label names shipped with the archives, when present and complete. */
function classNamesFile(path: string, numClasses: number): string[] | undefined {
  if (!existsSync(path)) return undefined;
  const names = readFileSync(path, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
  return names.length === numClasses ? names : undefined;
}

function readCifar(
  dir: string,
  layout: CifarLayout,
  labelIndex: number,
  numClasses: number,
  classNames: string[] | undefined,
): { train: ImageSet; test: ImageSet } {
  const read = (files: string[]): ImageSet =>
    readRecords(files.map((f) => join(dir, f)), layout.labelBytes, labelIndex, numClasses, classNames);
  return { train: read(layout.trainFiles), test: read([layout.testFile]) };
}

/** Concatenates the records of several files, converting channel-planar pixels to NHWC. */
function readRecords(
  paths: string[],
  labelBytes: number,
  labelIndex: number,
  numClasses: number,
  classNames: string[] | undefined,
): ImageSet {
  const recordBytes = labelBytes + PIXEL_BYTES;
  const buffers = paths.map((path) => {
    const buf = readDataFile(path);
    if (buf.length === 0 || buf.length % recordBytes !== 0) {
      throw new DatasetError(
        path,
        `file length ${buf.length} is not a multiple of the record size ${recordBytes} (${labelBytes} label byte(s) + ${PIXEL_BYTES} pixel bytes)`,
      );
    }
    return buf;
  });
  const count = buffers.reduce((n, b) => n + b.length / recordBytes, 0);
  const images = new Uint8Array(count * PIXEL_BYTES);
  const labels = new Int32Array(count);
  let n = 0;
  buffers.forEach((buf, f) => {
    const first = n;
    for (let r = 0; r < buf.length; r += recordBytes, n++) {
      labels[n] = buf[r + labelIndex];
      const src = r + labelBytes;
      const dst = n * PIXEL_BYTES;
      for (let p = 0; p < PLANE; p++) {
        images[dst + 3 * p] = buf[src + p];
        images[dst + 3 * p + 1] = buf[src + PLANE + p];
        images[dst + 3 * p + 2] = buf[src + 2 * PLANE + p];
      }
    }
    checkLabels(paths[f], labels.subarray(first, n), numClasses);
  });
  return { images, labels, count, height: SIDE, width: SIDE, channels: 3, numClasses, classNames };
}
