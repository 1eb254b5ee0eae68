import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';
import { gradients, variableGrads as tapeGrads } from './backprop';

/**
 * Activation checkpointing (gradient checkpointing, Chen et al. 2016): a segment of the network
 * runs as one taped op that keeps only its inputs. Its backward pass runs the segment again under
 * a tape of its own and backpropagates through that, so a network's peak memory holds one
 * segment's intermediates instead of every segment's, for about one more forward pass.
 */

/** Something a segment draws random numbers from (drop path, skip dropout): its stream is replayed when the segment runs again. */
export interface RandomSource {
  rng: Rng;
}

/** One `variableGrads` call: the variables it differentiates, and segment gradients not (yet) handed to the tape. */
interface GradientCall {
  wanted: ReadonlySet<number>;
  pending: Set<tf.Tensor>;
}

const calls: GradientCall[] = [];

/**
 * `variableGrads` of backprop.ts for a loss that may contain checkpointed segments. A segment's backward pass
 * differentiates its parameters only when this call asks for them (a first-order α step then pays
 * for no weight gradient), and gradients a segment made for inputs off the differentiated path
 * are disposed here.
 */
export function variableGrads(f: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const call: GradientCall = { wanted: new Set(vars.map((v) => v.id)), pending: new Set() };
  calls.push(call);
  try {
    return tapeGrads(f, vars);
  } finally {
    calls.pop();
    tf.dispose([...call.pending]);
  }
}

type TapeState = { activeTape: unknown };
type Engine = {
  state: TapeState;
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (ts: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
};

/**
 * Runs `segment(inputs, false)` as one taped op with `inputs` and `params` as its inputs. On
 * backprop it runs `segment(savedInputs, true)` again (the flag: state it updates, such as BN
 * running statistics, was updated the first time) with every random source's stream where it stood
 * the first time, then differentiates that. `params` are the variables the segment reads.
 */
export function checkpoint(
  segment: (inputs: tf.Tensor[], recomputing: boolean) => tf.Tensor,
  inputs: tf.Tensor[],
  params: tf.Variable[],
  random: readonly RandomSource[] = [],
): tf.Tensor {
  const engine = tf.engine() as unknown as Engine;
  const streams = random.map((s) => s.rng.getState());
  const all: tf.Tensor[] = [...inputs, ...params];
  const inputMap: Record<string, tf.Tensor> = {};
  all.forEach((t, i) => (inputMap[i] = t));
  return engine.runKernelFunc({
    forwardFunc: (_backend, save) => {
      save(inputs);
      return segment(inputs, false);
    },
    backwardsFunc: (dy, saved) => {
      // Lazily, on the first input the tape asks for: only inputs on the differentiated path are asked.
      let grads: Map<number, tf.Tensor> | undefined;
      let call: GradientCall | undefined;
      const rerun = () => {
        call = calls.at(-1);
        if (!call) throw new Error('a checkpointed segment was differentiated outside variableGrads() of activation-checkpoint.ts');
        const wanted = params.filter((p) => call?.wanted.has(p.id));
        const xs = [...saved, ...wanted];
        const positions = [...saved.map((_, i) => i), ...wanted.map((p) => inputs.length + params.indexOf(p))];
        const now = random.map((s) => s.rng);
        random.forEach((s, i) => (s.rng = new Rng(streams[i])));
        // A gradient call inside backprop replaces the engine's tape, which the outer call still disposes at its end.
        const outerTape = engine.state.activeTape;
        try {
          const { value, grads: gs } = gradients(() => segment(saved, true), xs, dy);
          value.dispose();
          const out = new Map<number, tf.Tensor>();
          gs.forEach((g, k) => {
            if (!g) return;
            out.set(positions[k], tf.keep(g));
            call?.pending.add(g);
          });
          return out;
        } finally {
          engine.state.activeTape = outerTape;
          random.forEach((s, i) => (s.rng = now[i]));
        }
      };
      const gradOf = (i: number) => () => {
        grads ??= rerun();
        const g = grads.get(i);
        if (!g) return tf.zerosLike(all[i]);
        grads.delete(i);
        call?.pending.delete(g);
        // A clone in the tape's scope, so the engine owns it like any other gradient (it may add and dispose it).
        const out = tf.clone(g);
        g.dispose();
        return out;
      };
      return Object.fromEntries(all.map((_, i) => [i, gradOf(i)]));
    },
    inputs: inputMap,
  });
}
