import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CSP_BUILD, CSP_DEV } from './src/main/content-security-policy';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  optionalDependencies?: Record<string, string>;
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'nas-studio:csp',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: ctx.server ? CSP_DEV : CSP_BUILD },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // `dependencies` are externalized by default; optional native backends
      // (tfjs-node, tfjs-node-gpu) must stay external too, or the bundler would try
      // to inline a package that may not even be installed.
      externalizeDeps: { include: Object.keys(pkg.optionalDependencies ?? {}) },
      // The search worker is its own entry: Electron starts it with utilityProcess.fork.
      rolldownOptions: { input: { index: resolve('src/main/index.ts'), worker: resolve('src/main/runs/worker.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload is evaluated as a classic script with only `electron`
      // available to require(): it must be a single self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
        // The bridge takes only the channel name and types from the shared contract;
        // declaring zod's builders pure lets the unused schemas (and zod) drop out.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), contentSecurityPolicy()],
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
