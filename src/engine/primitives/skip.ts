import { factorizedReduce } from '../nn/layers';
import type { Primitive } from './types';

/** Identity, or FactorizedReduce when the edge reduces (the reference's skip_connect). */
export const skipConnect: Primitive = {
  id: 'skip_connect',
  title: 'Skip connection',
  parameterFree: true,
  bnInMixedOp: false,
  create: (scope, c, stride, { affine }) => (stride === 1 ? (x) => x : factorizedReduce(scope, c, c, affine)),
};

/**
 * The zero op ('none'). The reference multiplies a zero tensor by its weight; that term adds
 * nothing to the sum and its α gradient is zero, so it is omitted while α keeps its column.
 */
export const none: Primitive = {
  id: 'none',
  title: 'No connection (zero)',
  parameterFree: true,
  bnInMixedOp: false,
  create: () => null,
};
