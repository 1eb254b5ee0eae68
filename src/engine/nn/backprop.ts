import * as tf from '@tensorflow/tfjs';
import { addSameShape } from '../ops/add';

/**
 * Reverse-mode differentiation over tfjs's tape, as `tf.engine().gradients` with two differences
 * that matter at supernet size (the math and the gradient functions are tfjs's own):
 * - the nodes between xs and y are found in one pass over the tape. tfjs's filter tests each
 *   input once per x, O(tape × xs): 7% of a weight step with its 889 variables;
 * - a node's output gradients and the tensors it saved for backprop are disposed as soon as the
 *   walk has passed it, where tfjs keeps all of them until the call returns. Peak memory then holds
 *   the forward's saved tensors and a frontier of gradients, not every gradient of the step.
 */

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
}

interface Engine {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
  tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T;
}

/** The nodes on a path from some x to y, in tape order, each with only its inputs that depend on an x. */
function pathNodes(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const reached = new Set<number>();
  for (const node of tape) {
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        reached.add(node.id);
        for (const o of node.outputs) fromX.add(o.id);
        break;
      }
    }
  }
  const toY = new Set<number>([y.id]);
  const leads = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (!node.outputs.some((o) => toY.has(o.id))) continue;
    leads.add(node.id);
    for (const name in node.inputs) toY.add(node.inputs[name].id);
  }
  const path: TapeNode[] = [];
  for (const node of tape) {
    if (!reached.has(node.id) || !leads.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const name in node.inputs) if (fromX.has(node.inputs[name].id)) inputs[name] = node.inputs[name];
    path.push({ ...node, inputs });
  }
  return path;
}

/**
 * The value of `f` and its gradients with respect to `xs` (null where y does not depend on one),
 * seeded with `dy` (ones when absent). `f` runs under a tape of its own; nested calls (a
 * checkpointed segment's backward) work as with tfjs.
 */
export function gradients(f: () => tf.Tensor, xs: readonly tf.Tensor[], dy?: tf.Tensor): { value: tf.Tensor; grads: Array<tf.Tensor | null> } {
  const engine = tf.engine() as unknown as Engine;
  engine.startTape();
  let y: tf.Tensor;
  try {
    y = engine.tidy('forward', f);
  } finally {
    engine.endTape();
  }
  const tape = engine.state.activeTape as TapeNode[];
  const path = pathNodes(tape, xs, y);
  const outer = engine.state.gradientDepth > 0;
  const grads = engine.tidy('backward', () => {
    const seed = dy ?? tf.onesLike(y);
    // Gradients by tensor id, and how many ids hold each gradient tensor (a gradient function may
    // hand the same tensor to two inputs, or pass its dy through).
    const acc = new Map<number, tf.Tensor>();
    const holders = new Map<tf.Tensor, number>();
    const hold = (id: number, g: tf.Tensor) => {
      acc.set(id, g);
      holders.set(g, (holders.get(g) ?? 0) + 1);
    };
    const release = (id: number) => {
      const g = acc.get(id) as tf.Tensor;
      acc.delete(id);
      const left = (holders.get(g) as number) - 1;
      if (left > 0) return holders.set(g, left);
      holders.delete(g);
      if (g !== dy) g.dispose();
    };
    hold(y.id, seed);
    const wanted = new Set<number>(xs.map((x) => x.id));
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i];
      if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
      const thunks = node.gradient(node.outputs.map((o) => acc.get(o.id) ?? null));
      for (const name in node.inputs) {
        if (!(name in thunks)) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}. Available gradients: ${Object.keys(thunks)}.`);
        const dx = engine.tidy(thunks[name]);
        const x = node.inputs[name];
        if (dx.dtype !== 'float32') throw new Error(`The gradient of input ${name} of ${node.kernelName} must be float32, not ${dx.dtype}.`);
        if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`The gradient of input ${name} of ${node.kernelName} has shape ${dx.shape}, not its input's ${x.shape}.`);
        if (!acc.has(x.id)) {
          hold(x.id, dx);
          continue;
        }
        const sum = addSameShape(acc.get(x.id) as tf.Tensor, dx);
        release(x.id);
        if (!holders.has(dx) && dx !== dy) dx.dispose();
        hold(x.id, sum);
      }
      // The walk has passed every reader of this node's outputs (the tape holds a tensor's
      // producer before its readers), so their gradients and what the node saved are done with.
      for (const o of node.outputs) if (acc.has(o.id) && !wanted.has(o.id)) release(o.id);
      if (!outer) node.saved?.forEach((t) => t.dispose());
    }
    return xs.map((x) => acc.get(x.id) ?? null);
  });
  if (!outer) {
    for (const node of tape) node.saved?.forEach((t) => t.dispose());
    engine.state.activeTape = null;
  }
  return { value: y, grads };
}

/** `tf.variableGrads` over `gradients`: the gradients by variable name, for the trainable variables that y depends on. */
export function variableGrads(f: () => tf.Scalar, vars: readonly tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const trainable = vars.filter((v) => v.trainable);
  if (trainable.length === 0) throw new Error(`variableGrads() needs a trainable variable; none of the ${vars.length} given is.`);
  const { value, grads } = gradients(f, trainable);
  if (value.rank !== 0) throw new Error(`variableGrads() needs a scalar loss, got rank ${value.rank}.`);
  const named: tf.NamedTensorMap = {};
  trainable.forEach((v, i) => {
    const g = grads[i];
    if (g) named[v.name] = g;
  });
  if (Object.keys(named).length === 0) throw new Error('The loss depends on none of the variables: were they used inside f?');
  return { value: value as tf.Scalar, grads: named };
}
