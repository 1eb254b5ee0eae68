import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, relu, sequential } from '../nn/layers';
import { asChannelMap, batchNorm1d, biasedConv, dense, globalAvgPool, reduced } from './layers';
import type { AttentionModule } from './types';

const R = 16;
const DILATION = 4;

/**
 * Bottleneck Attention Module: out = x · (1 + σ(M_c(x) ⊗ M_s(x))), with
 *   M_c = FC(C→C/r) → BN → ReLU → FC(C/r→C) on the global average pool (one value per channel),
 *   M_s = 1x1 conv (C→C/r) → BN → ReLU → [3x3 conv, dilation 4 → BN → ReLU] × 2 → 1x1 conv (→1)
 * (one value per position), r = 16. This is the authors' code (Jongchan/attention-module, which
 * the Att-DARTS reference copies with paper=False): BN after each hidden layer, biased FCs and convs.
 */
export const bam: AttentionModule = {
  id: 'BAM',
  title: 'Bottleneck Attention Module (r = 16, dilation 4)',
  paper: 'Park et al., BAM: Bottleneck Attention Module (BMVC 2018)',
  create(scope, c) {
    const hidden = reduced(c, R);
    const mask = scope.child('_mask');
    const ch = mask.child('channel_att').child('gate_c');
    const fc0 = dense(ch.child('gate_c_fc_0'), c, hidden, true);
    const bn0 = batchNorm1d(ch.child('gate_c_bn_1'), hidden);
    const fcFinal = dense(ch.child('gate_c_fc_final'), hidden, c, true);
    const sp = mask.child('spatial_att').child('gate_s');
    const dilated = (i: number) =>
      sequential(
        biasedConv(sp.child(`gate_s_conv_di_${i}`), { cin: hidden, cout: hidden, kernel: 3, pad: DILATION, dilation: DILATION }),
        batchNormLayer(sp.child(`gate_s_bn_di_${i}`), hidden, true),
        relu,
      );
    const spatial = sequential(
      biasedConv(sp.child('gate_s_conv_reduce0'), { cin: c, cout: hidden, kernel: 1 }),
      batchNormLayer(sp.child('gate_s_bn_reduce0'), hidden, true),
      relu,
      dilated(0),
      dilated(1),
      biasedConv(sp.child('gate_s_conv_final'), { cin: hidden, cout: 1, kernel: 1 }),
    );
    return (x, ctx) => {
      const channel = asChannelMap(fcFinal(tf.relu(bn0(fc0(globalAvgPool(x)), ctx))));
      return tf.mul(x, tf.add(tf.sigmoid(tf.mul(channel, spatial(x, ctx))), 1));
    };
  },
};
