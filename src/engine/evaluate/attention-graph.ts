import { attentionModules } from '../attention';
import { reduced } from '../attention/layers';
import type { Builder } from './graph';

/** An attention module's inference form: the edge output `x` in, the attended map out. */
export type EmitAttention = (b: Builder, name: string, x: string, param: string) => string;

/**
 * Att-DARTS attention modules as graph nodes, each mirroring its `attention/` module in eval mode
 * (BN with running statistics) with the same parameter names under `param` (the edge's
 * `_attns.i` scope). Reduction ratios are the modules' own (r = 16; A²: C/4).
 */
export const attentionEmitters: Record<string, EmitAttention> = {
  Identity: (_b, _name, x) => x,

  // x · σ(W2 · ReLU(W1 · GAP(x))), bias-free FCs (attention/squeeze-excite.ts).
  SE: (b, name, x, param) => {
    const c = b.shape(x)[2];
    const ex = `${param}._mask.excitation`;
    const squeezed = b.add(`${name}/squeeze`, { kind: 'gap' }, [x], [c]);
    const hidden = b.relu(`${name}/relu`, b.dense(`${name}/fc1`, squeezed, reduced(c, 16), `${ex}.0`, false));
    return b.mul(`${name}/scale`, x, b.sigmoid(`${name}/sigmoid`, b.dense(`${name}/fc2`, hidden, c, `${ex}.2`, false)));
  },

  // M_c = σ(MLP(avg) + MLP(max)), one biased MLP for both pools; x' = x · M_c;
  // out = x' · σ(BN(conv7x7([max_c x', mean_c x']))) (attention/cbam.ts; x·M_s·M_c reassociated).
  CBAM: (b, name, x, param) => {
    const [h, w, c] = b.shape(x);
    const mlp = `${param}._mask.ChannelAttention.mlp`;
    const branch = (pool: 'gap' | 'gmp', n: string) => {
      const pooled = b.add(`${name}/${n}_pool`, { kind: pool }, [x], [c]);
      const hidden = b.relu(`${name}/${n}_relu`, b.dense(`${name}/${n}_fc1`, pooled, reduced(c, 16), `${mlp}.1`, true));
      return b.dense(`${name}/${n}_fc2`, hidden, c, `${mlp}.3`, true);
    };
    const channel = b.sigmoid(`${name}/channel_gate`, b.sum(`${name}/channel_sum`, [branch('gap', 'avg'), branch('gmp', 'max')]));
    const refined = b.mul(`${name}/channel_scale`, x, channel);
    const across = (reduce: 'max' | 'mean') => b.add(`${name}/channel_${reduce}`, { kind: 'channel_pool', reduce }, [refined], [h, w, 1]);
    const sp = `${param}._mask.SpatialAttention.spatial`;
    const conv = b.conv(`${name}/spatial_conv`, b.concat(`${name}/channel_pool`, [across('max'), across('mean')]), { cout: 1, kernel: 7, pad: 3 }, `${sp}.conv`);
    return b.mul(`${name}/spatial_scale`, refined, b.sigmoid(`${name}/spatial_gate`, b.bn(`${name}/spatial_bn`, conv, `${sp}.bn`)));
  },

  // x · (1 + σ(M_c ⊗ M_s)) as x + x·σ(·), M_c [C] broadcast against M_s [H, W, 1] (attention/bam.ts).
  BAM: (b, name, x, param) => {
    const c = b.shape(x)[2];
    const hidden = reduced(c, 16);
    const gc = `${param}._mask.channel_att.gate_c`;
    const pooled = b.add(`${name}/channel_pool`, { kind: 'gap' }, [x], [c]);
    const fc0 = b.dense(`${name}/channel_fc0`, pooled, hidden, `${gc}.gate_c_fc_0`, true);
    const channelHidden = b.relu(`${name}/channel_relu`, b.bn(`${name}/channel_bn`, fc0, `${gc}.gate_c_bn_1`));
    const channel = b.dense(`${name}/channel_fc_final`, channelHidden, c, `${gc}.gate_c_fc_final`, true);
    const gs = `${param}._mask.spatial_att.gate_s`;
    const convBnRelu = (n: string, from: string, o: { kernel: number; pad: number; dilation: number }, conv: string, bn: string) =>
      b.relu(`${name}/${n}_relu`, b.bn(`${name}/${n}_bn`, b.conv(`${name}/${n}`, from, { cout: hidden, ...o, bias: true }, `${gs}.${conv}`), `${gs}.${bn}`));
    let s = convBnRelu('spatial_reduce0', x, { kernel: 1, pad: 0, dilation: 1 }, 'gate_s_conv_reduce0', 'gate_s_bn_reduce0');
    for (const i of [0, 1]) s = convBnRelu(`spatial_di${i}`, s, { kernel: 3, pad: 4, dilation: 4 }, `gate_s_conv_di_${i}`, `gate_s_bn_di_${i}`);
    const spatial = b.conv(`${name}/spatial_final`, s, { cout: 1, kernel: 1, bias: true }, `${gs}.gate_s_conv_final`);
    const gate = b.sigmoid(`${name}/gate`, b.mul(`${name}/attention`, spatial, channel));
    return b.sum(`${name}/out`, [x, b.mul(`${name}/scale`, x, gate)]);
  },

  // Gather-Excite θ+: BN(gather over the whole map) → bias-free MLP C → C/16 → C → σ, per-channel
  // product (attention/gather-excite.ts).
  'GE_theta-plus': (b, name, x, param) => {
    const [height, width, c] = b.shape(x);
    const down = `${param}._mask.downop`;
    const gathered = b.add(`${name}/gather`, { kind: 'gather', height, width, channels: c, weight: `${down}.dwconv.weight` }, [x], [c]);
    const normed = b.bn(`${name}/gather_bn`, gathered, `${down}.bn`);
    const hidden = b.relu(`${name}/relu`, b.dense(`${name}/fc1`, normed, reduced(c, 16), `${param}._mask.mlp.0`, false));
    return b.mul(`${name}/scale`, x, b.sigmoid(`${name}/sigmoid`, b.dense(`${name}/fc2`, hidden, c, `${param}._mask.mlp.2`, false)));
  },

  // A²: G = softmax_positions(B)ᵀ·A, Z = softmax_channels(V)·G per position, out = x + conv_Z(Z),
  // biased 1x1 convs, c_m = c_n = C/4 (attention/double-attention.ts).
  DoubleAttention: (b, name, x, param) => {
    const [h, w, c] = b.shape(x);
    const m = reduced(c, 4);
    const positions = (n: string) => {
      const conv = b.conv(`${name}/conv${n}`, x, { cout: m, kernel: 1, bias: true }, `${param}._mask.conv${n}`);
      return b.add(`${name}/conv${n}_positions`, { kind: 'to_positions' }, [conv], [h * w, m]);
    };
    const a = positions('A');
    const bt = b.add(`${name}/convB_transposed`, { kind: 'transpose' }, [positions('B')], [m, h * w]);
    const maps = b.add(`${name}/attention_maps`, { kind: 'softmax' }, [bt], [m, h * w]);
    const vectors = b.add(`${name}/attention_vectors`, { kind: 'softmax' }, [positions('V')], [h * w, m]);
    const g = b.add(`${name}/gathered`, { kind: 'matmul' }, [maps, a], [m, m]);
    const z = b.add(`${name}/distributed`, { kind: 'matmul' }, [vectors, g], [h * w, m]);
    const zMap = b.add(`${name}/distributed_map`, { kind: 'from_positions' }, [z], [h, w, m]);
    return b.sum(`${name}/out`, [x, b.conv(`${name}/convZ`, zMap, { cout: c, kernel: 1, bias: true }, `${param}._mask.convZ`)]);
  },
};

/** Registered attention modules without an exportable form (none when every module has one). */
export const unexportableAttention = (): string[] => [...attentionModules.keys()].filter((id) => !(id in attentionEmitters));
