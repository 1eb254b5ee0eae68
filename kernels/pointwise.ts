// 1x1 stride-1 convs over NHWC float32 viewed as [p, channels] (src/engine/ops/conv.ts), in wasm
// SIMD: the forward and adjoint products and the filter gradient. w is [cin, cout]. Sums are
// float32, as in the matmul kernels they replace. Pointers are byte offsets into the tensor heap.

@inline function lane(v: v128, i: i32): v128 {
  return i == 0 ? v128.shuffle<f32>(v, v, 0, 0, 0, 0) : i == 1 ? v128.shuffle<f32>(v, v, 1, 1, 1, 1) : i == 2 ? v128.shuffle<f32>(v, v, 2, 2, 2, 2) : v128.shuffle<f32>(v, v, 3, 3, 3, 3);
}

/**
 * out[q, b] = Σ_a in[q, a] · F(a, b) over p positions, F(a, b) = w[a·nb + b] (the forward, in = x
 * [p, cin], out [p, cout]) or, with `adjoint`, w[b·na + a] (in = dy [p, cout], out = dx [p, cin]).
 */
export function pointwiseConv(input: usize, w: usize, out: usize, p: i32, na: i32, nb: i32, adjoint: bool): void {
  if (adjoint) {
    if ((na & 3) == 0 && (nb & 3) == 0) adjointByRows(input, w, out, p, na, nb);
    else adjointByBlocks(input, w, out, p, na, nb);
    return;
  }
  const inBytes = <usize>na << 2, outBytes = <usize>nb << 2;
  let q = 0;
  // Four positions at a time share each filter load.
  for (; q + 4 <= p; q += 4) {
    const src = input + <usize>q * inBytes, dst = out + <usize>q * outBytes;
    let b = 0;
    // Eight output channels: eight accumulators that do not wait on each other, each input read once for both.
    for (; b + 8 <= nb; b += 8) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let wp = w + (<usize>b << 2), x = src;
      for (let a = 0; a < na; a++) {
        const f = v128.load(wp), g = v128.load(wp, 16);
        const x0 = v128.load32_splat(x), x1 = v128.load32_splat(x + inBytes), x2 = v128.load32_splat(x + 2 * inBytes), x3 = v128.load32_splat(x + 3 * inBytes);
        a0 = f32x4.add(a0, f32x4.mul(x0, f));
        c0 = f32x4.add(c0, f32x4.mul(x0, g));
        a1 = f32x4.add(a1, f32x4.mul(x1, f));
        c1 = f32x4.add(c1, f32x4.mul(x1, g));
        a2 = f32x4.add(a2, f32x4.mul(x2, f));
        c2 = f32x4.add(c2, f32x4.mul(x2, g));
        a3 = f32x4.add(a3, f32x4.mul(x3, f));
        c3 = f32x4.add(c3, f32x4.mul(x3, g));
        wp += outBytes;
        x += 4;
      }
      const o = dst + (<usize>b << 2);
      v128.store(o, a0);
      v128.store(o, c0, 16);
      v128.store(o + outBytes, a1);
      v128.store(o + outBytes, c1, 16);
      v128.store(o + 2 * outBytes, a2);
      v128.store(o + 2 * outBytes, c2, 16);
      v128.store(o + 3 * outBytes, a3);
      v128.store(o + 3 * outBytes, c3, 16);
    }
    for (; b + 4 <= nb; b += 4) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let wp = w + (<usize>b << 2), x = src;
      for (let a = 0; a < na; a++) {
        const f = v128.load(wp);
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(x)), f));
        a1 = f32x4.add(a1, f32x4.mul(f32x4.splat(load<f32>(x + inBytes)), f));
        a2 = f32x4.add(a2, f32x4.mul(f32x4.splat(load<f32>(x + 2 * inBytes)), f));
        a3 = f32x4.add(a3, f32x4.mul(f32x4.splat(load<f32>(x + 3 * inBytes)), f));
        wp += outBytes;
        x += 4;
      }
      const o = dst + (<usize>b << 2);
      v128.store(o, a0);
      v128.store(o + outBytes, a1);
      v128.store(o + 2 * outBytes, a2);
      v128.store(o + 3 * outBytes, a3);
    }
    for (; b < nb; b++)
      for (let r: usize = 0; r < 4; r++) {
        let acc: f32 = 0;
        for (let a = 0; a < na; a++) acc += load<f32>(src + r * inBytes + (<usize>a << 2)) * load<f32>(w + (<usize>(a * nb + b) << 2));
        store<f32>(dst + r * outBytes + (<usize>b << 2), acc);
      }
  }
  for (; q < p; q++) {
    const src = input + <usize>q * inBytes, dst = out + <usize>q * outBytes;
    for (let b = 0; b < nb; b++) {
      let acc: f32 = 0;
      for (let a = 0; a < na; a++) acc += load<f32>(src + (<usize>a << 2)) * load<f32>(w + (<usize>(a * nb + b) << 2));
      store<f32>(dst + (<usize>b << 2), acc);
    }
  }
}

