import type { SearchConfig } from '../../shared/config';
import { NONE_OP, deriveArchitecture, getDeriveRule, type DeriveRule } from '../derive';
import type { Genotype } from '../genotype';
import type { SearchSpace } from '../spaces';
import { attentionWeights } from '../supernet';

/** Per α group ('normal', 'reduce'), per edge: the α columns (primitive indices) still searched. */
export type Candidates = Record<string, number[][]>;

/**
 * P-DARTS's search-space approximation for one edge (chenxin061/pdarts train_search.py,
 * `get_min_k` / `get_min_k_no_zero`): of the ops still searched (`kept`, in column order), drop
 * the lowest-weighted until `keep` remain, the first minimum going first on ties (np.argmin).
 * `weights` is the edge's relaxed row over all primitives (this stage's softmax over the kept ops).
 * In the last stage ('none' excluded), 'none' is dropped first whatever its weight, so the one op
 * left is a real operation; in earlier stages 'none' competes like any op, as in the reference.
 */
export function pruneEdge(weights: readonly number[], kept: readonly number[], keep: number, primitives: readonly string[], dropNone: boolean): number[] {
  if (keep > kept.length) throw new RangeError(`cannot keep ${keep} ops of the ${kept.length} an edge has`);
  let left = [...kept];
  const none = primitives.indexOf(NONE_OP);
  if (dropNone && left.includes(none) && left.length > keep) left = left.filter((k) => k !== none);
  while (left.length > keep) {
    const weakest = left.reduce((min, k) => (weights[k] < weights[min] ? k : min));
    left = left.filter((k) => k !== weakest);
  }
  return left;
}

/** `pruneEdge` over every edge of every α group. */
export function pruneCandidates(
  weights: Readonly<Record<string, readonly (readonly number[])[]>>,
  candidates: Candidates,
  keep: number,
  primitives: readonly string[],
  dropNone: boolean,
): Candidates {
  return Object.fromEntries(
    Object.entries(candidates).map(([group, edges]) => {
      const w = weights[group];
      if (!w) throw new RangeError(`no weights for α group '${group}'`);
      return [group, edges.map((kept, i) => pruneEdge(w[i], kept, keep, primitives, dropNone))];
    }),
  );
}

/**
 * The reference's skip-connect dropout rate for epoch `epoch` of a stage of `epochs` epochs with
 * `warmup` weight-only epochs and initial rate `p0`: p0·(E − e − 1)/E during the warm-up, then
 * p0·exp(−0.2·(e − warmup)) (train_search.py, `scale_factor = 0.2`).
 */
export function skipDropoutRate(p0: number, epoch: number, epochs: number, warmup: number): number {
  return epoch < warmup ? (p0 * (epochs - epoch - 1)) / epochs : p0 * Math.exp(-0.2 * (epoch - warmup));
}

/** What epoch `epoch` of P-DARTS stage `stage` (of `epochs` epochs) does: α steps after the warm-up, and its skip dropout. */
export function stageEpoch(
  p: Pick<NonNullable<SearchConfig['progressive']>, 'skipDropout' | 'warmupEpochs'>,
  stage: number,
  epoch: number,
  epochs: number,
): { archStep: boolean; skipDropout: number } {
  return { archStep: epoch >= p.warmupEpochs, skipDropout: skipDropoutRate(p.skipDropout[stage], epoch, epochs, p.warmupEpochs) };
}

/**
 * The reference's final architecture from the last stage's relaxed weights (softmax over each
 * edge's remaining ops, pruned ops at 0, so 'none' never wins): DARTS top-2 edges per node by the
 * best non-'none' weight, each with that op, then the normal cell's skip_connects capped at
 * `maxSkip` by zeroing the weakest and re-deriving, which re-picks among the last stage's ops
 * (the pdarts-skip-cap rule; `keep_1_on` / `keep_2_branches` in train_search.py).
 */
export function pdartsGenotype(space: SearchSpace, weights: Readonly<Record<string, readonly (readonly number[])[]>>, maxSkip: number): Genotype {
  // `layers` only matters for an α per cell, which P-DARTS does not use. In an attention space
  // each kept edge also takes its argmax module by β, as Att-DARTS derives.
  const { rule, options } = pdartsDerivation(maxSkip);
  return deriveArchitecture(rule, weights, { space, layers: 0, options }, attentionWeights(space, weights));
}

/** P-DARTS's final parse: DARTS top-2 edges per node, the normal cell's skip_connects capped at `maxSkip`. */
export function pdartsDerivation(maxSkip: number): { rule: DeriveRule; options: unknown } {
  return { rule: getDeriveRule('pdarts-skip-cap'), options: { k: 2, maxSkip } };
}
