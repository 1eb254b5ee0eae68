// AssemblyScript, compiled to wasm SIMD at `npm ci` (scripts/build-kernels.mjs); loaded by
// src/engine/ops/simd/kernels.ts. Pointers are byte offsets into the imported memory.

/** Floor division, also for a negative numerator (a tap whose window misses the map). */
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/**
 * dW[i, j, c] = Σ_{b,y,x} x[b, y·s + i·d − pad, x·s + j·d − pad, c] · dy[b, y, x, c]: the
 * depthwise filter gradient, NHWC float32, dW as [k, k, C], for the c channels from the pointers on
 * of C = cs (all of them, or one thread's share). Per tap, the output rows and columns
 * whose input lies inside the map are one rectangle; four channels at a time are summed in one
 * f32x4 accumulator per image (at most H·W products), and the images' sums in float64. Channels
 * past the last multiple of 4 take the scalar loop.
 */
export function depthwiseFilterGrad(dy: usize, x: usize, out: usize, n: i32, rows: i32, cols: i32, c: i32, cs: i32, h: i32, w: i32, k: i32, s: i32, d: i32, pad: i32): void {
  const xStep = <usize>(s * cs) << 2;
  const dyStep = <usize>cs << 2;
  for (let i = 0; i < k; i++) {
    const y0 = max(0, -floorDiv(i * d - pad, s));
    const y1 = min(rows, floorDiv(h - 1 + pad - i * d, s) + 1);
    for (let j = 0; j < k; j++) {
      const shift = j * d - pad;
      const first = max(0, -floorDiv(shift, s));
      const last = min(cols, floorDiv(w - 1 - shift, s) + 1);
      const at = (i * k + j) * cs;
      let ch = 0;
      for (; ch + 4 <= c; ch += 4) {
        let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
        for (let b = 0; b < n; b++) {
          let acc = f32x4.splat(0);
          for (let y = y0; y < y1; y++) {
            let p = x + ((<usize>(((b * h + y * s + i * d - pad) * w + first * s + shift) * cs + ch)) << 2);
            let q = dy + ((<usize>(((b * rows + y) * cols + first) * cs + ch)) << 2);
            for (let t = first; t < last; t++) {
              acc = f32x4.add(acc, f32x4.mul(v128.load(p), v128.load(q)));
              p += xStep;
              q += dyStep;
            }
          }
          t0 += <f64>f32x4.extract_lane(acc, 0);
          t1 += <f64>f32x4.extract_lane(acc, 1);
          t2 += <f64>f32x4.extract_lane(acc, 2);
          t3 += <f64>f32x4.extract_lane(acc, 3);
        }
        const o = out + (<usize>(at + ch) << 2);
        store<f32>(o, <f32>t0);
        store<f32>(o, <f32>t1, 4);
        store<f32>(o, <f32>t2, 8);
        store<f32>(o, <f32>t3, 12);
      }
      for (; ch < c; ch++) {
        let total: f64 = 0;
        for (let b = 0; b < n; b++)
          for (let y = y0; y < y1; y++) {
            let p = x + ((<usize>(((b * h + y * s + i * d - pad) * w + first * s + shift) * cs + ch)) << 2);
            let q = dy + ((<usize>(((b * rows + y) * cols + first) * cs + ch)) << 2);
            for (let t = first; t < last; t++) {
              total += <f64>(load<f32>(p) * load<f32>(q));
              p += xStep;
              q += dyStep;
            }
          }
        store<f32>(out + (<usize>(at + ch) << 2), <f32>total);
      }
    }
  }
}
