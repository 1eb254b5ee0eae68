import { convLayer, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';

/**
 * The 1x1 conv inside the conv primitives. With `groups` > 1 it is a group convolution
 * (AllegroNAS §3.5.2): each group of cin/groups input channels feeds cout/groups outputs, which
 * divides the conv's weights by `groups`. Depthwise convs are already fully grouped, so the
 * pointwise convs are the primitives' only "standard convolutions" a group count can change.
 */
export function pointwise(scope: Scope, cin: number, cout: number, groups = 1): Layer {
  if (cin % groups !== 0 || cout % groups !== 0) {
    throw new RangeError(`group convolution: ${groups} groups do not divide ${cin} → ${cout} channels`);
  }
  return convLayer(scope, { cin, cout, kernel: 1, groups });
}
