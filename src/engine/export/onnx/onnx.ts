import * as tf from '@tensorflow/tfjs';
import { PRODUCT_VERSION } from '../../../shared/product';
import type { GraphNode, InferenceGraph } from '../../evaluate';
import { BN_EPS } from '../../ops';
import type { TensorSource } from '../tfjs';
import { ProtoWriter } from './protobuf';

// Field numbers and enums from onnx/onnx.proto (IR version 7 goes with opset 13).
const IR_VERSION = 7;
export const OPSET = 13;
const FLOAT = 1;
const INT64 = 7;
const ATTR = { INT: 2, INTS: 7, FLOAT: 1 } as const;

type Attr = { name: string; int: number } | { name: string; ints: number[] } | { name: string; float: number };

interface OnnxNode {
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

interface Initializer {
  name: string;
  dims: number[];
  type: typeof FLOAT | typeof INT64;
  data: Uint8Array;
}

function floatInit(name: string, t: tf.Tensor): Initializer {
  const values = t.dataSync() as Float32Array;
  return { name, dims: t.shape, type: FLOAT, data: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

function transposedInit(name: string, t: tf.Tensor, perm: number[]): Initializer {
  const moved = tf.transpose(t, perm);
  const init = floatInit(name, moved);
  moved.dispose();
  return init;
}

function int64Init(name: string, values: number[]): Initializer {
  const data = new Uint8Array(8 * values.length);
  const view = new DataView(data.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
  return { name, dims: [values.length], type: INT64, data };
}

function writeAttr(w: ProtoWriter, a: Attr): void {
  w.string(1, a.name);
  if ('int' in a) w.int(20, ATTR.INT).int(3, a.int);
  else if ('ints' in a) {
    w.int(20, ATTR.INTS);
    for (const v of a.ints) w.int(8, v);
  } else w.int(20, ATTR.FLOAT).float(2, a.float);
}

function writeValueInfo(w: ProtoWriter, name: string, dims: Array<number | string>): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

const window = (k: number, s: number, p: number, d = 1): Attr[] => [
  { name: 'kernel_shape', ints: [k, k] },
  { name: 'strides', ints: [s, s] },
  { name: 'pads', ints: [p, p, p, p] },
  { name: 'dilations', ints: [d, d] },
];

/**
 * Translates the inference graph to ONNX nodes (NCHW inside; the model takes NHWC images like
 * the TF.js model and transposes them first). Node and value names are the graph's readable
 * names (`cell3/node2/edge0_sep_conv_3x3/dw1`), initializers the network's parameter names.
 */
function translate(graph: InferenceGraph, source: TensorSource): { nodes: OnnxNode[]; inits: Initializer[]; output: string } {
  const nodes: OnnxNode[] = [];
  // By name: a tensor several nodes read (CBAM's shared MLP) is stored once.
  const initializers = new Map<string, Initializer>();
  const inits = { push: (...xs: Initializer[]) => xs.forEach((x) => initializers.set(x.name, x)) };
  const nchw = 'image_nchw';
  nodes.push({ name: 'input/to_nchw', op: 'Transpose', inputs: [graph.input.name], outputs: [nchw], attrs: [{ name: 'perm', ints: [0, 3, 1, 2] }] });
  const rename = new Map([[graph.input.name, nchw]]);
  const ref = (n: string) => rename.get(n) ?? n;
  const OUTPUT = 'logits';
  const shapes = new Map([[graph.input.name, [...graph.input.shape]], ...graph.nodes.map((n) => [n.name, n.shape] as [string, number[]])]);
  const shapeOf = (n: string) => shapes.get(n) ?? [];
  for (const node of graph.nodes) {
    const out = node.name === graph.output ? OUTPUT : node.name;
    const xs = node.inputs.map(ref);
    const add = (op: string, inputs: string[], attrs?: Attr[], n: GraphNode | string = node) => nodes.push({ name: typeof n === 'string' ? n : n.name, op, inputs, outputs: [out], attrs });
    const { op } = node;
    switch (op.kind) {
      case 'conv':
        // HWIO → OIHW ([k, k, cin/groups, cout] → [cout, cin/groups, k, k], ONNX's grouped layout too).
        inits.push(transposedInit(op.weight, source(op.weight), [3, 2, 0, 1]));
        if (op.bias !== null) inits.push(floatInit(op.bias, source(op.bias)));
        add('Conv', [xs[0], op.weight, ...(op.bias === null ? [] : [op.bias])], [...window(op.kernel, op.stride, op.pad, op.dilation), { name: 'group', int: op.groups }]);
        break;
      case 'depthwise':
        // [k, k, C, 1] → [C, 1, k, k], one group per channel.
        inits.push(transposedInit(op.weight, source(op.weight), [2, 3, 0, 1]));
        add('Conv', [xs[0], op.weight], [...window(op.kernel, op.stride, op.pad, op.dilation), { name: 'group', int: op.channels }]);
        break;
      case 'bn':
        for (const t of [op.gamma, op.beta, op.mean, op.variance]) inits.push(floatInit(t, source(t)));
        add('BatchNormalization', [xs[0], op.gamma, op.beta, op.mean, op.variance], [{ name: 'epsilon', float: BN_EPS }]);
        break;
      case 'relu':
        add('Relu', xs);
        break;
      case 'maxpool':
        add('MaxPool', xs, window(3, op.stride, 1).slice(0, 3));
        break;
      case 'avgpool':
        add('AveragePool', xs, [...window(3, op.stride, 1).slice(0, 3), { name: 'count_include_pad', int: 0 }]);
        break;
      case 'shift': {
        const [h, w] = node.shape;
        const consts = [`${node.name}/starts`, `${node.name}/ends`, `${node.name}/axes`];
        inits.push(int64Init(consts[0], [1, 1]), int64Init(consts[1], [h + 1, w + 1]), int64Init(consts[2], [2, 3]));
        add('Slice', [xs[0], ...consts]);
        break;
      }
      case 'add':
        add('Sum', xs);
        break;
      case 'concat':
        add('Concat', xs, [{ name: 'axis', int: 1 }]);
        break;
      case 'gap':
      case 'gmp': {
        const pooled = `${node.name}/pool`;
        nodes.push({ name: pooled, op: op.kind === 'gap' ? 'GlobalAveragePool' : 'GlobalMaxPool', inputs: xs, outputs: [pooled] });
        add('Flatten', [pooled], [{ name: 'axis', int: 1 }]);
        break;
      }
      case 'gather': {
        // [H, W, C] → [C, 1, H, W]: a depthwise conv whose kernel is the whole map, then [N, C].
        const kernel = transposedInit(op.weight, source(op.weight), [2, 0, 1]);
        inits.push({ ...kernel, dims: [op.channels, 1, op.height, op.width] });
        const conv = `${node.name}/conv`;
        const attrs: Attr[] = [{ name: 'kernel_shape', ints: [op.height, op.width] }, { name: 'group', int: op.channels }];
        nodes.push({ name: conv, op: 'Conv', inputs: [xs[0], op.weight], outputs: [conv], attrs });
        add('Flatten', [conv], [{ name: 'axis', int: 1 }]);
        break;
      }
      case 'channel_pool':
        // Opset 13 takes the reduced axes as an attribute (an input from opset 18).
        add(op.reduce === 'max' ? 'ReduceMax' : 'ReduceMean', xs, [{ name: 'axes', ints: [1] }, { name: 'keepdims', int: 1 }]);
        break;
      case 'dense':
        inits.push(floatInit(op.weight, source(op.weight)));
        if (op.bias !== null) inits.push(floatInit(op.bias, source(op.bias)));
        add('Gemm', op.bias === null ? [xs[0], op.weight] : [xs[0], op.weight, op.bias]);
        break;
      case 'sigmoid':
        add('Sigmoid', xs);
        break;
      case 'mul': {
        // A [N, C] vector becomes [N, C, 1, 1]; Mul broadcasts size-1 axes of the NCHW maps.
        const axes = `${node.name}/axes`;
        const maps = node.inputs.map((input, i) => {
          if (shapeOf(input).length !== 1) return xs[i];
          const map = `${node.name}/as_map${i}`;
          inits.push(int64Init(axes, [2, 3]));
          nodes.push({ name: map, op: 'Unsqueeze', inputs: [xs[i], axes], outputs: [map] });
          return map;
        });
        add('Mul', maps);
        break;
      }
      case 'to_positions': {
        // NCHW [N, C, H, W] → [N, C, H·W] → [N, H·W, C], the NHWC row-major positions.
        const [hw, c] = node.shape;
        const shape = `${node.name}/shape`;
        const rows = `${node.name}/channels_by_position`;
        inits.push(int64Init(shape, [0, c, hw]));
        nodes.push({ name: rows, op: 'Reshape', inputs: [xs[0], shape], outputs: [rows] });
        add('Transpose', [rows], [{ name: 'perm', ints: [0, 2, 1] }]);
        break;
      }
      case 'from_positions': {
        // [N, H·W, C] → [N, C, H·W] → NCHW.
        const [h, w, c] = node.shape;
        const shape = `${node.name}/shape`;
        const rows = `${node.name}/channels_by_position`;
        inits.push(int64Init(shape, [0, c, h, w]));
        nodes.push({ name: rows, op: 'Transpose', inputs: xs, outputs: [rows], attrs: [{ name: 'perm', ints: [0, 2, 1] }] });
        add('Reshape', [rows, shape]);
        break;
      }
      case 'transpose':
        add('Transpose', xs, [{ name: 'perm', ints: [0, 2, 1] }]);
        break;
      case 'softmax':
        add('Softmax', xs, [{ name: 'axis', int: 2 }]); // the last axis of [N, P, Q]
        break;
      case 'matmul':
        add('MatMul', xs);
        break;
    }
    rename.set(node.name, out);
  }
  return { nodes, inits: [...initializers.values()], output: OUTPUT };
}

/** A serialized ONNX ModelProto (opset 13) of the inference graph; `metadata` becomes metadata_props. */
export function onnxModel(graph: InferenceGraph, source: TensorSource, metadata: Record<string, string> = {}): Uint8Array {
  const { nodes, inits, output } = translate(graph, source);
  const classes = graph.nodes.find((n) => n.name === graph.output)?.shape[0] ?? 0;
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'NAS Studio');
  w.string(3, PRODUCT_VERSION);
  w.message(7, (g) => {
    for (const n of nodes) {
      g.message(1, (m) => {
        for (const i of n.inputs) m.string(1, i);
        for (const o of n.outputs) m.string(2, o);
        m.string(3, n.name);
        m.string(4, n.op);
        for (const a of n.attrs ?? []) m.message(5, (am) => writeAttr(am, a));
      });
    }
    g.string(2, 'nas_studio_network');
    for (const t of inits) {
      g.message(5, (m) => {
        for (const d of t.dims) m.int(1, d);
        m.int(2, t.type);
        m.string(8, t.name);
        m.bytes(9, t.data);
      });
    }
    g.string(10, 'NHWC float32 images, normalized per channel as (pixel/255 − mean)/std (see metadata), to class logits');
    g.message(11, (v) => writeValueInfo(v, graph.input.name, ['batch', ...graph.input.shape]));
    g.message(12, (v) => writeValueInfo(v, output, ['batch', classes]));
  });
  w.message(8, (o) => o.string(1, '').int(2, OPSET));
  for (const [key, value] of Object.entries(metadata)) w.message(14, (m) => m.string(1, key).string(2, value));
  return w.finish();
}
