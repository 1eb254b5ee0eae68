import { FIRST_NODE, checkGenotype, nodeCount, withNodes, type Genotype, type GenotypeEdge, type GenotypeOps } from '../genotype';
import { outSize } from '../ops';
import { ALLEGRO_DEFAULTS } from '../primitives/allegro-defaults';
import { reductionsAtThirds } from '../spaces';
import { attentionEmitters, unexportableAttention } from './attention-graph';
import { cellOf } from './cell-of';

/**
 * The evaluation network at inference as a flat graph of standard operations: what exporters
 * (TF.js, ONNX) translate node by node and what FLOPs are counted on. Layout NHWC, PyTorch
 * padding conventions (symmetric explicit padding, floor output sizes). Weight names are the
 * ParamStore names of `EvalNetwork`, so a trained network's values plug straight in.
 * The auxiliary head and drop path exist only in training and are not part of it.
 */
export type GraphOp =
  /**
   * Convolution, weight HWIO [k, k, cin/groups, cout], bias [cout] optional (the cells' convs have
   * none: BN follows). With groups > 1, input block g feeds output block g (PyTorch's `groups`).
   */
  | { kind: 'conv'; kernel: number; stride: number; pad: number; dilation: number; cin: number; cout: number; groups: number; weight: string; bias: string | null }
  /** Depthwise convolution (multiplier 1), weight [k, k, C, 1]. */
  | { kind: 'depthwise'; kernel: number; stride: number; pad: number; dilation: number; channels: number; weight: string }
  /** Inference-mode batch norm with running statistics, ε = 1e-5, over the last axis of [H, W, C] or [C]. */
  | { kind: 'bn'; channels: number; gamma: string; beta: string; mean: string; variance: string }
  | { kind: 'relu' }
  /** 3x3 max pooling, padding 1 (padded cells never win). */
  | { kind: 'maxpool'; stride: number }
  /** 3x3 average pooling, padding 1, padding excluded from the count (`count_include_pad=False`). */
  | { kind: 'avgpool'; stride: number }
  /** Drops the first row and column: FactorizedReduce's shifted branch (`x[:, :, 1:, 1:]`). */
  | { kind: 'shift' }
  | { kind: 'add' }
  /** Along channels. */
  | { kind: 'concat' }
  /** Global average pooling to [C]. */
  | { kind: 'gap' }
  /** Global max pooling to [C]. */
  | { kind: 'gmp' }
  /**
   * Per-channel weighted sum over all positions, [H, W, C] → [C], weight [H, W, C]: a depthwise
   * conv whose kernel covers the whole map, no padding (Gather-Excite's global gather).
   */
  | { kind: 'gather'; height: number; width: number; channels: number; weight: string }
  /** Max or mean over channels at every position: [H, W, C] → [H, W, 1]. */
  | { kind: 'channel_pool'; reduce: 'max' | 'mean' }
  /** Linear layer, weight [fin, fout], bias optional. */
  | { kind: 'dense'; fin: number; fout: number; weight: string; bias: string | null }
  | { kind: 'sigmoid' }
  /**
   * Elementwise product of two inputs with broadcasting of size-1 axes: maps [H, W, C] or
   * [H, W, 1], and per-channel vectors [C] standing for [1, 1, C].
   */
  | { kind: 'mul' }
  /** [H, W, C] → [H·W, C], positions row-major (as a reshape of NHWC). */
  | { kind: 'to_positions' }
  /** [H·W, C] → [H, W, C], the inverse of `to_positions` (node shape gives H and W). */
  | { kind: 'from_positions' }
  /** [P, Q] → [Q, P]. */
  | { kind: 'transpose' }
  /** Softmax over the last axis of [P, Q]. */
  | { kind: 'softmax' }
  /** inputs [a, b]: [P, Q] · [Q, R] → [P, R]. */
  | { kind: 'matmul' };

export interface GraphNode {
  /** Unique readable name, e.g. `cell3/node2/edge0_sep_conv_3x3/dw1`. */
  name: string;
  op: GraphOp;
  inputs: string[];
  /** Output shape per example: [H, W, C], or [F] after pooling. */
  shape: number[];
}

