import type { SearchConfig } from '../../shared/config';
import type { SearchEvent } from '../../shared/search-events';
import { progressiveSearch } from './progressive';
import { randomSearch } from './random-search';
import { search, type SearchOptions } from './search';

/**
 * The one entry point front ends call (CLI, run worker): the random-search baseline when the config
 * has `randomSearch`, a P-DARTS progressive search when it has `progressive`, otherwise the
 * single-stage bilevel search.
 */
export function runSearch(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  if (config.randomSearch && config.progressive) throw new Error('a config is a random search or a progressive one, not both');
  if (config.randomSearch) return randomSearch(config, opts);
  return config.progressive ? progressiveSearch(config, opts) : search(config, opts);
}
