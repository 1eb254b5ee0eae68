#!/usr/bin/env node
// `npm start`: the desktop window, or the same UI in a browser where no window can open
// (src/main/launch). Run through tsx's loader like the CLI, so a fresh clone needs no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { launch } = await import('../src/main/launch/index.ts');
process.exitCode = await launch(process.argv.slice(2));
