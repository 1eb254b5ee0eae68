import type { RunKind, SeriesMetric } from '../../../shared/runs';

/** One dashboard chart: its lines by metric, drawn against steps or epochs. */
export interface ChartSpec {
  title: string;
  x: 'step' | 'epoch';
  metrics: Array<[SeriesMetric, string]>;
}

const EPOCH_CHARTS: ChartSpec[] = [
  { title: 'Loss per epoch', x: 'epoch', metrics: [['epoch.trainLoss', 'train'], ['epoch.valLoss', 'val']] },
  { title: 'Accuracy per epoch', x: 'epoch', metrics: [['epoch.trainAcc', 'train'], ['epoch.valAcc', 'val']] },
];

/**
 * The charts of a run by its kind: a search shows its α side (val batch loss, α lr, α step time);
 * a retraining has none, but an auxiliary loss and the drop-path ramp.
 */
export const RUN_CHARTS: Record<RunKind, ChartSpec[]> = {
  search: [
    { title: 'Loss per step', x: 'step', metrics: [['step.trainLoss', 'train'], ['step.valLoss', 'val (α batch)']] },
    { title: 'Train accuracy per step', x: 'step', metrics: [['step.trainAcc', 'train']] },
    ...EPOCH_CHARTS,
    { title: 'Learning rates', x: 'step', metrics: [['step.lr', 'w lr'], ['step.archLr', 'α lr']] },
    { title: 'Step time (s)', x: 'step', metrics: [['step.archTime', 'α step'], ['step.weightTime', 'w step']] },
  ],
  retrain: [
    // trainLoss is what training minimizes: the main loss plus auxiliaryWeight × the auxiliary loss.
    { title: 'Loss per step', x: 'step', metrics: [['step.trainLoss', 'train (with auxiliary)'], ['step.auxLoss', 'auxiliary head']] },
    { title: 'Train accuracy per step', x: 'step', metrics: [['step.trainAcc', 'train']] },
    ...EPOCH_CHARTS,
    { title: 'Learning rate', x: 'step', metrics: [['step.lr', 'lr']] },
    { title: 'Drop path probability', x: 'step', metrics: [['step.dropPathProb', 'drop path']] },
    { title: 'Step time (s)', x: 'step', metrics: [['step.weightTime', 'step']] },
  ],
};
