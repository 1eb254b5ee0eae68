import type { NasStudioBridge } from '../../shared/api';

declare global {
  interface Window {
    /** Set by the Electron preload bridge; absent when the page runs without a host. */
    nasStudio?: NasStudioBridge;
  }
}
