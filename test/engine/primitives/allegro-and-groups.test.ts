import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParamStore, Scope } from '../../../src/engine/nn/params';
import { conv2d } from '../../../src/engine/ops';
import { getPrimitive, type PrimitiveOptions } from '../../../src/engine/primitives';
import { Rng } from '../../../src/engine/util/rng';
import { useBackend } from '../../helpers/backend';
import { directionalCheck, randomTensor } from '../../helpers/gradcheck';

/** The op's parameters by name → shape, built at `c` channels. */
function build(id: string, c: number, stride: number, opts: Partial<PrimitiveOptions> = {}) {
  const store = new ParamStore(new Rng(1));
  const layer = getPrimitive(id).create(new Scope(store), c, stride, { affine: true, ...opts });
  const shapes = Object.fromEntries([...store.weights].map(([k, v]) => [k, v.shape]));
  return { store, layer, shapes, count: store.count() };
}

beforeAll(() => useBackend('wasm'));
afterAll(() => tf.disposeVariables());

describe('Allegro conv ops (structure)', () => {
  it('AllegroSepConv widens the inner layer to m·C; m = 1 is the DARTS SepConv', () => {
    const { shapes } = build('allegro_sep_conv_3x3', 4, 1);
    expect(shapes).toEqual({
      'op.1.weight': [3, 3, 4, 1],
      'op.2.weight': [1, 1, 4, 8],
      'op.3.weight': [8],
      'op.3.bias': [8],
      'op.5.weight': [3, 3, 8, 1],
      'op.6.weight': [1, 1, 8, 4],
      'op.7.weight': [4],
      'op.7.bias': [4],
    });
    expect(build('allegro_sep_conv_5x5', 6, 1, { midMultiplier: 3 }).shapes['op.6.weight']).toEqual([1, 1, 18, 6]);
    expect(build('allegro_sep_conv_5x5', 6, 2, { midMultiplier: 1 }).shapes).toEqual(build('sep_conv_5x5', 6, 2).shapes);
  });

  it('AllegroDilConv stacks 1 + extraDepth DilConv blocks; 0 extra is the DARTS DilConv', () => {
    const { shapes } = build('allegro_dil_conv_5x5', 4, 2);
    expect(Object.keys(shapes)).toEqual(['op.1.weight', 'op.2.weight', 'op.3.weight', 'op.3.bias', 'op.5.weight', 'op.6.weight', 'op.7.weight', 'op.7.bias']);
    expect(shapes['op.5.weight']).toEqual([5, 5, 4, 1]);
    expect(Object.keys(build('allegro_dil_conv_3x3', 4, 1, { extraDepth: 2 }).shapes)).toHaveLength(12);
    expect(build('allegro_dil_conv_3x3', 4, 2, { extraDepth: 0 }).shapes).toEqual(build('dil_conv_3x3', 4, 2).shapes);
  });
});

describe('Allegro ops and group convolution (numerics)', () => {
  it('keep the DARTS output shapes, only the first block striding', () => {
    for (const id of ['allegro_sep_conv_3x3', 'allegro_sep_conv_5x5', 'allegro_dil_conv_3x3', 'allegro_dil_conv_5x5']) {
      for (const stride of [1, 2]) {
        const { store, layer } = build(id, 4, stride, { groups: 2 });
        const y = tf.tidy(() => layer?.(tf.ones([2, 8, 8, 4]), { training: true }).shape);
        expect(y, `${id} stride ${stride}`).toEqual([2, 8 / stride, 8 / stride, 4]);
        store.dispose();
      }
    }
  });

  it('a grouped 1x1 conv equals separate convs on each channel group (PyTorch groups semantics)', () => {
    const rng = new Rng(4);
    const x = randomTensor([2, 5, 5, 6], rng) as tf.Tensor4D;
    const w = randomTensor([1, 1, 2, 9], rng) as tf.Tensor4D; // 3 groups: 2 inputs → 3 outputs each
    const grouped = conv2d(x, w, { groups: 3 });
    const parts = [0, 1, 2].map((g) => conv2d(tf.slice(x, [0, 0, 0, 2 * g], [2, 5, 5, 2]), tf.slice(w, [0, 0, 0, 3 * g], [1, 1, 2, 3])));
    const expected = tf.concat(parts, 3);
    expect(grouped.shape).toEqual([2, 5, 5, 9]);
    expect(tf.max(tf.abs(tf.sub(grouped, expected))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, w, grouped, expected, ...parts]);
  });

  it('grouped conv gradients match finite differences (input and kernel)', () => {
    const rng = new Rng(6);
    const x = randomTensor([1, 4, 4, 4], rng);
    const w = randomTensor([3, 3, 2, 4], rng);
    const op = (a: tf.Tensor, b: tf.Tensor) => conv2d(a as tf.Tensor4D, b as tf.Tensor4D, { pad: 1, groups: 2 });
    for (const which of [0, 1]) {
      const dir = randomTensor([x, w][which].shape, rng);
      const { analytic, numeric } = directionalCheck(op, [x, w], which, dir, rng);
      expect(Math.abs(analytic - numeric) / Math.abs(numeric), `input ${which}`).toBeLessThan(1e-2);
      dir.dispose();
    }
    tf.dispose([x, w]);
  });

  it('divides the pointwise weights by the group count, and refuses a count that does not divide C', () => {
    expect(build('sep_conv_3x3', 8, 1, { groups: 4 }).shapes['op.2.weight']).toEqual([1, 1, 2, 8]);
    expect(build('allegro_sep_conv_3x3', 8, 1, { groups: 4 }).shapes['op.6.weight']).toEqual([1, 1, 4, 8]);
    expect(() => build('dil_conv_3x3', 6, 1, { groups: 4 })).toThrow(/4 groups do not divide 6 → 6 channels/);
    const x = tf.ones([1, 3, 3, 6]) as tf.Tensor4D;
    const w = tf.ones([1, 1, 2, 6]) as tf.Tensor4D;
    expect(() => conv2d(x, w, { groups: 2 })).toThrow(/does not fit 6 input channels/);
    tf.dispose([x, w]);
  });
});
