/**
 * Search-step benchmark: median weight-step, α-step (1st and 2nd order) times and peak memory,
 * one child process per backend so that peak RSS is per backend.
 *   npm run bench                       small config, wasm
 *   npm run bench -- --large            also C=16, 8 layers, batch 32, 32x32x3
 *   npm run bench -- --backends wasm,cpu
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/engine/backend';
import { Sgd } from '../src/engine/optim';
import { weightStep } from '../src/engine/search';
import { getSearchSpace } from '../src/engine/spaces';
import { getStrategy, type ArchStepInput } from '../src/engine/strategies';
import { Supernet } from '../src/engine/supernet';
import { softmaxRelaxation } from '../src/engine/supernet/relaxations';
import { Rng } from '../src/engine/util/rng';

interface BenchConfig {
  name: string;
  channels: number;
  layers: number;
  batch: number;
  size: number;
}
const SMALL: BenchConfig = { name: 'C=8, layers=5, batch 16, 16x16x3', channels: 8, layers: 5, batch: 16, size: 16 };
const LARGE: BenchConfig = { name: 'C=16, layers=8, batch 32, 32x32x3', channels: 16, layers: 8, batch: 32, size: 32 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
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

async function measure(backend: 'wasm' | 'cpu' | 'tensorflow', c: BenchConfig, reps: number) {
  const info = await initBackend(backend);
  const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: c.channels, layers: c.layers, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 0 });
  const rng = new Rng(0);
  const batch = () => ({
    x: tf.tensor4d(Float32Array.from({ length: c.batch * c.size * c.size * 3 }, () => rng.normal()), [c.batch, c.size, c.size, 3]),
    y: tf.tensor1d(Array.from({ length: c.batch }, () => rng.int(10)), 'int32'),
  });
  const train = batch();
  const val = batch();
  const sgd = new Sgd({ momentum: 0.9, weightDecay: 3e-4 });
  const input: ArchStepInput = { net, train, val, lr: 0.025, weightOptimizer: sgd, progress: { epoch: 0, epochs: 1 } };
  const arch = (id: string) => {
    const s = getStrategy(id).create(getStrategy(id).optionsSchema.parse({}));
    return () => tf.dispose(s.archGradients(input).grads);
  };
  const warm = 2;
  const result = {
    backend: info,
    config: c.name,
    weightStep: time(() => weightStep(net, train, sgd, 0.025, 5), warm, reps),
    archStepFirstOrder: time(arch('first-order'), warm, reps),
    archStepSecondOrder: time(arch('second-order'), 1, Math.max(3, Math.ceil(reps / 2))),
    params: net.params.count(),
    tensorsAfter: tf.memory().numTensors,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    // wasm linear memory only grows, so its size after the run is the tensors' peak.
    wasmHeapMB: info.name === 'wasm' ? Math.round((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20) : undefined,
  };
  net.dispose();
  return result;
}

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm' },
    large: { type: 'boolean', default: false },
    reps: { type: 'string', default: '7' },
    child: { type: 'string' },
    config: { type: 'string' },
  },
});

if (values.child) {
  const c = values.config === 'large' ? LARGE : SMALL;
  process.stdout.write(JSON.stringify(await measure(values.child as 'wasm', c, Number(values.reps))));
} else {
  const results = [];
  for (const backend of values.backends.split(',')) {
    for (const config of values.large ? ['small', 'large'] : ['small']) {
      const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child', backend, '--config', config, '--reps', values.reps], { encoding: 'utf8' });
      // A configuration that does not fit (wasm32's heap stops at 4 GiB) is a result, not a crash.
      if (r.status !== 0) results.push({ backend, config, error: `exit ${r.status}: ${r.stderr.includes('Aborted') ? 'wasm heap exhausted (Aborted)' : r.stderr.slice(-300)}` });
      else results.push(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))));
    }
  }
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  console.log(JSON.stringify({ machine, results }, null, 2));
}
