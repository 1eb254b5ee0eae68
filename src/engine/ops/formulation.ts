/**
 * Which formulation of a training step runs. 'fast' fuses what it can: host kernels on wasm and
 * cpu, and one computation per cell state for what several edges share. 'straightforward' is
 * the plain per-edge formulation from tfjs ops, kept as the oracle the fast one is tested
 * against (outputs and gradients agree to float32 rounding).
 */
export type Formulation = 'fast' | 'straightforward';

let current: Formulation = 'fast';

export function setFormulation(f: Formulation): void {
  current = f;
}

export function formulation(): Formulation {
  return current;
}
