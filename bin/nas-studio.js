#!/usr/bin/env node
// The CLI entry (`npx nas-studio`, `npm start` headless). The CLI is TypeScript run through
// tsx's loader, so a fresh clone needs no build step. Paths resolve from this file, not the
// working directory, so it runs from anywhere.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
