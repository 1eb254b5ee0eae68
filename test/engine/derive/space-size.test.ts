import { describe, expect, it } from 'vitest';
import { countArchitectures, dagEdgeCount, dagEdgeRow, softmaxRows } from '../../../src/engine/derive';

describe('countArchitectures', () => {
  it('counts the DARTS cell pair with top-2 inputs per node', () => {
    const n = countArchitectures({ nodes: 4, ops: 7, edgesPerNode: 2, cells: 2, edgeRule: 'chosen' });
    expect(n).toBe((1n * 3n * 6n * 10n * 49n ** 4n) ** 2n);
    expect(Number(n) / 1.08e18).toBeCloseTo(1, 2);
  });

  it('counts Amended-DARTS S1 (fixed edges, shared α)', () => {
    const n = countArchitectures({ nodes: 4, ops: 7, edgesPerNode: 2, cells: 2, edgeRule: 'fixed' });
    expect(n).toBe(7n ** 16n);
    expect(Number(n) / 3.3e13).toBeCloseTo(1, 1);
  });

  it('counts Amended-DARTS S2 (20 cells with own α, two ops)', () => {
    const n = countArchitectures({ nodes: 4, ops: 2, edgesPerNode: 2, cells: 20, edgeRule: 'fixed' });
    expect(n).toBe(2n ** 160n);
    expect(Number(n) / 1.46e48).toBeCloseTo(1, 2);
  });
});

describe('weight helpers', () => {
  it('lays out the full DAG node by node', () => {
    expect(dagEdgeCount(4)).toBe(14);
    expect([dagEdgeRow(2, 0), dagEdgeRow(3, 0), dagEdgeRow(4, 3), dagEdgeRow(5, 4)]).toEqual([0, 2, 8, 13]);
  });

  it('normalises rows with a stable softmax', () => {
    const [a, b] = softmaxRows([[0, 0], [1000, 1000 + Math.log(3)]]);
    expect(a).toEqual([0.5, 0.5]);
    expect(b[0]).toBeCloseTo(0.25, 12);
    expect(b[1]).toBeCloseTo(0.75, 12);
  });
});
