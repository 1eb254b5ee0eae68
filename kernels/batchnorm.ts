// Training-mode batch norm over NHWC float32 viewed as [p, cs] (p = N·H·W positions), in wasm
// SIMD, for the c channels from the pointers on (all cs, or one thread's share). The same arithmetic as the JavaScript host kernels in src/engine/ops/batchnorm.ts, in the
// same order (per channel, float64 sums, four channels as two f64x2 lanes), so the two agree to
// float64 rounding. Pointers are byte offsets into the engine's tensor heap; a null pointer (0)
// stands for an absent γ or β, or an output not wanted.

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
/** Four float64 lanes as float32, in one v128. */
@inline function narrow(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}
@inline function at(base: usize, k: i32): usize {
  return base + (<usize>k << 2);
}
@inline function param(ptr: usize, k: i32, absent: f64): f64 {
  return ptr ? <f64>load<f32>(at(ptr, k)) : absent;
}

/**
 * out[i, k..k+3] = a·u + b·v + off (b·v left out when v is 0), in float64, for channels k..k+3
 * given as pairs (a01, a23, ...).
 */
@inline function affine4(out: usize, u: usize, v: usize, p: i32, cs: i32, k: i32, a01: v128, a23: v128, b01: v128, b23: v128, o01: v128, o23: v128): void {
  const step = <usize>cs << 2;
  let pu = at(u, k), pv = at(v, k), po = at(out, k);
  for (let i = 0; i < p; i++) {
    const x = v128.load(pu);
    let r01: v128, r23: v128;
    if (v) {
      const y = v128.load(pv);
      r01 = f64x2.add(f64x2.add(f64x2.mul(a01, lo(x)), f64x2.mul(b01, lo(y))), o01);
      r23 = f64x2.add(f64x2.add(f64x2.mul(a23, hi(x)), f64x2.mul(b23, hi(y))), o23);
      pv += step;
    } else {
      r01 = f64x2.add(f64x2.mul(a01, lo(x)), o01);
      r23 = f64x2.add(f64x2.mul(a23, hi(x)), o23);
    }
    v128.store(po, narrow(r01, r23));
    pu += step;
    po += step;
  }
}

@inline function affine1(out: usize, u: usize, v: usize, p: i32, cs: i32, k: i32, a: f64, b: f64, off: f64): void {
  const step = <usize>cs << 2;
  let pu = at(u, k), pv = at(v, k), po = at(out, k);
  for (let i = 0; i < p; i++) {
    store<f32>(po, <f32>(a * <f64>load<f32>(pu) + (v ? b * <f64>load<f32>(pv) : 0) + off));
    pu += step;
    pv += step;
    po += step;
  }
}

/** y = γ·(x − mean)/√(var + eps) + β; writes the batch mean and biased variance [c]. */
export function batchNormForward(x: usize, y: usize, meanOut: usize, varOut: usize, gamma: usize, beta: usize, p: i32, c: i32, cs: i32, eps: f64): void {
  const step = <usize>cs << 2;
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const first = v128.load(at(x, k));
    const k01 = lo(first), k23 = hi(first);
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0), q01 = f64x2.splat(0), q23 = f64x2.splat(0);
    let q = at(x, k);
    for (let i = 0; i < p; i++) {
      const v = v128.load(q);
      const d01 = f64x2.sub(lo(v), k01), d23 = f64x2.sub(hi(v), k23);
      s01 = f64x2.add(s01, d01);
      s23 = f64x2.add(s23, d23);
      q01 = f64x2.add(q01, f64x2.mul(d01, d01));
      q23 = f64x2.add(q23, f64x2.mul(d23, d23));
      q += step;
    }
    const n = f64x2.splat(<f64>p);
    const m01 = f64x2.div(s01, n), m23 = f64x2.div(s23, n);
    const zero = f64x2.splat(0);
    const var01 = f64x2.max(zero, f64x2.sub(f64x2.div(q01, n), f64x2.mul(m01, m01)));
    const var23 = f64x2.max(zero, f64x2.sub(f64x2.div(q23, n), f64x2.mul(m23, m23)));
    const mean01 = f64x2.add(k01, m01), mean23 = f64x2.add(k23, m23);
    v128.store(at(meanOut, k), narrow(mean01, mean23));
    v128.store(at(varOut, k), narrow(var01, var23));
    const e = f64x2.splat(eps), one = f64x2.splat(1);
    const g01 = f64x2(param(gamma, k, 1), param(gamma, k + 1, 1)), g23 = f64x2(param(gamma, k + 2, 1), param(gamma, k + 3, 1));
    const b01 = f64x2(param(beta, k, 0), param(beta, k + 1, 0)), b23 = f64x2(param(beta, k + 2, 0), param(beta, k + 3, 0));
    const sc01 = f64x2.mul(g01, f64x2.div(one, f64x2.sqrt(f64x2.add(var01, e))));
    const sc23 = f64x2.mul(g23, f64x2.div(one, f64x2.sqrt(f64x2.add(var23, e))));
    const sh01 = f64x2.sub(b01, f64x2.mul(mean01, sc01)), sh23 = f64x2.sub(b23, f64x2.mul(mean23, sc23));
    affine4(y, x, 0, p, cs, k, sc01, sc23, zero, zero, sh01, sh23);
  }
  for (; k < c; k++) {
    const k0 = <f64>load<f32>(at(x, k));
    let s: f64 = 0, sq: f64 = 0;
    let q = at(x, k);
    for (let i = 0; i < p; i++) {
      const d = <f64>load<f32>(q) - k0;
      s += d;
      sq += d * d;
      q += step;
    }
    const m = s / <f64>p;
    const mean = k0 + m;
    const variance = max<f64>(0, sq / <f64>p - m * m);
    store<f32>(at(meanOut, k), <f32>mean);
    store<f32>(at(varOut, k), <f32>variance);
    const scale = param(gamma, k, 1) * (1 / Math.sqrt(variance + eps));
    affine1(y, x, 0, p, cs, k, scale, 0, param(beta, k, 0) - mean * scale);
  }
}

