export { EvalNetwork, type EvalNetworkOptions } from './network';
export { dropPath, type EvalCtx } from './drop-path';
export { inferenceGraph, graphParams, graphMultiplyAdds, nodeTensors, type InferenceGraph, type GraphNode, type GraphOp, type GraphOptions } from './graph';
