import { beforeAll, describe, expect, it } from 'vitest';
import { EvalNetwork, graphMultiplyAdds, graphParams, inferenceGraph, nodeTensors } from '../../../src/engine/evaluate';
import { FIRST_NODE, getNamedGenotype, namedGenotypes, withNodes, type Genotype } from '../../../src/engine/genotype';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

/**
 * The reference's count_parameters for NetworkCIFAR, written out from model.py / operations.py
 * module by module, independently of the engine's layers: stem conv3x3 + BN, per cell the two
 * preprocessing modules and each op, the classifier, and AuxiliaryHeadCIFAR when asked for.
 */
function referenceCount(g: Genotype, C: number, layers: number, classes: number, auxiliary: boolean): number {
  const bn = (c: number) => 2 * c;
  const reluConvBn = (cin: number, cout: number) => cin * cout + bn(cout);
  const factorizedReduce = (cin: number, cout: number) => 2 * cin * (cout / 2) + bn(cout);
  const sep = (c: number, k: number) => 2 * (k * k * c + c * c + bn(c));
  const dil = (c: number, k: number) => k * k * c + c * c + bn(c);
  const op = (name: string, c: number, stride: number): number => {
    switch (name) {
      case 'max_pool_3x3':
      case 'avg_pool_3x3':
        return 0;
      case 'skip_connect':
        return stride === 1 ? 0 : factorizedReduce(c, c);
      case 'sep_conv_3x3':
        return sep(c, 3);
      case 'sep_conv_5x5':
        return sep(c, 5);
      case 'dil_conv_3x3':
        return dil(c, 3);
      case 'dil_conv_5x5':
        return dil(c, 5);
      default:
        throw new Error(name);
    }
  };
  const stemC = 3 * C;
  let n = 3 * 3 * 3 * stemC + bn(stemC);
  let [cpp, cp, cc] = [stemC, stemC, C];
  let reductionPrev = false;
  let cAux = 0;
  for (let i = 0; i < layers; i++) {
    const reduction = i === Math.floor(layers / 3) || i === Math.floor((2 * layers) / 3);
    if (reduction) cc *= 2;
    const edges = reduction ? g.reduce : g.normal;
    const concat = reduction ? g.reduceConcat : g.normalConcat;
    n += reductionPrev ? factorizedReduce(cpp, cc) : reluConvBn(cpp, cc);
    n += reluConvBn(cp, cc);
    for (const e of withNodes(edges)) n += op(e.op, cc, reduction && e.input < FIRST_NODE ? 2 : 1);
    reductionPrev = reduction;
    [cpp, cp] = [cp, concat.length * cc];
    if (i === Math.floor((2 * layers) / 3)) cAux = cp;
  }
  n += cp * classes + classes;
  if (auxiliary) n += 128 * cAux + bn(128) + 128 * 768 * 2 * 2 + bn(768) + 768 * classes + classes;
  return n;
}

const cases = Object.keys(namedGenotypes).flatMap((name) => [10, 100].flatMap((classes) => [false, true].map((auxiliary) => ({ name, classes, auxiliary }))));

describe('parameter parity with the reference NetworkCIFAR (C=36, 20 cells)', () => {
  it('the independent formula gives the published DARTS_V2 figure, 3,349,342', () => {
    expect(referenceCount(getNamedGenotype('DARTS_V2'), 36, 20, 10, false)).toBe(3_349_342);
  });

  it.each(cases)('$name, $classes classes, auxiliary $auxiliary: network, inference graph and reference agree', ({ name, classes, auxiliary }) => {
    const genotype = getNamedGenotype(name);
    const net = new EvalNetwork({ genotype, channels: 36, layers: 20, classes, inputChannels: 3, auxiliary, seed: 0 });
    const expected = referenceCount(genotype, 36, 20, classes, auxiliary);
    expect(net.params.count()).toBe(expected);
    expect(net.countWithoutAuxiliary()).toBe(referenceCount(genotype, 36, 20, classes, false));
    const graph = inferenceGraph({ genotype, channels: 36, layers: 20, classes, inputChannels: 3, height: 32, width: 32 });
    expect(graphParams(graph)).toBe(net.countWithoutAuxiliary());
    // Every tensor the graph reads is a network tensor of the same shape, each read once.
    const all = new Map([...net.params.weights, ...net.params.buffers]);
    const read = graph.nodes.flatMap((n) => nodeTensors(n.op));
    expect(new Set(read.map((t) => t.name)).size).toBe(read.length);
    for (const t of read) expect(all.get(t.name)?.shape, t.name).toEqual(t.shape);
    net.dispose();
  });
});

