export { EvalNetwork, type EvalNetworkOptions } from './network';
