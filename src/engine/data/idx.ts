import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './errors';
import { readMaybeGzip, requireDirectory } from './files';
import { checkLabels } from './imageset';
import type { ImageSet } from './types';

/** IDX magic numbers: two zero bytes, 0x08 (unsigned byte data), then the number of dimensions. */
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** Parses an IDX file (raw or gzip) of unsigned bytes; the data is a view on the file buffer. */
export function readIdx(path: string, magic: number): { dims: number[]; data: Uint8Array } {
  const buf = readMaybeGzip(path);
  const ndims = magic & 0xff;
  const headerBytes = 4 + 4 * ndims;
  const truncatedHeader = (): DatasetError =>
    new DatasetError(path, `truncated: the IDX header needs ${headerBytes} bytes, the file has ${buf.length}`);
  if (buf.length < 4) throw truncatedHeader();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    throw new DatasetError(path, `bad IDX magic number 0x${hex(found)}, expected 0x${hex(magic)}`);
  }
  if (buf.length < headerBytes) throw truncatedHeader();
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  if (dims.some((d) => d === 0)) throw new DatasetError(path, `IDX dimensions ${dims.join('x')} include a zero`);
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (buf.length < expected) {
    throw new DatasetError(path, `truncated: the header ${dims.join('x')} needs ${expected} bytes, the file has ${buf.length}`);
  }
  if (buf.length > expected) {
    throw new DatasetError(path, `${buf.length - expected} bytes follow the data that the header ${dims.join('x')} describes`);
  }
  return { dims, data: buf.subarray(headerBytes) };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** An IDX image file (N x rows x cols, grayscale) with its IDX label file. */
export function readIdxPair(imagesPath: string, labelsPath: string, classNames: string[]): ImageSet {
  const images = readIdx(imagesPath, IMAGES_MAGIC);
  const labels = readIdx(labelsPath, LABELS_MAGIC);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DatasetError(labelsPath, `holds ${labels.dims[0]} labels but ${imagesPath} holds ${count} images`);
  }
  const labelArray = Int32Array.from(labels.data);
  checkLabels(labelsPath, labelArray, classNames.length);
  return { images: images.data, labels: labelArray, count, height, width, channels: 1, numClasses: classNames.length, classNames };
}

/** A folder in the MNIST file layout (train-* and t10k-* files), each file raw or with a .gz suffix. */
export function readIdxFolder(root: string, classNames: string[]): { train: ImageSet; test: ImageSet } {
  requireDirectory(root);
  const file = (name: string): string => {
    const raw = join(root, name);
    if (existsSync(raw)) return raw;
    const gz = `${raw}.gz`;
    if (existsSync(gz)) return gz;
    throw new DatasetError(raw, 'file does not exist (neither raw nor .gz)');
  };
  const pair = (prefix: string): ImageSet =>
    readIdxPair(file(`${prefix}-images-idx3-ubyte`), file(`${prefix}-labels-idx1-ubyte`), classNames);
  return { train: pair('train'), test: pair('t10k') };
}
