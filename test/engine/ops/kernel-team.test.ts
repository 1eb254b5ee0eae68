import { afterAll, describe, expect, it } from 'vitest';
import { DIVISIONS, divide, type Division, type Exports, type KernelName } from '../../../src/engine/ops/simd/exports';
import { parallel } from '../../../src/engine/ops/simd/parallel';
import { KernelTeam } from '../../../src/engine/ops/simd/team';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../../../src/engine/ops/simd/wasm-binary.generated';
import { Rng } from '../../../src/engine/util/rng';

/**
 * Kernels cut across worker threads (tfjs's threaded build shares its heap with them) against the
 * same kernels run whole: the outputs must be equal bit for bit, at sizes whose cuts fall inside
 * the 4-lane blocks' remainders, with three threads so that the cuts are uneven.
 */
const module = new WebAssembly.Module(Buffer.from(KERNELS_SHARED_WASM_BASE64, 'base64'));
const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
const whole = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
const names = Object.keys(whole).filter((n) => typeof whole[n as KernelName] === 'function');
const team = new KernelTeam(module, memory, names, 3);
// Every call large enough to cut (the team is idle before each).
const cut = parallel(whole, team, 1);

afterAll(() => team.dispose());

interface Case {
  name: string;
  kernel: KernelName;
  /** Float counts of the inputs, then of the outputs. */
  inputs: number[];
  outputs: number[];
  args(ins: number[], outs: number[]): number[];
}

const [n, h, w, c] = [5, 9, 7, 6];
const CASES: Case[] = [
  { name: 'depthwise conv, stride 2', kernel: 'depthwiseConv', inputs: [n * h * w * c, 9 * c], outputs: [n * 5 * 4 * c], args: ([x, f], [o]) => [x, f, o, n, h, w, c, 3, 2, 1, 1, 5, 4, 0] },
  { name: 'depthwise conv, dilation 2, flipped', kernel: 'depthwiseConv', inputs: [n * h * w * c, 9 * c], outputs: [n * h * w * c], args: ([x, f], [o]) => [x, f, o, n, h, w, c, 3, 1, 2, 2, h, w, 1] },
  { name: 'max pool gradient', kernel: 'poolGrad', inputs: [n * 5 * 4 * c, n * h * w * c], outputs: [n * h * w * c], args: ([dy, x], [dx]) => [dy, x, dx, n, h, w, c, 5, 4, 2, 1] },
  { name: 'avg pool gradient', kernel: 'poolGrad', inputs: [n * h * w * c, n * h * w * c], outputs: [n * h * w * c], args: ([dy, x], [dx]) => [dy, x, dx, n, h, w, c, h, w, 1, 0] },
  { name: 'strided tap', kernel: 'stridedTap', inputs: [n * h * w * c], outputs: [n * 4 * 3 * c], args: ([x], [o]) => [x, o, n, h, w, c, 1, 1, 4, 3, 2] },
  { name: 'spread', kernel: 'spread', inputs: [n * 4 * 3 * c], outputs: [n * h * w * c], args: ([dy], [o]) => [dy, o, n, 4, 3, c, 2, 1, h, w] },
  { name: '1x1 conv', kernel: 'pointwiseConv', inputs: [37 * 12, 12 * 8], outputs: [37 * 8], args: ([x, f], [o]) => [x, f, o, 37, 12, 8, 0] },
  { name: '1x1 conv adjoint, channels a multiple of 4', kernel: 'pointwiseConv', inputs: [37 * 8, 12 * 8], outputs: [37 * 12], args: ([dy, f], [o]) => [dy, f, o, 37, 8, 12, 1] },
  { name: '1x1 conv adjoint, other channels', kernel: 'pointwiseConv', inputs: [137 * 6, 10 * 6], outputs: [137 * 10], args: ([dy, f], [o]) => [dy, f, o, 137, 6, 10, 1] },
  { name: 'row copy', kernel: 'copyRows', inputs: [23 * 10], outputs: [23 * 14], args: ([x], [o]) => [x, 10, o, 14, 23, 7] },
  { name: 'depthwise filter gradient, 22 channels', kernel: 'depthwiseFilterGrad', inputs: [3 * 5 * 4 * 22, 3 * h * w * 22], outputs: [9 * 22], args: ([dy, x], [o]) => [dy, x, o, 3, 5, 4, 22, h, w, 3, 2, 1, 1, 0, 9] },
  { name: 'batch norm, affine', kernel: 'batchNormForward', inputs: [50 * 14, 14, 14], outputs: [50 * 14, 14, 14], args: ([x, g, b], [y, m, v]) => [x, y, m, v, g, b, 50, 14, 14, 1e-5] },
  { name: 'batch norm', kernel: 'batchNormForward', inputs: [50 * 14], outputs: [50 * 14, 14, 14], args: ([x], [y, m, v]) => [x, y, m, v, 0, 0, 50, 14, 14, 1e-5] },
  {
    name: 'batch norm gradients, affine',
    kernel: 'batchNormBackward',
    inputs: [50 * 14, 50 * 14, 14, 14, 14],
    outputs: [50 * 14, 14, 14],
    args: ([dy, x, m, v, g], [dx, dg, db]) => [dy, x, m, v, g, dx, dg, db, 50, 14, 14, 1e-5],
  },
  { name: 'batch norm input gradient', kernel: 'batchNormBackward', inputs: [50 * 14, 50 * 14, 14, 14], outputs: [50 * 14], args: ([dy, x, m, v], [dx]) => [dy, x, m, v, 0, dx, 0, 0, 50, 14, 14, 1e-5] },
  { name: '1x1 filter gradient', kernel: 'pointwiseFilterGrad', inputs: [37 * 14, 37 * 8], outputs: [14 * 8], args: ([x, dy], [o]) => [x, dy, o, 37, 14, 14, 8] },
  { name: 'ReLU gradient', kernel: 'reluGrad', inputs: [103, 103], outputs: [103], args: ([dy, x], [dx]) => [dy, x, dx, 103] },
  { name: 'α mix of three', kernel: 'mix4', inputs: [103, 103, 103], outputs: [103], args: ([a, b, d], [o]) => [o, 0, a, b, d, 0, 0.25, -1.5, 2, 0, 103] },
];

