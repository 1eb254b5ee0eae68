export { EvalNetwork, evalReductionCells, type EvalNetworkOptions } from './network';
