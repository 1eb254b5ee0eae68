import { ApiError, type RunEstimate } from '../../shared/api';
import type { SearchConfig } from '../../shared/config';

/** Runs one calibration; when `signal` aborts it rejects with the signal's reason once its worker has gone. */
export type Calibrate = (config: SearchConfig, signal: AbortSignal) => Promise<RunEstimate>;

interface Job {
  controller: AbortController;
  state: 'waiting' | 'running';
  start(): void;
}

/**
 * The calibrations the API runs for its clients (the wizard's estimate). Each is a worker process
 * running real search steps, so they are bounded: one per client (a client's new request cancels
 * its previous one) and `maxRunning` at once over all clients. Requests past that cap wait, first
 * come first served, rather than being refused: the queue holds at most one request per client,
 * and the wizard just shows its estimate a little later. A cancelled request (waiting or running)
 * rejects with ApiError 'cancelled'; a running one only once its worker has exited, and its slot
 * is given to the next request only then, so the cap bounds processes, not promises.
 */
export class Calibrations {
  private readonly waiting: Job[] = [];
  private running = 0;
  private readonly byClient = new Map<string, Job>();

  constructor(
    private readonly calibrate: Calibrate,
    readonly maxRunning = 2,
  ) {}

  /** Measures `config` for `client`, cancelling the client's calibration in progress, if any. */
  run(client: string, config: SearchConfig): Promise<RunEstimate> {
    this.cancel(client, 'replaced by a newer request');
    return new Promise((resolve, reject) => {
      const controller = new AbortController();
      const job: Job = {
        controller,
        state: 'waiting',
        start: () => {
          job.state = 'running';
          this.running++;
          this.calibrate(config, controller.signal)
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.forget(client, job);
              this.startWaiting();
            });
        },
      };
      controller.signal.addEventListener('abort', () => {
        if (job.state !== 'waiting') return; // a running job's worker is killed by calibrate()
        this.waiting.splice(this.waiting.indexOf(job), 1);
        reject(controller.signal.reason as Error);
      });
      this.byClient.set(client, job);
      this.waiting.push(job);
      this.startWaiting();
    });
  }

  /** Cancels the client's calibration (waiting or running); false when it had none. */
  cancel(client: string, why = 'cancelled'): boolean {
    const job = this.byClient.get(client);
    if (!job) return false;
    this.byClient.delete(client);
    job.controller.abort(new ApiError('cancelled', `calibration ${why}`));
    return true;
  }

  /** Cancels every calibration (the host is closing). */
  cancelAll(): void {
    for (const client of [...this.byClient.keys()]) this.cancel(client, 'stopped: the host is closing');
  }

  /** Calibrations whose workers are alive, and requests waiting for a slot. */
  counts(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private forget(client: string, job: Job): void {
    if (this.byClient.get(client) === job) this.byClient.delete(client);
  }

  private startWaiting(): void {
    while (this.running < this.maxRunning && this.waiting.length > 0) this.waiting.shift()!.start();
  }
}
