import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalNetwork, graphParams, inferenceGraph, nodeTensors } from '../../../src/engine/evaluate';
import { getNamedGenotype, type Genotype } from '../../../src/engine/genotype';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

const pair = (op: string) => [
  { op, input: 0 },
  { op, input: 1 },
];

/** Amended-DARTS S2 style: every cell its own architecture (3 layers: reductions at 1 and 2). */
function perCell(): Genotype {
  const base = getNamedGenotype('DARTS_V2');
  return {
    ...base,
    cells: [
      { reduce: false, edges: [...pair('sep_conv_3x3'), ...pair('skip_connect')], concat: [2, 3] },
      { reduce: true, edges: [...pair('max_pool_3x3'), ...pair('skip_connect')], concat: [2, 3] },
      { reduce: true, edges: [...pair('sep_conv_5x5'), ...pair('dil_conv_3x3')], concat: [2, 3] },
    ],
  };
}

describe('evaluation networks of per-cell and Att-DARTS genotypes', () => {
  it('builds each cell from its own entry when the genotype lists every cell', () => {
    const net = new EvalNetwork({ genotype: perCell(), channels: 4, layers: 3, classes: 3, inputChannels: 1, auxiliary: false, seed: 0 });
    const names = [...net.params.weights.keys()];
    // Cell 0 has sep_conv_3x3 at edges 0/1 (op.1 depthwise of 3x3), cell 2 a 5x5 one; cell 1 pools only.
    expect(net.params.weights.get('cells.0._ops.0.op.1.weight')?.shape).toEqual([3, 3, 4, 1]);
    expect(net.params.weights.get('cells.2._ops.0.op.1.weight')?.shape).toEqual([5, 5, 16, 1]);
    expect(names.some((n) => n.startsWith('cells.1._ops.0.'))).toBe(false);
    const graph = inferenceGraph({ genotype: perCell(), channels: 4, layers: 3, classes: 3, inputChannels: 1, height: 8, width: 8 });
    expect(graphParams(graph)).toBe(net.params.count());
    const logits = tf.tidy(() => net.forward(tf.ones([2, 8, 8, 1]), { training: false }).logits.shape);
    expect(logits).toEqual([2, 3]);
    net.dispose();
  });

  it('AllegroNAS ops: the inference graph reads exactly the network\'s tensors', () => {
    const cell = [
      { op: 'allegro_sep_conv_5x5', input: 0 },
      { op: 'allegro_dil_conv_3x3', input: 1 },
    ];
    const g: Genotype = { normal: cell, normalConcat: [2], reduce: cell, reduceConcat: [2] };
    const net = new EvalNetwork({ genotype: g, channels: 4, layers: 3, classes: 3, inputChannels: 1, auxiliary: false, seed: 0 });
    const graph = inferenceGraph({ genotype: g, channels: 4, layers: 3, classes: 3, inputChannels: 1, height: 8, width: 8 });
    expect(graphParams(graph)).toBe(net.params.count());
    const read = new Set(graph.nodes.flatMap((n) => nodeTensors(n.op).map((t) => t.name)));
    expect(read).toEqual(new Set([...net.params.weights.keys(), ...net.params.buffers.keys()]));
    net.dispose();
  });

  it('refuses a per-cell genotype at another depth, or with reductions elsewhere', () => {
    const build = (g: Genotype, layers: number) => new EvalNetwork({ genotype: g, channels: 4, layers, classes: 3, inputChannels: 1, auxiliary: false, seed: 0 });
    expect(() => build(perCell(), 5)).toThrow(/lists 3 cells.*3 layers, not 5/);
    const swapped = perCell();
    swapped.cells = (swapped.cells ?? []).map((c, i) => ({ ...c, reduce: i === 0 }));
    expect(() => build(swapped, 3)).toThrow(/cell 0 of the genotype is a reduction cell/);
  });

  it('applies an edge\'s attention module after its op (Att-DARTS), and exports it', () => {
    const g = getNamedGenotype('DARTS_V2');
    g.normal = g.normal.map((e, i) => (i === 0 ? { ...e, attention: 'SE' } : e));
    const opts = { channels: 16, layers: 3, classes: 3, inputChannels: 1, auxiliary: false, seed: 0 };
    const plain = new EvalNetwork({ ...opts, genotype: getNamedGenotype('DARTS_V2') });
    const attended = new EvalNetwork({ ...opts, genotype: g, inputSize: { height: 8, width: 8 } });
    expect([...attended.params.weights.keys()].filter((n) => n.startsWith('cells.0._attns.0.')).length).toBeGreaterThan(0);
    expect(attended.params.count()).toBeGreaterThan(plain.params.count());
    const shape = tf.tidy(() => attended.forward(tf.ones([2, 8, 8, 1]), { training: true }).logits.shape);
    expect(shape).toEqual([2, 3]);
    expect(() => new EvalNetwork({ ...opts, genotype: g })).toThrow(/attention 'SE': the network needs the input image size/);
    // Every registered module has an exportable form (test/engine/export-*.test.ts); any other name is refused.
    const unknown = getNamedGenotype('DARTS_V2');
    unknown.normal = unknown.normal.map((e, i) => (i === 0 ? { ...e, attention: 'NoSuchModule' } : e));
    expect(() => inferenceGraph({ ...opts, genotype: unknown, height: 8, width: 8 })).toThrow(
      /attention 'NoSuchModule', which has no exportable form \(exportable: Identity, SE, CBAM, BAM, GE_theta-plus, DoubleAttention; not yet: none\)/,
    );
    // The graph reads exactly the network's tensors.
    const graph = inferenceGraph({ ...opts, genotype: g, height: 8, width: 8 });
    expect(graphParams(graph)).toBe(attended.params.count());
    plain.dispose();
    attended.dispose();
  });
});
