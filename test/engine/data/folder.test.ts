import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/engine/data';
import { readImageFolders } from '../../../src/engine/data/folder';
import { expectDatasetError, jpegBytes, pixel, pngBytes, tempDir, write } from './fixtures';

const W = 4;
const H = 3;

/** RGBA pixels of image n; grey repeats one value in R, G and B. Alpha varies to show it is dropped. */
function rgba(n: number, grey = false): Uint8Array {
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < 4; c++) out[(y * W + x) * 4 + c] = c === 3 ? 100 + x : pixel(n, y, x, grey ? 0 : c);
  return out;
}

function rgb(n: number): number[] {
  return Array.from(rgba(n)).filter((_, i) => i % 4 !== 3);
}

describe('image folder reader', () => {
  it('numbers classes by sorted folder name and reads PNG pixels exactly, dropping alpha', () => {
    const root = tempDir();
    write(join(root, 'dog', 'b.png'), pngBytes(W, H, rgba(2)));
    write(join(root, 'dog', 'a.png'), pngBytes(W, H, rgba(1)));
    write(join(root, 'cat', 'z.png'), pngBytes(W, H, rgba(0), 2));
    write(join(root, 'cat', 'notes.txt'), 'not an image');
    write(join(root, '.cache', 'x.png'), pngBytes(W, H, rgba(5)));
    const [set] = readImageFolders([root]);
    expect(set).toMatchObject({ count: 3, height: H, width: W, channels: 3, numClasses: 2, classNames: ['cat', 'dog'] });
    expect(Array.from(set.labels)).toEqual([0, 1, 1]);
    expect(Array.from(set.images)).toEqual([...rgb(0), ...rgb(1), ...rgb(2)]);
  });

  it('reads JPEG within a small error, telling formats apart by content', () => {
    const root = tempDir();
    write(join(root, 'a', 'photo.jpg'), jpegBytes(W, H, rgba(3)));
    write(join(root, 'b', 'really-a-png.jpeg'), pngBytes(W, H, rgba(4)));
    const [set] = readImageFolders([root]);
    expect(set.channels).toBe(3);
    const expected = rgb(3);
    const got = Array.from(set.images.subarray(0, W * H * 3));
    const errors = got.map((v, i) => Math.abs(v - expected[i]));
    expect(Math.max(...errors)).toBeLessThanOrEqual(12);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(4);
    expect(Array.from(set.images.subarray(W * H * 3))).toEqual(rgb(4));
  });

  it('keeps one channel when every image is grey (grey PNG, grey-alpha PNG, grey JPEG)', () => {
    const root = tempDir();
    write(join(root, 'a', '1.png'), pngBytes(W, H, rgba(1, true), 0));
    write(join(root, 'b', '2.png'), pngBytes(W, H, rgba(2, true), 4));
    write(join(root, 'c', '3.jpg'), jpegBytes(W, H, rgba(3, true)));
    const [set] = readImageFolders([root]);
    expect(set.channels).toBe(1);
    const grey = (n: number): number[] => rgb(n).filter((_, i) => i % 3 === 0);
    expect(Array.from(set.images.subarray(0, 2 * W * H))).toEqual([...grey(1), ...grey(2)]);
    const jpegError = Array.from(set.images.subarray(2 * W * H), (v, i) => Math.abs(v - grey(3)[i]));
    expect(Math.max(...jpegError)).toBeLessThanOrEqual(12);
  });

  it('uses three channels when any image has colour', () => {
    const root = tempDir();
    write(join(root, 'a', '1.png'), pngBytes(W, H, rgba(1, true), 0));
    write(join(root, 'b', '2.png'), pngBytes(W, H, rgba(2)));
    const [set] = readImageFolders([root]);
    expect(set.channels).toBe(3);
    expect(Array.from(set.images.subarray(0, 6))).toEqual([pixel(1, 0, 0, 0), pixel(1, 0, 0, 0), pixel(1, 0, 0, 0), pixel(1, 0, 1, 0), pixel(1, 0, 1, 0), pixel(1, 0, 1, 0)]);
  });

  it('reads a test folder with the same classes, and computes statistics from the training images', async () => {
    const train = tempDir();
    const test = tempDir();
    write(join(train, 'a', '1.png'), pngBytes(W, H, rgba(1)));
    write(join(train, 'b', '2.png'), pngBytes(W, H, rgba(2)));
    write(join(test, 'a', '3.png'), pngBytes(W, H, rgba(3)));
    write(join(test, 'b', '4.png'), pngBytes(W, H, rgba(4)));
    const data = await loadDataset({ id: 'folder', options: { root: train, testRoot: test } });
    expect(Array.from(data.test!.images)).toEqual([...rgb(3), ...rgb(4)]);
    const values = [...rgb(1), ...rgb(2)];
    for (let c = 0; c < 3; c++) {
      const channel = values.filter((_, i) => i % 3 === c).map((v) => v / 255);
      const mean = channel.reduce((a, b) => a + b, 0) / channel.length;
      const std = Math.sqrt(channel.reduce((a, b) => a + (b - mean) ** 2, 0) / channel.length);
      expect(data.mean[c]).toBeCloseTo(mean, 10);
      expect(data.std[c]).toBeCloseTo(std, 10);
    }
  });

  describe('errors name the file and the problem', () => {
    it('an image of another size', async () => {
      const root = tempDir();
      write(join(root, 'a', '1.png'), pngBytes(W, H, rgba(1)));
      const odd = write(join(root, 'b', '2.png'), pngBytes(W + 1, H, new Uint8Array((W + 1) * H * 4)));
      await expectDatasetError(() => readImageFolders([root]), odd, new RegExp(`image is 5x3 but ${join(root, 'a', '1.png')} is 4x3`));
    });

    it('a file that does not decode, or is no image at all', async () => {
      const root = tempDir();
      const broken = write(join(root, 'a', '1.png'), pngBytes(W, H, rgba(1)).subarray(0, 40));
      write(join(root, 'b', '1.png'), pngBytes(W, H, rgba(1)));
      await expectDatasetError(() => readImageFolders([root]), broken, /cannot decode PNG/);
      write(broken, 'hello');
      await expectDatasetError(() => readImageFolders([root]), broken, /is neither a PNG nor a JPEG file/);
    });

    it('a missing folder, no class folders, an empty class folder, different test classes', async () => {
      const root = tempDir();
      await expectDatasetError(() => readImageFolders([join(root, 'x')]), join(root, 'x'), /is not a folder \(or does not exist\)/);
      await expectDatasetError(() => readImageFolders([root]), root, /has no class subfolders/);
      mkdirSync(join(root, 'empty'));
      await expectDatasetError(() => readImageFolders([root]), join(root, 'empty'), /class folder holds no .png, .jpg or .jpeg images/);
      const train = tempDir();
      const test = tempDir();
      write(join(train, 'a', '1.png'), pngBytes(W, H, rgba(1)));
      write(join(test, 'b', '1.png'), pngBytes(W, H, rgba(1)));
      await expectDatasetError(() => readImageFolders([train, test]), test, /class folders \(b\) differ from those of .* \(a\)/);
      // One class: oneHot needs depth 2, so it is refused here, naming the folder.
      await expectDatasetError(() => readImageFolders([train]), train, /has one class subfolder \(a\); a classifier needs at least 2/);
    });
  });
});