/**
 * BN's gradients from dy, x and the forward's batch mean and variance: dx (the closed form
 * γ·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)) folded into a·dy + b·x + off per channel), dγ = Σ dy·x̂
 * and dβ = Σ dy. Each output is written where its pointer is not 0.
 */
export function batchNormBackward(dy: usize, x: usize, mean: usize, variance: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, p: i32, c: i32, cs: i32, eps: f64): void {
  const step = <usize>cs << 2;
  const n = <f64>p;
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const m = v128.load(at(mean, k));
    const m01 = lo(m), m23 = hi(m);
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0), t01 = f64x2.splat(0), t23 = f64x2.splat(0);
    let pd = at(dy, k), px = at(x, k);
    for (let i = 0; i < p; i++) {
      const d = v128.load(pd), v = v128.load(px);
      const d01 = lo(d), d23 = hi(d);
      s01 = f64x2.add(s01, d01);
      s23 = f64x2.add(s23, d23);
      t01 = f64x2.add(t01, f64x2.mul(d01, f64x2.sub(lo(v), m01)));
      t23 = f64x2.add(t23, f64x2.mul(d23, f64x2.sub(hi(v), m23)));
      pd += step;
      px += step;
    }
    const one = f64x2.splat(1), e = f64x2.splat(eps);
    const vr = v128.load(at(variance, k));
    const inv01 = f64x2.div(one, f64x2.sqrt(f64x2.add(lo(vr), e))), inv23 = f64x2.div(one, f64x2.sqrt(f64x2.add(hi(vr), e)));
    if (dbeta) v128.store(at(dbeta, k), narrow(s01, s23));
    if (dgamma) v128.store(at(dgamma, k), narrow(f64x2.mul(t01, inv01), f64x2.mul(t23, inv23)));
    if (!dx) continue;
    const g01 = f64x2(param(gamma, k, 1), param(gamma, k + 1, 1)), g23 = f64x2(param(gamma, k + 2, 1), param(gamma, k + 3, 1));
    const nn = f64x2.splat(n);
    const a01 = f64x2.mul(g01, inv01), a23 = f64x2.mul(g23, inv23);
    const b01 = f64x2.neg(f64x2.mul(f64x2.mul(a01, f64x2.mul(inv01, inv01)), f64x2.div(t01, nn)));
    const b23 = f64x2.neg(f64x2.mul(f64x2.mul(a23, f64x2.mul(inv23, inv23)), f64x2.div(t23, nn)));
    const o01 = f64x2.sub(f64x2.neg(f64x2.mul(a01, f64x2.div(s01, nn))), f64x2.mul(b01, m01));
    const o23 = f64x2.sub(f64x2.neg(f64x2.mul(a23, f64x2.div(s23, nn))), f64x2.mul(b23, m23));
    affine4(dx, dy, x, p, cs, k, a01, a23, b01, b23, o01, o23);
  }
  for (; k < c; k++) {
    const m = <f64>load<f32>(at(mean, k));
    let s: f64 = 0, t: f64 = 0;
    let pd = at(dy, k), px = at(x, k);
    for (let i = 0; i < p; i++) {
      const d = <f64>load<f32>(pd);
      s += d;
      t += d * (<f64>load<f32>(px) - m);
      pd += step;
      px += step;
    }
    const inv = 1 / Math.sqrt(<f64>load<f32>(at(variance, k)) + eps);
    if (dbeta) store<f32>(at(dbeta, k), <f32>s);
    if (dgamma) store<f32>(at(dgamma, k), <f32>(t * inv));
    if (!dx) continue;
    const a = param(gamma, k, 1) * inv;
    const b = -(a * (inv * inv)) * (t / n);
    affine1(dx, dy, x, p, cs, k, a, b, -(a * (s / n)) - b * m);
  }
}

/**
 * PyTorch's running averages over c channels: mean' = mean·(1−m) + μ·m and
 * var' = var·(1−m) + σ²·m·unbiased, in float64 rounded to float32 once (as the JavaScript
 * loop it replaced computed them).
 */
export function runningStatistics(mean: usize, variance: usize, batchMean: usize, batchVariance: usize, meanOut: usize, varianceOut: usize, c: i32, momentum: f64, unbiased: f64): void {
  for (let k = 0; k < c; k++) {
    store<f32>(at(meanOut, k), <f32>(<f64>load<f32>(at(mean, k)) * (1 - momentum) + <f64>load<f32>(at(batchMean, k)) * momentum));
    store<f32>(at(varianceOut, k), <f32>(<f64>load<f32>(at(variance, k)) * (1 - momentum) + <f64>load<f32>(at(batchVariance, k)) * momentum * unbiased));
  }
}
