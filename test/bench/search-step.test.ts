import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CONFIGS } from '../../bench/search-step/configs';
import { countKernels } from '../../bench/search-step/nas-studio';
import { DEFAULT_PYTHON } from '../../bench/search-step/reference';
import { customOp } from '../../src/engine/ops/custom_op';
import { getSearchSpace } from '../../src/engine/spaces';
import { Supernet } from '../../src/engine/supernet';
import { softmaxRelaxation } from '../../src/engine/supernet/relaxations';

describe('search-step benchmark', () => {
  it('counts the kernels a step dispatches, those inside a custom op included and its wrapper not', async () => {
    await tf.setBackend('cpu');
    const squarePlusX = (x: tf.Tensor) => customOp([x], () => tf.add(tf.square(x), x), (dy, [s]) => [() => tf.mul(dy, tf.add(tf.mul(s, 2), 1))]);
    const x = tf.tensor1d([1, -2, 3]);
    const forward = () => tf.dispose(tf.tidy(() => squarePlusX(tf.relu(x))));
    const backward = () => tf.dispose(tf.tidy(() => tf.grad((v: tf.Tensor) => squarePlusX(tf.relu(v)))(x)));
    const before = tf.memory().numTensors;
    // Relu, then Square and Add inside the custom op (which is no kernel itself).
    expect(countKernels(forward)).toBe(3);
    // Taped: Identity, Relu, Square, Add, Identity (the saved input); backward Multiply, Add,
    // Multiply for the custom op and Step, Cast, Multiply for Relu.
    expect(countKernels(backward)).toBe(11);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  const python = DEFAULT_PYTHON;
  const hasTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!hasTorch)('the PyTorch reference has the engine supernet\'s weights: the same names, sizes and count', async () => {
    await tf.setBackend('cpu');
    const c = CONFIGS.small;
    const dir = fileURLToPath(new URL('../../bench/reference', import.meta.url));
    const script = `import json, sys; sys.path.insert(0, ${JSON.stringify(dir)}); from darts_supernet import Network
print(json.dumps({n: p.numel() for n, p in Network(${c.channels}, 10, ${c.layers}).named_parameters()}))`;
    const r = spawnSync(python, ['-B', '-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const reference = JSON.parse(r.stdout) as Record<string, number>;
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: c.channels, layers: c.layers, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 0 });
    const engine = Object.fromEntries([...net.params.weights].map(([name, v]) => [name, v.size]));
    net.dispose();
    expect(reference).toEqual(engine);
    expect(Object.values(reference).reduce((a, b) => a + b, 0)).toBe(c.params);
  });

  it('answers a bad option with one line and the usage, exit 2, before timing anything', () => {
    const bench = fileURLToPath(new URL('../../bench/search-step.ts', import.meta.url));
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', bench, ...args], { encoding: 'utf8' });
    for (const [args, message] of [
      [['--configs', 'small,huge'], 'bench: --configs takes small, large, paper (comma-separated), got huge'],
      [['--backends', 'gpu'], 'bench: --backends takes wasm, cpu, tensorflow (comma-separated), got gpu'],
      [['--reps', '0'], 'bench: --reps must be a positive integer, got 0'],
      [['--bogus'], "bench: Unknown option '--bogus'"],
    ] as const) {
      const r = run(...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.split('\n')[0]).toContain(message);
      expect(r.stderr).toContain('Usage: npm run bench');
      expect(r.stdout).toBe('');
    }
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run bench -- \[options\]/);
  });
});
