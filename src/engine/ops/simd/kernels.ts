import { KERNELS_WASM_BASE64 } from './wasm-binary.generated';

/**
 * The engine's own wasm SIMD kernels (kernels/, compiled at install time by
 * scripts/build-kernels.mjs). They run in a module and memory of their own: each call copies
 * its inputs in and its output out, which costs far less than the arithmetic it speeds up.
 */
export interface SimdKernels {
  /** dW[k, k, C] of a depthwise conv from dy [n, rows, cols, C] and x [n, h, w, C]. */
  depthwiseFilterGrad(dy: Float32Array, x: Float32Array, out: Float32Array, dyShape: readonly number[], xShape: readonly number[], window: { kernel: number; stride: number; dilation: number; pad: number }): void;
}

interface Exports {
  depthwiseFilterGrad(dy: number, x: number, out: number, n: number, rows: number, cols: number, c: number, h: number, w: number, k: number, s: number, d: number, pad: number): void;
}

const PAGE = 65536;
/** The module keeps no data of its own below this offset (stub runtime, no static data), so tensors start here. */
const BASE = PAGE;

function instantiate(): SimdKernels {
  const memory = new WebAssembly.Memory({ initial: 2 });
  const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const exports = new WebAssembly.Instance(module, { env: { memory, abort: () => {} } }).exports as unknown as Exports;
  /** Grows the memory (it only grows) to hold `bytes` past BASE; returns a fresh view. */
  const heap = (bytes: number) => {
    const missing = BASE + bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    return new Float32Array(memory.buffer);
  };
  return {
    depthwiseFilterGrad(dy, x, out, [n, rows, cols, c], [, h, w], { kernel, stride, dilation, pad }) {
      const [dyAt, xAt] = [BASE, BASE + dy.byteLength];
      const outAt = xAt + x.byteLength;
      const f32 = heap(dy.byteLength + x.byteLength + out.byteLength);
      f32.set(dy, dyAt / 4);
      f32.set(x, xAt / 4);
      exports.depthwiseFilterGrad(dyAt, xAt, outAt, n, rows, cols, c, h, w, kernel, stride, dilation, pad);
      out.set(f32.subarray(outAt / 4, outAt / 4 + out.length));
    },
  };
}

let kernels: SimdKernels | null | undefined;

/** The kernels, instantiated once; null where this runtime has no wasm SIMD (callers then use tfjs ops). */
export function simdKernels(): SimdKernels | null {
  if (kernels === undefined) {
    try {
      kernels = instantiate();
    } catch {
      kernels = null;
    }
  }
  return kernels;
}
