import * as tf from '@tensorflow/tfjs';
import type { Spatial } from '../attention';
import { auxiliaryHeadCifar } from '../evaluate/auxiliary';
import { AUXILIARY_SCOPE } from '../evaluate/network';
import type { EvalCtx } from '../evaluate/drop-path';
import { convBnStem, linear } from '../nn/layers';
import { checkpoint, type RandomSource } from '../nn/activation-checkpoint';
import { withMemo } from '../nn/memo';
import { formulation } from '../ops';
import { ParamStore, Scope } from '../nn/params';
import type { SearchSpace } from '../spaces';
import { Rng } from '../util/rng';
import { searchCell, type Segmenter } from './cell';
import { DropPathState } from './drop_path';
import type { Relaxation } from './relaxations';
import { SkipDropout } from './skip_dropout';

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
  /** Input height and width: required by spaces with attention modules (Gather-Excite's gather kernel spans the map). */
  inputSize?: Spatial;
  /**
   * Per α group, per edge, the α columns still searched (P-DARTS's reduced space): the other ops
   * are not built and their α is masked to weight 0, so the relaxation runs over the kept ops only,
   * as the reference's compact per-stage α does. Every op when omitted.
   */
  candidates?: Readonly<Record<string, readonly (readonly number[])[]>>;
  /**
   * An auxiliary tower (the evaluation's AuxiliaryHeadCIFAR, pooled to 2x2 whatever the map size)
   * on the output of the second reduction cell, i.e. at 2/3 depth (Amended-DARTS "consistency").
   * Built after every other parameter, so the rest initialise as without it. Needs `inputSize`.
   */
  auxiliary?: boolean;
  /**
   * Activation checkpointing per cell node: a training pass keeps each node's inputs and output
   * only, and runs the node's edges again during backprop (src/engine/nn/activation-checkpoint.ts).
   * Differentiate through activation-checkpoint's `variableGrads`. Peak memory then holds the intermediates of
   * one node's edges instead of every cell's; a step costs about one more forward.
   */
  checkpoint?: boolean;
}

/** A training forward pass: the logits, and the auxiliary tower's when the network has one. */
export interface SupernetOutput {
  logits: tf.Tensor2D;
  auxLogits: tf.Tensor2D | null;
}

/** The β group (Att-DARTS attention weights) read alongside α group `group`. */
export const attentionGroup = (group: string): string => `${group}_attention`;

/** A per-type attention space's relaxed β for derivation (deriveArchitecture's `attention`); undefined without attention. */
export function attentionWeights(space: SearchSpace, weights: Readonly<Record<string, readonly (readonly number[])[]>>) {
  return space.attentions && { modules: space.attentions, normal: weights[attentionGroup('normal')], reduce: weights[attentionGroup('reduce')] };
}

/** Added to a pruned op's α before the relaxation: softmax and sigmoid both give it weight 0. */
const PRUNED = -1e9;

/** Per edge, 0 for the kept columns and PRUNED for the others. */
const maskRows = (kept: readonly (readonly number[])[], columns: number) => kept.map((cols) => Array.from({ length: columns }, (_, k) => (cols.includes(k) ? 0 : PRUNED)));

/**
 * The mixing weights for host α values, as the network computes them: the relaxation over each
 * edge's kept ops (`candidates`, per α group), the pruned ones at 0. Groups without candidates
 * keep every op.
 */
export function relaxedHostWeights(
  relaxation: Relaxation,
  raw: Readonly<Record<string, readonly (readonly number[])[]>>,
  candidates: Readonly<Record<string, readonly (readonly number[])[]>> = {},
): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const [group, a] of Object.entries(raw)) {
    const kept = candidates[group];
    const mask = kept && maskRows(kept, a[0]?.length ?? 0);
    out[group] = relaxation.hostWeights(a.map((row, i) => row.map((v, k) => v + (mask ? mask[i][k] : 0))));
  }
  return out;
}

