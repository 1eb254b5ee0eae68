import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayersModel, saveLayersModel } from '../../src/engine/export/tfjs';
import { graphParams } from '../../src/engine/evaluate';
import { namedGenotypes } from '../../src/engine/genotype';
import { useBackend } from '../helpers/backend';
import { ATTENTION, allAttentionGenotype, allegroGenotype, attentionGenotype, fixtureNetwork, inputFile, maxAbsDiff, runNode, searchedAllegroGenotype } from '../helpers/export-fixtures';

const LOADER = fileURLToPath(new URL('../helpers/independent/tfjs-predict.mjs', import.meta.url));

beforeAll(() => useBackend('cpu'));

describe('TF.js layers-model export', () => {
  // Between them the built-in genotypes use every op at stride 1 and 2: sep/dil convs 3x3 and
  // 5x5, max and average pools, identity and FactorizedReduce skips.
  it.each(Object.keys(namedGenotypes))('%s: the in-process layers model gives the in-app logits', (name) => {
    const f = fixtureNetwork(name);
    const model = buildLayersModel(f.graph, f.source);
    const x = tf.randomNormal<tf.Rank.R4>([3, 16, 16, 3], 0, 1, 'float32', 4);
    const ours = f.logits(x);
    const theirs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
    f.net.dispose();
  });

  it('AllegroNAS ops (widened sep convs, stacked dilated convs): the layers model gives the in-app logits', () => {
    const f = fixtureNetwork(allegroGenotype());
    const model = buildLayersModel(f.graph, f.source);
    const x = tf.randomNormal<tf.Rank.R4>([2, 16, 16, 3], 0, 1, 'float32', 5);
    const theirs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(maxAbsDiff(f.logits(x), theirs)).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
    f.net.dispose();
  });

  it('Allegro ops as searched (inner width 3C, 3 dil blocks, pointwise convs in 2 groups): the layers model gives the in-app logits', () => {
    const f = fixtureNetwork(searchedAllegroGenotype());
    const model = buildLayersModel(f.graph, f.source);
    const x = tf.randomNormal<tf.Rank.R4>([2, 16, 16, 3], 0, 1, 'float32', 6);
    const theirs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(maxAbsDiff(f.logits(x), theirs)).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
    f.net.dispose();
  });

  // Each module's own graph form (evaluate/attention-graph.ts) at C = 16: its widths (C/16, C/4)
  // and BN running statistics are real, and it follows a sep conv, a dilated conv and a stride-2 pool.
  it.each(ATTENTION)('Att-DARTS edges with %s: the graph reads exactly the network\'s tensors and the layers model gives the in-app logits', (module) => {
    const f = fixtureNetwork(attentionGenotype(module), { channels: 16 });
    expect(graphParams(f.graph)).toBe(f.net.params.count());
    const model = buildLayersModel(f.graph, f.source);
    const x = tf.randomNormal<tf.Rank.R4>([2, 16, 16, 3], 0, 1, 'float32', 8);
    const theirs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(maxAbsDiff(f.logits(x), theirs)).toBeLessThan(1e-4);
    tf.dispose(x);
    model.dispose();
    f.net.dispose();
  });

  it('every attention module in one network: model.json loads in a fresh plain tfjs, standard layers only, within 1e-4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-tfjs-'));
    const f = fixtureNetwork(allAttentionGenotype(), { channels: 16 });
    const model = buildLayersModel(f.graph, f.source);
    await saveLayersModel(model, dir);
    const input = await inputFile(dir, [2, 16, 16, 3], 9);
    const out = await runNode(LOADER, [dir, input.path]);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const classes = new Set<string>(json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name));
    expect(new Set(out.layers as string[])).toEqual(classes);
    expect(classes).toEqual(
      new Set([
        ...['InputLayer', 'Conv2D', 'BatchNormalization', 'ReLU', 'DepthwiseConv2D', 'AveragePooling2D', 'MaxPooling2D', 'Cropping2D', 'Concatenate', 'Add'],
        ...['GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Dense', 'Activation', 'Reshape', 'Multiply', 'Flatten', 'Permute', 'Softmax', 'Dot'],
      ]),
    );
    tf.dispose(input.x);
    model.dispose();
    f.net.dispose();
  });

  it('model.json + shards load in a fresh process with plain @tensorflow/tfjs and agree within 1e-4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-tfjs-'));
    const f = fixtureNetwork('PDARTS', { inputChannels: 1, size: 12, classes: 4 });
    const model = buildLayersModel(f.graph, f.source);
    const files = await saveLayersModel(model, join(dir, 'model'), { nasStudio: { genotype: 'PDARTS' } });
    expect((await readdir(join(dir, 'model'))).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(files.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['model/group1-shard1of1.bin', 'model/model.json']);
    const json = JSON.parse(await readFile(join(dir, 'model', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.userDefinedMetadata).toEqual({ nasStudio: { genotype: 'PDARTS' } });
    const input = await inputFile(dir, [2, 12, 12, 1]);
    const out = await runNode(LOADER, [join(dir, 'model'), input.path]);
    expect(out.shape).toEqual([2, 4]);
    expect(maxAbsDiff(out.data, f.logits(input.x))).toBeLessThan(1e-4);
    // Standard layers only: a fresh tfjs knows every class without registrations.
    expect(new Set(out.layers as string[])).toEqual(
      new Set(['InputLayer', 'Conv2D', 'BatchNormalization', 'ReLU', 'DepthwiseConv2D', 'ZeroPadding2D', 'AveragePooling2D', 'MaxPooling2D', 'Cropping2D', 'Concatenate', 'Add', 'GlobalAveragePooling2D', 'Dense']),
    );
    tf.dispose(input.x);
    model.dispose();
    f.net.dispose();
  });

  it('splits weights into 4 MiB shards like the TF.js converter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-tfjs-'));
    // About 1.5M parameters: 6 MB of float32.
    const f = fixtureNetwork('DARTS_V2', { channels: 36, layers: 8, classes: 10, size: 8 });
    const model = buildLayersModel(f.graph, f.source);
    await saveLayersModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const paths: string[] = json.weightsManifest[0].paths;
    expect(paths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    const sizes = await Promise.all(paths.map(async (p) => (await readFile(join(dir, p))).byteLength));
    expect(sizes[0]).toBe(4 * 1024 * 1024);
    const params = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(sizes[0] + sizes[1]).toBe(4 * params);
    model.dispose();
    f.net.dispose();
  });
});
