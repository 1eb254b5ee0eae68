import * as tf from '@tensorflow/tfjs';
import { batchNormLayer } from '../nn/layers';
import { asChannelMap, dense, reduced } from './layers';
import type { AttentionModule } from './types';

/**
 * Gather-Excite θ+ with global extent, the variant the Att-DARTS reference uses ('GE_theta-plus',
 * after BayesWatch/pytorch-GENet): gather with a depthwise conv whose kernel covers the whole map
 * (H×W, no padding, no bias) → BN, then an excite MLP of bias-free 1x1 convs C → C/16 → C, and
 * out = x · σ(·) (the 1x1 result is "interpolated" back, i.e. broadcast). The kernel's size makes
 * the module's parameters depend on the feature map size; PyTorch's fan-in for it is H·W.
 */
export const gatherExcite: AttentionModule = {
  id: 'GE_theta-plus',
  title: 'Gather-Excite θ+ (global extent, r = 16)',
  paper: 'Hu et al., Gather-Excite: Exploiting Feature Context in CNNs (NeurIPS 2018)',
  create(scope, c, { height, width }) {
    const mask = scope.child('_mask');
    const down = mask.child('downop');
    const gather = down.child('dwconv').weight('weight', [height, width, c], { kind: 'uniform', fanIn: height * width });
    const bn = batchNormLayer(down.child('bn'), c, true);
    const hidden = reduced(c, 16);
    const fc1 = dense(mask.child('mlp').child(0), c, hidden, false);
    const fc2 = dense(mask.child('mlp').child(2), hidden, c, false);
    return (x, ctx) => {
      if (x.shape[1] !== height || x.shape[2] !== width) {
        throw new Error(`Gather-Excite was built for ${height}x${width} maps, got ${x.shape[1]}x${x.shape[2]}`);
      }
      // A depthwise conv with a kernel the size of the map is a weighted sum over positions.
      const gathered = bn(tf.sum(tf.mul(x, gather), [1, 2], true), ctx);
      const [n] = x.shape;
      const excite = fc2(tf.relu(fc1(tf.reshape(gathered, [n, c]))));
      return tf.mul(x, tf.sigmoid(asChannelMap(excite)));
    };
  },
};
