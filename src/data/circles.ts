import { Random } from '../random';
import { Dataset } from './dataset';

export interface CirclesOptions {
  /** Number of points (half on each ring; the outer ring gets the odd one). */
  n: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  /** Radius of the inner ring relative to the outer one, in (0, 1) (default 0.8). */
  factor?: number;
  /** Seed of the library's generator (default 0). */
  seed?: number;
}

export interface LabelledPoints {
  /** Coordinates, row-major [n, 2]. */
  x: Float32Array;
  /** Labels: 0 for the outer ring, 1 for the inner ring. */
  y: Int32Array;
}

/**
 * Two concentric rings, like scikit-learn's make_circles(n, noise, factor), in shuffled
 * order: the classic data set that a linear classifier cannot separate.
 */
export function circles({ n, noise = 0, factor = 0.8, seed = 0 }: CirclesOptions): LabelledPoints {
  if (!Number.isInteger(n) || n < 2)
    throw new Error(`simdnet: circles: 'n' must be an integer ≥ 2, got ${n}`);
  if (!(noise >= 0)) throw new Error(`simdnet: circles: 'noise' must be ≥ 0, got ${noise}`);
  if (!(factor > 0 && factor < 1))
    throw new Error(`simdnet: circles: 'factor' must be in (0, 1), got ${factor}`);
  const rng = new Random(seed);
  const outer = Math.ceil(n / 2);
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  order.forEach((slot, i) => {
    const inner = i >= outer;
    const count = inner ? n - outer : outer;
    const angle = (2 * Math.PI * (inner ? i - outer : i)) / count;
    const radius = inner ? factor : 1;
    x[2 * slot] = radius * Math.cos(angle) + noise * rng.normal();
    x[2 * slot + 1] = radius * Math.sin(angle) + noise * rng.normal();
    y[slot] = inner ? 1 : 0;
  });
  return { x, y };
}

/**
 * The circles of circles(options) as a Dataset: samples of shape [2] (the coordinates),
 * Int32Array labels 0 (outer ring) and 1 (inner ring), in the same shuffled order, ready for
 * a DataLoader and train.fit:
 *
 *   const train = data.circlesDataset({ n: 800, noise: 0.1, factor: 0.5, seed: 0 });
 *   const loader = new data.DataLoader(train, { batchSize: 10, shuffle: true, seed: 1 });
 *
 * (examples/e2/ and `simdnet reproduce e2` train a 2-4-2 network on it.)
 */
export function circlesDataset(options: CirclesOptions): Dataset<Int32Array> {
  const { x, y } = circles(options);
  return new Dataset(x, y, [2]);
}