describe('multiply-adds per image', () => {
  it('counts every conv, depthwise conv and the classifier, by hand on a pooling-only network', () => {
    // Normal cell: node 2 = maxpool(0) + avgpool(1), node 3 = maxpool(2) + avgpool(2); concat [2, 3].
    // Reduction cell: the same ops; stride 2 on inputs 0/1.
    const edges = [
      { op: 'max_pool_3x3', input: 0 },
      { op: 'avg_pool_3x3', input: 1 },
      { op: 'max_pool_3x3', input: 2 },
      { op: 'avg_pool_3x3', input: 2 },
    ];
    const g = inferenceGraph({ genotype: { normal: edges, normalConcat: [2, 3], reduce: edges, reduceConcat: [2, 3] }, channels: 4, layers: 3, classes: 10, inputChannels: 3, height: 8, width: 8 });
    // C=4, 3 layers: reductions at cells 1 and 2. Stem 3→12 channels at 8x8.
    const stem = 8 * 8 * 12 * 9 * 3;
    // Cell 0 (normal, C=4, 8x8): two 1x1 preprocessing convs 12→4.
    const cell0 = 2 * (8 * 8 * 4 * 12);
    // Cell 1 (reduction, C=8): preprocess 12→8 and 8→8 at 8x8 (cell 0 outputs 2·4 = 8 channels).
    const cell1 = 8 * 8 * 8 * 12 + 8 * 8 * 8 * 8;
    // Cell 2 (reduction after a reduction, C=16): FactorizedReduce on s0 (8 channels, 8x8 → 4x4,
    // two halves of 8 outputs), 1x1 on s1 (16 channels at 4x4).
    const cell2 = 2 * (4 * 4 * 8 * 8) + 4 * 4 * 16 * 16;
    const classifier = 32 * 10;
    expect(graphMultiplyAdds(g)).toBe(stem + cell0 + cell1 + cell2 + classifier);
  });

  it('adds attention\'s convs, dense layers, global gather and matrix products, by hand', () => {
    const pools = [
      { op: 'max_pool_3x3', input: 0 },
      { op: 'avg_pool_3x3', input: 1 },
      { op: 'max_pool_3x3', input: 2 },
      { op: 'avg_pool_3x3', input: 2 },
    ];
    const attended = pools.map((e, i) => (i === 0 ? { ...e, attention: 'DoubleAttention' } : i === 1 ? { ...e, attention: 'GE_theta-plus' } : e));
    const graph = (normal: typeof pools) => inferenceGraph({ genotype: { normal, normalConcat: [2, 3], reduce: pools, reduceConcat: [2, 3] }, channels: 4, layers: 3, classes: 10, inputChannels: 3, height: 8, width: 8 });
    // Only cell 0 is normal: C = 4 at 8x8 (64 positions), so c_m = c_n = 1 and C/16 → 1.
    // A²: three 1x1 convs 4→1, G = [1, 64]·[64, 1], Z = [64, 1]·[1, 1], conv_Z 1→4.
    const doubleAttention = 3 * 64 * 4 + 64 + 64 + 64 * 4;
    // Gather-Excite: an 8x8 weighted sum per channel, then dense 4→1 and 1→4.
    const gatherExcite = 64 * 4 + 4 + 4;
    expect(graphMultiplyAdds(graph(attended)) - graphMultiplyAdds(graph(pools))).toBe(doubleAttention + gatherExcite);
  });

  // The CIFAR-10 mult-adds other papers list for these cells (e.g. P-DARTS and PC-DARTS tables,
  // rounded to millions): DARTS 528M, P-DARTS 532M, PC-DARTS 557M.
  it.each([
    ['DARTS_V2', 528],
    ['PDARTS', 532],
    ['PC_DARTS_cifar', 557],
  ])('%s at C=36, 20 cells, 32x32: %iM multiply-adds, as published', (name, millions) => {
    const g = inferenceGraph({ genotype: getNamedGenotype(name), channels: 36, layers: 20, classes: 10, inputChannels: 3, height: 32, width: 32 });
    expect(Math.round(graphMultiplyAdds(g) / 1e6)).toBe(millions);
  });
});
