// One tap of a strided window over NHWC float32 (src/engine/ops/geometry.ts): out[b, i, j, :] =
// x[b, rowStart + i·step, colStart + j·step, :]. Pointers are byte offsets into the tensor heap.
export function stridedTap(x: usize, out: usize, n: i32, h: i32, w: i32, c: i32, rowStart: i32, colStart: i32, rows: i32, cols: i32, step: i32): void {
  const bytes = <usize>c << 2;
  const vectors = bytes & ~15;
  let dst = out;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const src = x + (<usize>(((b * h + rowStart + i * step) * w + colStart + j * step) * c) << 2);
        let k: usize = 0;
        for (; k < vectors; k += 16) v128.store(dst + k, v128.load(src + k));
        for (; k < bytes; k += 4) store<f32>(dst + k, load<f32>(src + k));
        dst += bytes;
      }
}
