// The sum of two float32 arrays in wasm SIMD: backprop's accumulation of a tensor's gradient
// contributions (src/engine/ops/add.ts). Pointers are byte offsets into the engine's tensor heap.

/** out = a + b over n elements (IEEE float32 addition, as tfjs's Add). */
export function add(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, load<f32>(a + at) + load<f32>(b + at));
  }
}