/** Positions per block of the adjoint: its gathered filter columns are reused across a block. */
const BLOCK = 64;

/** [Σ s0, Σ s1, Σ s2, Σ s3]: four horizontal sums in one vector. */
@inline function sums(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const u01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const u23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(u01, u23, 0, 1, 4, 5), v128.shuffle<f32>(u01, u23, 2, 3, 6, 7));
}

/**
 * The adjoint, out[q, b] = Σ_a in[q, a] · w[b·na + a], where na and nb are multiples of 4: four
 * filter rows (contiguous along a) against one input row, their four dot products reduced into
 * one vector of outputs.
 */
function adjointByRows(input: usize, w: usize, out: usize, p: i32, na: i32, nb: i32): void {
  const inBytes = <usize>na << 2;
  let src = input, dst = out;
  for (let q = 0; q < p; q++) {
    for (let b = 0; b < nb; b += 4) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      const w0 = w + <usize>b * inBytes;
      for (let a: usize = 0; a < inBytes; a += 16) {
        const v = v128.load(src + a);
        s0 = f32x4.add(s0, f32x4.mul(v, v128.load(w0 + a)));
        s1 = f32x4.add(s1, f32x4.mul(v, v128.load(w0 + inBytes + a)));
        s2 = f32x4.add(s2, f32x4.mul(v, v128.load(w0 + 2 * inBytes + a)));
        s3 = f32x4.add(s3, f32x4.mul(v, v128.load(w0 + 3 * inBytes + a)));
      }
      v128.store(dst + (<usize>b << 2), sums(s0, s1, s2, s3));
    }
    src += inBytes;
    dst += <usize>nb << 2;
  }
}

/**
 * The adjoint for any channel counts. Four output channels' filter entries are strided in w, so
 * they are gathered once per block of positions and the block accumulated in out.
 */
function adjointByBlocks(input: usize, w: usize, out: usize, p: i32, na: i32, nb: i32): void {
  const inBytes = <usize>na << 2, outBytes = <usize>nb << 2;
  for (let q0 = 0; q0 < p; q0 += BLOCK) {
    const q1 = min<i32>(p, q0 + BLOCK);
    let b = 0;
    for (; b + 4 <= nb; b += 4) {
      for (let a = 0; a < na; a++) {
        let f = f32x4.splat(load<f32>(w + (<usize>(b * na + a) << 2)));
        f = f32x4.replace_lane(f, 1, load<f32>(w + (<usize>((b + 1) * na + a) << 2)));
        f = f32x4.replace_lane(f, 2, load<f32>(w + (<usize>((b + 2) * na + a) << 2)));
        f = f32x4.replace_lane(f, 3, load<f32>(w + (<usize>((b + 3) * na + a) << 2)));
        let src = input + <usize>q0 * inBytes + (<usize>a << 2);
        let dst = out + <usize>q0 * outBytes + (<usize>b << 2);
        for (let q = q0; q < q1; q++) {
          const term = f32x4.mul(f32x4.splat(load<f32>(src)), f);
          v128.store(dst, a == 0 ? term : f32x4.add(v128.load(dst), term));
          src += inBytes;
          dst += outBytes;
        }
      }
    }
    for (; b < nb; b++)
      for (let q = q0; q < q1; q++) {
        let acc: f32 = 0;
        for (let a = 0; a < na; a++) acc += load<f32>(input + <usize>q * inBytes + (<usize>a << 2)) * load<f32>(w + (<usize>(b * na + a) << 2));
        store<f32>(out + <usize>q * outBytes + (<usize>b << 2), acc);
      }
  }
}

