import type { RetrainConfig } from '../../shared/config';
import type { RetrainMetadata } from '../../shared/retrain-events';
import { EvalNetwork, inferenceGraph, type InferenceGraph } from '../evaluate';
import { genotypeFromJson } from '../genotype';
import { loadCheckpoint } from '../search';
import { loadNetworkState } from './retrain';

/** A retrained network with what exporters need beside its weights. */
export interface TrainedModel {
  config: RetrainConfig;
  meta: RetrainMetadata;
  net: EvalNetwork;
  graph: InferenceGraph;
  /** Epochs the weights were trained for. */
  epochs: number;
  dispose(): void;
}

/** Rebuilds the network a retraining run describes and loads a checkpoint's weights into it. */
export async function loadTrainedModel(config: RetrainConfig, meta: RetrainMetadata, checkpointDir: string): Promise<TrainedModel> {
  const genotype = genotypeFromJson(config.genotype);
  const { channels, layers, auxiliary } = config.model;
  const d = meta.dataset;
  const options = { genotype, channels, layers, classes: d.classes, inputChannels: d.channels, auxiliary, inputSize: { height: d.height, width: d.width } };
  const checkpoint = await loadCheckpoint(checkpointDir);
  const net = new EvalNetwork({ ...options, seed: 0 });
  try {
    loadNetworkState(net, checkpoint);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return {
    config,
    meta,
    net,
    graph: inferenceGraph({ ...options, height: d.height, width: d.width }),
    epochs: checkpoint.epoch,
    dispose: () => net.dispose(),
  };
}
