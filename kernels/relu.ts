// ReLU and its input gradient (src/engine/ops/relu.ts) in wasm SIMD. Pointers are byte offsets into the
// engine's tensor heap; n is the element count.

/** dx = dy where x > 0, else 0 (0 at x = 0, as tfjs and PyTorch). */
export function reluGrad(dy: usize, x: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(dx + at, v128.and(v128.load(dy + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(dy + at) : 0);
  }
}

/** y = max(x, 0) (NaN stays NaN, as in PyTorch). */
export function relu(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(y + at, f32x4.max(v128.load(x + at), zero));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(y + at, max<f32>(load<f32>(x + at), 0));
  }
}
