import { parseSearchConfig, type SearchConfig, type SearchConfigInput } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';

export function tinyConfig(over: SearchConfigInput = {}): SearchConfig {
  return parseSearchConfig({ ...TINY_SEARCH, ...over });
}
