import * as tf from '@tensorflow/tfjs';

/**
 * Gradient closures, one per input, evaluated lazily by the tape: tfjs only calls the closure of
 * an input that lies on the path to the differentiated variables. `tf.customGrad` evaluates all
 * of them eagerly, which would make a first-order α step pay for every weight gradient.
 */
export type LazyGrads = Array<() => tf.Tensor>;

type Engine = {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (ts: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
};

/**
 * Runs `forward` as one taped op whose backward pass is `grads`. Tensors made inside `forward`
 * are tidied, and so are the forward pass's intermediates before backprop starts. `grads` gets
 * the inputs followed by whatever `forward` passed to `save`: the engine keeps those while a
 * gradient tape records and disposes them once backprop is done (nothing is kept otherwise). An
 * op whose gradient needs only dy (a copy's) passes `keepInputs: false`, and `grads` gets only what
 * was saved: keeping an input that nothing else keeps would hold its memory until backprop.
 */
export function customOp(
  inputs: tf.Tensor[],
  forward: (save: (ts: tf.Tensor[]) => void) => tf.Tensor,
  grads: (dy: tf.Tensor, inputsAndSaved: tf.Tensor[]) => LazyGrads,
  { keepInputs = true }: { keepInputs?: boolean } = {},
): tf.Tensor {
  const inputMap: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => (inputMap[i] = t));
  return (tf.engine() as unknown as Engine).runKernelFunc({
    forwardFunc: (_backend, save) => {
      let extra: tf.Tensor[] = [];
      const y = forward((ts) => (extra = ts));
      save(keepInputs ? [...inputs, ...extra] : extra);
      return y;
    },
    backwardsFunc: (dy, saved) => {
      const map: Record<string, () => tf.Tensor> = {};
      grads(dy, saved).forEach((fn, i) => (map[i] = fn));
      return map;
    },
    inputs: inputMap,
  });
}
