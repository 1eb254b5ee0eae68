import { describe, expect, it } from 'vitest';
import { capSkipConnect, dagEdgeRow, dartsTop2 } from '../../../src/engine/derive';
import { countOp } from '../../../src/engine/genotype';
import { P, col, flatWeights, setWeight } from './helpers';

const derive = (w: number[][]) => dartsTop2.derive(w, { primitives: P });

/** Four skips (weights 0.5, 0.45, 0.3, 0.35) and four sep convs, one per node pair. */
function fourSkips(): number[][] {
  const w = flatWeights();
  setWeight(w, 2, 0, 'skip_connect', 0.5);
  setWeight(w, 2, 1, 'sep_conv_3x3', 0.4);
  setWeight(w, 3, 1, 'skip_connect', 0.45);
  setWeight(w, 3, 2, 'sep_conv_3x3', 0.4);
  setWeight(w, 4, 0, 'skip_connect', 0.3);
  setWeight(w, 4, 0, 'sep_conv_5x5', 0.25);
  setWeight(w, 4, 3, 'dil_conv_3x3', 0.4);
  setWeight(w, 5, 2, 'skip_connect', 0.35);
  setWeight(w, 5, 4, 'sep_conv_3x3', 0.4);
  setWeight(w, 5, 1, 'max_pool_3x3', 0.2);
  return w;
}

describe('capSkipConnect', () => {
  it('removes the weakest skips until at most maxSkip remain, re-deriving each time', () => {
    const w = fourSkips();
    expect(countOp(derive(w), 'skip_connect')).toBe(4);
    const { edges, weights } = capSkipConnect(w, P, derive);
    expect(countOp(edges, 'skip_connect')).toBe(2);
    expect(edges).toEqual([
      { op: 'skip_connect', input: 0 },
      { op: 'sep_conv_3x3', input: 1 },
      { op: 'skip_connect', input: 1 },
      { op: 'sep_conv_3x3', input: 2 },
      // node 4: the 0.3 skip is gone, the same edge now keeps its next-best op
      { op: 'dil_conv_3x3', input: 3 },
      { op: 'sep_conv_5x5', input: 0 },
      // node 5: the 0.35 skip is gone and its edge loses to input 1
      { op: 'sep_conv_3x3', input: 4 },
      { op: 'max_pool_3x3', input: 1 },
    ]);
    expect(weights[dagEdgeRow(4, 0)][col('skip_connect')]).toBe(0);
    expect(weights[dagEdgeRow(5, 2)][col('skip_connect')]).toBe(0);
    expect(weights[dagEdgeRow(2, 0)][col('skip_connect')]).toBe(0.5);
    expect(w[dagEdgeRow(4, 0)][col('skip_connect')]).toBe(0.3); // the input is not modified
  });

  it('follows the cap it is given and leaves a cell within it alone', () => {
    expect(countOp(capSkipConnect(fourSkips(), P, derive, 0).edges, 'skip_connect')).toBe(0);
    expect(countOp(capSkipConnect(fourSkips(), P, derive, 3).edges, 'skip_connect')).toBe(3);
    const kept = capSkipConnect(fourSkips(), P, derive, 4);
    expect(kept.edges).toEqual(derive(fourSkips()));
    expect(kept.weights).toEqual(fourSkips());
  });

  it('fails instead of looping when a skip cannot be outweighed', () => {
    const only = ['none', 'skip_connect'];
    const w = flatWeights().map(() => [0.5, 0]);
    expect(() => capSkipConnect(w, only, (x) => dartsTop2.derive(x, { primitives: only }))).toThrow(/cannot cap/);
  });
});
