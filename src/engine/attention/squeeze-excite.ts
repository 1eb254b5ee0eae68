import * as tf from '@tensorflow/tfjs';
import { asChannelMap, dense, globalAvgPool, reduced } from './layers';
import type { AttentionModule } from './types';

/**
 * Squeeze-and-Excitation: s = σ(W2 · ReLU(W1 · GAP(x))), out = x · s per channel. Bias-free FCs
 * and r = 16, as the Att-DARTS reference (after moskomule/senet.pytorch).
 */
export const squeezeExcite: AttentionModule = {
  id: 'SE',
  title: 'Squeeze-and-Excitation (r = 16)',
  paper: 'Hu et al., Squeeze-and-Excitation Networks (CVPR 2018)',
  create(scope, c) {
    const hidden = reduced(c, 16);
    const ex = scope.child('_mask').child('excitation');
    const fc1 = dense(ex.child(0), c, hidden, false);
    const fc2 = dense(ex.child(2), hidden, c, false);
    return (x) => tf.mul(x, asChannelMap(tf.sigmoid(fc2(tf.relu(fc1(globalAvgPool(x)))))));
  },
};
