import { memoized } from '../nn/memo';
import { avgPool3x3, maxPool3x3 } from '../ops';
import type { Primitive } from './types';

export const maxPool: Primitive = {
  id: 'max_pool_3x3',
  title: '3x3 max pooling',
  parameterFree: true,
  bnInMixedOp: true,
  create: (_scope, _c, stride) => (x, ctx) => memoized(ctx.memo, x, `max_pool_3x3/${stride}`, () => maxPool3x3(x, stride)),
};

export const avgPool: Primitive = {
  id: 'avg_pool_3x3',
  title: '3x3 average pooling (padding excluded from the count)',
  parameterFree: true,
  bnInMixedOp: true,
  create: (_scope, _c, stride) => (x, ctx) => memoized(ctx.memo, x, `avg_pool_3x3/${stride}`, () => avgPool3x3(x, stride)),
};
