import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParamStore, Scope } from '../../../src/engine/nn/params';
import { Sgd, Adam } from '../../../src/engine/optim';
import { getRegularizer, type Regularizer } from '../../../src/engine/regularizers';
import { auxiliaryHeadCifar } from '../../../src/engine/evaluate/auxiliary';
import { archStep, weightStep } from '../../../src/engine/search/steps';
import { getSearchSpace } from '../../../src/engine/spaces';
import { getStrategy } from '../../../src/engine/strategies';
import { Supernet, crossEntropy, type SupernetOptions } from '../../../src/engine/supernet';
import { mixedOp } from '../../../src/engine/supernet/mixed_op';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
import { Rng } from '../../../src/engine/util/rng';
import { getPreset, parseSearchConfig } from '../../../src/shared/config';
import type { SearchEvent } from '../../../src/shared/search-events';
import { useBackend } from '../../helpers/backend';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { runCollecting, straightAndResumed } from '../search/fixtures';

const create = (id: string, options: Record<string, unknown> = {}): Regularizer => {
  const entry = getRegularizer(id);
  return entry.create(entry.optionsSchema.parse(options));
};

/** 5 cells (reductions at 1 and 3), C=2, 3 classes, 8x8 one-channel images. */
const NET: SupernetOptions = {
  space: getSearchSpace('darts'),
  relaxation: softmaxRelaxation,
  channels: 2,
  layers: 5,
  classes: 3,
  inputChannels: 1,
  alphaInitStd: 1e-3,
  seed: 11,
  inputSize: { height: 8, width: 8 },
};

const batch = (n: number, seed: number) => ({
  x: tf.randomNormal<tf.Rank.R4>([n, 8, 8, 1], 0, 1, 'float32', seed),
  y: tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), 'int32'),
});

