import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveArchitecture, getDeriveRule } from '../../../src/engine/derive';
import { EvalNetwork, graphParams, inferenceGraph } from '../../../src/engine/evaluate';
import { cellOf } from '../../../src/engine/evaluate/cell-of';
import { FIRST_NODE, genotypeFromJson, genotypeToJson, withNodes, type Genotype } from '../../../src/engine/genotype';
import { withSearchedOps } from '../../../src/engine/search';
import { getSearchSpace } from '../../../src/engine/spaces';
import { Supernet, getRelaxation } from '../../../src/engine/supernet';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

const C = 4;
const LAYERS = 3;
const SHAPE = { channels: C, layers: LAYERS, classes: 3, inputChannels: 1, inputSize: { height: 8, width: 8 } };
const space = getSearchSpace('allegro', { sepMidMultiplier: 3, dilExtraDepth: 2 });
const col = (op: string) => space.primitives.indexOf(op);

/** Weights under which darts-top2 keeps every Allegro conv op (and a skip and a pool) in both cells. */
function weights(): number[][] {
  const edges = space.edges(space.nodes);
  const w = edges.map(() => space.primitives.map(() => 0.01));
  const pick: Array<[number, number, string]> = [
    [0, 2, 'allegro_sep_conv_3x3'],
    [1, 2, 'allegro_dil_conv_5x5'],
    [0, 3, 'allegro_sep_conv_5x5'],
    [2, 3, 'allegro_dil_conv_3x3'],
    [1, 4, 'skip_connect'],
    [3, 4, 'allegro_sep_conv_3x3'],
    [0, 5, 'max_pool_3x3'],
    [4, 5, 'allegro_dil_conv_3x3'],
  ];
  for (const [from, node, op] of pick) w[edges.findIndex((e) => e.from === from && e.to === node - FIRST_NODE)][col(op)] = 0.9;
  return w;
}

/** Shapes of the conv kernels (rank 4) under `prefix`, by the name that follows it. */
function kernels(params: ReadonlyMap<string, tf.Variable>, prefix: string): Array<[string, number[]]> {
  return [...params]
    .filter(([name, v]) => name.startsWith(prefix) && v.rank === 4)
    .map(([name, v]): [string, number[]] => [name.slice(prefix.length), v.shape])
    .sort(([a], [b]) => a.localeCompare(b));
}

let supernet: Supernet;
beforeAll(() => {
  supernet = new Supernet({ ...SHAPE, space, relaxation: getRelaxation('softmax'), alphaInitStd: 1e-3, groups: 2, seed: 1 });
});
afterAll(() => supernet.dispose());

/** Every kept edge of every cell of `eval` has the conv kernels of the supernet's op for it. */
function expectParity(net: EvalNetwork, genotype: Genotype) {
  const edges = space.edges(space.nodes);
  let compared = 0;
  for (let i = 0; i < LAYERS; i++) {
    const reduction = net.reductionCells.includes(i);
    withNodes(cellOf(genotype, i, LAYERS, reduction).edges).forEach((e, k) => {
      const row = edges.findIndex((x) => x.from === e.input && x.to === e.node - FIRST_NODE);
      const searched = kernels(supernet.params.weights, `cells.${i}._ops.${row}._ops.${col(e.op)}.`);
      expect(kernels(net.params.weights, `cells.${i}._ops.${k}.`), `cell ${i}, edge ${k} (${e.op})`).toEqual(searched);
      compared += searched.length;
    });
  }
  expect(compared).toBeGreaterThan(0);
}

describe('retraining an Allegro search builds the searched modules', () => {
  const derived = deriveArchitecture(getDeriveRule('darts-top2'), { normal: weights(), reduce: weights() }, { space, layers: LAYERS });
  // Through the genotype's JSON, as a run's genotype.json or the run store hands it to a retraining.
  const genotype = genotypeFromJson(genotypeToJson(withSearchedOps(derived, space, 2)));

  it('the genotype carries the space’s op options and the group count', () => {
    expect(genotype.ops).toEqual({ midMultiplier: 3, extraDepth: 2, groups: 2 });
    expect(withSearchedOps(derived, getSearchSpace('darts'), 1).ops).toBeUndefined();
  });

  it('each retrained op has the conv kernels of the supernet op it was chosen as (width 3C, 3 dil blocks, 2 groups)', () => {
    const before = tf.memory().numTensors;
    const net = new EvalNetwork({ ...SHAPE, genotype, auxiliary: false, seed: 0 });
    expectParity(net, genotype);
    // Without the options the network differs: the check can fail.
    const plain = new EvalNetwork({ ...SHAPE, genotype: { ...genotype, ops: undefined }, auxiliary: false, seed: 0 });
    expect(() => expectParity(plain, genotype)).toThrow();
    net.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the exported graph has the retrained network’s parameters, and fewer with the default modules', () => {
    const net = new EvalNetwork({ ...SHAPE, genotype, auxiliary: false, seed: 0 });
    const graph = inferenceGraph({ ...SHAPE, genotype, height: 8, width: 8 });
    expect(graphParams(graph)).toBe(net.countWithoutAuxiliary());
    const defaults = inferenceGraph({ ...SHAPE, genotype: { ...genotype, ops: undefined }, height: 8, width: 8 });
    expect(graphParams(defaults)).not.toBe(graphParams(graph));
    net.dispose();
  });
});
