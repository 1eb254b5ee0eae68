import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoaderState } from '../../../src/engine/data';
import { loadCheckpoint, saveCheckpoint, type CheckpointState } from '../../../src/engine/search';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'nas-ckpt-'));
  dirs.push(d);
  return d;
};

const loader = (position: number): LoaderState => ({ size: 8, epoch: 0, position, orderRng: [1, 2, 3, 4], rng: [5, 6, 7, 8] }) as unknown as LoaderState;

/** A small state whose every value says which epoch wrote it. */
function state(epoch: number): CheckpointState {
  const t = (n: number) => ({ shape: [n], values: new Float32Array(n).fill(epoch + n / 10) });
  return {
    epoch,
    configHash: 'cfg',
    weights: { w: t(6) },
    buffers: { bn: t(2) },
    alphas: { a: t(4) },
    weightOptimizer: { step: epoch * 10, slots: { m: t(6) } },
    archOptimizer: { step: epoch * 10, slots: {} },
    trainLoader: loader(epoch),
    valLoader: loader(epoch),
  };
}

const tensorFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.bin'));

describe('checkpoints', () => {
  it('round-trips a state and keeps one tensor file', async () => {
    const dir = tempDir();
    await saveCheckpoint(dir, state(1));
    await saveCheckpoint(dir, state(2));
    const back = await loadCheckpoint(dir);
    expect(back.epoch).toBe(2);
    expect([...back.weights.w.values]).toEqual([...state(2).weights.w.values]);
    expect(tensorFiles(dir)).toHaveLength(1);
  });

  it('a kill between writing the new tensors and the new manifest leaves the previous checkpoint whole', async () => {
    const dir = tempDir();
    await saveCheckpoint(dir, state(1));
    // What a kill right after the tensor file's rename leaves: epoch 1's manifest, and epoch 2's tensors beside epoch 1's.
    const next = tempDir();
    await saveCheckpoint(next, state(2));
    for (const f of tensorFiles(next)) copyFileSync(join(next, f), join(dir, f));
    const back = await loadCheckpoint(dir);
    expect(back.epoch).toBe(1);
    expect([...back.weights.w.values]).toEqual([...state(1).weights.w.values]);
    expect([...back.weightOptimizer.slots.m.values]).toEqual([...state(1).weightOptimizer.slots.m.values]);
    // The next save clears the stale file.
    await saveCheckpoint(dir, state(3));
    expect(tensorFiles(dir)).toHaveLength(1);
  });

  it('refuses tensors that do not match the manifest, and a manifest naming a file outside its folder', async () => {
    const dir = tempDir();
    await saveCheckpoint(dir, state(1));
    const [file] = tensorFiles(dir);
    const bytes = readFileSync(join(dir, file));
    bytes[0] ^= 0xff;
    writeFileSync(join(dir, file), bytes);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/does not match the manifest's SHA-256.*refusing to resume/);

    const json = join(dir, 'checkpoint.json');
    const manifest = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    writeFileSync(json, JSON.stringify({ ...manifest, tensorsFile: '../tensors.bin' }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/is not a checkpoint tensor file/);
  });
});
