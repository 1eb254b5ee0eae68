// Strided copies over NHWC float32, in wasm SIMD. Pointers are byte offsets into the tensor heap.

@inline function copyChannels(dst: usize, src: usize, bytes: usize): void {
  const vectors = bytes & ~15;
  let k: usize = 0;
  for (; k < vectors; k += 16) v128.store(dst + k, v128.load(src + k));
  for (; k < bytes; k += 4) store<f32>(dst + k, load<f32>(src + k));
}

/** One tap of a strided window (src/engine/ops/geometry.ts): out[b, i, j, :] = x[b, rowStart + i·step, colStart + j·step, :]. */
export function stridedTap(x: usize, out: usize, n: i32, h: i32, w: i32, c: i32, rowStart: i32, colStart: i32, rows: i32, cols: i32, step: i32): void {
  const bytes = <usize>c << 2;
  let dst = out;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        copyChannels(dst, x + (<usize>(((b * h + rowStart + i * step) * w + colStart + j * step) * c) << 2), bytes);
        dst += bytes;
      }
}

/**
 * The adjoint of a strided tap (src/engine/ops/conv.ts): dy [n, r, cl, c] placed at rows and
 * columns offset + i·step of a zero map [n, rows, cols, c], entries past the map dropped.
 */
export function spread(dy: usize, out: usize, n: i32, r: i32, cl: i32, c: i32, step: i32, offset: i32, rows: i32, cols: i32): void {
  const bytes = <usize>c << 2;
  memory.fill(out, 0, <usize>n * <usize>rows * <usize>cols * bytes);
  for (let b = 0; b < n; b++)
    for (let i = 0, ty = offset; i < r && ty < rows; i++, ty += step)
      for (let j = 0, tx = offset; j < cl && tx < cols; j++, tx += step)
        copyChannels(out + (<usize>(((b * rows + ty) * cols + tx) * c) << 2), dy + (<usize>(((b * r + i) * cl + j) * c) << 2), bytes);
}

/**
 * rows × width floats from src to dst, rows srcStride and dstStride floats apart: one input's
 * block of a channel concat, or one input's share of its gradient (src/engine/ops/channels.ts).
 */
export function copyRows(src: usize, srcStride: i32, dst: usize, dstStride: i32, rows: i32, width: i32): void {
  const bytes = <usize>width << 2;
  const srcStep = <usize>srcStride << 2;
  const dstStep = <usize>dstStride << 2;
  for (let r = 0; r < rows; r++) {
    copyChannels(dst, src, bytes);
    src += srcStep;
    dst += dstStep;
  }
}
