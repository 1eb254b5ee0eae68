import { describe, expect, it } from 'vitest';
import { ApiError, type RunEstimate } from '../../src/shared/api';
import { EstimateController, type EstimateState } from '../../src/renderer/src/lib/estimate';

const RESULT: RunEstimate = { backend: 'wasm', params: 10, peakBytes: 100, stepSeconds: 0.5, stepsPerEpoch: 4, epochSeconds: 2 };

/** A client whose calls stay pending until the test settles them; it records every call. */
function pendingClient() {
  const calls: Array<{ method: string; params: unknown; resolve(v: unknown): void; reject(e: unknown): void }> = [];
  const api = {
    call: (method: string, params?: unknown) => new Promise((resolve, reject) => calls.push({ method, params, resolve, reject })),
  } as unknown as ConstructorParameters<typeof EstimateController>[0];
  return { api, calls, methods: () => calls.map((c) => c.method) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function controller() {
  const client = pendingClient();
  const shown: EstimateState[] = [];
  return { ...client, shown, estimate: new EstimateController(client.api, (s) => shown.push(s)) };
}

describe('the wizard estimate', () => {
  it('shows a measured estimate', async () => {
    const { estimate, calls, shown } = controller();
    estimate.measure({ seed: 1 });
    expect(calls[0]).toMatchObject({ method: 'estimateRun', params: { config: { seed: 1 } } });
    calls[0].resolve(RESULT);
    await flush();
    expect(shown).toEqual([{ status: 'running' }, { status: 'done', value: RESULT }]);
  });

  it('shows a cancelled calibration as cancelled, other failures as errors', async () => {
    const { estimate, calls, shown, methods } = controller();
    estimate.measure({});
    estimate.cancel();
    expect(methods()).toEqual(['estimateRun', 'cancelEstimate']);
    calls[0].reject(new ApiError('cancelled', 'calibration cancelled'));
    await flush();
    expect(shown.at(-1)).toEqual({ status: 'cancelled' });

    estimate.measure({});
    calls[2].reject(new ApiError('internal', 'the estimate worker exited (SIGSEGV) without a result'));
    await flush();
    expect(shown.at(-1)).toEqual({ status: 'error', error: 'the estimate worker exited (SIGSEGV) without a result' });
    // Nothing runs any more: cancelling sends nothing.
    estimate.cancel();
    expect(methods()).toHaveLength(3);
  });

  it('shows only the latest request: a superseded or disposed call is dropped', async () => {
    const { estimate, calls, shown, methods } = controller();
    estimate.measure({ seed: 1 });
    estimate.dispose(); // the config changed
    estimate.measure({ seed: 2 });
    expect(methods()).toEqual(['estimateRun', 'cancelEstimate', 'estimateRun']);
    calls[2].resolve(RESULT);
    await flush();
    // The first call's cancellation arrives after the second's result: not shown.
    calls[0].reject(new ApiError('cancelled', 'calibration replaced by a newer request'));
    await flush();
    expect(shown).toEqual([{ status: 'running' }, { status: 'running' }, { status: 'done', value: RESULT }]);

    // Leaving the review after the result: nothing to cancel, nothing more shown.
    estimate.dispose();
    expect(methods()).toHaveLength(3);
    estimate.measure({});
    estimate.dispose();
    calls[3].resolve(RESULT);
    await flush();
    expect(shown.at(-1)).toEqual({ status: 'running' });
    expect(methods()).toEqual(['estimateRun', 'cancelEstimate', 'estimateRun', 'estimateRun', 'cancelEstimate']);
  });
});
