import { ApiError, type ApiErrorShape } from './errors';
import type { ApiMethod, ApiParams, ApiResults } from './methods';
import type { RunUpdateListener } from './updates';

/**
 * The untyped pipe under the client: Electron's preload bridge (`window.nasStudio`) or the browser
 * host's WebSocket. A failed call rejects with an `ApiErrorShape` (plain data survives both pipes).
 */
export interface ApiTransport {
  call(method: string, params: unknown): Promise<unknown>;
  /** Returns the unsubscribe. */
  onUpdate(listener: RunUpdateListener): () => void;
}

/** What the preload bridge exposes as `window.nasStudio`. */
export interface NasStudioBridge extends ApiTransport {
  readonly version: string;
}

/** Params may be left out where every field is optional. */
type CallParams<M extends ApiMethod> = Record<never, never> extends ApiParams[M] ? [params?: ApiParams[M]] : [params: ApiParams[M]];

/** The one client interface the renderer uses, whichever transport is present. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, ...params: CallParams<M>): Promise<ApiResults[M]>;
  onUpdate(listener: RunUpdateListener): () => void;
}

const isErrorShape = (e: unknown): e is ApiErrorShape => typeof e === 'object' && e !== null && 'code' in e && 'message' in e;

export function createApiClient(transport: ApiTransport): ApiClient {
  return {
    async call(method, params?) {
      try {
        return (await transport.call(method, params ?? {})) as never;
      } catch (e) {
        throw isErrorShape(e) ? ApiError.from(e) : e;
      }
    },
    onUpdate: (listener) => transport.onUpdate(listener),
  };
}
