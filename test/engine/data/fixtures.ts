import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, expect } from 'vitest';
import { DatasetError } from '../../../src/engine/data/errors';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nas-data-'));
  made.push(dir);
  return dir;
}

export function write(path: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** An IDX file of unsigned bytes: magic 0x0000 08 ndims, big-endian uint32 dims, data. */
export function idxBytes(dims: number[], data: ArrayLike<number>, gzip = false): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return gzip ? gzipSync(out) : out;
}

/** Pixel value of image n at (y, x, c) used in the fixtures: distinct and easy to recompute. */
export function pixel(n: number, y: number, x: number, c: number): number {
  return (n * 37 + y * 11 + x * 5 + c * 71) % 256;
}

export function nhwc(count: number, h: number, w: number, c: number): Uint8Array {
  const out = new Uint8Array(count * h * w * c);
  let i = 0;
  for (let n = 0; n < count; n++)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[i++] = pixel(n, y, x, k);
  return out;
}

/** CIFAR records: label bytes, then R, G, B planes of 32x32 (rows in order). */
export function cifarBytes(labels: number[][]): Uint8Array {
  const record = labels[0].length + 3072;
  const out = new Uint8Array(labels.length * record);
  labels.forEach((ls, n) => {
    out.set(ls, n * record);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++) out[n * record + ls.length + c * 1024 + y * 32 + x] = pixel(n, y, x, c);
  });
  return out;
}

/** colorType 0 (grey), 2 (RGB), 4 (grey + alpha), 6 (RGBA); types without alpha store the pixels opaque. */
export function pngBytes(width: number, height: number, rgba: Uint8Array, colorType: 0 | 2 | 4 | 6 = 6): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  // pngjs would otherwise blend a transparent pixel with white when dropping alpha.
  if (colorType === 0 || colorType === 2) for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return PNG.sync.write(png, { colorType });
}

export function jpegBytes(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return jpeg.encode({ width, height, data: rgba }, 100).data;
}

/** Runs fn, which must throw a DatasetError for file whose problem matches. */
export async function expectDatasetError(fn: () => unknown, file: string, problem: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).file).toBe(file);
    expect((e as DatasetError).problem).toMatch(problem);
    expect((e as DatasetError).message).toContain(file);
    return;
  }
  throw new Error('expected a DatasetError');
}
