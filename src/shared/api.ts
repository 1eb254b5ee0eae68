import { z } from 'zod';

// The contract between the UI and its host. Today the host is Electron's main process
// behind the preload bridge; a browser build will speak the same requests to a local
// Node host. Every request crosses a trust boundary, so the host parses it with
// `apiRequestSchema` before acting on it.

/** The one IPC channel the preload bridge invokes. */
export const API_CHANNEL = 'nas-studio:api';

export const apiRequestSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('hostInfo') }),
]);
export type ApiRequest = z.infer<typeof apiRequestSchema>;

/** A TensorFlow.js backend package and whether it is installed next to the host. */
export interface BackendPackage {
  backend: 'tensorflow' | 'wasm' | 'cpu';
  package: string;
  installed: boolean;
}

/** What the host runs on: enough for the UI to say where a search would execute. */
export interface HostInfo {
  product: { name: string; version: string };
  runtime: {
    node: string;
    /** null when the host is plain Node rather than Electron. */
    electron: string | null;
    chrome: string | null;
    platform: string;
    arch: string;
  };
  tfjs: { version: string | null; backends: BackendPackage[] };
}

/** The result each request method resolves to. */
export interface ApiResults {
  hostInfo: HostInfo;
}
export type ApiMethod = ApiRequest['method'];

/** What the preload bridge exposes as `window.nasStudio`. */
export interface NasStudioApi {
  readonly version: string;
  hostInfo(): Promise<HostInfo>;
}