export interface InferenceGraph {
  input: { name: string; shape: [number, number, number] };
  nodes: GraphNode[];
  output: string;
}

export interface GraphOptions {
  genotype: Genotype;
  channels: number;
  layers: number;
  classes: number;
  inputChannels: number;
  height: number;
  width: number;
}

const STEM_MULTIPLIER = 3;

export class Builder {
  readonly nodes: GraphNode[] = [];
  private readonly shapes = new Map<string, number[]>();

  constructor(readonly input: { name: string; shape: [number, number, number] }) {
    this.shapes.set(input.name, input.shape);
  }

  shape(name: string): number[] {
    const s = this.shapes.get(name);
    if (!s) throw new Error(`graph: no node ${name}`);
    return s;
  }

  add(name: string, op: GraphOp, inputs: string[], shape: number[]): string {
    if (this.shapes.has(name)) throw new Error(`graph: duplicate node name ${name}`);
    this.nodes.push({ name, op, inputs, shape });
    this.shapes.set(name, shape);
    return name;
  }

  conv(name: string, x: string, o: { cout: number; kernel: number; stride?: number; pad?: number; dilation?: number; groups?: number; bias?: boolean }, param: string): string {
    const [h, w, cin] = this.shape(x);
    const win = { kernel: o.kernel, stride: o.stride ?? 1, pad: o.pad ?? 0, dilation: o.dilation ?? 1 };
    const op: GraphOp = { kind: 'conv', ...win, cin, cout: o.cout, groups: o.groups ?? 1, weight: `${param}.weight`, bias: o.bias ? `${param}.bias` : null };
    return this.add(name, op, [x], [outSize(h, win), outSize(w, win), o.cout]);
  }

  depthwise(name: string, x: string, o: { kernel: number; stride: number; pad: number; dilation?: number }, param: string): string {
    const [h, w, c] = this.shape(x);
    const win = { kernel: o.kernel, stride: o.stride, pad: o.pad, dilation: o.dilation ?? 1 };
    return this.add(name, { kind: 'depthwise', ...win, channels: c, weight: `${param}.weight` }, [x], [outSize(h, win), outSize(w, win), c]);
  }

  bn(name: string, x: string, param: string): string {
    const s = this.shape(x);
    const op: GraphOp = { kind: 'bn', channels: s[s.length - 1], gamma: `${param}.weight`, beta: `${param}.bias`, mean: `${param}.running_mean`, variance: `${param}.running_var` };
    return this.add(name, op, [x], s);
  }

  relu(name: string, x: string): string {
    return this.add(name, { kind: 'relu' }, [x], this.shape(x));
  }

  sigmoid(name: string, x: string): string {
    return this.add(name, { kind: 'sigmoid' }, [x], this.shape(x));
  }

  dense(name: string, x: string, fout: number, param: string, bias: boolean): string {
    const op: GraphOp = { kind: 'dense', fin: this.shape(x)[0], fout, weight: `${param}.weight`, bias: bias ? `${param}.bias` : null };
    return this.add(name, op, [x], [fout]);
  }

  /** Broadcast product: the output takes the larger size on every axis ([C] vectors act as [1, 1, C]). */
  mul(name: string, a: string, b: string): string {
    const map = (s: number[]) => (s.length === 1 ? [1, 1, s[0]] : s);
    const [sa, sb] = [map(this.shape(a)), map(this.shape(b))];
    return this.add(name, { kind: 'mul' }, [a, b], sa.map((d, i) => Math.max(d, sb[i])));
  }

  pool(name: string, kind: 'maxpool' | 'avgpool', x: string, stride: number): string {
    const [h, w, c] = this.shape(x);
    const win = { kernel: 3, stride, pad: 1, dilation: 1 };
    return this.add(name, { kind, stride }, [x], [outSize(h, win), outSize(w, win), c]);
  }

  sum(name: string, xs: string[]): string {
    return xs.length === 1 ? xs[0] : this.add(name, { kind: 'add' }, xs, this.shape(xs[0]));
  }

