import v8 from 'node:v8';

/**
 * How far V8 lets its heap grow past the live set before the next full collection, in percent.
 *
 * A step leaves tens of thousands of short-lived JavaScript objects behind (tensor handles, tape
 * nodes, kernel attributes; ~50,000 kernels in a 2nd-order step). Many outlive a scavenge and die
 * in the old generation, and V8's default growth factor (up to 4x the live set) let that garbage
 * reach 200 MB of a 60 MB live heap: a third of the small config's peak RSS. At 1.2x, peak RSS
 * fell by 170 MB with the same GC time per step (docs/engine.md, "Performance notes").
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * Bounds V8's heap growth for the process that trains. V8 reads the flag at every full collection,
 * so setting it after start-up takes effect; it is process-wide, which suits a process whose work
 * is the engine's.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
