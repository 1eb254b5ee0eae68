import * as tf from '@tensorflow/tfjs';
import { Rng, type RngState } from '../util/rng';
import { augmentOptionsSchema, writeSample, type Augment, type AugmentOptions } from './augment';
import type { ImageSet } from './types';

export interface LoaderOptions {
  batchSize: number;
  /** Drives shuffling and augmentation. The loader owns it from here on: pass a fork. */
  rng: Rng;
  /** Per-channel normalization on the [0, 1] scale, as a LoadedDataset reports it. */
  mean: number[];
  std: number[];
  /** The examples to draw from (e.g. one half of splitTrainVal); all of the set by default. */
  indices?: Int32Array;
  /** Reshuffle at every epoch (default true). */
  shuffle?: boolean;
  /** Drop a last partial batch (default false: keep it, like PyTorch's DataLoader). */
  dropLast?: boolean;
  augment?: AugmentOptions;
}

/** Float32 NHWC normalized images and int32 labels; the caller disposes them. */
export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

/**
 * JSON-safe position of a loader. The epoch's order is not stored: it is redrawn from the
 * Rng state that drew it, which keeps checkpoints small.
 */
export interface LoaderState {
  size: number;
  epoch: number;
  position: number;
  orderRng: RngState;
  rng: RngState;
}

/** Yields batches in a seeded order, epoch after epoch; resumable exactly through getState/setState. */
export class BatchLoader {
  readonly batchesPerEpoch: number;
  private readonly indices: Int32Array;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly aug: Augment;
  private readonly lut: Float32Array;
  private readonly sampleSize: number;
  private rng: Rng;
  private order!: Int32Array;
  private orderRng!: RngState;
  private currentEpoch = 0;
  private currentPosition = 0;

  constructor(
    private readonly set: ImageSet,
    options: LoaderOptions,
  ) {
    const { batchSize, mean, std } = options;
    this.indices = options.indices ?? Int32Array.from({ length: set.count }, (_, i) => i);
    const n = this.indices.length;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize} is not a positive integer`);
    this.batchesPerEpoch = options.dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    if (this.batchesPerEpoch === 0) throw new RangeError(`${n} examples make no batch of ${batchSize}`);
    if (mean.length !== set.channels || std.length !== set.channels) {
      throw new RangeError(`mean/std have ${mean.length}/${std.length} values for ${set.channels} channels`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? true;
    this.aug = augmentOptionsSchema.parse(options.augment ?? {});
    this.sampleSize = set.height * set.width * set.channels;
    this.lut = new Float32Array(set.channels * 256);
    for (let c = 0; c < set.channels; c++) {
      for (let v = 0; v < 256; v++) this.lut[c * 256 + v] = (v / 255 - mean[c]) / std[c];
    }
    this.rng = options.rng;
    this.drawOrder();
  }

  /** Index of the current epoch, from 0. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Batches already taken from the current epoch. */
  get position(): number {
    return this.currentPosition;
  }

  /** The next batch, starting a new epoch when the current one is used up. */
  next(): Batch {
    if (this.currentPosition === this.batchesPerEpoch) {
      this.currentEpoch++;
      this.currentPosition = 0;
      this.drawOrder();
    }
    return this.makeBatch(this.currentPosition++);
  }

  /** The batches left in the current epoch, or a whole new epoch when it is used up. */
  *epochBatches(): Generator<Batch> {
    do {
      yield this.next();
    } while (this.currentPosition < this.batchesPerEpoch);
  }

  getState(): LoaderState {
    return {
      size: this.indices.length,
      epoch: this.currentEpoch,
      position: this.currentPosition,
      orderRng: this.orderRng,
      rng: this.rng.getState(),
    };
  }

  setState(state: LoaderState): void {
    if (state.size !== this.indices.length) {
      throw new RangeError(`loader state is for ${state.size} examples, this loader has ${this.indices.length}`);
    }
    if (!(state.position >= 0 && state.position <= this.batchesPerEpoch)) {
      throw new RangeError(`loader state position ${state.position} is outside 0..${this.batchesPerEpoch}`);
    }
    this.rng = new Rng(state.orderRng);
    this.drawOrder();
    this.rng = new Rng(state.rng);
    this.currentEpoch = state.epoch;
    this.currentPosition = state.position;
  }

  private drawOrder(): void {
    this.orderRng = this.rng.getState();
    this.order = this.indices.slice();
    if (this.shuffle) this.rng.shuffle(this.order);
  }

  private makeBatch(position: number): Batch {
    const { set, sampleSize } = this;
    const start = position * this.batchSize;
    const size = Math.min(this.batchSize, this.order.length - start);
    const x = new Float32Array(size * sampleSize);
    const y = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const idx = this.order[start + i];
      y[i] = set.labels[idx];
      writeSample(x, i * sampleSize, set.images, idx * sampleSize, set, this.lut, this.aug, this.rng);
    }
    return {
      x: tf.tensor4d(x, [size, set.height, set.width, set.channels], 'float32'),
      y: tf.tensor1d(y, 'int32'),
    };
  }
}