  concat(name: string, xs: string[]): string {
    const [h, w] = this.shape(xs[0]);
    return this.add(name, { kind: 'concat' }, xs, [h, w, xs.reduce((c, x) => c + this.shape(x)[2], 0)]);
  }
}

/** The reference's ReLUConvBN (1x1): `op.1` conv, `op.2` BN. */
function reluConvBn(b: Builder, name: string, x: string, cout: number, param: string): string {
  const r = b.relu(`${name}/relu`, x);
  const c = b.conv(`${name}/conv`, r, { cout, kernel: 1 }, `${param}.op.1`);
  return b.bn(`${name}/bn`, c, `${param}.op.2`);
}

/** The reference's FactorizedReduce: two 1x1 stride-2 convs, the second on the input shifted by one pixel. */
function factorizedReduce(b: Builder, name: string, x: string, cout: number, param: string): string {
  const r = b.relu(`${name}/relu`, x);
  const c1 = b.conv(`${name}/conv_1`, r, { cout: cout / 2, kernel: 1, stride: 2 }, `${param}.conv_1`);
  const shifted = b.add(`${name}/shift`, { kind: 'shift' }, [r], [b.shape(r)[0] - 1, b.shape(r)[1] - 1, b.shape(r)[2]]);
  const c2 = b.conv(`${name}/conv_2`, shifted, { cout: cout / 2, kernel: 1, stride: 2 }, `${param}.conv_2`);
  return b.bn(`${name}/bn`, b.concat(`${name}/concat`, [c1, c2]), `${param}.bn`);
}

/** SepConv: (ReLU, depthwise, pointwise, BN) twice; AllegroSepConv widens the inner width to midMultiplier·C. */
function sepConv(k: number, allegro = false) {
  return (b: Builder, name: string, x: string, stride: number, param: string, ops: GenotypeOps): string => {
    const c = b.shape(x)[2];
    const midMultiplier = allegro ? (ops.midMultiplier ?? ALLEGRO_DEFAULTS.midMultiplier) : 1;
    const pad = (k - 1) / 2;
    let h = b.relu(`${name}/relu1`, x);
    h = b.depthwise(`${name}/dw1`, h, { kernel: k, stride, pad }, `${param}.op.1`);
    h = b.conv(`${name}/pw1`, h, { cout: midMultiplier * c, kernel: 1, groups: ops.groups }, `${param}.op.2`);
    h = b.bn(`${name}/bn1`, h, `${param}.op.3`);
    h = b.relu(`${name}/relu2`, h);
    h = b.depthwise(`${name}/dw2`, h, { kernel: k, stride: 1, pad }, `${param}.op.5`);
    h = b.conv(`${name}/pw2`, h, { cout: c, kernel: 1, groups: ops.groups }, `${param}.op.6`);
    return b.bn(`${name}/bn2`, h, `${param}.op.7`);
  };
}

/** DilConv blocks (ReLU, dilated depthwise, pointwise, BN): one, or AllegroDilConv's 1 + extraDepth. */
function dilConv(k: number, allegro = false) {
  return (b: Builder, name: string, x: string, stride: number, param: string, ops: GenotypeOps): string => {
    const c = b.shape(x)[2];
    const depth = allegro ? 1 + (ops.extraDepth ?? ALLEGRO_DEFAULTS.extraDepth) : 1;
    let h = x;
    for (let d = 0; d < depth; d++) {
      const at = 4 * d;
      const block = depth === 1 ? name : `${name}/block${d}`;
      h = b.relu(`${block}/relu`, h);
      h = b.depthwise(`${block}/dw`, h, { kernel: k, stride: d === 0 ? stride : 1, pad: k - 1, dilation: 2 }, `${param}.op.${at + 1}`);
      h = b.conv(`${block}/pw`, h, { cout: c, kernel: 1, groups: ops.groups }, `${param}.op.${at + 2}`);
      h = b.bn(`${block}/bn`, h, `${param}.op.${at + 3}`);
    }
    return h;
  };
}

