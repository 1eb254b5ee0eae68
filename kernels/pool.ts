// The input gradient of a 3x3, padding-1 pool over NHWC float32 (src/engine/ops/pool.ts), in wasm
// SIMD, four channels at a time. Padding is handled by each window's bounds: avg divides by the
// real cells, max routes each output's gradient to the first maximum of its window in row-major
// order, as PyTorch does. dx must be zero on entry. Pointers are byte offsets into the tensor heap.

const K = 3;
const PAD = 1;

export function poolGrad(dy: usize, x: usize, dx: usize, n: i32, h: i32, w: i32, c: i32, rows: i32, cols: i32, stride: i32, isMax: bool): void {
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < rows; oy++) {
      const y0 = max<i32>(0, oy * stride - PAD), y1 = min<i32>(h, oy * stride - PAD + K);
      for (let ox = 0; ox < cols; ox++) {
        const x0 = max<i32>(0, ox * stride - PAD), x1 = min<i32>(w, ox * stride - PAD + K);
        const o = dy + (<usize>(((b * rows + oy) * cols + ox) * c) << 2);
        const cell0 = (b * h + y0) * w + x0;
        if (isMax) maxWindow(o, x, dx, cell0, y0, y1, x0, x1, w, c);
        else avgWindow(o, dx, cell0, (y1 - y0) * (x1 - x0), y0, y1, x0, x1, w, c);
      }
    }
}

@inline function avgWindow(o: usize, dx: usize, cell0: i32, count: i32, y0: i32, y1: i32, x0: i32, x1: i32, w: i32, c: i32): void {
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const g = f32x4.div(v128.load(o + (<usize>k << 2)), f32x4.splat(<f32>count));
    for (let iy = y0; iy < y1; iy++)
      for (let ix = x0; ix < x1; ix++) {
        const p = dx + (<usize>((cell0 + (iy - y0) * w + (ix - x0)) * c + k) << 2);
        v128.store(p, f32x4.add(v128.load(p), g));
      }
  }
  for (; k < c; k++) {
    const g = load<f32>(o + (<usize>k << 2)) / <f32>count;
    for (let iy = y0; iy < y1; iy++)
      for (let ix = x0; ix < x1; ix++) {
        const p = dx + (<usize>((cell0 + (iy - y0) * w + (ix - x0)) * c + k) << 2);
        store<f32>(p, load<f32>(p) + g);
      }
  }
}

@inline function maxWindow(o: usize, x: usize, dx: usize, cell0: i32, y0: i32, y1: i32, x0: i32, x1: i32, w: i32, c: i32): void {
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    let best = v128.load(x + (<usize>(cell0 * c + k) << 2));
    let at = i32x4.splat(cell0);
    for (let iy = y0; iy < y1; iy++)
      for (let ix = x0; ix < x1; ix++) {
        const cell = cell0 + (iy - y0) * w + (ix - x0);
        const v = v128.load(x + (<usize>(cell * c + k) << 2));
        const wins = f32x4.gt(v, best);
        best = v128.bitselect(v, best, wins);
        at = v128.bitselect(i32x4.splat(cell), at, wins);
      }
    const g = v128.load(o + (<usize>k << 2));
    routeLane(dx, i32x4.extract_lane(at, 0), c, k, f32x4.extract_lane(g, 0));
    routeLane(dx, i32x4.extract_lane(at, 1), c, k + 1, f32x4.extract_lane(g, 1));
    routeLane(dx, i32x4.extract_lane(at, 2), c, k + 2, f32x4.extract_lane(g, 2));
    routeLane(dx, i32x4.extract_lane(at, 3), c, k + 3, f32x4.extract_lane(g, 3));
  }
  for (; k < c; k++) {
    let best = load<f32>(x + (<usize>(cell0 * c + k) << 2));
    let at = cell0;
    for (let iy = y0; iy < y1; iy++)
      for (let ix = x0; ix < x1; ix++) {
        const cell = cell0 + (iy - y0) * w + (ix - x0);
        const v = load<f32>(x + (<usize>(cell * c + k) << 2));
        if (v > best) {
          best = v;
          at = cell;
        }
      }
    routeLane(dx, at, c, k, load<f32>(o + (<usize>k << 2)));
  }
}

@inline function routeLane(dx: usize, cell: i32, c: i32, k: i32, g: f32): void {
  const p = dx + (<usize>(cell * c + k) << 2);
  store<f32>(p, load<f32>(p) + g);
}
