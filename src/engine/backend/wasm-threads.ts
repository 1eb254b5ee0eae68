import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Worker as NodeWorker, type TransferListItem } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's threaded wasm build under Node. The engine wants it for its shared memory, which worker
 * threads of our own can compute on (ops/simd/team.ts), not for XNNPACK's thread pool: that stays
 * at one thread, since its wake-up and join cost more than the step's small kernels gain
 * (docs/engine.md, "Threads, tried and measured").
 *
 * Two things keep the build from starting in Node. tfjs reports no thread support there
 * (`WASM_HAS_MULTITHREAD_SUPPORT`, tfjs issue #3830), and Emscripten's glue starts 8 pthread
 * workers up front (~15 MB of RSS each), each given a `blob:` URL that Node's `Worker` cannot load.
 * So while the backend starts, `Worker` is a lazy stand-in that answers the glue's `load` at once
 * and starts a real worker, on the package's own worker script and glue file, only if a thread is
 * ever run on it.
 */

const require = createRequire(import.meta.url);
const PACKAGE_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';

interface Message {
  cmd?: string;
  [key: string]: unknown;
}

class LazyPthreadWorker extends EventEmitter {
  private load: Message | undefined;
  private real: NodeWorker | undefined;
  /** Messages for the real worker until it has loaded the module. */
  private pending: [Message, readonly TransferListItem[] | undefined][] | undefined;
  private referenced = true;

  postMessage(message: Message, transfer?: readonly TransferListItem[]): void {
    if (message.cmd === 'load' && !this.real) {
      this.load = message;
      setImmediate(() => this.emit('message', { cmd: 'loaded' }));
      return;
    }
    if (!this.real) this.start();
    if (this.pending) this.pending.push([message, transfer]);
    else this.real?.postMessage(message, transfer);
  }

  private start(): void {
    const real = new NodeWorker(require.resolve(`${PACKAGE_OUT}.worker.js`));
    this.real = real;
    this.pending = [];
    real.on('message', (m: Message) => {
      // The glue already had its `loaded`: this one releases what waited for the module.
      if (this.pending && m.cmd === 'loaded') {
        for (const [message, transfer] of this.pending) real.postMessage(message, transfer);
        this.pending = undefined;
        return;
      }
      this.emit('message', m);
    });
    real.on('error', (e) => this.emit('error', e));
    if (!this.referenced) real.unref();
    real.postMessage({ ...this.load, urlOrBlob: require.resolve(`${PACKAGE_OUT}.js`) });
  }

  ref(): void {
    this.referenced = true;
    this.real?.ref();
  }

  unref(): void {
    this.referenced = false;
    this.real?.unref();
  }

  async terminate(): Promise<number> {
    return this.real ? this.real.terminate() : 0;
  }
}

/**
 * Sets tfjs-wasm up to start its threaded SIMD build at the next `setBackend('wasm')`, with
 * XNNPACK on one thread, and returns a function that puts `Worker` back once it has started.
 */
export function prepareThreadedWasm(setThreadsCount: (n: number) => void): () => void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(1);
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // The glue assigns Node's Worker to the global before it creates its workers: the assignment is ignored.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => LazyPthreadWorker, set: () => undefined });
  return () => {
    if (previous) Object.defineProperty(globalThis, 'Worker', previous);
    else delete (globalThis as { Worker?: unknown }).Worker;
  };
}