describe('kernels cut across threads equal the whole kernels bit for bit', () => {
  for (const k of CASES) {
    it(k.name, () => {
      const rng = new Rng(k.name.length);
      const heap = new Float32Array(memory.buffer);
      // Float offsets, each array 16-byte aligned, from the second page on (0 means "absent").
      let at = 16384;
      const place = (floats: number) => ((at += Math.ceil(floats / 4) * 4), at - Math.ceil(floats / 4) * 4);
      const ins = k.inputs.map((f) => place(f));
      ins.forEach((p, i) => {
        for (let j = 0; j < k.inputs[i]; j++) heap[p + j] = rng.normal();
      });
      // Variances must be positive.
      if (k.kernel === 'batchNormBackward') for (let j = 0; j < 14; j++) heap[ins[3] + j] = Math.abs(heap[ins[3] + j]) + 0.1;
      const outputsOf = () => k.outputs.map((f) => place(f));
      const [a, b] = [outputsOf(), outputsOf()];
      heap.fill(0, a[0], at);
      const bytes = (ps: number[]) => ps.map((p) => p * 4);
      const before = team.handedOff;
      (whole[k.kernel] as (...x: number[]) => void)(...k.args(bytes(ins), bytes(a)));
      const args = k.args(bytes(ins), bytes(b));
      (cut[k.kernel] as (...x: number[]) => void)(...args);
      const parts = divide(DIVISIONS[k.kernel] as Division, args, 3, 1).length;
      expect(parts, 'parts').toBeGreaterThan(1);
      expect(team.handedOff - before, 'parts run on workers').toBe(parts - 1);
      a.forEach((p, i) => {
        const [x, y] = [heap.subarray(p, p + k.outputs[i]), heap.subarray(b[i], b[i] + k.outputs[i])];
        expect(Array.from(y), `output ${i}`).toEqual(Array.from(x));
        expect(x.some((v) => v !== 0), `output ${i} written`).toBe(true);
      });
    });
  }
});

