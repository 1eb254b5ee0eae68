import { describe, expect, it } from 'vitest';
import { sigmoidRows, sigmoidThreshold } from '../../../src/engine/derive';
import { P, flatWeights, setWeight } from './helpers';

const derive = (w: number[][], options?: unknown) => sigmoidThreshold.derive(w, { primitives: P, options });

/** Node 2: two ops pass on input 0, none passes on input 1. Node 3: none is high (ignored), one op passes from input 2. */
function weights(): number[][] {
  const w = flatWeights(4, 0.1);
  setWeight(w, 2, 0, 'sep_conv_3x3', 0.9);
  setWeight(w, 2, 0, 'skip_connect', 0.95);
  setWeight(w, 2, 1, 'dil_conv_3x3', 0.8);
  setWeight(w, 3, 2, 'none', 0.99);
  setWeight(w, 3, 2, 'max_pool_3x3', 0.86);
  setWeight(w, 5, 0, 'avg_pool_3x3', 0.9);
  setWeight(w, 5, 1, 'avg_pool_3x3', 0.91);
  setWeight(w, 5, 4, 'dil_conv_5x5', 0.92);
  return w;
}

describe('sigmoid-threshold', () => {
  it('keeps every op above the threshold, none excluded, in edge then column order', () => {
    expect(derive(weights())).toEqual([
      { op: 'skip_connect', input: 0, node: 2 },
      { op: 'sep_conv_3x3', input: 0, node: 2 },
      { op: 'max_pool_3x3', input: 2, node: 3 },
      { op: 'avg_pool_3x3', input: 0, node: 5 },
      { op: 'avg_pool_3x3', input: 1, node: 5 },
      { op: 'dil_conv_5x5', input: 4, node: 5 },
    ]);
  });

  it('keeps only the argmax op per edge with onePerEdge', () => {
    const cell = derive(weights(), { onePerEdge: true });
    expect(cell.filter((e) => e.node === 2)).toEqual([{ op: 'skip_connect', input: 0, node: 2 }]);
    expect(cell).toHaveLength(5);
  });

  it('narrows to the strongest edges per node like the reference threshold_sparse', () => {
    const cell = derive(weights(), { onePerEdge: true, edgesPerNode: 2 });
    expect(cell.filter((e) => e.node === 5)).toEqual([
      { op: 'dil_conv_5x5', input: 4, node: 5 },
      { op: 'avg_pool_3x3', input: 1, node: 5 },
    ]);
  });

  it('keeps a weight equal to the threshold (σ ≥ T, as the reference tests it), which can be changed', () => {
    const w = weights();
    expect(derive(w, { threshold: 0.86 }).some((e) => e.op === 'max_pool_3x3')).toBe(true);
    expect(derive(w, { threshold: 0.861 }).some((e) => e.op === 'max_pool_3x3')).toBe(false);
    expect(derive(w, { threshold: 0.5 }).filter((e) => e.node === 2)).toHaveLength(3);
    expect(derive(w, { threshold: 0.99 })).toEqual([]);
    expect(() => derive(w, { threshold: 2 })).toThrow();
  });

  it('takes sigmoid weights of α', () => {
    const [[half, threeQuarters]] = sigmoidRows([[0, Math.log(3)]]);
    expect(half).toBe(0.5);
    expect(threeQuarters).toBeCloseTo(0.75, 12);
    expect(sigmoidThreshold.normalization).toBe('sigmoid');
  });
});
