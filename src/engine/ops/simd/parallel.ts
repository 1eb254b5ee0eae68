import { DIVISIONS, divide, type Exports } from './exports';
import { MAX_PARTS, type KernelTeam } from './team';

/**
 * Operations (multiply-adds, or element operations) a part must have to be handed to another
 * thread: ~50 µs of a kernel, about what waking a sleeping thread costs. On a 2-vCPU VM smaller
 * parts made the small bench config's step slower, and twice this size gave back part of the
 * large config's gain (docs/engine.md, "Every core").
 */
const MIN_WORK = 250_000;
/**
 * Operations a part of a streamed call must have: the parts a waiting caller takes cost it no
 * wake-up, only a few atomic operations and a call.
 */
const SHARE_WORK = 20_000;

/**
 * `k` with every call put on `team`'s stream, except that a divisible call is cut across the team
 * where a part would have `minWork` operations and the stream has nothing queued (a cut waits for
 * the queue, which would stop this thread). A divisible call goes on the stream in parts of at
 * least `shareWork` operations, which a caller waiting for the stream may take. Whoever reads a
 * kernel's output waits for its call first (`stream.ts`).
 */
export function parallel(k: Exports, team: KernelTeam, minWork = MIN_WORK, shareWork = SHARE_WORK): Exports {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(k)) {
    const whole = k[name as keyof Exports] as (...args: number[]) => void;
    const d = DIVISIONS[name as keyof Exports];
    out[name] = (...args: number[]) => {
      const parts = d && team.idle() ? divide(d, args, team.size, minWork) : [args];
      if (parts.length > 1) team.run(name, parts, (part) => whole(...part));
      else team.stream(name, d ? divide(d, args, MAX_PARTS, shareWork) : parts);
    };
  }
  return out as unknown as Exports;
}