/** Positions per pass of the filter gradient: its slices of x and dy stay in L1 across the channel blocks. */
const CHUNK = 128;

/**
 * dW[i, o] = Σ_q x[q, i] · dy[q, o] for cin input channels from x on, x's rows xs long (all of
 * them, or one thread's share): four input channels by four output channels per pass. The
 * positions go in chunks, every block over one chunk before the next: one pass of a block over all
 * of them read x and dy from memory again for each of the (cin/4)·(cout/4) blocks. Each sum goes
 * on from where the last chunk stored it, in the same order as in one pass, so the results do not
 * depend on the chunk size.
 */
export function pointwiseFilterGrad(x: usize, dy: usize, out: usize, p: i32, cin: i32, xs: i32, cout: i32): void {
  const xBytes = <usize>xs << 2, dyBytes = <usize>cout << 2;
  for (let q0 = 0; q0 < p; q0 += CHUNK) {
    const q1 = min<i32>(p, q0 + CHUNK);
    const fresh = q0 == 0;
    const xChunk = x + <usize>q0 * xBytes, dyChunk = dy + <usize>q0 * dyBytes;
    let o = 0;
    for (; o + 4 <= cout; o += 4) {
      let i = 0;
      for (; i + 4 <= cin; i += 4) {
        const row = out + (<usize>(i * cout + o) << 2);
        let a0 = fresh ? f32x4.splat(0) : v128.load(row);
        let a1 = fresh ? f32x4.splat(0) : v128.load(row + dyBytes);
        let a2 = fresh ? f32x4.splat(0) : v128.load(row + 2 * dyBytes);
        let a3 = fresh ? f32x4.splat(0) : v128.load(row + 3 * dyBytes);
        let px = xChunk + (<usize>i << 2), pd = dyChunk + (<usize>o << 2);
        for (let q = q0; q < q1; q++) {
          const d = v128.load(pd), v = v128.load(px);
          a0 = f32x4.add(a0, f32x4.mul(lane(v, 0), d));
          a1 = f32x4.add(a1, f32x4.mul(lane(v, 1), d));
          a2 = f32x4.add(a2, f32x4.mul(lane(v, 2), d));
          a3 = f32x4.add(a3, f32x4.mul(lane(v, 3), d));
          px += xBytes;
          pd += dyBytes;
        }
        v128.store(row, a0);
        v128.store(row + dyBytes, a1);
        v128.store(row + 2 * dyBytes, a2);
        v128.store(row + 3 * dyBytes, a3);
      }
      for (; i < cin; i++) {
        const at = out + (<usize>(i * cout + o) << 2);
        let acc = fresh ? f32x4.splat(0) : v128.load(at);
        let px = xChunk + (<usize>i << 2), pd = dyChunk + (<usize>o << 2);
        for (let q = q0; q < q1; q++) {
          acc = f32x4.add(acc, f32x4.mul(f32x4.splat(load<f32>(px)), v128.load(pd)));
          px += xBytes;
          pd += dyBytes;
        }
        v128.store(at, acc);
      }
    }
    for (; o < cout; o++)
      for (let i = 0; i < cin; i++) {
        const at = out + (<usize>(i * cout + o) << 2);
        let acc: f32 = fresh ? 0 : load<f32>(at);
        let px = xChunk + (<usize>i << 2), pd = dyChunk + (<usize>o << 2);
        for (let q = q0; q < q1; q++) {
          acc += load<f32>(px) * load<f32>(pd);
          px += xBytes;
          pd += dyBytes;
        }
        store<f32>(at, acc);
      }
  }
}
