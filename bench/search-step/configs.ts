/** The supernet configurations the search-step benchmark times, shared by both sides of a comparison. */
export interface BenchConfig {
  id: ConfigId;
  name: string;
  channels: number;
  layers: number;
  batch: number;
  /** Square input size; 3 input channels, 10 classes. */
  size: number;
  /** Trainable weights in the reference convention; the PyTorch side refuses to time another size. */
  params: number;
  /** One step of each kind, no warm-up: the point is that it runs, and its peak memory. */
  singleStep?: boolean;
}

export type ConfigId = 'small' | 'large' | 'paper';

export const CONFIGS: Record<ConfigId, BenchConfig> = {
  small: { id: 'small', name: 'C=8, layers=5, batch 16, 16x16x3', channels: 8, layers: 5, batch: 16, size: 16, params: 394_210 },
  large: { id: 'large', name: 'C=16, layers=8, batch 32, 32x32x3', channels: 16, layers: 8, batch: 32, size: 32, params: 1_930_618 },
  paper: { id: 'paper', name: 'C=16, layers=8, batch 64, 32x32x3 (paper search)', channels: 16, layers: 8, batch: 64, size: 32, params: 1_930_618, singleStep: true },
};

export const CLASSES = 10;

/** How many steps each side runs untimed, then times (the median is reported). */
export interface Timing {
  warmup: number;
  reps: number;
  secondOrderWarmup: number;
  secondOrderReps: number;
}

export function timingFor(config: BenchConfig, reps: number): Timing {
  if (config.singleStep) return { warmup: 0, reps: 1, secondOrderWarmup: 0, secondOrderReps: 1 };
  // A 2nd-order step costs ~4 weight steps: fewer repetitions keep the run short.
  return { warmup: 2, reps, secondOrderWarmup: 1, secondOrderReps: Math.max(3, Math.ceil(reps / 2)) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
