import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countOp, withNodes } from '../../src/engine/genotype';
import { pdartsGenotype, pruneCandidates, pruneEdge, skipDropoutRate } from '../../src/engine/search';
import { DARTS_OPS, getSearchSpace } from '../../src/engine/spaces';
import { SkipDropout } from '../../src/engine/supernet';
import { useBackend } from '../helpers/backend';

const col = (op: string) => DARTS_OPS.indexOf(op as (typeof DARTS_OPS)[number]);
const ALL = DARTS_OPS.map((_, k) => k);

/** A row of weights over all 8 primitives, 0 outside `ops` (pruned ops have weight 0). */
function row(ops: Record<string, number>): number[] {
  const r = DARTS_OPS.map(() => 0);
  for (const [op, w] of Object.entries(ops)) r[col(op)] = w;
  return r;
}

describe('P-DARTS search-space approximation (8 → 5 → 3 → 1 ops per edge)', () => {
  it('keeps the strongest ops each stage; none competes until the last stage, where it goes first', () => {
    // Stage 1 (8 ops): none is strong, so it survives the first cut.
    const s1 = row({ none: 0.3, max_pool_3x3: 0.02, avg_pool_3x3: 0.03, skip_connect: 0.2, sep_conv_3x3: 0.15, sep_conv_5x5: 0.1, dil_conv_3x3: 0.12, dil_conv_5x5: 0.08 });
    const k5 = pruneEdge(s1, ALL, 5, DARTS_OPS, false);
    expect(k5.map((k) => DARTS_OPS[k])).toEqual(['none', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3']);
    // Stage 2 (5 ops, softmax over them; the pruned ones read 0).
    const s2 = row({ none: 0.4, skip_connect: 0.1, sep_conv_3x3: 0.25, sep_conv_5x5: 0.05, dil_conv_3x3: 0.2 });
    const k3 = pruneEdge(s2, k5, 3, DARTS_OPS, false);
    expect(k3.map((k) => DARTS_OPS[k])).toEqual(['none', 'sep_conv_3x3', 'dil_conv_3x3']);
    // Stage 3: none has the largest weight, but the last cut drops it first.
    const s3 = row({ none: 0.6, sep_conv_3x3: 0.15, dil_conv_3x3: 0.25 });
    expect(pruneEdge(s3, k3, 1, DARTS_OPS, true).map((k) => DARTS_OPS[k])).toEqual(['dil_conv_3x3']);
    expect(pruneEdge(s3, k3, 1, DARTS_OPS, false).map((k) => DARTS_OPS[k])).toEqual(['none']);
  });

  it('drops the first of equal minima (np.argmin) and refuses to keep more ops than an edge has', () => {
    const tied = row({ max_pool_3x3: 0.1, avg_pool_3x3: 0.1, skip_connect: 0.4, sep_conv_3x3: 0.4 });
    const kept = [col('max_pool_3x3'), col('avg_pool_3x3'), col('skip_connect'), col('sep_conv_3x3')];
    expect(pruneEdge(tied, kept, 3, DARTS_OPS, false)).toEqual([col('avg_pool_3x3'), col('skip_connect'), col('sep_conv_3x3')]);
    expect(() => pruneEdge(tied, kept, 5, DARTS_OPS, false)).toThrow(/cannot keep 5 ops of the 4/);
  });

  it('prunes every edge of every α group', () => {
    const w = { normal: [row({ skip_connect: 0.9, sep_conv_3x3: 0.1 })], reduce: [row({ max_pool_3x3: 0.7, sep_conv_5x5: 0.3 })] };
    const out = pruneCandidates(w, { normal: [ALL], reduce: [ALL] }, 1, DARTS_OPS, true);
    expect(out).toEqual({ normal: [[col('skip_connect')]], reduce: [[col('max_pool_3x3')]] });
  });
});

describe('P-DARTS final genotype: DARTS top-2 with the skip-connect cap (M = 2) on the normal cell', () => {
  const space = getSearchSpace('darts');
  // Last-stage weights: every edge's remaining three ops, skip_connect strongest on 6 edges.
  const normal = Array.from({ length: 14 }, (_, i) =>
    i % 2 === 0 ? row({ skip_connect: 0.5 + i / 100, sep_conv_3x3: 0.3, dil_conv_5x5: 0.2 - i / 100 }) : row({ none: 0.5, sep_conv_5x5: 0.3, skip_connect: 0.2 }),
  );
  const reduce = Array.from({ length: 14 }, () => row({ skip_connect: 0.6, max_pool_3x3: 0.4 }));

  it('keeps at most M skips in the normal cell, re-picking the weakest skip edges among their last-stage ops', () => {
    const free = pdartsGenotype(space, { normal, reduce }, 8);
    expect(countOp(free.normal, 'skip_connect')).toBe(7);
    const g = pdartsGenotype(space, { normal, reduce }, 2);
    expect(countOp(g.normal, 'skip_connect')).toBe(2);
    // Uncapped, every node keeps its skip edges (7 in all). Capped, the two strongest stay (rows 10
    // and 12: node 5 from states 1 and 3) and the others re-pick their best remaining op.
    const skips = withNodes(g.normal).filter((e) => e.op === 'skip_connect').map((e) => [e.node, e.input]);
    expect(skips.sort()).toEqual([[5, 1], [5, 3]]);
    expect(withNodes(g.normal).find((e) => e.node === 2 && e.input === 0)?.op).toBe('sep_conv_3x3');
    const ops = new Set(g.normal.map((e) => e.op));
    for (const op of ops) expect(['skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_5x5']).toContain(op);
    // 'none' never enters a genotype, and the reduction cell is not capped.
    expect(ops.has('none')).toBe(false);
    expect(countOp(g.reduce, 'skip_connect')).toBe(8);
  });
});

describe('skip-connect dropout', () => {
  beforeAll(() => useBackend('cpu'));

  it('follows the reference decay: linear during the warm-up, then p0·exp(−0.2·(e − warm-up))', () => {
    expect(skipDropoutRate(0.3, 0, 25, 10)).toBeCloseTo(0.3 * 24 / 25, 12);
    expect(skipDropoutRate(0.3, 9, 25, 10)).toBeCloseTo(0.3 * 15 / 25, 12);
    expect(skipDropoutRate(0.3, 10, 25, 10)).toBeCloseTo(0.3, 12);
    expect(skipDropoutRate(0.3, 15, 25, 10)).toBeCloseTo(0.3 * Math.exp(-1), 12);
    expect(skipDropoutRate(0, 3, 25, 2)).toBe(0);
  });

  it('zeroes about p of the elements and scales the rest by 1/(1 − p) in training, passes through at inference', () => {
    const drop = new SkipDropout(7);
    drop.rate = 0.5;
    const layer = drop.wrap((x) => x);
    const x = tf.ones([4, 8, 8, 16]) as tf.Tensor4D;
    const y = layer(x, { training: true });
    const v = y.dataSync();
    const zeros = v.filter((a) => a === 0).length;
    expect(v.every((a) => a === 0 || Math.abs(a - 2) < 1e-6)).toBe(true);
    expect(zeros / v.length).toBeGreaterThan(0.45);
    expect(zeros / v.length).toBeLessThan(0.55);
    // Gradient: the same mask (a fresh mask per call, so take it inside one tape).
    const g = tf.grad((t: tf.Tensor) => tf.sum(layer(t as tf.Tensor4D, { training: true })))(x).dataSync();
    expect(g.every((a) => a === 0 || Math.abs(a - 2) < 1e-6)).toBe(true);
    expect(layer(x, { training: false })).toBe(x);
    expect(() => (drop.rate = 1)).toThrow(RangeError);
    tf.dispose([x, y]);
  });
});

describe('skip-connect dropout masks', () => {
  beforeAll(() => useBackend('cpu'));

  it('restart(epoch) replays the same masks for that epoch, and other epochs differ', () => {
    const masks = (drop: SkipDropout) => {
      const layer = drop.wrap((x) => x);
      return tf.tidy(() => Array.from(layer(tf.ones([2, 4, 4, 3]) as tf.Tensor4D, { training: true }).dataSync()));
    };
    const a = new SkipDropout(11);
    const b = new SkipDropout(11);
    a.rate = b.rate = 0.5;
    a.restart(3);
    masks(a); // a draws further into epoch 3 …
    a.restart(4);
    b.restart(4); // … b starts at epoch 4 directly, as a resumed run would.
    expect(masks(b)).toEqual(masks(a));
    a.restart(5);
    b.restart(4);
    expect(masks(b)).not.toEqual(masks(a));
  });
});
