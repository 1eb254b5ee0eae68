import type { RunKind } from '../../../shared/runs';

/**
 * The split a run's validation accuracy is measured on, by run kind: a search's is the α half of
 * its training data (first-order DARTS trains α on it), a retraining's the test split, as train.py
 * evaluates. The two are not one measure: every place that shows one names its split.
 */
export const ACCURACY_SPLIT: Record<RunKind, { short: string; long: string }> = {
  search: { short: 'α split', long: "the search's validation half of the training data (the split α is trained on)" },
  retrain: { short: 'test split', long: 'the test split (a held-out part of the training set for a dataset without one)' },
};
