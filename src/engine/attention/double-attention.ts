import * as tf from '@tensorflow/tfjs';
import { biasedConv, reduced } from './layers';
import type { AttentionModule } from './types';

/**
 * Double Attention (A²) block: with A = conv_A(x) (c_m maps), B = conv_B(x), V = conv_V(x) (c_n each),
 *   gather:     G = A · softmax_positions(B)ᵀ           (c_m × c_n global descriptors)
 *   distribute: Z_p = G · softmax_channels(V_p)          (per position p)
 *   out = x + conv_Z(Z).
 * c_m = c_n = C/4 and biased 1x1 convs, as the Att-DARTS reference (after gjylt/DoubleAttentionNet).
 */
export const doubleAttention: AttentionModule = {
  id: 'DoubleAttention',
  title: 'Double Attention block (A², c_m = c_n = C/4)',
  paper: 'Chen et al., A²-Nets: Double Attention Networks (NeurIPS 2018)',
  create(scope, c) {
    const m = reduced(c, 4);
    const mask = scope.child('_mask');
    const convA = biasedConv(mask.child('convA'), { cin: c, cout: m, kernel: 1 });
    const convB = biasedConv(mask.child('convB'), { cin: c, cout: m, kernel: 1 });
    const convV = biasedConv(mask.child('convV'), { cin: c, cout: m, kernel: 1 });
    const convZ = biasedConv(mask.child('convZ'), { cin: m, cout: c, kernel: 1 });
    return (x, ctx) => {
      const [n, h, w] = x.shape;
      const flat = (t: tf.Tensor4D) => tf.reshape(t, [n, h * w, m]) as tf.Tensor3D;
      const a = flat(convA(x, ctx));
      // tf.softmax normalizes the last axis: put positions last for the attention maps.
      const maps = tf.softmax(tf.transpose(flat(convB(x, ctx)), [0, 2, 1])) as tf.Tensor3D; // [n, c_n, hw]
      const vectors = tf.softmax(flat(convV(x, ctx))) as tf.Tensor3D; // [n, hw, c_n]
      const g = tf.matMul(maps, a); // [n, c_n, c_m]
      const z = tf.matMul(vectors, g); // [n, hw, c_m]
      return tf.add(x, convZ(tf.reshape(z, [n, h, w, m]) as tf.Tensor4D, ctx));
    };
  },
};