type Emit = (b: Builder, name: string, x: string, stride: number, param: string, ops: GenotypeOps) => string;

/**
 * Each evaluation-form primitive as graph nodes, mirroring `primitives/` with affine BN. An op
 * missing here cannot be exported (the error names it); adding one is one entry.
 */
const emitters: Record<string, Emit> = {
  max_pool_3x3: (b, name, x, stride) => b.pool(name, 'maxpool', x, stride),
  avg_pool_3x3: (b, name, x, stride) => b.pool(name, 'avgpool', x, stride),
  skip_connect: (b, name, x, stride, param) => (stride === 1 ? x : factorizedReduce(b, name, x, b.shape(x)[2], param)),
  sep_conv_3x3: sepConv(3),
  sep_conv_5x5: sepConv(5),
  dil_conv_3x3: dilConv(3),
  dil_conv_5x5: dilConv(5),
  // Allegro ops as the genotype's `ops` say the space built them, else with the defaults (primitives/allegro-defaults.ts).
  allegro_sep_conv_3x3: sepConv(3, true),
  allegro_sep_conv_5x5: sepConv(5, true),
  allegro_dil_conv_3x3: dilConv(3, true),
  allegro_dil_conv_5x5: dilConv(5, true),
};

interface CellShape {
  channels: number;
  reduction: boolean;
  reductionPrev: boolean;
  ops: GenotypeOps;
}

function cell(b: Builder, index: number, s0: string, s1: string, edges: readonly GenotypeEdge[], concat: readonly number[], shape: CellShape): string {
  const name = `cell${index}`;
  const param = `cells.${index}`;
  const c = shape.channels;
  const states = [
    shape.reductionPrev ? factorizedReduce(b, `${name}/pre0`, s0, c, `${param}.preprocess0`) : reluConvBn(b, `${name}/pre0`, s0, c, `${param}.preprocess0`),
    reluConvBn(b, `${name}/pre1`, s1, c, `${param}.preprocess1`),
  ];
  const explicit = withNodes(edges);
  for (let j = 0; j < nodeCount(edges); j++) {
    const node = FIRST_NODE + j;
    const terms = explicit.flatMap((e, i) => {
      if (e.node !== node) return [];
      const attend = e.attention === undefined ? null : attentionEmitters[e.attention];
      if (attend === undefined) {
        const missing = unexportableAttention();
        throw new Error(`edge ${i} of ${name} has attention '${e.attention}', which has no exportable form (exportable: ${Object.keys(attentionEmitters).join(', ')}; not yet: ${missing.length ? missing.join(', ') : 'none'})`);
      }
      const emit = emitters[e.op];
      if (!emit) throw new Error(`op '${e.op}' has no exportable form (known: ${Object.keys(emitters).join(', ')})`);
      const stride = shape.reduction && e.input < FIRST_NODE ? 2 : 1;
      const edge = `${name}/node${node}/edge${i}_${e.op}`;
      const h = emit(b, edge, states[e.input], stride, `${param}._ops.${i}`, shape.ops);
      return [attend ? attend(b, `${edge}/${e.attention}`, h, `${param}._attns.${i}`) : h];
    });
    if (terms.length === 0) throw new Error(`${name}: node ${node} has no incoming edge`);
    states.push(b.sum(`${name}/node${node}/sum`, terms));
  }
  return b.concat(`${name}/out`, concat.map((i) => states[i]));
}

