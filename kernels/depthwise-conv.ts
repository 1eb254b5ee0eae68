// A depthwise correlation over NHWC float32 (src/engine/ops/conv.ts), in wasm SIMD, four channels
// at a time: out[b, y, x, c] = Σ_{i,j} in[b, y·s + i·d − pad, x·s + j·d − pad, c] · w[i, j, c],
// taps outside the map contributing zero (so no padded copy of the input is made). With `flip`
// the taps are read reversed, w[k−1−i, k−1−j, c]: the conv's adjoint. w is [k, k, c] (HWC, the
// channel multiplier 1). Pointers are byte offsets into the tensor heap.

/** Floor division, also for a negative numerator. */
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/** First tap index t ≥ 0 with o·s + t·d − pad ≥ 0. */
@inline function firstTap(o: i32, s: i32, d: i32, pad: i32): i32 {
  const start = o * s - pad;
  return start >= 0 ? 0 : (-start + d - 1) / d;
}
/** One past the last tap index t with o·s + t·d − pad < n. */
@inline function endTap(o: i32, s: i32, d: i32, pad: i32, n: i32, k: i32): i32 {
  const start = o * s - pad;
  return start >= n ? 0 : min<i32>(k, (n - 1 - start) / d + 1);
}

export function depthwiseConv(x: usize, w: usize, out: usize, n: i32, h: i32, wd: i32, c: i32, k: i32, s: i32, d: i32, pad: i32, rows: i32, cols: i32, flip: bool): void {
  const cb = c << 2;
  const rowStep = <isize>(wd * c * d) << 2; // one tap row down
  const colStep = <isize>(d * c) << 2; // one tap right
  const pixelStep = <isize>(s * c) << 2; // the next output column's window
  // Filter entry of tap t = i·k + j: w + t·wStep from wFirst (reversed when flipped).
  const wStep: isize = flip ? -<isize>cb : <isize>cb;
  const wFirst: isize = flip ? <isize>w + <isize>(k * k - 1) * <isize>cb : <isize>w;
  // Output columns whose window lies inside the map along W.
  const inLo = min<i32>(cols, (pad + s - 1) / s);
  const inHi = max<i32>(inLo, min<i32>(cols, floorDiv(wd - 1 - (k - 1) * d + pad, s) + 1));
  let o = out;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < rows; oy++) {
      const i0 = firstTap(oy, s, d, pad), i1 = endTap(oy, s, d, pad, h, k);
      const rowOrigin = <isize>x + (<isize>((b * h + oy * s + i0 * d - pad) * wd - pad) * <isize>c << 2);
      let ox = 0;
      while (ox < cols) {
        const interior = ox >= inLo && ox + 1 < inHi;
        const j0 = interior ? 0 : firstTap(ox, s, d, pad);
        const j1 = interior ? k : endTap(ox, s, d, pad, wd, k);
        const origin = rowOrigin + <isize>(ox * s + j0 * d) * <isize>cb;
        let ch = 0;
        // Sixteen channels at once: eight accumulators (two pixels) that do not wait on each other.
        for (; ch + 16 <= c; ch += 16) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
          let row = origin + (<isize>ch << 2);
          let wRow = wFirst + <isize>(i0 * k + j0) * wStep + (<isize>ch << 2);
          for (let i = i0; i < i1; i++) {
            let p = row, q = wRow;
            for (let j = j0; j < j1; j++) {
              const f0 = v128.load(<usize>q), f1 = v128.load(<usize>q, 16), f2 = v128.load(<usize>q, 32), f3 = v128.load(<usize>q, 48);
              a0 = f32x4.add(a0, f32x4.mul(v128.load(<usize>p), f0));
              a1 = f32x4.add(a1, f32x4.mul(v128.load(<usize>p, 16), f1));
              a2 = f32x4.add(a2, f32x4.mul(v128.load(<usize>p, 32), f2));
              a3 = f32x4.add(a3, f32x4.mul(v128.load(<usize>p, 48), f3));
              if (interior) {
                const r = <usize>(p + pixelStep);
                b0 = f32x4.add(b0, f32x4.mul(v128.load(r), f0));
                b1 = f32x4.add(b1, f32x4.mul(v128.load(r, 16), f1));
                b2 = f32x4.add(b2, f32x4.mul(v128.load(r, 32), f2));
                b3 = f32x4.add(b3, f32x4.mul(v128.load(r, 48), f3));
              }
              p += colStep;
              q += wStep;
            }
            row += rowStep;
            wRow += <isize>k * wStep;
          }
          const at = o + (<usize>ch << 2);
          v128.store(at, a0);
          v128.store(at, a1, 16);
          v128.store(at, a2, 32);
          v128.store(at, a3, 48);
          if (interior) {
            v128.store(at + <usize>cb, b0);
            v128.store(at + <usize>cb, b1, 16);
            v128.store(at + <usize>cb, b2, 32);
            v128.store(at + <usize>cb, b3, 48);
          }
        }
        for (; ch + 4 <= c; ch += 4) {
          let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
          let row = origin + (<isize>ch << 2);
          let wRow = wFirst + <isize>(i0 * k + j0) * wStep + (<isize>ch << 2);
          for (let i = i0; i < i1; i++) {
            let p = row, q = wRow;
            for (let j = j0; j < j1; j++) {
              const f = v128.load(<usize>q);
              acc0 = f32x4.add(acc0, f32x4.mul(v128.load(<usize>p), f));
              if (interior) acc1 = f32x4.add(acc1, f32x4.mul(v128.load(<usize>(p + pixelStep)), f));
              p += colStep;
              q += wStep;
            }
            row += rowStep;
            wRow += <isize>k * wStep;
          }
          v128.store(o + (<usize>ch << 2), acc0);
          if (interior) v128.store(o + <usize>cb + (<usize>ch << 2), acc1);
        }
        for (; ch < c; ch++) {
          let acc0: f32 = 0, acc1: f32 = 0;
          let row = origin + (<isize>ch << 2);
          let wRow = wFirst + <isize>(i0 * k + j0) * wStep + (<isize>ch << 2);
          for (let i = i0; i < i1; i++) {
            let p = row, q = wRow;
            for (let j = j0; j < j1; j++) {
              const f = load<f32>(<usize>q);
              acc0 += load<f32>(<usize>p) * f;
              if (interior) acc1 += load<f32>(<usize>(p + pixelStep)) * f;
              p += colStep;
              q += wStep;
            }
            row += rowStep;
            wRow += <isize>k * wStep;
          }
          store<f32>(o + (<usize>ch << 2), acc0);
          if (interior) store<f32>(o + <usize>cb + (<usize>ch << 2), acc1);
        }
        const done = interior ? 2 : 1;
        o += <usize>(done * cb);
        ox += done;
      }
    }
}
