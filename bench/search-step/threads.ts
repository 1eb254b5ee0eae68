import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../src/engine/backend';

/**
 * How each backend is asked for a thread count (before it initialises) and what it reports using.
 * tfjs-wasm turns threads off under Node (tfjs issue #3830), so it reports 1 whatever is asked;
 * tfjs-node reads TensorFlow's intra-op pool size from the environment; the cpu backend is plain JS.
 */
interface ThreadControl {
  request(threads: number): void;
  used(requested: number): number;
}

export const THREAD_CONTROLS: Record<BackendName, ThreadControl> = {
  wasm: { request: (n) => setThreadsCount(n), used: () => getThreadsCount() },
  tensorflow: { request: (n) => void (process.env.TF_NUM_INTRAOP_THREADS = String(n)), used: (n) => n },
  cpu: { request: () => undefined, used: () => 1 },
};
