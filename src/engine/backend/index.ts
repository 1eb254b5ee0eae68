import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../shared/config';
import { kernelThreads, setKernelThreads } from '../ops/simd/kernels';
import { boundHeapGrowth } from './heap';
import { prepareThreadedWasm } from './wasm-threads';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What a run records about where it ran. */
export interface BackendInfo {
  name: BackendName;
  /** The npm package that provides it. */
  provider: string;
  gpu: boolean;
  tfjsVersion: string;
  /** CPU threads its kernels run on: TensorFlow's intra-op pool, wasm's kernels, 1 for cpu (plain JS). */
  threads: number;
}

export interface BackendOptions {
  /** CPU threads for the kernels (wasm, tensorflow); every core by default. */
  threads?: number;
}

/** TensorFlow's intra-op pool size as the environment sets it (TensorFlow picks its own for a value it cannot read). */
function poolSize(fallback: number): number {
  const n = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Native TensorFlow through tfjs-node-gpu, then tfjs-node: optional packages that install only online. */
async function loadTensorflow(threads: number, asked: boolean): Promise<BackendInfo | null> {
  // tfjs-node-gpu takes all GPU memory up front unless told otherwise.
  process.env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
  // TensorFlow reads its intra-op pool size when it loads; a count asked for wins over the user's environment.
  if (asked) process.env.TF_NUM_INTRAOP_THREADS = String(threads);
  else process.env.TF_NUM_INTRAOP_THREADS ??= String(threads);
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
    } catch {
      continue;
    }
    if (!(await tf.setBackend('tensorflow'))) continue;
    const backend = tf.backend() as { isUsingGpuDevice?: boolean };
    return { name: 'tensorflow', provider: pkg, gpu: Boolean(backend.isUsingGpuDevice), tfjsVersion: tf.version.tfjs, threads: poolSize(threads) };
  }
  return null;
}

async function loadWasm(threads: number): Promise<BackendInfo | null> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // One thread keeps the plain build; more take the threaded build, whose heap our kernels share.
  const restore = threads > 1 ? prepareThreadedWasm(wasm.setThreadsCount) : () => undefined;
  setKernelThreads(threads);
  const ok = await tf.setBackend('wasm').finally(restore);
  if (!ok) return null;
  return { name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', gpu: false, tfjsVersion: tf.version.tfjs, threads: kernelThreads() };
}

async function loadCpu(): Promise<BackendInfo | null> {
  if (!(await tf.setBackend('cpu'))) return null;
  return { name: 'cpu', provider: '@tensorflow/tfjs-backend-cpu', gpu: false, tfjsVersion: tf.version.tfjs, threads: 1 };
}

const loaders: Record<BackendName, (threads: number, asked: boolean) => Promise<BackendInfo | null>> = { tensorflow: loadTensorflow, wasm: loadWasm, cpu: loadCpu };

/**
 * Picks the engine's backend: 'auto' takes tensorflow when it loads, else wasm; cpu (pure JS,
 * ~30x slower than wasm) only when asked. A forced backend that fails is an error, not a fallback.
 * It also bounds the process's heap growth (./heap), since the process is about to train.
 */
export async function initBackend(preference: BackendPreference = 'auto', options: BackendOptions = {}): Promise<BackendInfo> {
  boundHeapGrowth();
  const threads = options.threads ?? availableParallelism();
  const order: BackendName[] = preference === 'auto' ? ['tensorflow', 'wasm'] : [preference];
  for (const name of order) {
    const info = await loaders[name](threads, options.threads !== undefined);
    if (info) {
      await tf.ready();
      return info;
    }
  }
  throw new Error(
    preference === 'tensorflow'
      ? 'backend tensorflow is not available: install @tensorflow/tfjs-node-gpu (CUDA 11.2 + cuDNN 8.1) or @tensorflow/tfjs-node'
      : `backend ${order.join('/')} failed to initialise`,
  );
}
