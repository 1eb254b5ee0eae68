import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EvalNetwork, inferenceGraph, type InferenceGraph } from '../../src/engine/evaluate';
import { getNamedGenotype, type Genotype } from '../../src/engine/genotype';
import { Rng } from '../../src/engine/util/rng';

export interface Fixture {
  net: EvalNetwork;
  graph: InferenceGraph;
  source: (name: string) => tf.Tensor;
  /** In-app inference logits for `x`. */
  logits: (x: tf.Tensor4D) => Float32Array;
}

/** Every Allegro op at stride 1 and 2 (AllegroNAS space), for the export tests. */
export function allegroGenotype(): Genotype {
  const cell = [
    { op: 'allegro_sep_conv_3x3', input: 0 },
    { op: 'allegro_dil_conv_3x3', input: 1 },
    { op: 'allegro_sep_conv_5x5', input: 1 },
    { op: 'allegro_dil_conv_5x5', input: 0 },
  ];
  return { normal: cell, normalConcat: [2, 3], reduce: cell, reduceConcat: [2, 3] };
}

/** The Allegro ops as a search with other op options and group convolution derives them (the genotype's `ops`). */
export function searchedAllegroGenotype(): Genotype {
  return { ...allegroGenotype(), ops: { midMultiplier: 3, extraDepth: 2, groups: 2 } };
}

/**
 * DARTS_V2 with an attention module (Att-DARTS) after two normal edges (a sep conv and a dil
 * conv) and after a stride-2 reduction edge, and Identity after another reduction edge.
 */
export function attentionGenotype(module: string): Genotype {
  const g = getNamedGenotype('DARTS_V2');
  g.normal = g.normal.map((e, i) => (i === 0 || i === 7 ? { ...e, attention: module } : e));
  g.reduce = g.reduce.map((e, i) => (i === 0 ? { ...e, attention: module } : i === 2 ? { ...e, attention: 'Identity' } : e));
  return g;
}

/** The attention modules with an exportable form (besides Identity). */
export const ATTENTION = ['SE', 'CBAM', 'BAM', 'GE_theta-plus', 'DoubleAttention'];

/** DARTS_V2 with a different attention module on each of several normal and reduction edges. */
export function allAttentionGenotype(): Genotype {
  const g = getNamedGenotype('DARTS_V2');
  g.normal = g.normal.map((e, i) => (i < ATTENTION.length ? { ...e, attention: ATTENTION[i] } : e));
  g.reduce = g.reduce.map((e, i) => (i < ATTENTION.length ? { ...e, attention: ATTENTION[ATTENTION.length - 1 - i] } : e));
  return g;
}

/**
 * A small evaluation network with non-trivial BN statistics and affine parameters (as after
 * training), so that inference-mode BN is really exercised by the comparisons.
 */
export function fixtureNetwork(genotype: string | Genotype, o: { channels?: number; layers?: number; classes?: number; inputChannels?: number; size?: number; seed?: number } = {}): Fixture {
  const { channels = 4, layers = 3, classes = 5, inputChannels = 3, size = 16, seed = 1 } = o;
  const g = typeof genotype === 'string' ? getNamedGenotype(genotype) : genotype;
  const net = new EvalNetwork({ genotype: g, channels, layers, classes, inputChannels, auxiliary: false, seed, inputSize: { height: size, width: size } });
  const rng = new Rng(seed + 100);
  tf.tidy(() => {
    for (const [name, v] of [...net.params.weights, ...net.params.buffers]) {
      const n = v.size;
      const draw = (f: () => number) => v.assign(tf.tensor(Float32Array.from({ length: n }, f), v.shape));
      if (name.endsWith('running_mean') || name.endsWith('.bias')) draw(() => 0.5 * rng.normal());
      else if (name.endsWith('running_var')) draw(() => 0.5 + 1.5 * rng.next());
      // 1-D weights are BN scales (dense, conv and gather weights have more axes).
      else if (name.endsWith('.weight') && v.shape.length === 1) draw(() => 0.5 + rng.next());
    }
  });
  const all = new Map([...net.params.weights, ...net.params.buffers]);
  const graph = inferenceGraph({ genotype: g, channels, layers, classes, inputChannels, height: size, width: size });
  return {
    net,
    graph,
    source: (name) => {
      const v = all.get(name);
      if (!v) throw new Error(`no tensor ${name}`);
      return v;
    },
    logits: (x) => tf.tidy(() => net.forward(x, { training: false }).logits.dataSync() as Float32Array),
  };
}

/** A seeded NHWC batch as host data plus a file that the independent loaders read. */
export async function inputFile(dir: string, shape: [number, number, number, number], seed = 7): Promise<{ path: string; x: tf.Tensor4D; data: Float32Array }> {
  const rng = new Rng(seed);
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
  const path = join(dir, 'input.json');
  await writeFile(path, JSON.stringify({ shape, data: Array.from(data) }));
  return { path, x: tf.tensor4d(data, shape), data };
}

/** Runs a Node script in a fresh process and parses its JSON output. */
export function runNode(script: string, args: string[]): Promise<{ shape: number[]; data: number[]; [k: string]: unknown }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
