import * as tf from '@tensorflow/tfjs';
import { checkGenotype, type Genotype } from '../genotype';
import { convBnStem, linear } from '../nn/layers';
import { ParamStore, Scope } from '../nn/params';
import { halve, reductionsAtThirds } from '../spaces';
import { Rng } from '../util/rng';
import { auxiliaryHeadCifar } from './auxiliary';
import { evalCell } from './cell';
import { cellOf } from './cell-of';
import type { EvalCtx } from './drop-path';

export interface EvalNetworkOptions {
  genotype: Genotype;
  channels: number;
  layers: number;
  classes: number;
  inputChannels: number;
  /** Adds the auxiliary head after the second reduction (reference `--auxiliary`). */
  auxiliary: boolean;
  seed: number;
  /** Image size: needed only by genotypes with attention modules (their maps' size). */
  inputSize?: { height: number; width: number };
}



/** The reference's stem width is 3·C. */
const STEM_MULTIPLIER = 3;
/** Prefix of the auxiliary head's parameters, the reference's attribute name. */
export const AUXILIARY_SCOPE = 'auxiliary_head';

/**
 * The evaluation network a genotype is retrained as (reference model.py NetworkCIFAR): stem conv3x3
 * → BN, `layers` cells built from the genotype (channels double at the reductions), global average
 * pooling, linear classifier; optionally an auxiliary head on the output of the second reduction
 * cell. Every BN is affine. Drop path applies in training when the context asks for it.
 */
export class EvalNetwork {
  readonly params: ParamStore;
  readonly reductionCells: number[];
  private readonly net: (x: tf.Tensor4D, ctx: EvalCtx) => { logits: tf.Tensor2D; auxLogits: tf.Tensor2D | null };

  constructor(readonly options: EvalNetworkOptions) {
    const { channels: c, layers, classes, inputChannels } = options;
    const genotype = checkGenotype(options.genotype);
    this.params = new ParamStore(new Rng(options.seed));
    const root = new Scope(this.params);
    const stemC = STEM_MULTIPLIER * c;
    const stem = convBnStem(root.child('stem'), inputChannels, stemC);
    this.reductionCells = reductionsAtThirds(layers);
    const auxAfter = this.reductionCells[1];
    let [cPrevPrev, cPrev, cCurr] = [stemC, stemC, c];
    let reductionPrev = false;
    let size = options.inputSize;
    let auxHead: ReturnType<typeof auxiliaryHeadCifar> | null = null;
    const cells: Array<ReturnType<typeof evalCell>> = [];
    for (let i = 0; i < layers; i++) {
      const reduction = this.reductionCells.includes(i);
      if (reduction) cCurr *= 2;
      if (reduction && size) size = { height: halve(size.height), width: halve(size.width) };
      const { edges, concat } = cellOf(genotype, i, layers, reduction);
      cells.push(evalCell(root.child('cells').child(i), edges, concat, { cPrevPrev, cPrev, channels: cCurr, reduction, reductionPrev, spatial: size, ops: genotype.ops }));
      reductionPrev = reduction;
      [cPrevPrev, cPrev] = [cPrev, concat.length * cCurr];
      if (i === auxAfter && options.auxiliary) auxHead = auxiliaryHeadCifar(root.child(AUXILIARY_SCOPE), cPrev, classes);
    }
    const classifier = linear(root.child('classifier'), cPrev, classes);

    this.net = (x, ctx) => {
      let s0 = stem(x, ctx);
      let s1 = s0;
      let auxLogits: tf.Tensor2D | null = null;
      cells.forEach((cell, i) => {
        [s0, s1] = [s1, cell(s0, s1, ctx)];
        // As the reference, the auxiliary head only runs in training.
        if (i === auxAfter && auxHead && ctx.training) auxLogits = auxHead(s1, ctx);
      });
      return { logits: classifier(tf.mean(s1, [1, 2]) as tf.Tensor2D), auxLogits };
    };
  }

  /** NHWC images → class logits, plus the auxiliary head's logits in training (else null). */
  forward(x: tf.Tensor4D, ctx: EvalCtx): { logits: tf.Tensor2D; auxLogits: tf.Tensor2D | null } {
    return this.net(x, ctx);
  }

  /** Trainable parameters outside the auxiliary head: what the reference's train.py reports. */
  countWithoutAuxiliary(): number {
    let n = 0;
    for (const [name, v] of this.params.weights) if (!name.startsWith(`${AUXILIARY_SCOPE}.`)) n += v.size;
    return n;
  }

  weights(): tf.Variable[] {
    return this.params.weightList();
  }

  dispose(): void {
    this.params.dispose();
  }
}