/** The inference graph of `EvalNetwork` with the same options (reference NetworkCIFAR.forward in eval mode). */
export function inferenceGraph(o: GraphOptions): InferenceGraph {
  const genotype = checkGenotype(o.genotype);
  const ops = genotype.ops ?? {};
  const b = new Builder({ name: 'image', shape: [o.height, o.width, o.inputChannels] });
  const stemC = STEM_MULTIPLIER * o.channels;
  const stem = b.bn('stem/bn', b.conv('stem/conv', 'image', { cout: stemC, kernel: 3, pad: 1 }, 'stem.0'), 'stem.1');
  const reductions = reductionsAtThirds(o.layers);
  let [s0, s1] = [stem, stem];
  let c = o.channels;
  let reductionPrev = false;
  for (let i = 0; i < o.layers; i++) {
    const reduction = reductions.includes(i);
    if (reduction) c *= 2;
    const { edges, concat } = cellOf(genotype, i, o.layers, reduction);
    [s0, s1] = [s1, cell(b, i, s0, s1, edges, concat, { channels: c, reduction, reductionPrev, ops })];
    reductionPrev = reduction;
  }
  const features = b.shape(s1)[2];
  const pooled = b.add('global_pool', { kind: 'gap' }, [s1], [features]);
  const op: GraphOp = { kind: 'dense', fin: features, fout: o.classes, weight: 'classifier.weight', bias: 'classifier.bias' };
  const output = b.add('classifier', op, [pooled], [o.classes]);
  return { input: b.input, nodes: b.nodes, output };
}

/** Names and shapes of the weights and buffers a node reads, in a fixed order per kind. */
export function nodeTensors(op: GraphOp): Array<{ name: string; shape: number[]; trainable: boolean }> {
  switch (op.kind) {
    case 'conv':
      return [{ name: op.weight, shape: [op.kernel, op.kernel, op.cin / op.groups, op.cout], trainable: true }, ...(op.bias === null ? [] : [{ name: op.bias, shape: [op.cout], trainable: true }])];
    case 'depthwise':
      return [{ name: op.weight, shape: [op.kernel, op.kernel, op.channels, 1], trainable: true }];
    case 'bn':
      return [
        { name: op.gamma, shape: [op.channels], trainable: true },
        { name: op.beta, shape: [op.channels], trainable: true },
        { name: op.mean, shape: [op.channels], trainable: false },
        { name: op.variance, shape: [op.channels], trainable: false },
      ];
    case 'dense':
      return [{ name: op.weight, shape: [op.fin, op.fout], trainable: true }, ...(op.bias === null ? [] : [{ name: op.bias, shape: [op.fout], trainable: true }])];
    case 'gather':
      return [{ name: op.weight, shape: [op.height, op.width, op.channels], trainable: true }];
    default:
      return [];
  }
}

/**
 * Trainable parameters of the graph: the reference's count_parameters without the auxiliary head.
 * A tensor that several nodes read (CBAM's MLP, shared by both pools) counts once.
 */
export function graphParams(g: InferenceGraph): number {
  const sizes = new Map<string, number>();
  for (const node of g.nodes) for (const t of nodeTensors(node.op)) if (t.trainable) sizes.set(t.name, t.shape.reduce((a, x) => a * x, 1));
  return [...sizes.values()].reduce((a, x) => a + x, 0);
}

/**
 * Multiply-adds per image, the convention of the NAS papers' "FLOPs"/"mult-adds" columns (e.g.
 * DARTS's ImageNet mobile setting): every convolution and the classifier count k·k·(C_in/groups)
 * per output element, attention's global gather H·W per channel and its matrix products P·Q·R;
 * batch norm, ReLU, pooling, softmax, sigmoid, elementwise products and additions are not counted
 * (BN folds into the preceding conv at inference). The auxiliary head is training-only and not counted.
 */
export function graphMultiplyAdds(g: InferenceGraph): number {
  const shapes = new Map(g.nodes.map((node) => [node.name, node.shape]));
  let n = 0;
  for (const { op, shape, inputs } of g.nodes) {
    if (op.kind === 'conv') n += shape[0] * shape[1] * shape[2] * op.kernel * op.kernel * (op.cin / op.groups);
    else if (op.kind === 'depthwise') n += shape[0] * shape[1] * shape[2] * op.kernel * op.kernel;
    else if (op.kind === 'dense') n += op.fin * op.fout;
    else if (op.kind === 'gather') n += op.height * op.width * op.channels;
    else if (op.kind === 'matmul') n += shape[0] * shape[1] * (shapes.get(inputs[0])?.[1] ?? 0);
  }
  return n;
}
