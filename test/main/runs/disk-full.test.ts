import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHost } from '../../../src/main/host';
import { forkWorker, type RunUpdate } from '../../../src/main/runs';
import { tinyConfig, untilStatus, waitFor } from './fixtures';

/** A 4 MiB tmpfs to fill up; null where mounting is refused (not root, no CAP_SYS_ADMIN). */
function mountTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'nas-diskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const mnt = mountTmpfs();
if (!mnt) console.warn('disk-full test skipped: mounting a tmpfs was refused (run as root to include it)');
afterAll(() => {
  if (!mnt) return;
  execFileSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

/** Writes a file that takes all the space left. */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const { bavail, bsize } = statfsSync(dir);
  try {
    writeFileSync(filler, Buffer.alloc(Number(bavail) * Number(bsize)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  return filler;
}

describe.skipIf(!mnt)('a full disk', () => {
  it('interrupts the run with a clear error, keeps the host serving, and the run resumes to done once space is freed', async () => {
    const host = openHost({ dbPath: join(mnt!, 'nas-studio.db'), spawn: forkWorker, transport: 'websocket' });
    try {
      const updates: RunUpdate[] = [];
      host.manager.subscribe((u) => updates.push(u));
      const id = host.manager.start(tinyConfig(3, 2));
      await waitFor(() => updates.some((u) => 'event' in u && u.event.type === 'checkpoint'));
      const filler = fillDisk(mnt!);
      await waitFor(() => updates.some((u) => 'status' in u && u.status !== 'running'));
      const end = updates.find((u): u is Extract<RunUpdate, { status: string }> => 'status' in u && u.status !== 'running')!;
      expect(end.status).toBe('interrupted');
      expect(end.error).toMatch(/out of disk space .*free some space, then resume the run/);
      // Still serving: reads work with the disk full.
      expect(await host.service.call('getRun', { id })).toMatchObject({ id });
      expect(await host.service.call('hostInfo', {})).toMatchObject({ transport: 'websocket' });

      rmSync(filler);
      await untilStatus(host.store, id, 'interrupted'); // written by the periodic check once there is room
      expect(host.store.runDetail(id).error).toMatch(/out of disk space/);
      host.manager.resumeInterrupted(id);
      await untilStatus(host.store, id, 'done');
      expect(host.store.runDetail(id).epochsDone).toBe(3);
    } finally {
      await host.close();
    }
  }, 120_000);
});
