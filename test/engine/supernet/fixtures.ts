export { Supernet } from '../../../src/engine/supernet';
export { softmaxRelaxation as softmaxRelaxationForTest } from '../../../src/engine/supernet/relaxations';
