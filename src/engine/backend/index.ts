import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../shared/config';
import { boundHeapGrowth } from './heap';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What a run records about where it ran. */
export interface BackendInfo {
  name: BackendName;
  /** The npm package that provides it. */
  provider: string;
  gpu: boolean;
  tfjsVersion: string;
}

/** Native TensorFlow through tfjs-node-gpu, then tfjs-node: optional packages that install only online. */
async function loadTensorflow(): Promise<BackendInfo | null> {
  // tfjs-node-gpu takes all GPU memory up front unless told otherwise.
  process.env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
    } catch {
      continue;
    }
    if (!(await tf.setBackend('tensorflow'))) continue;
    const backend = tf.backend() as { isUsingGpuDevice?: boolean };
    return { name: 'tensorflow', provider: pkg, gpu: Boolean(backend.isUsingGpuDevice), tfjsVersion: tf.version.tfjs };
  }
  return null;
}

async function loadWasm(): Promise<BackendInfo | null> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) return null;
  return { name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', gpu: false, tfjsVersion: tf.version.tfjs };
}

async function loadCpu(): Promise<BackendInfo | null> {
  if (!(await tf.setBackend('cpu'))) return null;
  return { name: 'cpu', provider: '@tensorflow/tfjs-backend-cpu', gpu: false, tfjsVersion: tf.version.tfjs };
}

const loaders: Record<BackendName, () => Promise<BackendInfo | null>> = { tensorflow: loadTensorflow, wasm: loadWasm, cpu: loadCpu };

/**
 * Picks the engine's backend: 'auto' takes tensorflow when it loads, else wasm; cpu (pure JS,
 * ~30x slower than wasm) only when asked. A forced backend that fails is an error, not a fallback.
 * It also bounds the process's heap growth (./heap), since the process is about to train.
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  boundHeapGrowth();
  const order: BackendName[] = preference === 'auto' ? ['tensorflow', 'wasm'] : [preference];
  for (const name of order) {
    const info = await loaders[name]();
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
