export { retrain, loadNetworkState, type RetrainOptions } from './retrain';
export { createRetrainSession, resolveRetrainPlugins, retrainConfigHash, dropPathRng, type RetrainSession } from './session';
export { trainStep, evaluateNetwork, type TrainStepResult } from './steps';
export { loadTrainedModel, type TrainedModel } from './model';
