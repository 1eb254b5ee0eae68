import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PRODUCT_VERSION } from '../../shared/product';
import { BN_EPS } from '../ops';
import type { GraphNode, InferenceGraph } from '../evaluate';
import { nodeTensors } from '../evaluate';

/** Reads a network tensor (weight or BN buffer) by its ParamStore name. */
export type TensorSource = (name: string) => tf.Tensor;

/** Keras layer names: the graph's `cell3/node2/…` with dots, as '/' separates weight scopes. */
const layerName = (name: string) => name.replace(/\//g, '.');

/** Every `step`-th row and column from the first: a strided subsample as a standard layer. */
const subsample = (name: string, step: number) => tf.layers.averagePooling2d({ name: `${name}.subsample`, poolSize: 1, strides: step, padding: 'valid' });

type Sym = tf.SymbolicTensor;

/**
 * A sliding-window op with PyTorch's symmetric padding as Keras layers. Stride 1 with
 * `pad = dilation·(k−1)/2` is exactly 'same'. Otherwise the input is zero-padded explicitly and
 * the op runs 'valid'. Keras refuses stride > 1 together with dilation > 1, so then the padded
 * input is subsampled by the stride first and the op runs with dilation d/s at stride 1 (exact
 * when s divides d: output i reads x_pad[s·i + d·t] = z[i + (d/s)·t] with z = x_pad[::s]).
 */
function windowed(
  x: Sym,
  name: string,
  w: { kernel: number; stride: number; pad: number; dilation: number },
  make: (o: { name: string; strides: number; dilationRate: number; padding: 'same' | 'valid' }) => tf.layers.Layer,
): { out: Sym; layer: tf.layers.Layer } {
  const base = layerName(name);
  const run = (h: Sym, o: { strides: number; dilationRate: number; padding: 'same' | 'valid' }) => {
    const layer = make({ name: base, ...o });
    return { out: layer.apply(h) as Sym, layer };
  };
  if (w.stride === 1 && 2 * w.pad === w.dilation * (w.kernel - 1)) return run(x, { strides: 1, dilationRate: w.dilation, padding: 'same' });
  let h = w.pad > 0 ? (tf.layers.zeroPadding2d({ name: `${base}.pad`, padding: w.pad }).apply(x) as Sym) : x;
  if (w.stride > 1 && w.dilation > 1) {
    if (w.dilation % w.stride !== 0) throw new Error(`${name}: stride ${w.stride} with dilation ${w.dilation} has no Keras form`);
    h = subsample(base, w.stride).apply(h) as Sym;
    return run(h, { strides: 1, dilationRate: w.dilation / w.stride, padding: 'valid' });
  }
  return run(h, { strides: w.stride, dilationRate: w.dilation, padding: 'valid' });
}

/**
 * 3x3 pooling with padding 1. TF's 'same' pooling at stride 1 is exactly that (max ignores the
 * padding, average excludes it from the count like `count_include_pad=False`); at stride 2
 * PyTorch's windows are centred on the even positions, i.e. the stride-1 result subsampled.
 * (TF's own stride-2 'same' pads only at the bottom/right and would shift the windows.)
 */
function pool(x: Sym, node: GraphNode, kind: 'max' | 'avg', stride: number): Sym {
  const base = layerName(node.name);
  const o = { name: base, poolSize: 3, strides: 1, padding: 'same' as const };
  const h = (kind === 'max' ? tf.layers.maxPooling2d(o) : tf.layers.averagePooling2d(o)).apply(x) as Sym;
  return stride === 1 ? h : (subsample(base, stride).apply(h) as Sym);
}

/** A [k, k, C, M] kernel with d − 1 zeros between taps: [d(k−1)+1, d(k−1)+1, C, M]. */
function dilateKernel(w: tf.Tensor, d: number): tf.Tensor {
  const [k, , c, m] = w.shape;
  const big = d * (k - 1) + 1;
  const src = w.dataSync();
  const out = new Float32Array(big * big * c * m);
  const inner = c * m;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out.set(src.subarray((i * k + j) * inner, (i * k + j + 1) * inner), (i * d * big + j * d) * inner);
  return tf.tensor4d(out, [big, big, c, m]);
}

/** A grouped [k, k, C/g, M] kernel as the dense [k, k, C, M] one: input block j feeds only output block j. */
function blockDiagonalKernel(w: tf.Tensor, groups: number): tf.Tensor {
  const [k, , cg, m] = w.shape;
  const c = cg * groups;
  const mg = m / groups;
  const src = w.dataSync();
  const out = new Float32Array(k * k * c * m);
  for (let t = 0; t < k * k; t++) {
    for (let i = 0; i < c; i++) {
      const j = Math.floor(i / cg);
      for (let o = j * mg; o < (j + 1) * mg; o++) out[(t * c + i) * m + o] = src[(t * cg + (i - j * cg)) * m + o];
    }
  }
  return tf.tensor4d(out, [k, k, c, m]);
}

/** Builds the graph as a tf.LayersModel of standard layers (no custom layer) holding the given weights. */
export function buildLayersModel(graph: InferenceGraph, source: TensorSource): tf.LayersModel {
  const input = tf.input({ shape: graph.input.shape, name: graph.input.name });
  const values = new Map<string, Sym>([[graph.input.name, input]]);
  const weighted: Array<{ layer: tf.layers.Layer; tensors: () => tf.Tensor[] }> = [];
  const temporaries: tf.Tensor[] = [];
  const get = (name: string) => {
    const v = values.get(name);
    if (!v) throw new Error(`graph: ${name} used before it is defined`);
    return v;
  };
  for (const node of graph.nodes) {
    const { op } = node;
    const xs = node.inputs.map(get);
    const name = layerName(node.name);
    let out: Sym;
    let layer: tf.layers.Layer | null = null;
    switch (op.kind) {
      case 'conv':
        ({ out, layer } = windowed(xs[0], node.name, op, (o) => tf.layers.conv2d({ ...o, filters: op.cout, kernelSize: op.kernel, useBias: op.bias !== null })));
        if (op.groups > 1) {
          // tfjs-layers' Conv2D has no groups: the grouped kernel is written out as the dense one
          // that is zero between different groups, the same sums.
          const dense = blockDiagonalKernel(source(op.weight), op.groups);
          temporaries.push(dense);
          weighted.push({ layer, tensors: () => [dense, ...(op.bias === null ? [] : [source(op.bias)])] });
          layer = null;
        }
        break;
      case 'depthwise': {
        // tfjs-layers' DepthwiseConv2D ignores dilationRate, so a dilated kernel is written out
        // with the zeros between its taps: a (d·(k−1)+1)² kernel at dilation 1, the same sums.
        const kernel = op.dilation * (op.kernel - 1) + 1;
        const w = { ...op, kernel, dilation: 1 };
        ({ out, layer } = windowed(xs[0], node.name, w, (o) => tf.layers.depthwiseConv2d({ ...o, kernelSize: kernel, depthMultiplier: 1, useBias: false })));
        if (op.dilation > 1) {
          const dilated = dilateKernel(source(op.weight), op.dilation);
          temporaries.push(dilated);
          weighted.push({ layer, tensors: () => [dilated] });
          layer = null;
        }
        break;
      }
      case 'bn':
        layer = tf.layers.batchNormalization({ name, axis: -1, epsilon: BN_EPS });
        out = layer.apply(xs[0]) as Sym;
        break;
      case 'relu':
        out = tf.layers.reLU({ name }).apply(xs[0]) as Sym;
        break;
      case 'maxpool':
        out = pool(xs[0], node, 'max', op.stride);
        break;
      case 'avgpool':
        out = pool(xs[0], node, 'avg', op.stride);
        break;
      case 'shift':
        out = tf.layers.cropping2D({ name, cropping: [[1, 0], [1, 0]] }).apply(xs[0]) as Sym;
        break;
      case 'add':
        out = tf.layers.add({ name }).apply(xs) as Sym;
        break;
      case 'concat':
        out = xs.length === 1 ? xs[0] : (tf.layers.concatenate({ name, axis: -1 }).apply(xs) as Sym);
        break;
      case 'gap':
        out = tf.layers.globalAveragePooling2d({ name }).apply(xs[0]) as Sym;
        break;
      case 'gmp':
        out = tf.layers.globalMaxPooling2d({ name }).apply(xs[0]) as Sym;
        break;
      case 'gather': {
        // A depthwise conv whose kernel is the whole map ('valid': one output position), flattened to [C].
        const conv = tf.layers.depthwiseConv2d({ name, kernelSize: [op.height, op.width], depthMultiplier: 1, padding: 'valid', useBias: false });
        out = tf.layers.flatten({ name: `${name}.flat` }).apply(conv.apply(xs[0])) as Sym;
        const kernel = tf.reshape(source(op.weight), [op.height, op.width, op.channels, 1]);
        temporaries.push(kernel);
        weighted.push({ layer: conv, tensors: () => [kernel] });
        break;
      }
      case 'channel_pool': {
        // Channels become a pooling window: [H, W, C] → [H·W, C, 1], pool [1, C] → [H·W, 1, 1] → [H, W, 1].
        const [h, w] = node.shape;
        const c = xs[0].shape[3] as number;
        const rows = tf.layers.reshape({ name: `${name}.rows`, targetShape: [h * w, c, 1] }).apply(xs[0]) as Sym;
        const o = { name: `${name}.pool`, poolSize: [1, c] as [number, number], strides: [1, c] as [number, number], padding: 'valid' as const };
        const pooled = (op.reduce === 'max' ? tf.layers.maxPooling2d(o) : tf.layers.averagePooling2d(o)).apply(rows) as Sym;
        out = tf.layers.reshape({ name, targetShape: [h, w, 1] }).apply(pooled) as Sym;
        break;
      }
      case 'dense':
        layer = tf.layers.dense({ name, units: op.fout, useBias: op.bias !== null });
        out = layer.apply(xs[0]) as Sym;
        break;
      case 'sigmoid':
        out = tf.layers.activation({ name, activation: 'sigmoid' }).apply(xs[0]) as Sym;
        break;
      case 'mul': {
        // Keras merge layers broadcast size-1 axes of same-rank inputs; a [C] vector becomes [1, 1, C].
        const maps = xs.map((v, i) => (v.shape.length === 2 ? (tf.layers.reshape({ name: `${name}.as_map${i}`, targetShape: [1, 1, v.shape[1] as number] }).apply(v) as Sym) : v));
        out = tf.layers.multiply({ name }).apply(maps) as Sym;
        break;
      }
      case 'to_positions':
      case 'from_positions':
        // Row-major reshapes of the per-example tensor: NHWC positions are already in order.
        out = tf.layers.reshape({ name, targetShape: node.shape }).apply(xs[0]) as Sym;
        break;
      case 'transpose':
        out = tf.layers.permute({ name, dims: [2, 1] }).apply(xs[0]) as Sym;
        break;
      case 'softmax':
        out = tf.layers.softmax({ name, axis: -1 }).apply(xs[0]) as Sym;
        break;
      case 'matmul':
        // Batched [N, P, Q] · [N, Q, R]: contract a's last axis with b's first per-example axis.
        out = tf.layers.dot({ name, axes: [2, 1] }).apply(xs) as Sym;
        break;
    }
    if (layer) {
      const names = nodeTensors(op).map((t) => t.name);
      weighted.push({ layer, tensors: () => names.map(source) });
    }
    values.set(node.name, out);
  }
  const model = tf.model({ inputs: input, outputs: get(graph.output), name: 'nas_studio_network' });
  // Keras orders BN weights gamma, beta, moving mean, moving variance: nodeTensors' order.
  for (const { layer, tensors } of weighted) layer.setWeights(tensors());
  tf.dispose(temporaries);
  return model;
}

/** The TF.js converter's shard size. */
const SHARD_BYTES = 4 * 1024 * 1024;

function joinWeightData(data: tf.io.WeightData): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  return new Uint8Array(Buffer.concat(parts.map((p) => new Uint8Array(p))));
}

/**
 * Writes `model.json` and `group1-shardNofM.bin` in the TF.js layers-model format (what
 * `model.save('file://…')` writes with tfjs-node, and what `tf.loadLayersModel(url)` reads).
 * Returns the files written.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string, metadata: Record<string, unknown> = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  let files: string[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData ? joinWeightData(artifacts.weightData) : new Uint8Array(0);
      const count = Math.max(1, Math.ceil(data.byteLength / SHARD_BYTES));
      const shards = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
      for (const [i, shard] of shards.entries()) await writeFile(join(dir, shard), data.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: `NAS Studio ${PRODUCT_VERSION}`,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: shards, weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: metadata,
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      files = ['model.json', ...shards].map((f) => join(dir, f));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
    }),
  );
  return files;
}
