// AssemblyScript, compiled to wasm SIMD at `npm ci` (scripts/build-kernels.mjs); loaded by
// src/engine/ops/simd/kernels.ts. Pointers are byte offsets into the imported memory.

/** Floor division, also for a negative numerator (a tap whose window misses the map). */
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/** Stores the float64 pair sums lo (channels 0, 1) and hi (2, 3) as four float32 at `o`. */
@inline function storeSums(o: usize, lo: v128, hi: v128): void {
  v128.store(o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/** The float64 pair sums of the upper two lanes of `v`. */
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/**
 * dW[i, j, c] = Σ_{b,y,x} x[b, y·s + i·d − pad, x·s + j·d − pad, c] · dy[b, y, x, c]: the
 * depthwise filter gradient, NHWC float32, dW as [k, k, C], for the `taps` taps t = i·k + j from
 * `tap0` on (all k² of them, or one thread's share: a part keeps every channel, so that it keeps the
 * wide blocks below). Per tap, the output rows and columns whose input lies inside the map are one
 * rectangle. Each channel is summed in one float32 lane per image, in the order y then x (at most
 * H·W products), and the images' sums in float64.
 *
 * Sixteen channels go through the inner loop together: four accumulators that do not wait on each
 * other (one alone is bound by the add's latency), and 64 contiguous bytes per pixel read instead
 * of a strided 16. Every channel's sum keeps its order, so the results are those of one channel
 * group at a time bit for bit. Then groups of four, then single channels.
 */
export function depthwiseFilterGrad(dy: usize, x: usize, out: usize, n: i32, rows: i32, cols: i32, c: i32, h: i32, w: i32, k: i32, s: i32, d: i32, pad: i32, tap0: i32, taps: i32): void {
  const xStep = <usize>(s * c) << 2;
  const dyStep = <usize>c << 2;
  for (let tap = tap0; tap < tap0 + taps; tap++) {
    const i = tap / k, j = tap % k;
    const y0 = max(0, -floorDiv(i * d - pad, s));
    const y1 = min(rows, floorDiv(h - 1 + pad - i * d, s) + 1);
    const shift = j * d - pad;
    const first = max(0, -floorDiv(shift, s));
    const last = min(cols, floorDiv(w - 1 - shift, s) + 1);
    const at = tap * c;
    let ch = 0;
    for (; ch + 16 <= c; ch += 16) {
      let t0 = f64x2.splat(0), t1 = f64x2.splat(0), t2 = f64x2.splat(0), t3 = f64x2.splat(0);
      let t4 = f64x2.splat(0), t5 = f64x2.splat(0), t6 = f64x2.splat(0), t7 = f64x2.splat(0);
      for (let b = 0; b < n; b++) {
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        for (let y = y0; y < y1; y++) {
          let p = x + ((<usize>(((b * h + y * s + i * d - pad) * w + first * s + shift) * c + ch)) << 2);
          let q = dy + ((<usize>(((b * rows + y) * cols + first) * c + ch)) << 2);
          for (let t = first; t < last; t++) {
            a0 = f32x4.add(a0, f32x4.mul(v128.load(p), v128.load(q)));
            a1 = f32x4.add(a1, f32x4.mul(v128.load(p, 16), v128.load(q, 16)));
            a2 = f32x4.add(a2, f32x4.mul(v128.load(p, 32), v128.load(q, 32)));
            a3 = f32x4.add(a3, f32x4.mul(v128.load(p, 48), v128.load(q, 48)));
            p += xStep;
            q += dyStep;
          }
        }
        t0 = f64x2.add(t0, f64x2.promote_low_f32x4(a0));
        t1 = f64x2.add(t1, promoteHigh(a0));
        t2 = f64x2.add(t2, f64x2.promote_low_f32x4(a1));
        t3 = f64x2.add(t3, promoteHigh(a1));
        t4 = f64x2.add(t4, f64x2.promote_low_f32x4(a2));
        t5 = f64x2.add(t5, promoteHigh(a2));
        t6 = f64x2.add(t6, f64x2.promote_low_f32x4(a3));
        t7 = f64x2.add(t7, promoteHigh(a3));
      }
      const o = out + (<usize>(at + ch) << 2);
      storeSums(o, t0, t1);
      storeSums(o + 16, t2, t3);
      storeSums(o + 32, t4, t5);
      storeSums(o + 48, t6, t7);
    }
    for (; ch + 4 <= c; ch += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      for (let b = 0; b < n; b++) {
        let acc = f32x4.splat(0);
        for (let y = y0; y < y1; y++) {
          let p = x + ((<usize>(((b * h + y * s + i * d - pad) * w + first * s + shift) * c + ch)) << 2);
          let q = dy + ((<usize>(((b * rows + y) * cols + first) * c + ch)) << 2);
          for (let t = first; t < last; t++) {
            acc = f32x4.add(acc, f32x4.mul(v128.load(p), v128.load(q)));
            p += xStep;
            q += dyStep;
          }
        }
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(acc));
        hi = f64x2.add(hi, promoteHigh(acc));
      }
      storeSums(out + (<usize>(at + ch) << 2), lo, hi);
    }
    for (; ch < c; ch++) {
      let total: f64 = 0;
      for (let b = 0; b < n; b++)
        for (let y = y0; y < y1; y++) {
          let p = x + ((<usize>(((b * h + y * s + i * d - pad) * w + first * s + shift) * c + ch)) << 2);
          let q = dy + ((<usize>(((b * rows + y) * cols + first) * c + ch)) << 2);
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
