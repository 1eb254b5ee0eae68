import * as tf from '@tensorflow/tfjs';

/**
 * Results of parameter-free computations within one forward pass, by input tensor. In a search
 * cell every state feeds several edges, and each edge starts its conv ops with the same ReLU and
 * its pools with the same pooling and non-affine BN of that state: the math is one value per
 * state, so it is computed once and shared (the tape sums the gradients of its consumers).
 * Tensors a computation `keep`s for later consumers live until `dispose()` at the end of the pass.
 */
export class ForwardMemo {
  private readonly byInput = new WeakMap<tf.Tensor, Map<string, unknown>>();
  private readonly kept: tf.Tensor[] = [];

  get<T>(x: tf.Tensor, key: string, compute: () => T): T {
    let entries = this.byInput.get(x);
    if (!entries) this.byInput.set(x, (entries = new Map()));
    if (!entries.has(key)) entries.set(key, compute());
    return entries.get(key) as T;
  }

  /** Keeps `t` past the tidy scope it was made in, until `dispose()`. */
  keep<T extends tf.Tensor>(t: T): T {
    this.kept.push(tf.keep(t));
    return t;
  }

  dispose(): void {
    tf.dispose(this.kept);
    this.kept.length = 0;
  }
}

/** `compute()`, shared with every other call for the same input and key in the pass when there is a memo. */
export function memoized<T>(memo: ForwardMemo | undefined, x: tf.Tensor, key: string, compute: () => T): T {
  return memo ? memo.get(x, key, compute) : compute();
}

/** `f` with a fresh memo, disposed after it (with none when `use` is false: the straightforward formulation). */
export function withMemo<T>(use: boolean, f: (memo: ForwardMemo | undefined) => T): T {
  if (!use) return f(undefined);
  const memo = new ForwardMemo();
  try {
    return f(memo);
  } finally {
    memo.dispose();
  }
}
