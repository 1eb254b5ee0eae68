import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BackendPackage, HostInfo } from '../shared/api';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../shared/product';

// Plain Node on purpose: the Electron shell and the future `serve` host report alike.

const resolveFromHost = createRequire(import.meta.url).resolve;

// Preference order of the backends the engine may pick; the native ones are optional
// packages that npm drops when their libtensorflow download fails.
const BACKEND_PACKAGES: ReadonlyArray<Omit<BackendPackage, 'installed'>> = [
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu' },
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node' },
  { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm' },
  { backend: 'cpu', package: '@tensorflow/tfjs-backend-cpu' },
];

function installedVersion(name: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(resolveFromHost(`${name}/package.json`), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : null;
  } catch {
    return null;
  }
}

export function hostInfo(where: Pick<HostInfo, 'transport' | 'dbPath'>): HostInfo {
  return {
    ...where,
    product: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      platform: process.platform,
      arch: process.arch,
    },
    tfjs: {
      version: installedVersion('@tensorflow/tfjs'),
      backends: BACKEND_PACKAGES.map((entry) => ({ ...entry, installed: installedVersion(entry.package) !== null })),
    },
  };
}
