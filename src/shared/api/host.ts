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
  /** Which transport the UI is talking through. */
  transport: 'electron' | 'websocket';
  /** The run database this host uses. */
  dbPath: string;
}
