import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/engine/util/rng';

export function randomTensor(shape: number[], rng: Rng, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal() * scale;
  return tf.tensor(v, shape);
}

/** A direction that is non-zero only on the outermost rows and columns of an NHWC tensor. */
export function borderDirection(shape: number[], rng: Rng): tf.Tensor {
  const [n, h, w, c] = shape;
  const v = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        if (i !== 0 && j !== 0 && i !== h - 1 && j !== w - 1) continue;
        for (let k = 0; k < c; k++) v[((b * h + i) * w + j) * c + k] = rng.normal();
      }
  return tf.tensor(v, shape);
}

/**
 * Compares the analytic directional derivative <∇_i f, v> with a central finite difference
 * (f(x + εv) − f(x − εv)) / 2ε, for the scalar f = Σ op(inputs) · r with a fixed random r.
 * The difference is taken in float64 on the host from float32 evaluations, so ε is moderate.
 */
export function directionalCheck(
  op: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  which: number,
  direction: tf.Tensor,
  rng: Rng,
  eps = 1e-2,
): { analytic: number; numeric: number } {
  return tf.tidy(() => {
    const probe = randomTensor(op(...inputs).shape, rng);
    const f = (...xs: tf.Tensor[]) => tf.sum(tf.mul(op(...xs), probe));
    const g = tf.grads(f)(inputs)[which];
    const analytic = tf.sum(tf.mul(g, direction)).dataSync()[0];
    const shifted = (s: number) => inputs.map((t, i) => (i === which ? tf.add(t, tf.mul(direction, s)) : t));
    const fp = f(...shifted(eps)).dataSync()[0];
    const fm = f(...shifted(-eps)).dataSync()[0];
    return { analytic, numeric: (fp - fm) / (2 * eps) };
  });
}
