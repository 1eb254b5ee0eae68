import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tfjs keeps global engine state (backend, tensor registry): isolate files in processes.
    pool: 'forks',
    // Vitest's default (one fewer than the cores) runs the files one at a time on a 2-core machine,
    // the CI class: two at once took the suite from 23 to 17 minutes there, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
