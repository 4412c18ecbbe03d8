// E2's shared setup: the circles, the initial weights and the training recipe, the same for
// the four versions of the 2-4-2 network (tanh hidden layer, softmax output), so that they
// start from the same point, see the same batches and can be compared weight for weight.
import { data, init, ops, Random, Tensor } from '../../src';

/** The network's weights in PyTorch's layout (nn.Linear's): w [out, in], b [out]. */
export interface Weights {
  /** [4, 2] */
  w1: Float32Array;
  /** [4] */
  b1: Float32Array;
  /** [2, 4] */
  w2: Float32Array;
  /** [2] */
  b2: Float32Array;
}

export const HIDDEN = 4;
export const SHAPES = { w1: [HIDDEN, 2], b1: [HIDDEN], w2: [2, HIDDEN], b2: [2] } as const;

/** How to train: mini-batch SGD, batches drawn by a DataLoader shuffled with `seed`. */
export interface Recipe {
  lr: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

/** The experiment's recipe: lr 0.07, batch 10, 150 epochs. */
export const RECIPE: Recipe = { lr: 0.07, batchSize: 10, epochs: 150, seed: 1 };

/** What each version returns: the final weights and the mean training loss of each epoch. */
export interface Trained {
  weights: Weights;
  losses: number[];
}

/** A version of the network: trains from `init` on `train` with `recipe`. */
export type Version = (init: Weights, train: data.Dataset<Int32Array>, recipe: Recipe) => Trained;

/** The circles, as scikit-learn's make_circles(n, noise 0.1, factor 0.5): 800 train, 400 test. */
export function circlesData(seed = 0): {
  train: data.Dataset<Int32Array>;
  test: data.Dataset<Int32Array>;
} {
  const options = { noise: 0.1, factor: 0.5 };
  return {
    train: data.circlesDataset({ n: 800, seed, ...options }),
    test: data.circlesDataset({ n: 400, seed: seed + 1, ...options }),
  };
}

/** PyTorch's default initialisation of nn.Linear, U(−1/√fanIn, 1/√fanIn), from a seed. */
export function initialWeights(seed = 0): Weights {
  const rng = new Random(seed);
  const uniform = (size: number, fanIn: number) =>
    Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) / Math.sqrt(fanIn));
  return {
    w1: uniform(HIDDEN * 2, 2),
    b1: uniform(HIDDEN, 2),
    w2: uniform(2 * HIDDEN, HIDDEN),
    b2: uniform(2, HIDDEN),
  };
}

/** The batches of the recipe: every version iterates the same loader, epoch after epoch. */
export const batches = (train: data.Dataset<Int32Array>, { batchSize, seed }: Recipe) =>
  new data.DataLoader(train, { batchSize, shuffle: true, seed });

/** The fraction of a data set that the weights classify right (a forward pass with ops). */
export function accuracy(weights: Weights, set: data.Dataset<Int32Array>): number {
  const t = (name: keyof Weights) => Tensor.from(weights[name], SHAPES[name]);
  const x = set.tensor();
  const h = ops.tanh(ops.addRowVector(ops.gemm(x, t('w1'), { transB: true }), t('b1')));
  const logits = ops.addRowVector(ops.gemm(h, t('w2'), { transB: true }), t('b2'));
  const predicted = ops.argmaxRows(logits);
  return predicted.filter((p, i) => p === set.y[i]).length / set.length;
}

/** The largest |a − b| / max(|a|, |b|, 1e-3) over every weight: how far two versions ended. */
export function maxRelativeDifference(a: Weights, b: Weights): number {
  let worst = 0;
  for (const name of Object.keys(SHAPES) as (keyof Weights)[]) {
    a[name].forEach((v, i) => {
      const w = b[name][i];
      worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w), 1e-3));
    });
  }
  return worst;
}

/** Runs one version with the recipe and prints its loss curve and test accuracy. */
export async function runAsMain(name: string, train: Version): Promise<void> {
  await init();
  const { train: trainSet, test } = circlesData();
  const started = performance.now();
  const { weights, losses } = train(initialWeights(), trainSet, RECIPE);
  const ms = performance.now() - started;
  const every = losses.filter((_, i) => i % 10 === 0 || i === losses.length - 1);
  console.log(
    `E2 (${name}): 2-4-2 tanh/softmax, lr ${RECIPE.lr}, batch ${RECIPE.batchSize}, ${RECIPE.epochs} epochs`,
  );
  console.log(`loss every 10 epochs: ${every.map((l) => l.toFixed(4)).join(' → ')}`);
  console.log(
    `test accuracy: ${(100 * accuracy(weights, test)).toFixed(1)} % (${ms.toFixed(0)} ms)`,
  );
}