const host = (vs: Iterable<[string, tf.Variable]>) => new Map([...vs].map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('search–evaluation consistency regularizers (Amended-DARTS)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('drop path on a mixed op zeroes whole examples at rate p, scales kept ones by 1/(1 − p), from the seeded stream', () => {
    const scope = new Scope(new ParamStore(new Rng(3)));
    const op = mixedOp(scope, ['sep_conv_3x3'], 2, 1, { affine: false });
    const n = 400;
    const p = 0.3;
    const x = tf.randomNormal<tf.Rank.R4>([n, 4, 4, 2], 0, 1, 'float32', 4);
    const w = [tf.scalar(1)];
    const plain = op(x, w, { training: true }).arraySync() as number[][][][];
    const dropped = op(x, w, { training: true, dropPath: { prob: p, rng: new Rng(9) } }).arraySync() as number[][][][];
    // The mask the evaluation network's drop path draws from the same stream.
    const rng = new Rng(9);
    const kept = Array.from({ length: n }, () => rng.next() < 1 - p);
    let zeroed = 0;
    for (let i = 0; i < n; i++) {
      const a = plain[i].flat(2);
      const b = dropped[i].flat(2);
      if (!kept[i]) zeroed++;
      b.forEach((v, k) => expect(v).toBeCloseTo(kept[i] ? a[k] / (1 - p) : 0, 4));
    }
    expect(zeroed / n).toBeGreaterThan(0.25);
    expect(zeroed / n).toBeLessThan(0.35);
    // Inference never drops.
    const evalA = op(x, w, { training: false });
    const evalB = op(x, w, { training: false, dropPath: { prob: p, rng: new Rng(9) } });
    expect(Array.from(evalB.dataSync())).toEqual(Array.from(evalA.dataSync()));
    tf.dispose([x, evalA, evalB, ...w]);
  });

  it('drop path never touches a stride-1 skip_connect, but drops the reduction edge’s FactorizedReduce', () => {
    const scope = new Scope(new ParamStore(new Rng(3)));
    const ctx = () => ({ training: true, dropPath: { prob: 0.9, rng: new Rng(1) } });
    const x = tf.randomNormal<tf.Rank.R4>([50, 4, 4, 2], 0, 1, 'float32', 5);
    const w = [tf.scalar(1)];
    const identity = mixedOp(scope.child('a'), ['skip_connect'], 2, 1, { affine: false })(x, w, ctx());
    expect(Array.from(identity.dataSync())).toEqual(Array.from(x.dataSync()));
    const reduce = mixedOp(scope.child('b'), ['skip_connect'], 2, 2, { affine: false })(x, w, ctx());
    const perExample = tf.sum(tf.abs(reduce), [1, 2, 3]).arraySync() as number[];
    // p = 0.9 over 50 examples: most zeroed whole, the rest kept.
    expect(perExample.filter((v) => v === 0).length).toBeGreaterThan(30);
    expect(perExample.filter((v) => v > 0).length).toBeGreaterThan(0);
    tf.dispose([x, identity, reduce, ...w]);
  });

  it("the 'drop-path' regularizer ramps p linearly over the epochs (or holds it), and only the weight step's pass drops", () => {
    const net = new Supernet(NET);
    const r = create('drop-path', { prob: 0.3 });
    r.beginEpoch?.(net, 2, 4);
    expect(net.dropPath.prob).toBeCloseTo(0.15, 10);
    expect(r.diagnostics?.()).toEqual({ 'drop-path.prob': net.dropPath.prob });
    r.beginEpoch?.(net, 0, 4);
    expect(net.dropPath.prob).toBe(0);
    create('drop-path', { prob: 0.3, ramp: 'constant' }).beginEpoch?.(net, 0, 4);
    expect(net.dropPath.prob).toBe(0.3);
    const { x } = batch(16, 1);
    // forward/loss (what α steps and evaluation call) ignore it; the weight step's context carries it.
    const a = net.forward(x, { training: true });
    const b = net.forward(x, { training: true });
    const c = net.forwardWithAux(x, { training: true, dropPath: net.dropPath }).logits;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
    // The stream restarts per epoch from the network's seed: the same epoch draws the same masks.
    net.dropPath.restart(1);
    const d1 = net.forwardWithAux(x, { training: true, dropPath: net.dropPath }).logits;
    net.dropPath.restart(1);
    const d2 = net.forwardWithAux(x, { training: true, dropPath: net.dropPath }).logits;
    expect(Array.from(d2.dataSync())).toEqual(Array.from(d1.dataSync()));
    tf.dispose([x, a, b, c, d1, d2]);
    net.dispose();
  });

  it('the tower adds exactly AuxiliaryHeadCIFAR(C_aux, classes), and the other parameters start as without it', () => {
    const without = new Supernet(NET);
    const withTower = new Supernet({ ...NET, auxiliary: true });
    // Second reduction: cell 3, C = 2·2·2 = 8; the cell concatenates 4 nodes: 32 channels.
    const cAux = 32;
    const tower = 128 * cAux + 2 * 128 + 128 * 768 * 2 * 2 + 2 * 768 + 768 * 3 + 3;
    expect(withTower.params.count()).toBe(without.params.count() + tower);
    const a = host(without.params.weights);
    const b = host(withTower.params.weights);
    for (const [name, v] of a) expect(b.get(name), name).toEqual(v);
    expect([...b.keys()].filter((k) => !a.has(k)).every((k) => k.startsWith('auxiliary_head.'))).toBe(true);
    expect(host(withTower.alphas)).toEqual(host(without.alphas));
    without.dispose();
    withTower.dispose();
    expect(() => new Supernet({ ...NET, layers: 1, auxiliary: true })).toThrow(/second reduction/);
  });

  it('the tower gives [n, classes] logits in training only; its weighted loss is 0.4 · CE', () => {
    const net = new Supernet({ ...NET, auxiliary: true });
    const { x, y } = batch(6, 2);
    const train = net.forwardWithAux(x, { training: true });
    expect(train.auxLogits?.shape).toEqual([6, 3]);
    const infer = net.forwardWithAux(x, { training: false });
    expect(infer.auxLogits).toBeNull();
    const r = create('auxiliary-tower');
    const term = r.weightLoss?.(train, y) as tf.Scalar;
    const ce = crossEntropy(train.auxLogits as tf.Tensor2D, y);
    expect(term.dataSync()[0]).toBeCloseTo(0.4 * ce.dataSync()[0], 5);
    expect(r.diagnostics?.()['auxiliary-tower.loss']).toBeCloseTo(ce.dataSync()[0], 5);
    tf.dispose([x, y, train.logits, train.auxLogits as tf.Tensor, infer.logits, term, ce]);
    net.dispose();
  });

  it('the tower loss reaches the weights (tower and trunk) in the weight step, and neither α nor the α step', () => {
    const nets = [new Supernet({ ...NET, auxiliary: true }), new Supernet({ ...NET, auxiliary: true })];
    const tower = [create('auxiliary-tower')];
    const sgd = () => new Sgd({ momentum: 0.9, weightDecay: 0 });
    const train = batch(8, 3);
    const alphas0 = host(nets[0].alphas);
    const before = host(nets[0].params.weights);
    const opts = [sgd(), sgd()];
    // No clipping: the global norm would couple every weight's update to the tower's gradient.
    weightStep(nets[0], train, opts[0], 0.1, Infinity, tower);
    weightStep(nets[1], train, opts[1], 0.1, Infinity, []);
    const [withAux, withoutAux] = nets.map((n) => host(n.params.weights));
    expect(host(nets[0].alphas)).toEqual(alphas0);
    const moved = (m: Map<string, number[]>, prefix: string) => [...m].filter(([k, v]) => k.startsWith(prefix) && v.some((e, i) => e !== before.get(k)?.[i])).length;
    // Every tower weight moves with the tower's loss, none without it; trunk cells before the tower differ.
    const towerCount = [...before.keys()].filter((k) => k.startsWith('auxiliary_head.')).length;
    expect(moved(withAux, 'auxiliary_head.')).toBe(towerCount);
    expect(moved(withoutAux, 'auxiliary_head.')).toBe(0);
    const differ = (prefix: string) => [...withAux].filter(([k, v]) => k.startsWith(prefix) && v.some((e, i) => e !== withoutAux.get(k)?.[i])).length;
    expect(differ('cells.0.')).toBeGreaterThan(0);
    // Cell 4 and the classifier sit after the tower: its loss cannot reach them.
    expect(differ('cells.4.')).toBe(0);
    expect(differ('classifier.')).toBe(0);
    // The α step ignores the tower: same α update and L_val with or without the regularizer.
    const fresh = [new Supernet({ ...NET, auxiliary: true }), new Supernet({ ...NET, auxiliary: true })];
    const val = batch(8, 4);
    const strategy = () => getStrategy('first-order').create({});
    const results = fresh.map((net, i) => {
      const adam = new Adam({ lr: 3e-3, beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 });
      const plugins = { strategy: strategy(), regularizers: i === 0 ? tower : [], archLr: 3e-3, gradClip: 5, scheduled: {} };
      const valLoss = archStep({ net, train, val, lr: 0.1, weightOptimizer: sgd(), progress: { epoch: 0, epochs: 1 } }, plugins, adam);
      adam.dispose();
      return { valLoss, alphas: host(net.alphas) };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0].alphas).not.toEqual(alphas0);
    tf.dispose([train.x, train.y, val.x, val.y]);
    for (const o of opts) o.dispose();
    for (const n of [...nets, ...fresh]) n.dispose();
  });

  it('amended-darts-consistency-quick keeps both regularizers and cutout, and runs 2+2 steps on wasm with a flat tensor count', { timeout: 300_000 }, async () => {
    const full = parseSearchConfig(getPreset('amended-darts-consistency').config);
    expect(full.model).toMatchObject({ space: 'amended-s1', channels: 36 });
    expect(full.data.augment).toMatchObject({ cutout: true, cutoutLength: 16 });
    const base = parseSearchConfig(getPreset('amended-darts-consistency-quick').config);
    expect(base.regularizers.map((r) => r.id)).toEqual(['drop-path', 'auxiliary-tower']);
    expect(base.data.augment.cutout).toBe(true);
    const config = parseSearchConfig({
      ...base,
      backend: 'wasm',
      data: { ...TINY_SEARCH.data, augment: { ...base.data.augment, cutoutLength: 4 } },
      budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
    });
    const { events, stepTensorCounts: counts } = await runCollecting(config);
    expect(events.at(-1)?.type).toBe('done');
    expect(counts.length).toBe(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const diagnostics = events.filter((e): e is Extract<SearchEvent, { type: 'diagnostics' }> => e.type === 'diagnostics');
    // The linear ramp: 0.2 · epoch / 2.
    expect(diagnostics.map((d) => d.values['drop-path.prob'])).toEqual([0, 0.1]);
    for (const d of diagnostics) expect(Number.isFinite(d.values['auxiliary-tower.loss'])).toBe(true);
  });
  it('on 8x8 maps the tower pools exactly as the reference head (5x5, stride 3)', () => {
    const heads = [undefined, { height: 8, width: 8 }].map((size) => {
      const store = new ParamStore(new Rng(2));
      return { store, head: auxiliaryHeadCifar(new Scope(store), 6, 4, size) };
    });
    const x = tf.randomNormal<tf.Rank.R4>([3, 8, 8, 6], 0, 1, 'float32', 8);
    const [a, b] = heads.map(({ head }) => head(x, { training: true }));
    expect(b.shape).toEqual([3, 4]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    for (const { store } of heads) store.dispose();
  });

  // Masks (drop path, skip-connect dropout) restart per epoch, so a resumed run draws the same ones.
  it.each([
    { name: 'drop-path and the auxiliary tower', regularizers: [{ id: 'drop-path', options: { prob: 0.3, ramp: 'constant' } }, { id: 'auxiliary-tower', options: {} }] },
    { name: 'skip-connect dropout', regularizers: [{ id: 'skip-dropout', options: { rate: 0.5 } }] },
  ])('a search with $name resumes from a checkpoint onto exactly the same trajectory', { timeout: 300_000 }, async ({ regularizers }) => {
    const config = parseSearchConfig({
      ...TINY_SEARCH,
      model: { channels: 2, layers: 5 },
      regularizers,
      budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
    });
    const trajectory = (events: SearchEvent[]) => events.flatMap((e): unknown[] => (e.type === 'alpha' ? [e.raw] : e.type === 'step' ? [e.trainLoss] : []));
    const { straight, interrupted, resumed } = await straightAndResumed(config);
    expect([...trajectory(interrupted), ...trajectory(resumed)]).toEqual(trajectory(straight));
  });
});
