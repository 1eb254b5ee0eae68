import type { Command } from '../command';
import { runSearchCommand, searchCommand } from './search';

const { epochs, ...searchOptions } = searchCommand.options;

/**
 * `search` with the config made a random-search baseline (seed 002): the preset or config gives
 * the space, data, network and brief training; `--samples` and `--keep` the sample.
 */
export const randomSearchCommand: Command = {
  name: 'random-search',
  summary: 'Random-search baseline: sample architectures from a space, train each briefly, keep the best',
  usage: [
    'random-search --preset NAME | --config FILE [--samples N] [--keep K] [--epochs N] [--backend B] [--seed N] [--data-root DIR] [--out DIR | --db PATH [--name NAME]] [--json]',
    'random-search --resume DIR [--keep K] [--json]',
  ],
  options: {
    ...searchOptions,
    epochs: { ...epochs, help: 'epochs each sampled architecture trains (budget.epochs)' },
    samples: { type: 'string', value: 'N', help: 'architectures to sample from the space (default 20)' },
    keep: { type: 'string', value: 'K', help: 'best samples by val accuracy to keep for retraining (default 2)' },
  },
  run(args) {
    const samples = args.int('samples', 1);
    const keep = args.int('keep', 1);
    // A resumed run keeps its recorded sample size unless told otherwise.
    return runSearchCommand(args, (c) => ({ ...c, progressive: undefined, randomSearch: { samples: samples ?? c.randomSearch?.samples ?? 20, keep: keep ?? c.randomSearch?.keep ?? 2 } }));
  },
};
