import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decode } from '../data/folder';
import { readPreprocessing, type Preprocessing } from './model-card';

/** An exported model loaded for inference, with the preprocessing its model card states. */
export interface Predictor {
  format: 'tfjs' | 'onnx';
  preprocessing: Preprocessing;
  /** NHWC normalized inputs of `n` images → logits, row-major [n, classes]. */
  logits(x: Float32Array, n: number): Promise<Float32Array>;
  dispose(): void;
}

async function loadTfjs(dir: string, preprocessing: Preprocessing): Promise<Predictor> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const groups = json.weightsManifest as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  const shards = await Promise.all(groups.flatMap((g) => g.paths.map((p) => readFile(join(dir, p)))));
  const bytes = Buffer.concat(shards);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: groups.flatMap((g) => g.weights), weightData }));
  const { height, width, channels } = preprocessing;
  return {
    format: 'tfjs',
    preprocessing,
    async logits(x, n) {
      const input = tf.tensor4d(x, [n, height, width, channels]);
      const out = model.predict(input) as tf.Tensor;
      const data = (await out.data()) as Float32Array;
      tf.dispose([input, out]);
      return data;
    },
    dispose: () => model.dispose(),
  };
}

async function loadOnnx(file: string, preprocessing: Preprocessing): Promise<Predictor> {
  let ort: typeof import('onnxruntime-node');
  try {
    // A development dependency: the specifier is not a literal, so no bundler pulls it (and its
    // native binding) into the app; a user installs it to run ONNX models here.
    const specifier = 'onnxruntime-node';
    ort = (await import(/* @vite-ignore */ specifier)) as typeof import('onnxruntime-node');
  } catch {
    throw new Error('running an ONNX model needs the onnxruntime-node package (npm install onnxruntime-node)');
  }
  const session = await ort.InferenceSession.create(await readFile(file));
  const { height, width, channels } = preprocessing;
  return {
    format: 'onnx',
    preprocessing,
    async logits(x, n) {
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [n, height, width, channels]) });
      return out[session.outputNames[0]].data as Float32Array;
    },
    dispose: () => void session.release(),
  };
}

/**
 * Loads what `export` wrote: a TF.js folder (model.json) or an ONNX file (or a folder holding
 * model.onnx), with the preprocessing from the model card beside it.
 */
export async function loadExportedModel(path: string): Promise<Predictor> {
  const isOnnx = path.endsWith('.onnx');
  const dir = isOnnx ? dirname(path) : path;
  let card: string;
  try {
    card = await readFile(join(dir, 'model-card.md'), 'utf8');
  } catch {
    throw new Error(`${dir}: no model-card.md beside the model (it holds the preprocessing); export the model again`);
  }
  const preprocessing = readPreprocessing(card);
  if (isOnnx) return loadOnnx(path, preprocessing);
  const files = await readdir(dir);
  if (files.includes('model.json')) return loadTfjs(dir, preprocessing);
  if (files.includes('model.onnx')) return loadOnnx(join(dir, 'model.onnx'), preprocessing);
  throw new Error(`${path}: neither a TF.js model folder (model.json) nor an ONNX model (${basename(path)})`);
}

/**
 * One image as the model's input: bilinear resize to the model's size (half-pixel centres),
 * colour to grey by ITU-R 601 luma when the model takes one channel (grey to colour by
 * repetition), scaled to [0, 1] and normalized per channel. Alpha is dropped.
 */
export function imageInput(img: { width: number; height: number; rgba: Uint8Array }, p: Preprocessing): Float32Array {
  const out = new Float32Array(p.height * p.width * p.channels);
  const sample = (x: number, y: number, c: number) => img.rgba[4 * (y * img.width + x) + c];
  const at = (fy: number, fx: number, c: number) => {
    const y = Math.min(Math.max(fy, 0), img.height - 1);
    const x = Math.min(Math.max(fx, 0), img.width - 1);
    const y0 = Math.floor(y);
    const x0 = Math.floor(x);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const x1 = Math.min(x0 + 1, img.width - 1);
    const dy = y - y0;
    const dx = x - x0;
    const top = sample(x0, y0, c) * (1 - dx) + sample(x1, y0, c) * dx;
    const bottom = sample(x0, y1, c) * (1 - dx) + sample(x1, y1, c) * dx;
    return top * (1 - dy) + bottom * dy;
  };
  let o = 0;
  for (let i = 0; i < p.height; i++) {
    const fy = ((i + 0.5) * img.height) / p.height - 0.5;
    for (let j = 0; j < p.width; j++) {
      const fx = ((j + 0.5) * img.width) / p.width - 0.5;
      const rgb = [0, 1, 2].map((c) => at(fy, fx, c));
      const values = p.channels === 1 ? [0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]] : rgb;
      for (let c = 0; c < p.channels; c++) out[o++] = (values[c] / p.scale - p.mean[c]) / p.std[c];
    }
  }
  return out;
}

export interface Prediction {
  file: string;
  /** Classes by probability, highest first. */
  top: Array<{ class: number; name?: string; probability: number }>;
}

/** Classifies image files (PNG or JPEG) with an exported model. */
export async function predictImages(model: Predictor, files: readonly string[], topK = 3): Promise<Prediction[]> {
  const p = model.preprocessing;
  const size = p.height * p.width * p.channels;
  const x = new Float32Array(files.length * size);
  files.forEach((f, i) => x.set(imageInput(decode(f), p), i * size));
  const logits = await model.logits(x, files.length);
  const classes = logits.length / files.length;
  return files.map((file, i) => {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
    const max = Math.max(...row);
    const exp = row.map((v) => Math.exp(v - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    const ranked = exp.map((e, c) => ({ class: c, probability: e / sum })).sort((a, b) => b.probability - a.probability);
    return { file, top: ranked.slice(0, topK).map((t) => ({ ...t, ...(p.classNames?.[t.class] && { name: p.classNames[t.class] }) })) };
  });
}
