import { ApiError, type ApiClient, type RunEstimate } from '../../../shared/api';
import { errorMessage } from './format';

export type EstimateState = { status: 'idle' } | { status: 'running' } | { status: 'done'; value: RunEstimate } | { status: 'cancelled' } | { status: 'error'; error: string };

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
  ) {}

  measure(config: unknown): void {
    const call = ++this.call;
    this.running = true;
    this.show({ status: 'running' });
    const settle = (state: EstimateState) => {
      if (call !== this.call) return;
      this.running = false;
      this.show(state);
    };
    this.api.call('estimateRun', { config }).then(
      (value) => settle({ status: 'done', value }),
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
