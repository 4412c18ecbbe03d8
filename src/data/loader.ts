import { loopBoundary } from '../lifetime';
import { checkPositiveInt, invalid } from '../ops/checks';
import { Random } from '../random';
import { Dataset, permutationOf, type Batch, type Labels } from './dataset';

export interface DataLoaderOptions {
  /** Samples per batch; the last batch of an epoch may be smaller (see dropLast). */
  batchSize: number;
  /** Visit the samples in a new random order each epoch (default false: in order). */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0); the same seed gives the same sequence of epochs. */
  seed?: number;
  /** Skip the last batch of an epoch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
}

/**
 * Batches of a data set, one epoch per iteration:
 * `for (const { x, y } of loader) { … }`. Each batch's x (and float y) is a new tensor;
 * each new batch is a loop boundary for the memory rules (see src/lifetime/). With
 * `shuffle`, every iteration starts a new epoch with a fresh permutation drawn from one
 * seeded generator, so epoch k's order depends only on the seed and k.
 */
export class DataLoader<Y extends Labels = Labels> implements Iterable<Batch<Y>> {
  readonly dataset: Dataset<Y>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** Batches per epoch. */
  readonly length: number;
  readonly #random: Random;
  #epochs = 0;

  constructor(dataset: Dataset<Y>, options: DataLoaderOptions) {
    const op = 'DataLoader';
    if (!(dataset instanceof Dataset)) invalid(op, `'dataset' must be a Dataset`);
    const { batchSize, shuffle = false, seed = 0, dropLast = false } = options ?? {};
    checkPositiveInt(op, 'batchSize', batchSize);
    if (!Number.isSafeInteger(seed)) invalid(op, `'seed' must be an integer, got ${seed}`);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.length = (dropLast ? Math.floor : Math.ceil)(dataset.length / batchSize);
    this.#random = new Random(seed);
  }

  /** How many epochs have started (iterations begun). */
  get epochs(): number {
    return this.#epochs;
  }

  /** Starts the next epoch: draws its order now, then yields its batches. */
  [Symbol.iterator](): Iterator<Batch<Y>> {
    const order = permutationOf(this.dataset.length);
    if (this.shuffle) this.#random.shuffle(order);
    this.#epochs++;
    return this.#batches(order);
  }

  *#batches(order: Int32Array): Generator<Batch<Y>> {
    for (let b = 0; b < this.length; b++) {
      if (b > 0) loopBoundary(); // the previous batch's work is done
      yield this.dataset.batch(order.subarray(b * this.batchSize, (b + 1) * this.batchSize));
    }
  }
}