/**
 * The search network (reference model_search.py Network): stem conv3x3 → BN (affine), cells with
 * reductions where the space says (channels double there), global average pooling, linear
 * classifier. α lives outside the ParamStore so that it is never counted or decayed as a weight.
 */
export class Supernet {
  readonly params: ParamStore;
  /**
   * Architecture parameters by group: α ('normal'/'reduce', or 'cell<i>' when each cell has its
   * own), and for a space with attention modules β as `attentionGroup(α group)`, [edges, modules].
   */
  readonly alphas = new Map<string, tf.Variable>();
  /** P-DARTS's skip-connect dropout; its `rate` (0 at first) may change between epochs. */
  readonly skipDropout: SkipDropout;
  /** Drop path on the edges' ops, read by weight steps only; its `prob` (0 at first) may change between epochs. */
  readonly dropPath: DropPathState;
  /** Per masked α group: 0 for kept ops, PRUNED for pruned ones. */
  private readonly masks = new Map<string, tf.Tensor2D>();
  /** For each cell, the α group it reads. */
  readonly cellGroups: string[] = [];
  private readonly net: (x: tf.Tensor4D, ctx: EvalCtx, withAux: boolean) => SupernetOutput;

  constructor(readonly options: SupernetOptions) {
    const { space, channels: c, layers, classes, inputChannels } = options;
    const rng = new Rng(options.seed);
    this.params = new ParamStore(rng.fork());
    const alphaRng = rng.fork();
    this.skipDropout = new SkipDropout(rng.nextUint32());
    this.dropPath = new DropPathState(rng.nextUint32());
    const root = new Scope(this.params);
    const groupOf = (i: number, reduction: boolean) => (space.alphaSharing === 'per-type' ? (reduction ? 'reduce' : 'normal') : `cell${i}`);
    let spatial = options.inputSize;
    const stemC = space.stemMultiplier * c;
    const stem = convBnStem(root.child('stem'), inputChannels, stemC);
    const reductions = new Set(space.reductionCells(layers));
    // The evaluation network's place for its head: after the second reduction cell.
    const auxAfter = options.auxiliary ? [...reductions].sort((a, b) => a - b)[1] : undefined;
    if (options.auxiliary && auxAfter === undefined) throw new Error(`the auxiliary tower sits after the second reduction cell; ${layers} cells have ${reductions.size}`);
    if (options.auxiliary && !spatial) throw new Error('the auxiliary tower needs the input size');
    let auxInput: { channels: number; spatial: Spatial } | undefined;
    let [cPrevPrev, cPrev, cCurr] = [stemC, stemC, c];
    let reductionPrev = false;
    const cells: Array<ReturnType<typeof searchCell>> = [];
    for (let i = 0; i < layers; i++) {
      const reduction = reductions.has(i);
      if (reduction) cCurr *= 2;
      // Stride-2 ops (3x3 with padding 1, or 1x1) give ⌈H/2⌉ × ⌈W/2⌉.
      if (reduction && spatial) spatial = { height: Math.ceil(spatial.height / 2), width: Math.ceil(spatial.width / 2) };
      const group = groupOf(i, reduction);
      cells.push(
        searchCell(root.child('cells').child(i), space, {
          cPrevPrev,
          cPrev,
          channels: cCurr,
          reduction,
          reductionPrev,
          groups: options.groups,
          spatial,
          candidates: options.candidates?.[group],
          skipDropout: this.skipDropout,
        }),
      );
      this.cellGroups.push(group);
      reductionPrev = reduction;
      [cPrevPrev, cPrev] = [cPrev, space.multiplier * cCurr];
      if (i === auxAfter) auxInput = { channels: cPrev, spatial: spatial as Spatial };
    }
    const classifier = linear(root.child('classifier'), cPrev, classes);
    const auxHead = auxInput && auxiliaryHeadCifar(root.child(AUXILIARY_SCOPE), auxInput.channels, classes, auxInput.spatial);

    const edgeCount = space.edges(space.nodes).length;
    const addGroup = (group: string, columns: number) => {
      const values = new Float32Array(edgeCount * columns).map(() => options.alphaInitStd * alphaRng.normal());
      // The variable shares the initial tensor's data: disposing that tensor only drops its reference.
      const initial = tf.tensor2d(values, [edgeCount, columns]);
      this.alphas.set(group, tf.variable(initial, true, `${this.params.uid}/alphas_${group}`));
      initial.dispose();
    };
    const groups = new Set(this.cellGroups);
    for (const group of groups) addGroup(group, space.primitives.length);
    // β after every α group, so that a space without attention draws the same α as before.
    if (space.attentions) for (const group of groups) addGroup(attentionGroup(group), space.attentions.length);
    for (const [group, kept] of Object.entries(options.candidates ?? {})) {
      if (!groups.has(group)) throw new Error(`candidates given for α group '${group}', which the network does not have`);
      if (kept.length !== edgeCount) throw new Error(`candidates for '${group}' list ${kept.length} edges, the cell has ${edgeCount}`);
      this.masks.set(group, tf.keep(tf.tensor2d(maskRows(kept, space.primitives.length))));
    }

    this.net = (x, outerCtx, withAux) => withMemo(formulation() !== 'straightforward', (memo) => forward(x, { ...outerCtx, memo }, withAux));
    const forward = (x: tf.Tensor4D, ctx: EvalCtx, withAux: boolean): SupernetOutput => {
      const weights = new Map<string, tf.Tensor2D>();
      for (const [group, alpha] of this.alphas) {
        const mask = this.masks.get(group);
        weights.set(group, options.relaxation.weights((mask ? tf.add(alpha, mask) : alpha) as tf.Tensor2D));
      }
      let s0 = stem(x, ctx);
      let s1 = s0;
      let auxLogits: tf.Tensor2D | null = null;
      const random: RandomSource[] = ctx.dropPath ? [this.skipDropout, ctx.dropPath] : [this.skipDropout];
      // Only a pass that backpropagates has intermediates worth dropping.
      const segment: Segmenter | undefined = options.checkpoint && ctx.training ? (run, inputs, params) => checkpoint(run, inputs, params, random) : undefined;
      cells.forEach((cell, i) => {
        const group = this.cellGroups[i];
        [s0, s1] = [s1, cell(s0, s1, weights.get(group) as tf.Tensor2D, ctx, weights.get(attentionGroup(group)), segment)];
        if (i === auxAfter && auxHead && withAux) auxLogits = auxHead(s1, ctx);
      });
      return { logits: classifier(tf.mean(s1, [1, 2]) as tf.Tensor2D), auxLogits };
    };
  }

  /** Class logits; the auxiliary tower does not run. */
  forward(x: tf.Tensor4D, ctx: EvalCtx): tf.Tensor2D {
    return this.net(x, ctx, false).logits;
  }

  /** Class logits and, in training with a tower, the tower's logits (else null), as the evaluation network's forward. */
  forwardWithAux(x: tf.Tensor4D, ctx: EvalCtx): SupernetOutput {
    return this.net(x, ctx, ctx.training);
  }

  /** Mean cross-entropy of the logits against integer labels. */
  loss(x: tf.Tensor4D, labels: tf.Tensor1D, ctx: EvalCtx): { loss: tf.Scalar; logits: tf.Tensor2D } {
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

  /** The mixing weights the network uses for host α values (`alphaValues()`): pruned ops at 0. */
  relaxedValues(raw: Record<string, number[][]>): Record<string, number[][]> {
    return relaxedHostWeights(this.options.relaxation, raw, this.options.candidates);
  }

  dispose(): void {
    this.params.dispose();
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
    for (const a of this.alphas.values()) a.dispose();
    this.alphas.clear();
  }
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar;
}
