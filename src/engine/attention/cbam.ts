import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, convLayer, sequential } from '../nn/layers';
import { asChannelMap, dense, globalAvgPool, globalMaxPool, reduced } from './layers';
import type { AttentionModule } from './types';

const R = 16;
const KERNEL = 7;

/**
 * Convolutional Block Attention Module, channel then spatial:
 *   M_c = σ(MLP(AvgPool(x)) + MLP(MaxPool(x))), one shared MLP C → C/r → C (r = 16);
 *   M_s = σ(BN(conv7x7([max_c(x'), mean_c(x')]))) on x' = M_c · x;
 *   out = x · M_s · M_c.
 * As the authors' code (Jongchan/attention-module, copied by the Att-DARTS reference): biased MLP,
 * bias-free 7x7 conv followed by an affine BN with momentum 0.01.
 */
export const cbam: AttentionModule = {
  id: 'CBAM',
  title: 'Convolutional Block Attention Module (r = 16, 7x7 spatial)',
  paper: 'Woo et al., CBAM: Convolutional Block Attention Module (ECCV 2018)',
  create(scope, c) {
    const hidden = reduced(c, R);
    const mask = scope.child('_mask');
    const mlp = mask.child('ChannelAttention').child('mlp');
    const fc1 = dense(mlp.child(1), c, hidden, true);
    const fc2 = dense(mlp.child(3), hidden, c, true);
    const shared = (v: tf.Tensor2D) => fc2(tf.relu(fc1(v)));
    const sp = mask.child('SpatialAttention').child('spatial');
    const spatial = sequential(
      convLayer(sp.child('conv'), { cin: 2, cout: 1, kernel: KERNEL, pad: (KERNEL - 1) / 2 }),
      batchNormLayer(sp.child('bn'), 1, true, 0.01),
    );
    return (x, ctx) => {
      const channel = asChannelMap(tf.sigmoid(tf.add<tf.Tensor2D>(shared(globalAvgPool(x)), shared(globalMaxPool(x)))));
      const refined = tf.mul(x, channel);
      // ChannelPool: max over channels first, then the mean.
      const pooled = tf.concat([tf.max<tf.Tensor4D>(refined, 3, true), tf.mean<tf.Tensor4D>(refined, 3, true)], 3);
      return tf.mul(x, tf.mul(tf.sigmoid(spatial(pooled, ctx)), channel));
    };
  },
};
