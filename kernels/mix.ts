// The α-weighted sum of a node's op outputs and its weight gradient (src/engine/supernet/mix.ts),
// four terms per call, in wasm SIMD. Pointers are byte offsets into the engine's tensor heap; n is
// the element count of each term.

/** out = (accumulate ? out : 0) + a0·y0 + a1·y1 + a2·y2 + a3·y3, float32 lanes. A term whose pointer is 0 is left out. */
export function mix4(out: usize, accumulate: bool, y0: usize, y1: usize, y2: usize, y3: usize, a0: f32, a1: f32, a2: f32, a3: f32, n: i32): void {
  const w0 = f32x4.splat(a0), w1 = f32x4.splat(a1), w2 = f32x4.splat(a2), w3 = f32x4.splat(a3);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    let s = accumulate ? v128.load(out + at) : f32x4.splat(0);
    s = f32x4.add(s, f32x4.mul(w0, v128.load(y0 + at)));
    if (y1) s = f32x4.add(s, f32x4.mul(w1, v128.load(y1 + at)));
    if (y2) s = f32x4.add(s, f32x4.mul(w2, v128.load(y2 + at)));
    if (y3) s = f32x4.add(s, f32x4.mul(w3, v128.load(y3 + at)));
    v128.store(out + at, s);
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    let s: f32 = accumulate ? load<f32>(out + at) : 0;
    s += a0 * load<f32>(y0 + at);
    if (y1) s += a1 * load<f32>(y1 + at);
    if (y2) s += a2 * load<f32>(y2 + at);
    if (y3) s += a3 * load<f32>(y3 + at);
    store<f32>(out + at, s);
  }
}

/** Float32 lanes of one block summed into float64: blocks keep float32 rounding to ~1e3 products. */
const BLOCK = 1024;

@inline function total(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

@inline function addAt(out: usize, i: i32, t: f64): void {
  const p = out + (<usize>i << 2);
  store<f32>(p, <f32>(<f64>load<f32>(p) + t));
}

/** out[i_k] += ⟨dy, y_k⟩ for the (up to) four terms whose pointer is not 0. */
export function dot4(dy: usize, y0: usize, y1: usize, y2: usize, y3: usize, out: usize, i0: i32, i1: i32, i2: i32, i3: i32, n: i32): void {
  let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
  const whole = n & ~3;
  for (let start = 0; start < whole; start += BLOCK) {
    const end = min(whole, start + BLOCK);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let i = start; i < end; i += 4) {
      const at = <usize>i << 2;
      const d = v128.load(dy + at);
      s0 = f32x4.add(s0, f32x4.mul(d, v128.load(y0 + at)));
      if (y1) s1 = f32x4.add(s1, f32x4.mul(d, v128.load(y1 + at)));
      if (y2) s2 = f32x4.add(s2, f32x4.mul(d, v128.load(y2 + at)));
      if (y3) s3 = f32x4.add(s3, f32x4.mul(d, v128.load(y3 + at)));
    }
    t0 += total(s0);
    t1 += total(s1);
    t2 += total(s2);
    t3 += total(s3);
  }
  for (let i = whole; i < n; i++) {
    const at = <usize>i << 2;
    const d = <f64>load<f32>(dy + at);
    t0 += d * <f64>load<f32>(y0 + at);
    if (y1) t1 += d * <f64>load<f32>(y1 + at);
    if (y2) t2 += d * <f64>load<f32>(y2 + at);
    if (y3) t3 += d * <f64>load<f32>(y3 + at);
  }
  addAt(out, i0, t0);
  if (y1) addAt(out, i1, t1);
  if (y2) addAt(out, i2, t2);
  if (y3) addAt(out, i3, t3);
}
