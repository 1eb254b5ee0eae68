import type { SearchConfig } from '../../shared/config';
import { getDeriveRule, type DeriveRule } from '../derive';
import type { Genotype, GenotypeOps } from '../genotype';
import type { SearchSpace } from '../spaces';
import { pdartsDerivation } from './pdarts-pruning';

/**
 * The rule and rule options that derive a search's genotype: the config's `derivation`, or for a
 * progressive (P-DARTS) search the reference's final parse (the pdarts-skip-cap rule).
 */
export function searchDerivation(c: Pick<SearchConfig, 'derivation' | 'progressive'>): { rule: DeriveRule; options: unknown } {
  return c.progressive ? pdartsDerivation(c.progressive.maxSkip) : { rule: getDeriveRule(c.derivation.id), options: c.derivation.options };
}

/**
 * The genotype a search over `space` derived, carrying how that space built its conv ops (its
 * op options and the model's group count) when they differ from the defaults, so that the
 * evaluation network retrains and exports the searched modules.
 */
export function withSearchedOps(genotype: Genotype, space: SearchSpace, groups: number): Genotype {
  const ops: GenotypeOps = { ...space.opOptions, ...(groups !== 1 && { groups }) };
  return Object.keys(ops).length === 0 ? genotype : { ...genotype, ops };
}
