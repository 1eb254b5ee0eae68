/** The PyTorch side: bench/reference/search_step.py, one python process per config and thread count. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLASSES, type BenchConfig, type Timing } from './configs';
import type { StepName } from './nas-studio';

const SCRIPT = fileURLToPath(new URL('../reference/search_step.py', import.meta.url));

/** Debian's python3-torch is importable by the system python, not by a pyenv shim earlier in PATH. */
export const DEFAULT_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface ReferenceResult extends Record<StepName, number> {
  config: string;
  threads: number;
  torch: string;
  params: number;
  peakRssMB: number;
  /** Peak before the 2nd-order steps ran. */
  peakRssMBFirstOrder: number;
  /** aten operators per step: handed to a kernel (TorchDispatchMode), and every torch.profiler event, nested ones included. */
  operators: Record<StepName, { dispatched: number; profiled: number }>;
}

export type ReferenceRun = { result: ReferenceResult } | { error: string } | { unavailable: string };

export function runReference(python: string, c: BenchConfig, timing: Timing, threads: number): ReferenceRun {
  const args = {
    channels: c.channels, layers: c.layers, batch: c.batch, size: c.size, classes: CLASSES, threads,
    warmup: timing.warmup, reps: timing.reps, 'second-order-warmup': timing.secondOrderWarmup, 'second-order-reps': timing.secondOrderReps,
    'expect-params': c.params,
  };
  // -B: no __pycache__ in the repository.
  const r = spawnSync(python, ['-B', SCRIPT, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])], { encoding: 'utf8' });
  if (r.error) return { unavailable: `${python} cannot be run: ${r.error.message}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let out: Record<string, unknown> | undefined;
  try {
    out = JSON.parse(last) as Record<string, unknown>;
  } catch {
    out = undefined;
  }
  if (out && typeof out.unavailable === 'string') return { unavailable: out.unavailable };
  if (r.status !== 0 || !out) return { error: `exit ${r.status}: ${typeof out?.error === 'string' ? out.error : r.stderr.slice(-300)}` };
  return { result: { config: c.name, ...(out as Omit<ReferenceResult, 'config'>) } };
}
