import * as tf from '@tensorflow/tfjs';
import { convBnStem, linear, type Ctx } from '../nn/layers';
import { ParamStore, Scope } from '../nn/params';
import type { SearchSpace } from '../spaces';
import { Rng } from '../util/rng';
import { searchCell, type EdgeWeights } from './cell';
import type { Relaxation } from './relaxations';

export interface SupernetOptions {
  space: SearchSpace;
  relaxation: Relaxation;
  channels: number;
  layers: number;
  classes: number;
  inputChannels: number;
  /** α starts as std · N(0, 1) (the reference uses 1e-3); 0 gives the papers' α = 0. */
  alphaInitStd: number;
  groups?: number;
  seed: number;
}

/**
 * The search network (reference model_search.py Network): stem conv3x3 → BN (affine), cells with
 * reductions where the space says (channels double there), global average pooling, linear
 * classifier. α lives outside the ParamStore so that it is never counted or decayed as a weight.
 */
export class Supernet {
  readonly params: ParamStore;
  /** α groups by name ('normal'/'reduce', or 'cell<i>' when each cell has its own). */
  readonly alphas = new Map<string, tf.Variable>();
  /** For each cell, the α group it reads. */
  readonly cellGroups: string[] = [];
  private readonly net: (x: tf.Tensor4D, ctx: Ctx) => tf.Tensor2D;

  constructor(readonly options: SupernetOptions) {
    const { space, channels: c, layers, classes, inputChannels } = options;
    const rng = new Rng(options.seed);
    this.params = new ParamStore(rng.fork());
    const alphaRng = rng.fork();
    const root = new Scope(this.params);
    const stemC = space.stemMultiplier * c;
    const stem = convBnStem(root.child('stem'), inputChannels, stemC);
    const reductions = new Set(space.reductionCells(layers));
    let [cPrevPrev, cPrev, cCurr] = [stemC, stemC, c];
    let reductionPrev = false;
    const cells: Array<ReturnType<typeof searchCell>> = [];
    for (let i = 0; i < layers; i++) {
      const reduction = reductions.has(i);
      if (reduction) cCurr *= 2;
      cells.push(searchCell(root.child('cells').child(i), space, { cPrevPrev, cPrev, channels: cCurr, reduction, reductionPrev, groups: options.groups }));
      this.cellGroups.push(space.alphaSharing === 'per-type' ? (reduction ? 'reduce' : 'normal') : `cell${i}`);
      reductionPrev = reduction;
      [cPrevPrev, cPrev] = [cPrev, space.multiplier * cCurr];
    }
    const classifier = linear(root.child('classifier'), cPrev, classes);

    const edgeCount = space.edges(space.nodes).length;
    for (const group of new Set(this.cellGroups)) {
      const values = new Float32Array(edgeCount * space.primitives.length).map(() => options.alphaInitStd * alphaRng.normal());
      this.alphas.set(group, tf.variable(tf.tensor2d(values, [edgeCount, space.primitives.length]), true, `${this.params.uid}/alphas_${group}`));
    }

    this.net = (x, ctx) => {
      const weights = new Map<string, EdgeWeights>();
      for (const [group, alpha] of this.alphas) {
        weights.set(group, tf.unstack(options.relaxation.weights(alpha as tf.Tensor2D)).map((row) => tf.unstack(row) as tf.Scalar[]));
      }
      let s0 = stem(x, ctx);
      let s1 = s0;
      cells.forEach((cell, i) => {
        [s0, s1] = [s1, cell(s0, s1, weights.get(this.cellGroups[i]) as EdgeWeights, ctx)];
      });
      return classifier(tf.mean(s1, [1, 2]) as tf.Tensor2D);
    };
  }

  forward(x: tf.Tensor4D, ctx: Ctx): tf.Tensor2D {
    return this.net(x, ctx);
  }

  /** Mean cross-entropy of the logits against integer labels. */
  loss(x: tf.Tensor4D, labels: tf.Tensor1D, ctx: Ctx): { loss: tf.Scalar; logits: tf.Tensor2D } {
    const logits = this.forward(x, ctx);
    return { loss: crossEntropy(logits, labels), logits };
  }

  weights(): tf.Variable[] {
    return this.params.weightList();
  }

  alphaList(): tf.Variable[] {
    return [...this.alphas.values()];
  }

  /** α of every group as host arrays [edges][ops]. */
  alphaValues(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    for (const [group, a] of this.alphas) out[group] = a.arraySync() as number[][];
    return out;
  }

  dispose(): void {
    this.params.dispose();
    for (const a of this.alphas.values()) a.dispose();
    this.alphas.clear();
  }
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar;
}
