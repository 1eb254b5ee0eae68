import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Layering (docs: /work/shared/notes/architecture.md): the engine is plain TS + tfjs that
// any Node script can import, and the renderer reaches the host only through the shared
// contract. These rules keep imports pointing the right way. Relative paths are matched
// as text: `(../)+main/` is taken to mean src/main, so neither tree may grow its own
// folder named like a forbidden layer.

const ENGINE_FORBIDDEN_PACKAGES = ['electron', 'react', 'react-dom', 'better-sqlite3'];
const engineBoundary = {
  paths: ENGINE_FORBIDDEN_PACKAGES.map((name) => ({
    name,
    message: 'The engine must run in a plain Node process: no Electron, React or SQLite.',
  })),
  patterns: [
    {
      group: ENGINE_FORBIDDEN_PACKAGES.map((name) => `${name}/*`),
      message: 'The engine must run in a plain Node process: no Electron, React or SQLite.',
    },
    {
      regex: '^(\\.\\./)+(main|renderer)(/|$)',
      message: 'The engine sits below the host and the UI; it may not import them.',
    },
  ],
};

const rendererBoundary = {
  paths: ['electron', ...builtinModules].map((name) => ({
    name,
    message: 'The renderer is a sandboxed web page: no Node or Electron modules. Ask the host through window.nasStudio.',
  })),
  patterns: [
    {
      group: ['node:*', 'electron/*'],
      message: 'The renderer is a sandboxed web page: no Node or Electron modules. Ask the host through window.nasStudio.',
    },
    {
      regex: '^(\\.\\./)+(engine|main)(/|$)',
      message: 'The renderer uses only src/shared; engine facts come from the host API.',
    },
  ],
};

// bin/ scripts and configs run on the Node that runs ESLint, so its globals are theirs.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig([
  // kernels/ is AssemblyScript (compiled by scripts/build-kernels.mjs), not TypeScript this parser reads.
  globalIgnores(['out/', 'dist/', 'node_modules/', 'runs/', 'test-results/', 'playwright-report/', '.gl/', '.whl/', 'kernels/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['src/engine/**'],
    rules: { 'no-restricted-imports': ['error', engineBoundary] },
  },
  {
    files: ['src/renderer/**'],
    rules: { 'no-restricted-imports': ['error', rendererBoundary] },
  },
]);
