import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAP_MODULE = fileURLToPath(new URL('../../../src/engine/backend/heap.ts', import.meta.url));

/**
 * Peak V8 heap of a fresh process that churns objects the way a step does: each lives long enough
 * to be promoted (a ring of 400,000), then dies. With `bound`, the process first calls
 * boundHeapGrowth().
 */
function churnPeakMB(bound: boolean): number {
  const script = `
    ${bound ? `const { boundHeapGrowth } = await import(${JSON.stringify(HEAP_MODULE)}); boundHeapGrowth();` : ''}
    const ring = new Array(400000);
    let peak = 0;
    for (let i = 0; i < 4000000; i++) {
      ring[i % ring.length] = { a: i, b: [i, i + 1, i + 2], c: 'x' + (i & 1023) };
      if ((i & 4095) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    console.log(peak / 2 ** 20);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

describe('boundHeapGrowth', () => {
  it('keeps promoted garbage from growing the heap far past the live set', () => {
    const unbounded = churnPeakMB(false);
    const bounded = churnPeakMB(true);
    // Measured here: 262 MB unbounded, 144-152 MB bounded, for a live set of about 100 MB.
    expect(bounded).toBeLessThan(0.75 * unbounded);
  }, 60_000);
});
