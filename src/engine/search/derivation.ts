import type { SearchConfig } from '../../shared/config';
import { getDeriveRule, type DeriveRule } from '../derive';
import { pdartsDerivation } from './pdarts-pruning';

/**
 * The rule and rule options that derive a search's genotype: the config's `derivation`, or for a
 * progressive (P-DARTS) search the reference's final parse (the pdarts-skip-cap rule).
 */
export function searchDerivation(c: Pick<SearchConfig, 'derivation' | 'progressive'>): { rule: DeriveRule; options: unknown } {
  return c.progressive ? pdartsDerivation(c.progressive.maxSkip) : { rule: getDeriveRule(c.derivation.id), options: c.derivation.options };
}
