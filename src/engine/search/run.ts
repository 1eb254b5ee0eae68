import type { SearchConfig } from '../../shared/config';
import type { SearchEvent } from '../../shared/search-events';
import { progressiveSearch } from './progressive';
import { search, type SearchOptions } from './search';

/**
 * The one entry point front ends call (CLI, run worker): a P-DARTS progressive search when the
 * config has `progressive`, otherwise the single-stage bilevel search.
 */
export function runSearch(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  return config.progressive ? progressiveSearch(config, opts) : search(config, opts);
}
