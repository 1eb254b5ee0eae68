import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxModel } from '../../src/engine/export/onnx/onnx';
import { namedGenotypes } from '../../src/engine/genotype';
import { useBackend } from '../helpers/backend';
import { ATTENTION, allegroGenotype, attentionGenotype, fixtureNetwork, inputFile, maxAbsDiff, runNode, searchedAllegroGenotype } from '../helpers/export-fixtures';

const RUNNER = fileURLToPath(new URL('../helpers/independent/onnx-predict.mjs', import.meta.url));

beforeAll(() => useBackend('cpu'));

describe('ONNX export (opset 13), run by onnxruntime-node in a fresh process', () => {
  it.each(Object.keys(namedGenotypes))('%s: onnxruntime gives the in-app logits within 1e-4', async (name) => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-onnx-'));
    const f = fixtureNetwork(name);
    const file = join(dir, 'model.onnx');
    await writeFile(file, onnxModel(f.graph, f.source, { genotype: name }));
    const input = await inputFile(dir, [3, 16, 16, 3]);
    const out = await runNode(RUNNER, [file, input.path]);
    expect(out.shape).toEqual([3, 5]);
    expect(out.inputNames).toEqual(['image']);
    expect(out.outputNames).toEqual(['logits']);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    tf.dispose(input.x);
    f.net.dispose();
  });

  it('AllegroNAS ops: onnxruntime gives the in-app logits within 1e-4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-onnx-'));
    const f = fixtureNetwork(allegroGenotype());
    const file = join(dir, 'model.onnx');
    await writeFile(file, onnxModel(f.graph, f.source));
    const input = await inputFile(dir, [2, 16, 16, 3]);
    const out = await runNode(RUNNER, [file, input.path]);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    tf.dispose(input.x);
    f.net.dispose();
  });

  it('Allegro ops as searched (inner width 3C, 3 dil blocks, pointwise convs in 2 groups): onnxruntime gives the in-app logits within 1e-4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-onnx-'));
    const f = fixtureNetwork(searchedAllegroGenotype());
    const file = join(dir, 'model.onnx');
    await writeFile(file, onnxModel(f.graph, f.source));
    const input = await inputFile(dir, [2, 16, 16, 3], 9);
    const out = await runNode(RUNNER, [file, input.path]);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    tf.dispose(input.x);
    f.net.dispose();
  });

  it.each(ATTENTION)('Att-DARTS edges with %s: onnxruntime gives the in-app logits within 1e-4', async (module) => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-onnx-'));
    const f = fixtureNetwork(attentionGenotype(module), { channels: 16 });
    const file = join(dir, 'model.onnx');
    await writeFile(file, onnxModel(f.graph, f.source));
    const input = await inputFile(dir, [2, 16, 16, 3], 8);
    const out = await runNode(RUNNER, [file, input.path]);
    expect(out.shape).toEqual([2, 5]);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    tf.dispose(input.x);
    f.net.dispose();
  });

  it('takes any batch size and a single-channel input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-onnx-'));
    const f = fixtureNetwork('DARTS_V1', { inputChannels: 1, size: 12, classes: 3 });
    const file = join(dir, 'model.onnx');
    await writeFile(file, onnxModel(f.graph, f.source));
    for (const n of [1, 4]) {
      const input = await inputFile(dir, [n, 12, 12, 1], n);
      const out = await runNode(RUNNER, [file, input.path]);
      expect(out.shape).toEqual([n, 3]);
      expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
      tf.dispose(input.x);
    }
    f.net.dispose();
  });

  it('names nodes by cell, node and op, and stores metadata', () => {
    const f = fixtureNetwork('DARTS_V2');
    const bytes = onnxModel(f.graph, f.source, { preprocessing: '{"mean":[0.5]}' });
    const text = new TextDecoder('latin1').decode(bytes);
    for (const s of ['cell0/node2/edge0_sep_conv_3x3/dw1', 'cell1/pre0/conv', 'stem/conv', 'classifier', 'cells.0._ops.0.op.1.weight', 'preprocessing', '{"mean":[0.5]}']) expect(text).toContain(s);
    f.net.dispose();
  });
});
