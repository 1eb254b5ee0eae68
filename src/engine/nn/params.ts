import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';

/** How a weight starts. `uniform` is PyTorch's default for Conv2d/Linear: U(±1/√fan_in). */
export type Init = { kind: 'uniform'; fanIn: number } | { kind: 'constant'; value: number };

/**
 * Every variable of a network, by hierarchical name (mirroring the reference's state_dict names).
 * Initial values are drawn in creation order from a seeded host-side RNG, so the same seed gives
 * the same network on every backend.
 */
let storeCount = 0;

/** A variable's name without its store prefix: stable across processes, so checkpoints can use it. */
export function paramKey(v: tf.Variable): string {
  return v.name.slice(v.name.indexOf('/') + 1);
}

export class ParamStore {
  /**
   * tfjs names variables globally: a per-store prefix keeps two networks in one process apart,
   * while the maps below stay keyed by the plain reference-style names.
   */
  readonly uid = `net${storeCount++}`;
  /** Trainable weights, in creation order. */
  readonly weights = new Map<string, tf.Variable>();
  /** Non-trainable state such as batch-norm running statistics. */
  readonly buffers = new Map<string, tf.Variable>();

  constructor(private readonly rng: Rng) {}

  weight(name: string, shape: number[], init: Init): tf.Variable {
    return this.add(this.weights, name, shape, init, true);
  }

  buffer(name: string, shape: number[], value: number): tf.Variable {
    return this.add(this.buffers, name, shape, { kind: 'constant', value }, false);
  }

  /** Trainable parameter count (the reference's count_parameters, α excluded). */
  count(): number {
    let n = 0;
    for (const v of this.weights.values()) n += v.size;
    return n;
  }

  weightList(): tf.Variable[] {
    return [...this.weights.values()];
  }

  /** The weights of the module at `prefix` (e.g. 'cells.3'). */
  weightsUnder(prefix: string): tf.Variable[] {
    return [...this.weights].filter(([name]) => name.startsWith(`${prefix}.`)).map(([, v]) => v);
  }

  dispose(): void {
    for (const v of [...this.weights.values(), ...this.buffers.values()]) v.dispose();
    this.weights.clear();
    this.buffers.clear();
  }

  private add(into: Map<string, tf.Variable>, name: string, shape: number[], init: Init, trainable: boolean): tf.Variable {
    if (this.weights.has(name) || this.buffers.has(name)) throw new Error(`duplicate parameter name ${name}`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (init.kind === 'constant') values.fill(init.value);
    else {
      const bound = 1 / Math.sqrt(init.fanIn);
      for (let i = 0; i < size; i++) values[i] = (2 * this.rng.next() - 1) * bound;
    }
    // The variable shares the initial tensor's data: disposing that tensor only drops its reference.
    const initial = tf.tensor(values, shape);
    const v = tf.variable(initial, trainable, `${this.uid}/${name}`);
    initial.dispose();
    into.set(name, v);
    return v;
  }
}

/** A name prefix inside a store, so that modules can be composed without knowing their path. */
export class Scope {
  constructor(
    readonly store: ParamStore,
    readonly prefix = '',
  ) {}

  child(name: string | number): Scope {
    return new Scope(this.store, this.prefix ? `${this.prefix}.${name}` : String(name));
  }

  weight(name: string, shape: number[], init: Init): tf.Variable {
    return this.store.weight(this.child(name).prefix, shape, init);
  }

  buffer(name: string, shape: number[], value: number): tf.Variable {
    return this.store.buffer(this.child(name).prefix, shape, value);
  }

  /** The weights created under this scope so far. */
  weights(): tf.Variable[] {
    return this.store.weightsUnder(this.prefix);
  }
}
