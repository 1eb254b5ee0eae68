import { DIVISIONS, divide, type Exports } from './exports';
import type { KernelTeam } from './team';

/**
 * Operations (multiply-adds, or element operations) a part must have to be handed to another
 * thread: ~50 µs of a kernel, about what waking a sleeping thread costs. On a 2-vCPU VM smaller
 * parts made the small bench config's step slower, and twice this size gave back part of the
 * large config's gain (docs/engine.md, "Every core").
 */
const MIN_WORK = 250_000;

/** `k` with each divisible kernel cut across `team` where a part would have `minWork` operations. */
export function parallel(k: Exports, team: KernelTeam, minWork = MIN_WORK): Exports {
  const out: Record<string, unknown> = { ...k };
  for (const [name, d] of Object.entries(DIVISIONS)) {
    const whole = k[name as keyof Exports] as (...args: number[]) => void;
    out[name] = (...args: number[]) => {
      const parts = divide(d, args, team.size, minWork);
      if (parts.length === 1) whole(...args);
      else team.run(name, parts, (part) => whole(...part));
    };
  }
  return out as unknown as Exports;
}
