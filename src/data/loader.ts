import { loopBoundary } from '../lifetime';
import { checkPositiveInt, invalid } from '../errors';
import { Random, sharedRandom, type RandomState } from '../random';
import { Dataset, permutationOf, type Batch, type Labels } from './dataset';
import { batchRandom, Transform } from './transforms/transform';

export interface DataLoaderOptions {
  /** Samples per batch; the last batch of an epoch may be smaller (see dropLast). */
  batchSize: number;
  /** Visit the samples in a new random order each epoch (default false: in order). */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0); the same seed gives the same sequence of epochs. */
  seed?: number;
  /** Skip the last batch of an epoch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /**
   * Applied to the images of each batch (after the data set's own transform, if any), e.g.
   * `data.transforms.compose([randomCrop(…), randomHorizontalFlip()])`. Its random draws
   * come from a generator per batch, seeded by (seed, epoch, batch) — from the shared
   * generator when no seed is given — so a batch is the same however it is prepared.
   */
  transform?: Transform;
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
  /** The seed of the per-batch generators of the data set's transforms. */
  #transformSeed: number;

  constructor(dataset: Dataset<Y>, options: DataLoaderOptions) {
    const op = 'DataLoader';
    if (!(dataset instanceof Dataset)) invalid(op, `'dataset' must be a Dataset`);
    const { batchSize, shuffle = false, seed, dropLast = false, transform } = options ?? {};
    checkPositiveInt(op, 'batchSize', batchSize);
    if (seed !== undefined && !Number.isSafeInteger(seed)) {
      invalid(op, `'seed' must be an integer, got ${seed}`);
    }
    if (transform !== undefined && !(transform instanceof Transform)) {
      invalid(op, `'transform' must be a transform (see data.transforms)`);
    }
    this.dataset = transform ? dataset.withTransform(transform) : dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.length = (dropLast ? Math.floor : Math.ceil)(dataset.length / batchSize);
    this.#random = new Random(seed ?? 0);
    // Drawn only for a transform, so that loaders without one leave the shared stream alone.
    const augmented = this.dataset.transform !== undefined;
    this.#transformSeed = seed ?? (augmented ? sharedRandom().nextUint32() : 0);
  }

  /** How many epochs have started (iterations begun). */
  get epochs(): number {
    return this.#epochs;
  }

  /** The epochs started and the shuffling generator's state, for a checkpoint. */
  stateDict(): { epochs: number; random: RandomState; transformSeed?: number } {
    return {
      epochs: this.#epochs,
      random: this.#random.snapshot(),
      transformSeed: this.#transformSeed,
    };
  }

  /** Continues from a stateDict(): the next epoch is the one that followed it. */
  loadStateDict(state: { epochs: number; random: RandomState; transformSeed?: number }): void {
    const { epochs, random, transformSeed = this.#transformSeed } = state ?? {};
    if (!Number.isSafeInteger(epochs) || epochs < 0) {
      invalid('DataLoader.loadStateDict', `'epochs' must be an integer ≥ 0, got ${epochs}`);
    }
    if (!Number.isSafeInteger(transformSeed)) {
      invalid(
        'DataLoader.loadStateDict',
        `'transformSeed' must be an integer, got ${transformSeed}`,
      );
    }
    this.#random.restore(random);
    this.#epochs = epochs;
    this.#transformSeed = transformSeed;
  }

  /** Starts the next epoch: draws its order now, then yields its batches. */
  [Symbol.iterator](): Iterator<Batch<Y>> {
    const order = permutationOf(this.dataset.length);
    if (this.shuffle) this.#random.shuffle(order);
    this.#epochs++;
    return this.#batches(order, this.#epochs);
  }

  *#batches(order: Int32Array, epoch: number): Generator<Batch<Y>> {
    const augmented = this.dataset.transform !== undefined;
    for (let b = 0; b < this.length; b++) {
      if (b > 0) loopBoundary(); // the previous batch's work is done
      const indices = order.subarray(b * this.batchSize, (b + 1) * this.batchSize);
      const random = augmented ? batchRandom(this.#transformSeed, epoch, b) : undefined;
      yield this.dataset.batch(indices, { random });
    }
  }
}
