import { checkInRange, checkNonNegativeInt, invalid } from '../errors';
import { Random } from '../random';
import { Dataset, permutationOf, type Labels } from './dataset';

/** One fold of a k-fold split: the sample indices to train on and to validate on. */
export interface Fold {
  /** Indices outside this fold's validation part, ascending. */
  train: Int32Array;
  /** This fold's indices, ascending. */
  validation: Int32Array;
}

/**
 * K-fold cross-validation over indices 0 … n − 1, as scikit-learn's KFold: the indices
 * (shuffled by a Random(seed) first when a seed is given, in order otherwise) are cut into
 * k contiguous folds, the first n % k of them one index larger; fold i validates on its
 * part and trains on the rest. Every index is in exactly one validation part.
 */
export function kfold(n: number, k: number, seed?: number): Fold[] {
  const op = 'data.kfold';
  checkNonNegativeInt(op, 'n', n);
  if (!Number.isInteger(k) || k < 2) invalid(op, `'k' must be an integer ≥ 2, got ${k}`);
  if (k > n) invalid(op, `'k' (${k}) must be at most 'n', the number of samples (${n})`);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    invalid(op, `'seed' must be an integer or undefined, got ${seed}`);
  }
  const order = permutationOf(n);
  if (seed !== undefined) new Random(seed).shuffle(order);
  const folds: Fold[] = [];
  const inFold = new Uint8Array(n);
  for (let i = 0, start = 0; i < k; i++) {
    const end = start + Math.floor(n / k) + (i < n % k ? 1 : 0);
    inFold.fill(0);
    for (let j = start; j < end; j++) inFold[order[j]] = 1;
    const validation = new Int32Array(end - start);
    const train = new Int32Array(n - validation.length);
    for (let index = 0, v = 0, t = 0; index < n; index++) {
      if (inFold[index]) validation[v++] = index;
      else train[t++] = index;
    }
    folds.push({ train, validation });
    start = end;
  }
  return folds;
}

/** kfold over a data set's samples: each fold's parts as data sets (copies, see select). */
export function kfoldDatasets<Y extends Labels>(
  dataset: Dataset<Y>,
  k: number,
  seed?: number,
): { train: Dataset<Y>; validation: Dataset<Y> }[] {
  if (!(dataset instanceof Dataset)) invalid('data.kfoldDatasets', `'dataset' must be a Dataset`);
  return kfold(dataset.length, k, seed).map(({ train, validation }) => ({
    train: dataset.select(train),
    validation: dataset.select(validation),
  }));
}

export interface SplitOptions {
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Keep each class's share of the samples in both parts (class labels only; see split). */
  stratify?: boolean;
}

/**
 * Splits `dataset` at random into round(fraction · length) samples and the rest (copies,
 * in shuffled order). Without `stratify` it is dataset.split(fraction, { seed }). With it,
 * each class c of n_c samples puts about fraction · n_c of them in the first part: the
 * floors, plus one more for the classes with the largest remainders (ties: lower class)
 * until the first part has round(fraction · length) samples.
 */
export function split<Y extends Labels>(
  dataset: Dataset<Y>,
  fraction: number,
  { seed = 0, stratify = false }: SplitOptions = {},
): [Dataset<Y>, Dataset<Y>] {
  const op = 'data.split';
  if (!(dataset instanceof Dataset)) invalid(op, `'dataset' must be a Dataset`);
  if (!stratify) return dataset.split(fraction, { seed });
  checkInRange(op, 'fraction', fraction, 0, 1);
  const labels = dataset.y;
  if (!(labels instanceof Int32Array)) {
    invalid(op, `'stratify' needs class labels; this data set has float regression targets`);
  }
  const random = new Random(seed);
  const byClass: number[][] = Array.from({ length: dataset.numClasses }, () => []);
  labels.forEach((c, i) => byClass[c].push(i));
  byClass.forEach((members) => random.shuffle(members));
  const exact = byClass.map((members) => fraction * members.length);
  const takes = exact.map(Math.floor);
  let missing = Math.round(fraction * dataset.length) - takes.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, c) => ({ c, remainder: e - takes[c] }))
    .sort((a, b) => b.remainder - a.remainder || a.c - b.c);
  for (const { c } of byRemainder) {
    if (missing <= 0) break;
    if (takes[c] < byClass[c].length) {
      takes[c]++;
      missing--;
    }
  }
  const first = byClass.flatMap((members, c) => members.slice(0, takes[c]));
  const second = byClass.flatMap((members, c) => members.slice(takes[c]));
  return [dataset.select(random.shuffle(first)), dataset.select(random.shuffle(second))];
}
