import { checkPositiveInt, invalid } from '../ops/checks';
import { Random } from '../random';
import { Dataset } from './dataset';

/**
 * The intervals of [−1, 1] that regression1d draws training inputs from; the gaps between
 * them, (−0.6, −0.4) around the trough of sin(πx) and (0.2, 0.4), hold only test inputs.
 */
export const REGRESSION1D_TRAIN_INTERVALS: readonly (readonly [number, number])[] = [
  [-1, -0.6],
  [-0.4, 0.2],
  [0.4, 1],
];

export interface Regression1dOptions {
  /** Training samples (default 100). */
  n?: number;
  /** Test samples (default 100). */
  nTest?: number;
  /** Standard deviation of the Gaussian noise on every target, train and test (default 0.3). */
  noise?: number;
  /** Seed of the library's generator (default 0). */
  seed?: number;
}

/** The noiseless target of regression1d: sin(πx), one period of amplitude 1 on [−1, 1]. */
export function regression1dTarget(x: number): number {
  return Math.sin(Math.PI * x);
}

/**
 * A 1-D regression set whose training inputs leave gaps that the test inputs cover (E7):
 * y = sin(πx) + noise·ε, ε standard normal. Training x are uniform over
 * REGRESSION1D_TRAIN_INTERVALS ([−1, −0.6] ∪ [−0.4, 0.2] ∪ [0.4, 1]); test x are uniform
 * over all of [−1, 1), so about a fifth of them fall in the gaps. Samples are [1], targets
 * [1] (Float32Array labels); the same seed gives the same sets. The inputs are centred
 * on 0, which a sigmoid net trained by plain SGD needs to leave its first plateau.
 *
 * With the default noise 0.3, a model that fits sin(πx) exactly, gaps included, has a
 * test MSE of 0.3² = 0.09 on average; E7's 1 → 100 (sigmoid) → 1 net reported 0.097, the
 * rest being its fit error (mostly in the gaps).
 */
export function regression1d({
  n = 100,
  nTest = 100,
  noise = 0.3,
  seed = 0,
}: Regression1dOptions = {}): { train: Dataset<Float32Array>; test: Dataset<Float32Array> } {
  const op = 'data.regression1d';
  checkPositiveInt(op, 'n', n);
  checkPositiveInt(op, 'nTest', nTest);
  if (!(noise >= 0 && Number.isFinite(noise))) {
    invalid(op, `'noise' must be a finite number ≥ 0, got ${noise}`);
  }
  if (!Number.isSafeInteger(seed)) invalid(op, `'seed' must be an integer, got ${seed}`);
  const random = new Random(seed);
  const covered = REGRESSION1D_TRAIN_INTERVALS.reduce((sum, [a, b]) => sum + (b - a), 0);
  const trainX = () => {
    let u = random.uniform() * covered;
    for (const [a, b] of REGRESSION1D_TRAIN_INTERVALS) {
      if (u < b - a) return a + u;
      u -= b - a;
    }
    return REGRESSION1D_TRAIN_INTERVALS.at(-1)![1];
  };
  const sample = (count: number, drawX: () => number) => {
    const x = new Float32Array(count);
    const y = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      x[i] = drawX();
      y[i] = regression1dTarget(x[i]) + noise * random.normal();
    }
    return new Dataset(x, y, [1]);
  };
  const train = sample(n, trainX);
  const test = sample(nTest, () => 2 * random.uniform() - 1);
  return { train, test };
}
