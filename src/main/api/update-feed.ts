import type { RunUpdate, UpdatesFrame } from '../../shared/api';

export interface UpdateFeedOptions {
  send(frame: UpdatesFrame): void;
  /** Longest an update waits before it is sent, in ms (default 100: well inside the 250 ms budget). */
  intervalMs?: number;
  /** Whether the client is behind (e.g. its socket's send buffer is full): steps are then thinned. */
  congested?(): boolean;
}

const isStep = (u: RunUpdate) => 'event' in u && u.event.type === 'step';

/**
 * One client's view of the live run updates: batched into a frame at most every `intervalMs`, so a
 * search emitting a step every few ms costs the client a handful of frames per second. A client
 * that falls behind gets only the newest step of each run per frame (counted in `skipped`; it can
 * fetch the full series from the store); epochs, α, genotypes and status changes always arrive.
 * Pushing never blocks: the engine never waits for a client.
 */
export class UpdateFeed {
  private pending: RunUpdate[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly intervalMs: number;

  constructor(private readonly opts: UpdateFeedOptions) {
    this.intervalMs = opts.intervalMs ?? 100;
  }

  push(update: RunUpdate): void {
    if (this.closed) return;
    this.pending.push(update);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.pending.length === 0) return;
    let updates = this.pending;
    this.pending = [];
    let skipped = 0;
    if (this.opts.congested?.()) {
      const lastStep = new Map<string, RunUpdate>();
      for (const u of updates) if (isStep(u)) lastStep.set(u.runId, u);
      const kept = new Set(lastStep.values());
      const thinned = updates.filter((u) => !isStep(u) || kept.has(u));
      skipped = updates.length - thinned.length;
      updates = thinned;
    }
    this.opts.send({ type: 'updates', updates, skipped });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
