import { describe, expect, it } from 'vitest';
import { createRetrainSession } from '../../../src/engine/retrain';
import { ConfigFieldError, createSession } from '../../../src/engine/search';
import { checkInputShape } from '../../../src/engine/search/input-shape';
import { parseSearchConfig } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { tinyRetrain } from '../../helpers/tiny-retrain';

const refusal = (f: () => unknown): ConfigFieldError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFieldError);
    return e as ConfigFieldError;
  }
  throw new Error('expected a ConfigFieldError');
};

describe('image sizes are checked against the network before it is built', () => {
  it('names the data source and the field: images too small for the reductions, an auxiliary head on other than 8x8 maps', () => {
    const tiny = refusal(() => checkInputShape({ source: 'train-images-idx3-ubyte', size: { height: 1, width: 1 }, reductionCells: [1, 2] }));
    expect(tiny.path).toEqual(['model', 'layers']);
    expect(tiny.message).toMatch(/train-images-idx3-ubyte: 1x1 images are too small: reduction cell 1 would get 1x1 maps/);
    const aux = refusal(() => checkInputShape({ source: 'synthetic', size: { height: 8, width: 8 }, reductionCells: [2, 5], auxiliary: true }));
    expect(aux.path).toEqual(['model', 'auxiliary']);
    expect(aux.message).toMatch(/reads the 2x2 maps after the second reduction.*synthetic has 8x8 images: set model.auxiliary to false/);
    expect(() => checkInputShape({ source: 'cifar', size: { height: 32, width: 32 }, reductionCells: [6, 13], auxiliary: true })).not.toThrow();
    expect(() => checkInputShape({ source: 'mnist', size: { height: 28, width: 28 }, reductionCells: [2, 5] })).not.toThrow();
    expect(() => checkInputShape({ source: 'mnist', size: { height: 28, width: 28 }, reductionCells: [2, 5], auxiliary: true })).toThrow(/7x7 maps/);
  });

  it('a retraining with the default auxiliary head on 8x8 images, and a search on 1x1 images, fail with that message (they hit backend errors before)', async () => {
    await expect(createRetrainSession(tinyRetrain({ model: { channels: 4, layers: 3, auxiliary: true } }))).rejects.toThrow(/model\.auxiliary: .*set model\.auxiliary to false/);
    const config = parseSearchConfig({ ...TINY_SEARCH, data: { ...TINY_SEARCH.data, options: { ...TINY_SEARCH.data.options, height: 1, width: 1 } } });
    await expect(createSession(config)).rejects.toThrow(/model\.layers: .*1x1 images are too small/);
  });
});
