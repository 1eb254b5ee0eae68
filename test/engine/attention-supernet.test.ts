import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { search } from '../../src/engine/search';
import { getSearchSpace } from '../../src/engine/spaces';
import { Supernet, attentionGroup, getRelaxation } from '../../src/engine/supernet';
import { Sgd } from '../../src/engine/optim';
import { parseSearchConfig } from '../../src/shared/config';
import type { SearchEvent } from '../../src/shared/search-events';
import { useBackend } from '../helpers/backend';
import { TINY_SEARCH } from '../helpers/tiny-search';

const MODULES = ['Identity', 'SE', 'BAM', 'CBAM', 'GE_theta-plus', 'DoubleAttention'];

/** An Att-DARTS supernet of 3 cells at C = 4 on 8x8 one-channel images. */
const TINY_ATT = {
  space: getSearchSpace('att-darts'),
  relaxation: getRelaxation('softmax'),
  channels: 4,
  layers: 3,
  classes: 3,
  inputChannels: 1,
  alphaInitStd: 1e-3,
  seed: 1,
  inputSize: { height: 8, width: 8 },
};

describe('Att-DARTS supernet on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  it('has a β group [14, 6] per cell type and trains two α+β / w steps with a flat tensor count', () => {
    const net = new Supernet(TINY_ATT);
    expect([...net.alphas.keys()]).toEqual(['normal', 'reduce', attentionGroup('normal'), attentionGroup('reduce')]);
    expect(net.alphas.get('normal')?.shape).toEqual([14, 8]);
    expect(net.alphas.get(attentionGroup('reduce'))?.shape).toEqual([14, MODULES.length]);
    // Gather-Excite's gather kernel spans the map: 8x8 in normal cell 0, 4x4 and 2x2 after each reduction.
    expect(net.params.weights.get('cells.0._ops.0._attns.4._mask.downop.dwconv.weight')?.shape).toEqual([8, 8, 4]);
    expect(net.params.weights.get('cells.2._ops.0._attns.4._mask.downop.dwconv.weight')?.shape).toEqual([2, 2, 16]);

    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 3e-4 });
    const counts: number[] = [];
    const betaBefore = net.alphaValues()[attentionGroup('normal')];
    for (let step = 0; step < 2; step++) {
      // α and β: one plain gradient step on L (first-order style); then w.
      const arch = tf.variableGrads(() => net.loss(x, y, { training: true }).loss, net.alphaList());
      for (const a of net.alphaList()) {
        const g = arch.grads[a.name];
        expect(Number.isFinite(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]))).toBe(true);
        tf.tidy(() => a.assign(tf.sub(a, tf.mul(g, 0.5))));
      }
      tf.dispose([arch.value, ...Object.values(arch.grads)]);
      const w = tf.variableGrads(() => net.loss(x, y, { training: true }).loss, net.weights());
      sgd.apply(net.weights(), net.weights().map((v) => w.grads[v.name]), 0.05);
      tf.dispose([w.value, ...Object.values(w.grads)]);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    // β moved: the attention mixture is trained, not just carried.
    const betaAfter = net.alphaValues()[attentionGroup('normal')];
    expect(betaAfter.flat().some((v, i) => Math.abs(v - betaBefore.flat()[i]) > 1e-6)).toBe(true);
    tf.dispose([x, y]);
    sgd.dispose();
    net.dispose();
  });

  it('adds exactly six attention modules per edge, sized to each cell (C = 16, 8 cells, 32x32)', () => {
    const build = (space: string) =>
      new Supernet({ space: getSearchSpace(space), relaxation: getRelaxation('softmax'), channels: 16, layers: 8, classes: 10, inputChannels: 3, alphaInitStd: 0, seed: 0, inputSize: { height: 32, width: 32 } });
    const att = build('att-darts');
    const plain = build('darts');
    // One edge's modules at width c on s×s maps, in the reference's layer shapes (r = 16, C/4 for A²).
    const modules = (c: number, s: number) => {
      const r = Math.max(1, Math.floor(c / 16));
      const m = Math.max(1, Math.floor(c / 4));
      const se = 2 * c * r;
      const bam = c * r + r + 2 * r + r * c + c + (c * r + r + 2 * r) + 2 * (9 * r * r + r + 2 * r) + r + 1;
      const cbam = c * r + r + r * c + c + 49 * 2 + 2;
      const ge = s * s * c + 2 * c + 2 * c * r;
      const a2 = 3 * (c * m + m) + m * c + c;
      return se + bam + cbam + ge + a2;
    };
    // Cells 0–1: C=16 at 32x32; reduction at 2 and 5 doubles C and halves the maps.
    const cells: Array<[number, number]> = [[16, 32], [16, 32], [32, 16], [32, 16], [32, 16], [64, 8], [64, 8], [64, 8]];
    expect(att.params.count() - plain.params.count()).toBe(cells.reduce((n, [c, s]) => n + 14 * modules(c, s), 0));
    att.dispose();
    plain.dispose();
  });

  it('building and disposing a supernet (α, β, pruned-op masks) leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const all = Array.from({ length: 14 }, () => [0, 3, 4]);
    new Supernet({
      ...TINY_ATT,
      candidates: { normal: all, reduce: all },
    }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a tiny search derives genotypes whose edges carry their attention module', async () => {
    const config = parseSearchConfig({ ...TINY_SEARCH, model: { ...TINY_SEARCH.model, channels: 4, space: 'att-darts' }, derivation: { id: 'att-darts' } });
    const events: SearchEvent[] = [];
    for await (const e of search(config)) events.push(e);
    const start = events[0];
    // The run metadata names the β columns.
    expect(start.type === 'start' && start.meta.attentions).toEqual(MODULES);
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    for (const cell of [done.genotype.normal, done.genotype.reduce]) {
      expect(cell).toHaveLength(8);
      for (const edge of cell) {
        expect(edge).toHaveLength(3);
        expect(MODULES).toContain(edge[2]);
      }
    }
    const alpha = events.find((e) => e.type === 'alpha');
    if (alpha?.type !== 'alpha') throw new Error('no alpha event');
    // The relaxed β rows are softmaxes.
    for (const row of alpha.weights[attentionGroup('normal')]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
