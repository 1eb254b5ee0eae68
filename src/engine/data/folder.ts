import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from './errors';
import { readDataFile, requireDirectory } from './files';
import type { ImageSet } from './types';

const IMAGE_FILE = /\.(png|jpe?g)$/i;

interface Listing {
  root: string;
  classNames: string[];
  files: { path: string; label: number }[];
}

/**
 * Class-per-folder image trees (PNG or JPEG): each subfolder of a root is a class, classes
 * numbered in sorted name order. Files and folders whose names start with '.' are skipped.
 * All images of all roots must share one size. Alpha is dropped (not composited). The
 * sets have 1 channel when every pixel of every image is grey (R = G = B), else 3, so
 * grayscale data stays as small as MNIST and colour data keeps its colour.
 * A second root (a test split) must have the same class folders as the first.
 */
export function readImageFolders(roots: string[]): ImageSet[] {
  const listings = roots.map(list);
  for (const l of listings.slice(1)) {
    if (l.classNames.join('/') !== listings[0].classNames.join('/')) {
      throw new DatasetError(
        l.root,
        `class folders (${l.classNames.join(', ')}) differ from those of ${listings[0].root} (${listings[0].classNames.join(', ')})`,
      );
    }
  }
  const classes = listings[0].classNames;
  if (classes.length < 2) throw new DatasetError(listings[0].root, `has one class subfolder (${classes[0]}); a classifier needs at least 2`);
  const all = listings.flatMap((l) => l.files);
  const first = decode(all[0].path);
  const { width, height } = first;
  const pixels = width * height;
  const rgb = new Uint8Array(all.length * pixels * 3);
  let grey = true;
  all.forEach(({ path }, n) => {
    const img = n === 0 ? first : decode(path);
    if (img.width !== width || img.height !== height) {
      throw new DatasetError(path, `image is ${img.width}x${img.height} but ${all[0].path} is ${width}x${height}; all images must share one size`);
    }
    for (let p = 0, d = n * pixels * 3; p < pixels; p++, d += 3) {
      const r = img.rgba[4 * p];
      const g = img.rgba[4 * p + 1];
      const b = img.rgba[4 * p + 2];
      rgb[d] = r;
      rgb[d + 1] = g;
      rgb[d + 2] = b;
      grey &&= r === g && g === b;
    }
  });
  const channels = grey ? 1 : 3;
  const images = grey ? rgb.filter((_, i) => i % 3 === 0) : rgb;
  const size = pixels * channels;
  let offset = 0;
  return listings.map((l) => {
    const count = l.files.length;
    const set: ImageSet = {
      images: images.subarray(offset * size, (offset + count) * size),
      labels: Int32Array.from(l.files, (f) => f.label),
      count,
      height,
      width,
      channels,
      numClasses: l.classNames.length,
      classNames: l.classNames,
    };
    offset += count;
    return set;
  });
}

function list(root: string): Listing {
  requireDirectory(root);
  const visible = (name: string): boolean => !name.startsWith('.');
  const classNames = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && visible(d.name))
    .map((d) => d.name)
    .sort();
  if (classNames.length === 0) throw new DatasetError(root, 'has no class subfolders');
  const files = classNames.flatMap((name, label) => {
    const dir = join(root, name);
    const images = readdirSync(dir).filter((f) => visible(f) && IMAGE_FILE.test(f)).sort();
    if (images.length === 0) throw new DatasetError(dir, 'class folder holds no .png, .jpg or .jpeg images');
    return images.map((f) => ({ path: join(dir, f), label }));
  });
  return { root, classNames, files };
}

/** Decodes by content (magic bytes), not by extension, to RGBA. */
export function decode(path: string): { width: number; height: number; rgba: Uint8Array } {
  const buf = readDataFile(path);
  const isPng = buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47;
  const isJpeg = buf[0] === 0xff && buf[1] === 0xd8;
  if (!isPng && !isJpeg) throw new DatasetError(path, 'is neither a PNG nor a JPEG file');
  try {
    if (isJpeg) {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
      return { width: img.width, height: img.height, rgba: img.data };
    }
    const img = PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (e) {
    throw new DatasetError(path, `cannot decode ${isPng ? 'PNG' : 'JPEG'} (${(e as Error).message})`);
  }
}
