import type { TrainedModel } from '../../retrain';
import type { ExportSource } from '../source';
import type { TensorSource } from '../tfjs';

export function requireModel(src: ExportSource): TrainedModel {
  if (!src.model) throw new Error(`run ${src.ref} has no trained weights (only a retraining run does): retrain its genotype first`);
  return src.model;
}

/** The trained network's weights and BN buffers by name. */
export function tensorSource(model: TrainedModel): TensorSource {
  const { weights, buffers } = model.net.params;
  return (name) => {
    const v = weights.get(name) ?? buffers.get(name);
    if (!v) throw new Error(`the network has no tensor ${name}`);
    return v;
  };
}
