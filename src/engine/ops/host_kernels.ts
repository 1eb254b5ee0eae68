import * as tf from '@tensorflow/tfjs';
import { formulation } from './formulation';
import { kernelStream, simdKernels } from './simd/kernels';
import { touchesNoData } from './simd/stream';

/**
 * Kernels of our own for the backends whose tensors live in host memory (wasm's heap, cpu's
 * typed arrays). A DARTS step is bound by the number of kernels it launches (tens of thousands
 * of small ones), so fusing a composite such as batch norm's ~30 kernels into one loop pays for
 * itself many times over. Each kernel is plain float32-in, float32-out code over typed arrays;
 * other backends (tensorflow, webgpu) keep the composite formulations built from tfjs ops.
 */
export interface HostKernel {
  name: string;
  /** Output shapes from the input shapes and attributes. */
  outputShapes(inputs: readonly number[][], attrs: tf.NamedAttrMap): number[][];
  /**
   * The inputs whose data `run`'s own JavaScript reads (default all): it hands the others to SIMD
   * kernels, which may run later on the kernel stream, so only these must be ready beforehand.
   */
  jsReads?: readonly number[];
  /** Reads `inputs`, writes every element of `outputs` (fresh arrays, not zeroed on wasm). */
  run(inputs: readonly Float32Array[], outputs: Float32Array[], shapes: readonly number[][], attrs: tf.NamedAttrMap): void;
}

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  incRef(dataId: object): void;
}
interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): TensorInfo;
}

const HOST_BACKENDS = ['wasm', 'cpu'] as const;
type HostBackend = (typeof HOST_BACKENDS)[number];

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function kernelFunc(backendName: HostBackend, k: HostKernel): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const ins = Object.keys(inputs)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => inputs[key] as TensorInfo);
    for (const t of ins) if (t.dtype !== 'float32') throw new TypeError(`${k.name}: float32 inputs only, got ${t.dtype}`);
    const shapes = ins.map((t) => t.shape);
    const outShapes = k.outputShapes(shapes, attrs ?? {});
    let outs: TensorInfo[];
    if (backendName === 'wasm') {
      const b = backend as unknown as WasmBackend;
      const stream = kernelStream();
      stream?.ready(k.jsReads ? k.jsReads.map((i) => ins[i].dataId) : ins.map((t) => t.dataId));
      const before = stream?.calls ?? 0;
      // Allocate first: growing the heap detaches earlier views of it.
      outs = outShapes.map((s) => b.makeOutput(s, 'float32'));
      k.run(
        ins.map((t) => b.typedArrayFromHeap(t)),
        outs.map((t) => b.typedArrayFromHeap(t)),
        shapes,
        attrs ?? {},
      );
      stream?.produced(
        outs.map((t) => t.dataId),
        before,
      );
    } else {
      const b = backend as unknown as CpuBackend;
      const arrays = outShapes.map((s) => new Float32Array(sizeOf(s)));
      k.run(
        ins.map((t) => b.data.get(t.dataId).values),
        arrays,
        shapes,
        attrs ?? {},
      );
      outs = arrays.map((v, i) => b.makeTensorInfo(outShapes[i], 'float32', v));
    }
    return outs.length === 1 ? outs[0] : outs;
  };
}

/**
 * tfjs clones every tensor a custom op saves for backprop. wasm's Identity copies the data; cpu's
 * shares it by reference count. tfjs tensors are immutable (variables swap their data on assign,
 * and wasm kernels always write fresh outputs), so sharing is safe on wasm too, and it removes a
 * copy of every saved activation: time and, above all, peak memory.
 */
function shareIdentityOnWasm(): void {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
    const x = inputs.x as TensorInfo;
    (backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  touchesNoData.add(kernelFunc);
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc });
}

interface SavingEngine {
  backend: WasmBackend;
  clone(x: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: TensorInfo, backend: WasmBackend): tf.Tensor;
}

/**
 * Even shared, a saved tensor costs tfjs an Identity kernel's dispatch and two tape nodes (so
 * that the clone could itself be differentiated): 5,000 of them in a weight step at the bench's
 * small config, 6% of its time on one thread. Saved tensors are read by gradient functions and
 * never differentiated here (no gradient of a gradient), so on the host backends the engine's
 * clone becomes what their Identity does, without the dispatch; other backends keep tfjs's.
 */
function shareSavedTensors(): void {
  const engine = tf.engine() as unknown as SavingEngine;
  const clone = engine.clone;
  engine.clone = function (this: SavingEngine, x: tf.Tensor) {
    if (!(HOST_BACKENDS as readonly string[]).includes(tf.getBackend())) return clone.call(this, x);
    const y = this.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }, this.backend);
    this.backend.incRef(x.dataId);
    return y;
  };
}

const registered = new Set<string>();
let identityShared = false;
let savedShared = false;

/** Registers `k` for the host-memory backends (once); returns its name for `tf.engine().runKernel`. */
export function hostKernel(k: HostKernel): string {
  if (!registered.has(k.name)) {
    for (const b of HOST_BACKENDS) tf.registerKernel({ kernelName: k.name, backendName: b, kernelFunc: kernelFunc(b, k) });
    registered.add(k.name);
  }
  return k.name;
}

/**
 * Whether the current backend runs our host kernels (the fast formulation on wasm or cpu). The
 * heaviest of them are wasm SIMD: a runtime without it runs the tfjs-op formulation throughout.
 */
export function hostKernels(): boolean {
  if (formulation() !== 'fast' || simdKernels() === null) return false;
  const name = tf.getBackend() as HostBackend;
  if (!HOST_BACKENDS.includes(name)) return false;
  if (name === 'wasm' && !identityShared && tf.getKernel('Identity', 'wasm')) {
    shareIdentityOnWasm();
    identityShared = true;
  }
  if (!savedShared) {
    shareSavedTensors();
    savedShared = true;
  }
  return true;
}

/** Runs a registered host kernel on tensors (float32), returning its outputs. */
export function runHostKernel(name: string, inputs: tf.Tensor[], attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  const map: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => (map[i] = t));
  const out = tf.engine().runKernel(name, map, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
