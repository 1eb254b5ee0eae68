import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LoaderState } from '../data';
import type { OptimizerState } from '../optim';

/** Host-side tensor data: what a checkpoint stores for each variable and optimizer slot. */
export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Named variables (weights, BN buffers, α) as host data, for a checkpoint. */
export function hostVariables(vars: ReadonlyMap<string, tf.Variable>): Record<string, HostTensor> {
  return Object.fromEntries([...vars].map(([k, v]) => [k, { shape: v.shape, values: v.dataSync() as Float32Array }]));
}

/** Assigns every variable from a checkpoint's host data; a missing or differently shaped one is an error naming `what`. */
export function assignVariables(vars: ReadonlyMap<string, tf.Variable>, from: Record<string, HostTensor>, what: string): void {
  tf.tidy(() => {
    for (const [k, v] of vars) {
      const t = from[k];
      if (!t || t.values.length !== v.size) throw new Error(`checkpoint lacks ${what} ${k} or its shape differs`);
      v.assign(tf.tensor(t.values, v.shape));
    }
  });
}

/** The whole state of a search at an epoch boundary. */
export interface CheckpointState {
  /** Epochs completed: resuming starts at this epoch index. */
  epoch: number;
  configHash: string;
  weights: Record<string, HostTensor>;
  buffers: Record<string, HostTensor>;
  alphas: Record<string, HostTensor>;
  weightOptimizer: OptimizerState;
  archOptimizer: OptimizerState;
  trainLoader: LoaderState;
  valLoader: LoaderState;
}

const FORMAT = 'nas-studio-checkpoint';
const VERSION = 1;
type Section = 'weights' | 'buffers' | 'alphas' | 'weightOptimizer' | 'archOptimizer';

interface Manifest {
  format: typeof FORMAT;
  version: number;
  epoch: number;
  configHash: string;
  trainLoader: LoaderState;
  valLoader: LoaderState;
  optimizerSteps: { weightOptimizer: number; archOptimizer: number };
  tensors: Array<{ section: Section; name: string; shape: number[]; offset: number; length: number }>;
}

/**
 * Writes `dir/checkpoint.json` (manifest) and `dir/tensors.bin` (float32 little-endian data),
 * each through a temporary file and a rename, so a crash never leaves a half-written checkpoint.
 */
export async function saveCheckpoint(dir: string, s: CheckpointState): Promise<string> {
  await mkdir(dir, { recursive: true });
  const entries: Array<[Section, string, HostTensor]> = [];
  for (const section of ['weights', 'buffers', 'alphas'] as const) for (const [n, t] of Object.entries(s[section])) entries.push([section, n, t]);
  for (const section of ['weightOptimizer', 'archOptimizer'] as const) for (const [n, t] of Object.entries(s[section].slots)) entries.push([section, n, t]);
  const total = entries.reduce((a, [, , t]) => a + t.values.length, 0);
  const data = new Float32Array(total);
  const tensors: Manifest['tensors'] = [];
  let offset = 0;
  for (const [section, name, t] of entries) {
    data.set(t.values, offset);
    tensors.push({ section, name, shape: t.shape, offset, length: t.values.length });
    offset += t.values.length;
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    epoch: s.epoch,
    configHash: s.configHash,
    trainLoader: s.trainLoader,
    valLoader: s.valLoader,
    optimizerSteps: { weightOptimizer: s.weightOptimizer.step, archOptimizer: s.archOptimizer.step },
    tensors,
  };
  const bin = join(dir, 'tensors.bin');
  const json = join(dir, 'checkpoint.json');
  await writeFile(`${bin}.tmp`, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  await rename(`${bin}.tmp`, bin);
  await writeFile(`${json}.tmp`, JSON.stringify(manifest));
  await rename(`${json}.tmp`, json);
  return json;
}

export async function loadCheckpoint(dir: string): Promise<CheckpointState> {
  const json = join(dir, 'checkpoint.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(json, 'utf8')) as Manifest;
  } catch (e) {
    throw new Error(`${json}: cannot read checkpoint (${(e as Error).message})`);
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) throw new Error(`${json}: not a version-${VERSION} NAS Studio checkpoint`);
  const raw = await readFile(join(dir, 'tensors.bin'));
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const s: CheckpointState = {
    epoch: manifest.epoch,
    configHash: manifest.configHash,
    weights: {},
    buffers: {},
    alphas: {},
    weightOptimizer: { step: manifest.optimizerSteps.weightOptimizer, slots: {} },
    archOptimizer: { step: manifest.optimizerSteps.archOptimizer, slots: {} },
    trainLoader: manifest.trainLoader,
    valLoader: manifest.valLoader,
  };
  for (const t of manifest.tensors) {
    if (t.offset + t.length > data.length) throw new Error(`${dir}/tensors.bin: truncated (tensor ${t.name})`);
    const host = { shape: t.shape, values: data.slice(t.offset, t.offset + t.length) };
    if (t.section === 'weightOptimizer' || t.section === 'archOptimizer') s[t.section].slots[t.name] = host;
    else s[t.section][t.name] = host;
  }
  return s;
}
