import type { Command } from '../command';
import { runSearchCommand, searchCommand } from './search';

// A random search keeps no checkpoints, so it has no --resume.
const { epochs, ...rest } = searchCommand.options;
const searchOptions = Object.fromEntries(Object.entries(rest).filter(([name]) => name !== 'resume'));

/**
 * `search` with the config made a random-search baseline (seed 002): the preset or config gives
 * the space, data, network and brief training; `--samples` and `--keep` the sample.
 */
export const randomSearchCommand: Command = {
  name: 'random-search',
  summary: 'Random-search baseline: sample architectures from a space, train each briefly, keep the best',
  usage: ['random-search --preset NAME | --config FILE [--samples N] [--keep K] [--epochs N] [--backend B] [--seed N] [--data-root DIR] [--out DIR | --db PATH [--name NAME]] [--json]'],
  options: {
    ...searchOptions,
    epochs: { ...epochs, help: 'epochs each sampled architecture trains (budget.epochs)' },
    samples: { type: 'string', value: 'N', help: 'architectures to sample from the space (default 20)' },
    keep: { type: 'string', value: 'K', help: 'best samples by val accuracy to keep for retraining (default 2)' },
  },
  run(args) {
    const samples = args.int('samples', 1) ?? 20;
    const keep = args.int('keep', 1) ?? 2;
    return runSearchCommand(args, (c) => ({ ...c, progressive: undefined, randomSearch: { samples, keep } }));
  },
};
