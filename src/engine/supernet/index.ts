export { Supernet, crossEntropy, type SupernetOptions } from './network';
export { relaxations, getRelaxation, type Relaxation } from './relaxations';
