import { ALLEGRO_DEFAULTS } from './allegro-defaults';
import { dilConvBlocks } from './dil_conv';
import { sepConvBlock } from './sep_conv';
import type { Primitive } from './types';

// AllegroSepConv and AllegroDilConv; ALLEGRO_DEFAULTS documents how they follow the paper.
const allegroSepConv = (k: number): Primitive => ({
  id: `allegro_sep_conv_${k}x${k}`,
  title: `${k}x${k} AllegroSepConv (widened separable convolution)`,
  parameterFree: false,
  bnInMixedOp: false,
  create: (scope, c, stride, opts) => sepConvBlock(scope, c, k, stride, opts, (opts.midMultiplier ?? ALLEGRO_DEFAULTS.midMultiplier) * c),
});

const allegroDilConv = (k: number): Primitive => ({
  id: `allegro_dil_conv_${k}x${k}`,
  title: `${k}x${k} AllegroDilConv (deepened dilated convolution)`,
  parameterFree: false,
  bnInMixedOp: false,
  create: (scope, c, stride, opts) => dilConvBlocks(scope, c, k, stride, opts, 1 + (opts.extraDepth ?? ALLEGRO_DEFAULTS.extraDepth)),
});

export const allegroSepConv3 = allegroSepConv(3);
export const allegroSepConv5 = allegroSepConv(5);
export const allegroDilConv3 = allegroDilConv(3);
export const allegroDilConv5 = allegroDilConv(5);
