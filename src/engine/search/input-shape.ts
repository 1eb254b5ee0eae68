import { auxiliaryMapProblem } from '../evaluate/auxiliary';
import { inputSizeProblem, reducedSizes, type ImageSize } from '../spaces';
import { ConfigFieldError } from './plugins';

/**
 * Checks, once the data is loaded and before any network is built, that its images fit the
 * network: the error names the data source and the config field to change (the backend's own
 * errors said "concat4D" or "memory access out of bounds").
 */
export function checkInputShape(o: { source: string; size: ImageSize; reductionCells: readonly number[]; auxiliary?: boolean }): void {
  const small = inputSizeProblem(o.size, o.reductionCells);
  if (small) throw new ConfigFieldError(['model', 'layers'], `${o.source}: ${small}`);
  if (!o.auxiliary) return;
  const map = reducedSizes(o.size, o.reductionCells)[1]?.output;
  const problem = map ? auxiliaryMapProblem(map) : 'the auxiliary head needs a second reduction cell';
  if (problem) throw new ConfigFieldError(['model', 'auxiliary'], `${problem}; ${o.source} has ${o.size.height}x${o.size.width} images: set model.auxiliary to false`);
}
