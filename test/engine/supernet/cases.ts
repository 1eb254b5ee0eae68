import { getSearchSpace } from '../../../src/engine/spaces';
import type { Supernet, SupernetOptions } from '../../../src/engine/supernet';

/**
 * Small supernets covering every space and what changes a cell's computation: group convolution,
 * attention, α per cell, the sigmoid relaxation, P-DARTS's pruned ops with skip dropout, drop
 * path, stride 2 and dilation 2 (in every DARTS cell), both BN modes (the stem is affine).
 */
export interface SupernetCase {
  name: string;
  options: Omit<SupernetOptions, 'relaxation' | 'alphaInitStd' | 'seed' | 'classes'> & { relaxation?: string };
  setup?: (net: Supernet) => void;
  dropPath?: number;
}

export const CASE_SHAPE = { channels: 4, layers: 3, inputChannels: 2, inputSize: { height: 8, width: 8 } };
/** P-DARTS's second stage: each edge keeps 3 of the 8 ops (none pruned on some, skip kept on others). */
const pruned = Array.from({ length: 14 }, (_, e) => (e % 2 === 0 ? [0, 3, 4 + (e % 4)] : [1, 2, 3 + (e % 5)]));

export const SUPERNET_CASES: SupernetCase[] = [
  { name: 'darts (stride 2, dilation 2, non-affine and affine BN)', options: { ...CASE_SHAPE, space: getSearchSpace('darts') } },
  { name: 'darts with drop path', options: { ...CASE_SHAPE, space: getSearchSpace('darts') }, dropPath: 0.3 },
  { name: 'allegro with group convolution', options: { ...CASE_SHAPE, channels: 4, space: getSearchSpace('allegro'), groups: 2 } },
  { name: 'att-darts', options: { ...CASE_SHAPE, space: getSearchSpace('att-darts') } },
  { name: 'amended-s1', options: { ...CASE_SHAPE, space: getSearchSpace('amended-s1') } },
  { name: 'amended-s2 (α per cell)', options: { ...CASE_SHAPE, space: getSearchSpace('amended-s2') } },
  { name: 'fair darts (sigmoid)', options: { ...CASE_SHAPE, space: getSearchSpace('darts'), relaxation: 'sigmoid' } },
  {
    name: 'P-DARTS pruned stage with skip dropout',
    options: { ...CASE_SHAPE, space: getSearchSpace('darts'), candidates: { normal: pruned, reduce: pruned } },
    setup: (net) => (net.skipDropout.rate = 0.4),
  },
];


export const l2 = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
export const sub = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - b[i]);

/** ‖a − b‖ / ‖b‖. */
export function relError(a: Float32Array, b: Float32Array): number {
  return l2(sub(a, b)) / Math.max(l2(b), 1e-12);
}
