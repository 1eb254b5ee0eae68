import { ApiError, type ApiClient, type RunEstimate } from '../../../shared/api';
import type { SearchConfig } from '../../../shared/config';
import { errorMessage } from './format';

/** `cached`: measured earlier for the same config (backend included), shown without measuring again. */
export type EstimateState = { status: 'idle' } | { status: 'running' } | { status: 'done'; value: RunEstimate; cached: boolean } | { status: 'cancelled' } | { status: 'error'; error: string };

/**
 * Calibrations measured in this session, by config (the backend preference is part of it): a
 * calibration is seconds of real search steps, so going back to Review shows the earlier one. The
 * oldest entries go past `size`.
 */
export class EstimateCache {
  private readonly map = new Map<string, RunEstimate>();
  constructor(private readonly size = 16) {}

  get(config: unknown): RunEstimate | undefined {
    return this.map.get(JSON.stringify(config));
  }

  set(config: unknown, value: RunEstimate): void {
    const key = JSON.stringify(config);
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
}

const sessionCache = new EstimateCache();

/** What the whole run costs: each stage's epoch and stage time, and their total (epoch-end evaluation not included). */
export interface RunTime {
  stages: Array<{ epochs: number; epochSeconds: number; seconds: number }>;
  epochs: number;
  seconds: number;
}

/**
 * The run time the estimate implies for a config: one stage of budget.epochs epochs, or for a
 * progressive (P-DARTS) search one per stage at that stage's measured step time. Warm-up epochs
 * (weights only) are counted at the full step time: an upper bound. A random search's "epochs" are
 * its samples, each `stepsPerEpoch` training steps of its own network (measured on the first).
 */
export function runTime(e: RunEstimate, config: { budget: Pick<SearchConfig['budget'], 'epochs'>; randomSearch?: SearchConfig['randomSearch'] }): RunTime {
  const perStage = config.randomSearch?.samples ?? config.budget.epochs;
  const stepTimes = e.stages ? e.stages.map((s) => s.stepSeconds) : [e.stepSeconds];
  const stages = stepTimes.map((step) => ({ epochs: perStage, epochSeconds: step * e.stepsPerEpoch, seconds: step * e.stepsPerEpoch * perStage }));
  return { stages, epochs: perStage * stages.length, seconds: stages.reduce((t, s) => t + s.seconds, 0) };
}

/**
 * The wizard's estimate: one calibration at a time for this client. The host runs one calibration
 * per client (a newer estimateRun cancels the older); here, the answer of a superseded or disposed
 * call is dropped, so only the latest request's outcome is shown, and a cancelled calibration is
 * its own state, not an error.
 */
export class EstimateController {
  private call = 0;
  private running = false;

  constructor(
    private readonly api: Pick<ApiClient, 'call'>,
    private readonly show: (state: EstimateState) => void,
    private readonly cache: EstimateCache = sessionCache,
  ) {}

  /**
   * Shows the cached calibration of this config if there is one (unless `fresh`), else measures it.
   * `key` names the config in the cache (the wizard's effective config: defaults filled in).
   */
  measure(config: unknown, { fresh = false, key = config }: { fresh?: boolean; key?: unknown } = {}): void {
    const cached = fresh ? undefined : this.cache.get(key);
    if (cached) {
      this.dispose();
      this.show({ status: 'done', value: cached, cached: true });
      return;
    }
    const call = ++this.call;
    this.running = true;
    this.show({ status: 'running' });
    const settle = (state: EstimateState) => {
      if (call !== this.call) return;
      this.running = false;
      this.show(state);
    };
    this.api.call('estimateRun', { config }).then(
      (value) => {
        this.cache.set(key, value);
        settle({ status: 'done', value, cached: false });
      },
      (e: unknown) => settle(e instanceof ApiError && e.code === 'cancelled' ? { status: 'cancelled' } : { status: 'error', error: errorMessage(e) }),
    );
  }

  /** Stops the calibration in progress; its call then settles as 'cancelled'. */
  cancel(): void {
    if (this.running) this.api.call('cancelEstimate').catch(() => undefined); // nothing left to stop if this fails
  }

  /** Nothing to show any more (the config changed, or the review left): stops the calibration, drops its answer. */
  dispose(): void {
    this.cancel();
    this.call++;
    this.running = false;
  }
}
