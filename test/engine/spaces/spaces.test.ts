import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSearchSpace, getSpaceEntry, searchSpaces, type SearchSpace } from '../../../src/engine/spaces';
import { Supernet } from '../../../src/engine/supernet';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
import { Rng } from '../../../src/engine/util/rng';
import { parseSearchConfig, searchConfigSchema } from '../../../src/shared/config';
import { useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';

const OWN = ['darts', 'allegro', 'amended-s1', 'amended-s2'];

describe('search space registry', () => {
  it('lists each space with an options schema whose every option has a default and a description', () => {
    for (const id of OWN) {
      const entry = getSpaceEntry(id);
      expect(searchSpaces.get(id)).toBe(entry);
      const schema = entry.optionsSchema as z.ZodObject;
      expect(Object.keys(schema.shape).length, id).toBeGreaterThan(0);
      for (const [key, option] of Object.entries(schema.shape)) expect((option as z.ZodType).description, `${id}.${key}`).toBeTruthy();
      expect(getSearchSpace(id).id).toBe(id);
    }
    expect(getSpaceEntry('allegro').optionsSchema.parse({})).toEqual({ nodes: 4, sepMidMultiplier: 2, dilExtraDepth: 1 });
    expect(getSearchSpace('allegro', { sepMidMultiplier: 3 }).opOptions).toEqual({ midMultiplier: 3, extraDepth: 1 });
    expect(() => getSearchSpace('allegro', { sepMidMultiplier: 0 })).toThrow();
    expect(() => getSearchSpace('amended-s1', { edges: 14 })).not.toThrow(); // unknown keys are dropped, as zod objects do
    expect(() => getSearchSpace('nope')).toThrow(/known: darts, allegro, amended-s1, amended-s2/);
  });

  it('describes the Amended-DARTS spaces as the paper does', () => {
    const s1 = getSearchSpace('amended-s1');
    const s2 = getSearchSpace('amended-s2');
    expect(s1.edges(4).map((e) => [e.from, e.to + 2])).toEqual([[0, 2], [1, 2], [0, 3], [2, 3], [0, 4], [3, 4], [0, 5], [4, 5]]);
    expect(s1.alphaSharing).toBe('per-type');
    expect(s2.alphaSharing).toBe('per-cell');
    expect(s2.primitives).toEqual(['skip_connect', 'sep_conv_3x3']);
    expect(s2.reductionCells(20)).toEqual([6, 13]);
    expect(getSearchSpace('darts', { nodes: 3 }).edges(3)).toHaveLength(9);
  });
});

/** Weights of one mixed op of the DARTS ops at c channels (search: BN without affine parameters). */
const dartsEdge = (c: number, stride: number) => 2 * (9 * c + c * c) + 2 * (25 * c + c * c) + (9 * c + c * c) + (25 * c + c * c) + (stride === 2 ? c * c : 0);

describe('supernets of every space (wasm)', () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => tf.disposeVariables());

  const net = (space: SearchSpace, layers = 3, groups?: number, channels = 4) =>
    new Supernet({ space, relaxation: softmaxRelaxation, channels, layers, classes: 5, inputChannels: 3, alphaInitStd: 1e-3, groups, seed: 1 });

  it('counts parameters as the op definitions say (Allegro widening and depth, group convs, fixed edges)', () => {
    // 3 cells at C = 4: cell 0 is normal, cells 1 and 2 reduce (⌊3/3⌋, ⌊6/3⌋), doubling C each time.
    const cells = [
      { c: 4, reduce: false },
      { c: 8, reduce: true },
      { c: 16, reduce: true },
    ];
    const count = (space: SearchSpace, groups?: number) => {
      const n = net(space, 3, groups);
      const p = n.params.count();
      n.dispose();
      return p;
    };
    const darts = count(getSearchSpace('darts'));
    // Allegro (m = 2, one extra dil block) adds, per edge at c: sep k: k²c + 2c², dil k: k²c + c².
    const allegroExtra = cells.reduce((s, { c }) => s + 14 * (9 * c + 2 * c * c + 25 * c + 2 * c * c + 9 * c + c * c + 25 * c + c * c), 0);
    expect(count(getSearchSpace('allegro')) - darts).toBe(allegroExtra);
    expect(count(getSearchSpace('allegro', { sepMidMultiplier: 1, dilExtraDepth: 0 }))).toBe(darts);
    // Two groups halve the 6c² pointwise weights of every edge.
    expect(darts - count(getSearchSpace('darts'), 2)).toBe(cells.reduce((s, { c }) => s + 14 * 3 * c * c, 0));
    // S1 drops 6 of 14 edges per cell; in a reduction cell 3 of them read a cell input (stride 2).
    const dropped = cells.reduce((s, { c, reduce }) => s + 3 * dartsEdge(c, reduce ? 2 : 1) + 3 * dartsEdge(c, 1), 0);
    expect(darts - count(getSearchSpace('amended-s1'))).toBe(dropped);
  });

  it('builds α per the space: shared [edges, ops] per cell type, or one per cell', () => {
    const s1 = net(getSearchSpace('amended-s1'), 3);
    expect(Object.fromEntries([...s1.alphas].map(([g, a]) => [g, a.shape]))).toEqual({ reduce: [8, 8], normal: [8, 8] });
    const s2 = net(getSearchSpace('amended-s2'), 5);
    expect(Object.fromEntries([...s2.alphas].map(([g, a]) => [g, a.shape]))).toEqual(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [`cell${i}`, [8, 2]])));
    s1.dispose();
    s2.dispose();
  });

  for (const [id, options, groups] of [
    ['darts', {}, 2],
    ['allegro', {}, 2],
    ['amended-s1', {}, 1],
    ['amended-s2', {}, 1],
  ] as const) {
    it(`${id}: forward shape, α and w gradients, and a first-order step that keeps the tensor count flat`, () => {
      const space = getSearchSpace(id, options);
      const n = net(space, id === 'amended-s2' ? 4 : 3, groups);
      const rng = new Rng(2);
      const batch = () => ({ x: randomTensor([4, 8, 8, 3], rng) as tf.Tensor4D, y: tf.tensor1d([0, 1, 2, 3], 'int32') });
      const logits = tf.tidy(() => n.forward(batch().x, { training: false }));
      expect(logits.shape).toEqual([4, 5]);
      logits.dispose();

      const lr = 0.01;
      /** α on a val batch, then w on a train batch: plain gradient steps. */
      const step = () => {
        for (const vars of [n.alphaList(), n.weights()]) {
          tf.tidy(() => {
            const { x, y } = batch();
            const { grads } = tf.variableGrads(() => n.loss(x, y, { training: true }).loss, vars);
            expect(Object.keys(grads)).toHaveLength(vars.length);
            for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name], lr)));
          });
        }
      };
      const before = n.alphaValues();
      step();
      const tensors = tf.memory().numTensors;
      step();
      expect(tf.memory().numTensors).toBe(tensors);
      const after = n.alphaValues();
      for (const g of Object.keys(before)) expect(after[g], g).not.toEqual(before[g]);
      n.dispose();
    });
  }
});

describe('group count in the config', () => {
  it('must divide the base channels, reported at model.groups', () => {
    expect(parseSearchConfig({ model: { channels: 16, groups: 4 } }).model.groups).toBe(4);
    const r = searchConfigSchema.safeParse({ model: { channels: 16, groups: 3 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['model', 'groups']]);
  });
});
