import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./wasm-threads-block.ts', import.meta.url));

interface BlockRun {
  backend: { name: string; threads: number };
  xnnpackThreads: number;
  sharedHeap: boolean;
  handoffs: number;
  helps: number;
  tensorsLeaked: number;
  /** SHA-256 of the block's output and its gradients (x, depthwise filter, 1x1 filter) as float32. */
  values: string[];
  /** SHA-256 of a small supernet's weights, α, BN statistics and α gradient after a few search steps. */
  supernet: string;
}

/** A fresh process on the wasm backend with `threads` kernel threads (./wasm-threads-block.ts). */
function run(threads: number): BlockRun {
  // A kernel stream that let memory be reused too early can corrupt the allocator and hang.
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, String(threads)], { encoding: 'utf8', timeout: 50_000 });
  if (r.status !== 0) throw new Error(r.error ? String(r.error) : r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as BlockRun;
}

/**
 * The wasm backend on more than one thread: tfjs's threaded build, XNNPACK kept on one thread,
 * and the engine's kernels on a stream and cut across workers that share its heap. A
 * sep-conv-like block (depthwise, 1x1, batch norm) large enough to be cut gives the one-thread
 * values and gradients bit for bit, and so do a small supernet's weights, α and BN statistics
 * after two weight steps and a second-order α step (every kind of kernel of a search, with tfjs's
 * own kernels, JavaScript reads and frees between the streamed ones).
 */
it('runs the engine kernels on several threads with the one-thread results bit for bit', () => {
  const one = run(1);
  const three = run(3);
  expect(one).toMatchObject({ backend: { name: 'wasm', threads: 1 }, sharedHeap: false, handoffs: 0, helps: 0, tensorsLeaked: 0 });
  expect(three).toMatchObject({ backend: { name: 'wasm', threads: 3 }, xnnpackThreads: 1, sharedHeap: true, tensorsLeaked: 0 });
  expect(three.handoffs, 'kernel parts run on the workers').toBeGreaterThan(0);
  expect(three.helps, 'parts of streamed calls run by the caller while it waited').toBeGreaterThan(0);
  expect(three.values).toHaveLength(4);
  three.values.forEach((v, i) => expect(v === one.values[i], `output ${i} equal`).toBe(true));
  expect(three.supernet === one.supernet, 'supernet after search steps equal').toBe(true);
});
