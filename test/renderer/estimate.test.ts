import { describe, expect, it } from 'vitest';
import { ApiError, type RunEstimate } from '../../src/shared/api';
import { EstimateCache, EstimateController, runTime, type EstimateState } from '../../src/renderer/src/lib/estimate';

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
  const cache = new EstimateCache();
  return { ...client, shown, cache, estimate: new EstimateController(client.api, (s) => shown.push(s), cache) };
}

describe('the wizard estimate', () => {
  it('shows a measured estimate', async () => {
    const { estimate, calls, shown } = controller();
    estimate.measure({ seed: 1 });
    expect(calls[0]).toMatchObject({ method: 'estimateRun', params: { config: { seed: 1 } } });
    calls[0].resolve(RESULT);
    await flush();
    expect(shown).toEqual([{ status: 'running' }, { status: 'done', value: RESULT, cached: false }]);
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
    expect(shown).toEqual([{ status: 'running' }, { status: 'running' }, { status: 'done', value: RESULT, cached: false }]);

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

  it('shows a config measured before at once, per config (backend included), and measures again on request', async () => {
    const { estimate, calls, shown, methods } = controller();
    estimate.measure({ raw: 1 }, { key: { seed: 1, backend: 'wasm' } });
    calls[0].resolve(RESULT);
    await flush();
    estimate.measure({ raw: 1 }, { key: { seed: 1, backend: 'wasm' } });
    expect(shown.at(-1)).toEqual({ status: 'done', value: RESULT, cached: true });
    expect(methods()).toEqual(['estimateRun']);
    // Another backend is another calibration.
    estimate.measure({ raw: 2 }, { key: { seed: 1, backend: 'cpu' } });
    expect(methods()).toEqual(['estimateRun', 'estimateRun']);
    expect(calls[1].params).toEqual({ config: { raw: 2 } });
    estimate.dispose();
    estimate.measure({ raw: 1 }, { key: { seed: 1, backend: 'wasm' }, fresh: true });
    expect(methods().at(-1)).toBe('estimateRun');
    expect(shown.at(-1)).toEqual({ status: 'running' });
  });

  it('keeps the newest calibrations only', () => {
    const cache = new EstimateCache(2);
    for (const seed of [1, 2, 3]) cache.set({ seed }, { ...RESULT, params: seed });
    expect(cache.get({ seed: 1 })).toBeUndefined();
    expect(cache.get({ seed: 3 })?.params).toBe(3);
  });
});

describe('the estimated run time', () => {
  it('is step time × steps per epoch × epochs for one search', () => {
    const t = runTime(RESULT, { budget: { epochs: 10 } });
    expect(t).toEqual({ stages: [{ epochs: 10, epochSeconds: 2, seconds: 20 }], epochs: 10, seconds: 20 });
  });

  it('adds the stages of a progressive search, each at its own measured step time (no mean that matches none)', () => {
    const stages = [6.67, 4.75, 2.54].map((stepSeconds, i) => ({ cells: [5, 11, 17][i], channels: 16, opsPerEdge: [8, 5, 3][i], params: 1, peakBytes: 1, stepSeconds }));
    const t = runTime({ ...RESULT, stepSeconds: 4.65, stages }, { budget: { epochs: 25 } });
    expect(t.epochs).toBe(75);
    expect(t.stages.map((s) => s.epochSeconds)).toEqual([6.67 * 4, 4.75 * 4, 2.54 * 4]);
    expect(t.seconds).toBeCloseTo((6.67 + 4.75 + 2.54) * 4 * 25);
  });

  it("counts a random search's samples, each the measured steps of its brief training (its budget.epochs are inside a sample)", () => {
    const t = runTime(RESULT, { budget: { epochs: 3 }, randomSearch: { samples: 20, keep: 2 } });
    expect(t).toEqual({ stages: [{ epochs: 20, epochSeconds: 2, seconds: 40 }], epochs: 20, seconds: 40 });
  });
});
