/** NAS Studio's side of the search-step benchmark: run in a child process per backend, config and thread count. */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo, type BackendName } from '../../src/engine/backend';
import { kernelHandoffs, kernelHelps } from '../../src/engine/ops/simd/kernels';
import { Sgd } from '../../src/engine/optim';
import { weightStep } from '../../src/engine/search';
import { getSearchSpace } from '../../src/engine/spaces';
import { getStrategy, type ArchStepInput } from '../../src/engine/strategies';
import { Supernet } from '../../src/engine/supernet';
import { useCheckpointing, type CheckpointSetting } from '../../src/engine/supernet/activation-memory';
import { softmaxRelaxation } from '../../src/engine/supernet/relaxations';
import { Rng } from '../../src/engine/util/rng';
import { CLASSES, median, type BenchConfig, type Timing } from './configs';

export type StepName = 'weightStep' | 'archStepFirstOrder' | 'archStepSecondOrder';
export const STEPS: StepName[] = ['weightStep', 'archStepFirstOrder', 'archStepSecondOrder'];

export interface NasStudioResult extends Record<StepName, number> {
  backend: BackendInfo;
  config: string;
  threads: number;
  params: number;
  tensorsAfter: number;
  peakRssMB: number;
  wasmHeapMB?: number;
  /** Whether cell nodes recomputed their interior during backprop (activation checkpointing). */
  checkpointing: boolean;
  /** Kernels dispatched by one step of each kind (see `countKernels`). */
  kernels: Record<StepName, number>;
  /** Kernel calls and parts run on worker threads in that step (wasm on several threads). */
  handoffs: Record<StepName, number>;
  /** Parts of those calls that the calling thread took back while it waited for them. */
  helps: Record<StepName, number>;
}

function time(f: () => void, warmup: number, reps: number): number {
  for (let i = 0; i < warmup; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push((performance.now() - t) / 1000);
  }
  return median(ts);
}

/**
 * Kernels one call of `step` dispatches: every registered kernel of the backend is wrapped with a
 * counter for the call, so custom-op wrappers (no kernel) are not counted and the kernels they
 * run are. (`tf.profile` would give the same count, but it spreads its records into `Math.max`,
 * which overflows the stack beyond ~120k kernels: a 2nd-order step.)
 */
export function countKernels(step: () => void): number {
  const backend = tf.getBackend();
  const kernels = tf.getKernelsForBackend(backend);
  const register = (k: tf.KernelConfig) => {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel(k);
  };
  let count = 0;
  for (const k of kernels) register({ ...k, kernelFunc: (args) => (count++, k.kernelFunc(args)) });
  try {
    step();
  } finally {
    kernels.forEach(register);
  }
  return count;
}

export async function measure(backend: BackendName, c: BenchConfig, timing: Timing, threads: number, checkpoint: CheckpointSetting): Promise<NasStudioResult> {
  const info = await initBackend(backend, { threads });
  const space = getSearchSpace('darts');
  // The product's rule (src/engine/search/session.ts), for the setting asked.
  const checkpointing = useCheckpointing(checkpoint, { space, channels: c.channels, layers: c.layers, batch: c.batch, height: c.size, width: c.size }, info.name);
  const net = new Supernet({ space, relaxation: softmaxRelaxation, channels: c.channels, layers: c.layers, classes: CLASSES, inputChannels: 3, alphaInitStd: 1e-3, seed: 0, checkpoint: checkpointing });
  const rng = new Rng(0);
  const batch = () => ({
    x: tf.tensor4d(Float32Array.from({ length: c.batch * c.size * c.size * 3 }, () => rng.normal()), [c.batch, c.size, c.size, 3]),
    y: tf.tensor1d(Array.from({ length: c.batch }, () => rng.int(CLASSES)), 'int32'),
  });
  const train = batch();
  const val = batch();
  const sgd = new Sgd({ momentum: 0.9, weightDecay: 3e-4 });
  const input: ArchStepInput = { net, train, val, lr: 0.025, weightOptimizer: sgd, progress: { epoch: 0, epochs: 1 } };
  const arch = (id: string) => {
    const s = getStrategy(id).create(getStrategy(id).optionsSchema.parse({}));
    return () => tf.dispose(s.archGradients(input).grads);
  };
  const steps: Record<StepName, () => void> = {
    weightStep: () => weightStep(net, train, sgd, 0.025, 5),
    archStepFirstOrder: arch('first-order'),
    archStepSecondOrder: arch('second-order'),
  };
  const times = {
    weightStep: time(steps.weightStep, timing.warmup, timing.reps),
    archStepFirstOrder: time(steps.archStepFirstOrder, timing.warmup, timing.reps),
    archStepSecondOrder: time(steps.archStepSecondOrder, timing.secondOrderWarmup, timing.secondOrderReps),
  };
  // Memory is read before the kernels are counted, so that counting cannot touch it.
  const memory = {
    tensorsAfter: tf.memory().numTensors,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    // wasm linear memory only grows, so its size after the run is the tensors' peak.
    wasmHeapMB: info.name === 'wasm' ? Math.round((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20) : undefined,
  };
  const kernels = {} as Record<StepName, number>;
  const handoffs = {} as Record<StepName, number>;
  const helps = {} as Record<StepName, number>;
  for (const step of STEPS) {
    const before = [kernelHandoffs(), kernelHelps()];
    kernels[step] = countKernels(steps[step]);
    handoffs[step] = kernelHandoffs() - before[0];
    helps[step] = kernelHelps() - before[1];
  }
  const result = { backend: info, config: c.name, threads: info.threads, ...times, params: net.params.count(), ...memory, checkpointing, kernels, handoffs, helps };
  net.dispose();
  return result;
}