describe('divide', () => {
  const d = DIVISIONS.batchNormForward!;
  const args = [64, 1000, 2000, 3000, 0, 0, 50, 14, 14, 1e-5];

  it('cuts channels at multiples of 4, moves pointers, and leaves absent ones at 0', () => {
    const parts = divide(d, args, 3, 1);
    expect(parts.map((p) => p[7])).toEqual([4, 4, 6]);
    expect(parts.map((p) => p[0])).toEqual([64, 80, 96]);
    expect(parts.map((p) => [p[4], p[5]])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    // The stride (all channels) and every other argument stay.
    for (const p of parts) expect([p[6], p[8], p[9]]).toEqual([50, 14, 1e-5]);
  });

  it('keeps a call whole when a part would be too small', () => {
    // 14 channels of 50 positions, 3 operations each: 2,100 in all.
    expect(divide(d, args, 3, 2100)).toEqual([args]);
    expect(divide(d, args, 3, 1050)).toHaveLength(2);
  });
});

it('a part that fails on a worker throws on the caller, and the team goes on working', () => {
  const ok = [64, 64, 64, 4];
  const outside = [64, 64, 2 ** 31 - 64, 4];
  const relu = (a: readonly number[]) => whole.reluGrad(a[0], a[1], a[2], a[3]);
  expect(() => team.run('reluGrad', [ok, outside], relu)).toThrow(/failed on a worker thread/);
  expect(() => team.run('reluGrad', [ok, ok, ok], relu)).not.toThrow();
});

it('a worker that cannot instantiate the module fails each part instead of hanging the caller', async () => {
  // The plain build cannot import a shared memory.
  const plain = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const broken = new KernelTeam(plain, memory, ['reluGrad'], 2);
  const part = [64, 64, 64, 4];
  expect(() => broken.run('reluGrad', [part, part], (a: readonly number[]) => whole.reluGrad(a[0], a[1], a[2], a[3]))).toThrow(/failed on a worker thread/);
  await broken.dispose();
});

describe('the stream', () => {
  const heap = new Float32Array(memory.buffer);
  const n = 4099;
  const [x, y, z] = [1 << 20, (1 << 20) + 4 * 4100, (1 << 20) + 8 * 4100];
  const streamed = parallel(whole, team, Number.MAX_SAFE_INTEGER);

  it('runs calls in order on a worker while the caller goes on, and finish waits for them', () => {
    const rng = new Rng(3);
    for (let i = 0; i < n; i++) heap[x / 4 + i] = rng.normal();
    const expected = Array.from(heap.subarray(x / 4, x / 4 + n), (v) => 2 * Math.max(v, 0));
    heap.fill(NaN, y / 4, z / 4 + n);
    const before = team.streamed;
    // y = relu(x), then z = y + y: the second call reads what the first wrote.
    streamed.relu(x, y, n);
    streamed.add(y, y, z, n);
    expect(team.streamed - before, 'calls put on the stream').toBe(2);
    team.finish(team.streamed);
    expect(team.streamDone()).toBe(team.streamed);
    expect(Array.from(heap.subarray(z / 4, z / 4 + n))).toEqual(expected.map((v) => Math.fround(v)));
  });

  it('a call that fails on the stream throws at the next wait, and the stream goes on', () => {
    streamed.reluGrad(64, 64, 2 ** 31 - 64, 4);
    expect(() => team.drain()).toThrow(/reluGrad failed on a worker thread/);
    streamed.relu(x, y, n);
    expect(() => team.drain()).not.toThrow();
  });

  it('a queue longer than its ring waits for room instead of overwriting calls', () => {
    heap.fill(0, z / 4, z / 4 + n);
    heap.fill(1, y / 4, y / 4 + n);
    // z += 1, 1,000 times: any call lost or run twice changes the count.
    for (let i = 0; i < 1000; i++) streamed.add(z, y, z, n);
    team.drain();
    expect(new Set(heap.subarray(z / 4, z / 4 + n))).toEqual(new Set([1000]));
  });

  it('a caller waiting for the stream takes parts of its calls, with the results of whole calls', () => {
    // Parts of at least 1 operation: each call of m elements comes in 4 parts.
    const shared = parallel(whole, team, Number.MAX_SAFE_INTEGER, 1);
    const m = 1 << 17;
    const [a, b, out] = [1 << 21, (1 << 21) + 4 * m, (1 << 21) + 8 * m];
    const rng = new Rng(5);
    for (let i = 0; i < m; i++) heap[a / 4 + i] = rng.normal();
    heap.fill(0, out / 4, out / 4 + m);
    const helped = team.helped;
    // b = relu(a), then out += b 50 times: each call reads what the one before wrote, in every part.
    shared.relu(a, b, m);
    for (let i = 0; i < 50; i++) shared.add(out, b, out, m);
    team.drain();
    expect(team.helped - helped, 'parts the caller ran').toBeGreaterThan(0);
    const expected = new Float32Array(m);
    for (let i = 0; i < 50; i++) for (let j = 0; j < m; j++) expected[j] = Math.fround(expected[j] + Math.max(heap[a / 4 + j], 0));
    expect(heap.subarray(out / 4, out / 4 + m)).toEqual(expected);
  });

  it('a part that fails throws at the next wait whichever thread ran it, and the stream goes on', () => {
    const shared = parallel(whole, team, Number.MAX_SAFE_INTEGER, 1);
    // Each of the 4 parts writes past the heap's end.
    for (let i = 0; i < 20; i++) shared.reluGrad(64, 64, 2 ** 31 - 4 * 4096, 4 * 4096);
    expect(() => team.drain()).toThrow(/reluGrad failed on a worker thread/);
    shared.relu(x, y, n);
    expect(() => team.drain()).not.toThrow();
  });
});

