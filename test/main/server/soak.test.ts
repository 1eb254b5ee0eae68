import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WS_PATH } from '../../../src/shared/api';
import { startHostProcess, type HostProcess } from '../../helpers/host-process';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, waitFor } from './fixtures';

// A soak of the real `nas-studio serve` process (its SQLite file, its forked workers) with 4
// WebSocket clients connected throughout. The iterations run one after another; each is a
// calibration alongside a search, then an export of the search.

const ITERATIONS = 20;
const CLIENTS = 4;
/** Iterations before RSS is judged: the host returns its start-up's garbage to the system over the first few. */
const WARM_UP = 5;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Sample {
  rssMiB: number;
  fds: number;
  /** Processes below the host (its workers, and whatever they start). */
  children: number;
}

/** The host's resident set, descriptors and descendant processes, read from /proc (Linux: where CI runs). */
function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]);
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in parentheses may hold spaces: the parent pid is the second field after it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we listed it.
    }
  }
  const below = (p: number): number => [...parents].filter(([, parent]) => parent === p).reduce((n, [child]) => n + 1 + below(child), 0);
  return { rssMiB: rssKiB / 1024, fds: readdirSync(`/proc/${pid}/fd`).length, children: below(pid) };
}

const stats = (xs: number[]) => ({ start: xs[0], end: xs.at(-1)!, max: Math.max(...xs) });
const dir = mkdtempSync(join(tmpdir(), 'nas-soak-'));
let host: HostProcess | undefined;
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('soak of the browser host', () => {
  it(`${ITERATIONS} calibrations, searches and exports with ${CLIENTS} clients connected: RSS, descriptors, child processes and tensors stay flat`, async () => {
    const began = Date.now();
    host = await startHostProcess(join(ROOT, 'bin/nas-studio.js'), ['serve', '--port', '0', '--db', join(dir, 'runs.db')], { cwd: dir, timeoutMs: 110_000 });
    const pid = host.child.pid!;
    const wsUrl = `${new URL(WS_PATH, host.url.replace(/^http/, 'ws'))}`;
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => client(wsUrl)));

    // Sampled all along (the maxima), and once per iteration with every worker gone (the trend).
    const idle: Sample[] = [sample(pid)];
    const timeline: Sample[] = [idle[0]];
    const ticker = setInterval(() => timeline.push(sample(pid)), 250);
    /** Per run, its worker's live tensors at each epoch's end (the search's engine.tensors diagnostic). */
    const tensors: number[][] = [];
    try {
      for (let i = 0; i < ITERATIONS; i++) {
        // Three of the clients take part, in turn: one calibrates (the wizard's estimate) while another's
        // search runs, as two users would; a third exports the finished run. Two workers at once at most.
        const [calibrating, searching, exporting] = [0, 1, 2].map((k) => clients[(i + k) % CLIENTS].api);
        const estimate = calibrating.call('estimateRun', { config: TINY_SEARCH });
        const { id } = await searching.call('startRun', { config: TINY_SEARCH, name: `soak ${i}` });
        expect((await estimate).stepsPerEpoch).toBe(TINY_SEARCH.budget.stepsPerEpoch);
        // Every client hears the run end: none of the 4 subscriptions went quiet.
        await waitFor(() => clients.every((c) => c.updates.some((u) => u.runId === id && 'status' in u && u.status === 'done')));
        const exported = await exporting.call('exportRun', { id, formats: ['genotype', 'report'] });
        expect(new Set(exported.files.map((f) => f.format))).toEqual(new Set(['genotype', 'report']));

        // Tensors: the same seeded config ends every epoch of every run with the same live count, so
        // a tensor leaked per step or per epoch fails here, at the first run that leaks.
        const diagnostics = await searching.call('diagnostics', { id });
        tensors.push(diagnostics.filter((d) => d.key === 'engine.tensors').map((d) => d.value!));
        expect(tensors[i]).toEqual(Array(TINY_SEARCH.budget.epochs).fill(tensors[0][0]));

        // Child processes: the export and calibration answer once their workers exit, the search's
        // worker exits just after its 'done': none may be left behind. (The baseline holds tsx's
        // esbuild service when the host had to compile its sources at start-up.)
        await waitFor(() => sample(pid).children === idle[0].children, 10_000);
        idle.push(sample(pid));
        // Descriptors: an idle host holds the same sockets (4 clients, the listener) and files (the
        // database, its WAL) each time. The count after the first iteration is the baseline (a file
        // opened lazily on first use counts once); 2 of slack for one a finished job's cleanup
        // closes a moment late. A descriptor leaked per iteration fails by the fourth iteration.
        if (i > 0) expect(idle.at(-1)!.fds, `descriptors after iteration ${i}`).toBeLessThanOrEqual(idle[1].fds + 2);
      }
    } finally {
      clearInterval(ticker);
    }

    const figures = {
      seconds: Math.round((Date.now() - began) / 1000),
      rssMiB: { ...stats(idle.map((s) => Math.round(s.rssMiB))), max: Math.round(Math.max(...timeline.map((s) => s.rssMiB))) },
      fds: { ...stats(idle.map((s) => s.fds)), max: Math.max(...timeline.map((s) => s.fds)) },
      children: { ...stats(idle.map((s) => s.children)), max: Math.max(...timeline.map((s) => s.children)) },
      tensors: stats(tensors.flat()),
      idleRssMiB: idle.map((s) => Math.round(s.rssMiB)),
      idleFds: idle.map((s) => s.fds),
    };
    // The figures docs/reliability.md reports.
    console.log(`soak figures: ${JSON.stringify(figures)}`);

    expect(tensors[0][0]).toBeGreaterThan(0);
    // A calibration's and a search's worker at once, never more.
    expect(figures.children.max).toBeLessThanOrEqual(idle[0].children + 2);

    // RSS: the start-up's garbage is returned over the first iterations (about 195 → 150 MiB), then
    // idle RSS wanders by about 2 MiB as V8 collects when it likes. The mean of the last 5 idle
    // samples may exceed that of the first 5 after the warm-up by 12 MiB, which a leak of about
    // 1.2 MiB an iteration passes over the 10 iterations between them (2 MiB kept per export
    // measured +23 MiB; the clean host −3).
    const settled = idle.slice(WARM_UP).map((s) => s.rssMiB);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(mean(settled.slice(-5))).toBeLessThanOrEqual(mean(settled.slice(0, 5)) + 12);
  }, 900_000); // 4.5 min of CPU in all, about 2.5 min on 2 free cores; 7–8 min on a 2-core machine loaded 4-fold
});
