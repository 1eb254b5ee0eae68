import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  /** Small host-side state of a strategy that has no tensors for it (random search: its scores so far). */
  hostState?: Record<string, number[]>;
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
  hostState?: Record<string, number[]>;
  /** The tensor file, named by its content; absent in checkpoints written before it was (then 'tensors.bin', unverified). */
  tensorsFile?: string;
  /** SHA-256 of the tensor file, checked on load. */
  sha256?: string;
  tensors: Array<{ section: Section; name: string; shape: number[]; offset: number; length: number }>;
}

/** A tensor file's name in a checkpoint folder: the legacy one, or one named by the start of its hash. */
const TENSORS_FILE = /^tensors(-[0-9a-f]{16})?\.bin$/;

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `dir/checkpoint.json` (manifest) and a tensor file (float32 little-endian data) named by
 * its content hash. The manifest's rename is the one commit point: a crash before it leaves the
 * previous manifest with the previous tensor file, which is only removed after it; a crash after
 * it leaves only a stale file for the next save to remove. The hash is checked on load.
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
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sha256 = sha256Of(bytes);
  const tensorsFile = `tensors-${sha256.slice(0, 16)}.bin`;
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    epoch: s.epoch,
    configHash: s.configHash,
    trainLoader: s.trainLoader,
    valLoader: s.valLoader,
    optimizerSteps: { weightOptimizer: s.weightOptimizer.step, archOptimizer: s.archOptimizer.step },
    hostState: s.hostState,
    tensorsFile,
    sha256,
    tensors,
  };
  const bin = join(dir, tensorsFile);
  const json = join(dir, 'checkpoint.json');
  await writeFile(`${bin}.tmp`, bytes);
  await rename(`${bin}.tmp`, bin);
  await writeFile(`${json}.tmp`, JSON.stringify(manifest));
  await rename(`${json}.tmp`, json);
  const stale = (await readdir(dir)).filter((f) => TENSORS_FILE.test(f) && f !== tensorsFile);
  await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
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
  const tensorsFile = manifest.tensorsFile ?? 'tensors.bin';
  if (!TENSORS_FILE.test(tensorsFile)) throw new Error(`${json}: tensorsFile ${JSON.stringify(tensorsFile)} is not a checkpoint tensor file`);
  const raw = await readFile(join(dir, tensorsFile));
  if (manifest.sha256 !== undefined && sha256Of(raw) !== manifest.sha256) {
    throw new Error(`${json}: ${tensorsFile} does not match the manifest's SHA-256, so the checkpoint is damaged; refusing to resume from it`);
  }
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
    hostState: manifest.hostState,
  };
  for (const t of manifest.tensors) {
    if (t.offset + t.length > data.length) throw new Error(`${dir}/${tensorsFile}: truncated (tensor ${t.name})`);
    const host = { shape: t.shape, values: data.slice(t.offset, t.offset + t.length) };
    if (t.section === 'weightOptimizer' || t.section === 'archOptimizer') s[t.section].slots[t.name] = host;
    else s[t.section][t.name] = host;
  }
  return s;
}
