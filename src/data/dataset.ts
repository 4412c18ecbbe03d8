import { checkInRange, checkNonNegativeInt, invalid } from '../errors';
import { Random, sharedRandom } from '../random';
import { shapeSize, Tensor, type TensorOptions } from '../tensor';
import { compose, Transform, type ImageShape } from './transforms/transform';

/** Labels: class indices (Int32Array) or float targets for regression (Float32Array). */
export type Labels = Int32Array | Float32Array;

/** A batch's labels: class indices stay an Int32Array, float targets become a Tensor. */
export type BatchLabels<Y extends Labels> = Y extends Int32Array ? Int32Array : Tensor;

/** Samples gathered into tensors: x is [B, ...sampleShape]. */
export interface Batch<Y extends Labels = Labels> {
  x: Tensor;
  y: BatchLabels<Y>;
}

/**
 * An in-memory labelled data set. Samples live in JS memory (not in the backend's), so
 * a data set of any size costs no WASM memory until a batch of it becomes a tensor.
 * Datasets are immutable in shape; `subset` shares the arrays, the others copy.
 */
export class Dataset<Y extends Labels = Labels> {
  /** The samples, row-major [length, ...sampleShape]. */
  readonly x: Float32Array;
  /** One class index per sample, or `targetShape` floats per sample. */
  readonly y: Y;
  /** The shape of one sample, e.g. [1, 28, 28]; sampleShape[0] is the channel axis. */
  readonly sampleShape: readonly number[];
  /** The shape of one float target ([] for class labels). */
  readonly targetShape: readonly number[];
  /** The number of samples. */
  readonly length: number;
  /** Applied to the samples of each batch (see withTransform); x itself stays as it is. */
  readonly transform?: Transform;
  readonly #sampleSize: number;
  readonly #targetSize: number;
  readonly #maxLabel: number;

  /**
   * Wraps `x` (row-major samples) and `y` (labels) without copying. Float labels are
   * regression targets: `targetShape` floats per sample, by default [y.length / length]
   * (so one target per sample batches as [B, 1], like a Linear(…, 1) output).
   */
  constructor(
    x: Float32Array,
    y: Y,
    sampleShape: readonly number[],
    targetShape?: readonly number[],
  ) {
    const op = 'Dataset';
    if (!(x instanceof Float32Array)) invalid(op, `'x' must be a Float32Array`);
    if (!(y instanceof Int32Array || y instanceof Float32Array)) {
      invalid(op, `'y' must be an Int32Array (classes) or a Float32Array (targets)`);
    }
    const sampleSize = shapeSize(sampleShape, `${op}: 'sampleShape'`);
    if (sampleShape.length === 0) invalid(op, `'sampleShape' must have at least one dimension`);
    if (x.length % sampleSize !== 0) {
      invalid(op, `'x' has ${x.length} values, not a multiple of [${sampleShape}] (${sampleSize})`);
    }
    const length = x.length / sampleSize;
    const classes = y instanceof Int32Array;
    if (classes && targetShape !== undefined && targetShape.length > 0) {
      invalid(op, `'targetShape' must be [] for class labels, got [${targetShape}]`);
    }
    targetShape ??= classes ? [] : [length > 0 ? y.length / length : 1];
    const targetSize = shapeSize(targetShape, `${op}: 'targetShape'`);
    if (y.length !== length * targetSize) {
      invalid(
        op,
        `'y' has ${y.length} values for ${length} samples` +
          (classes ? '' : ` of targets [${targetShape}]`),
      );
    }
    this.x = x;
    this.y = y;
    this.sampleShape = Object.freeze([...sampleShape]);
    this.targetShape = Object.freeze([...targetShape]);
    this.length = length;
    this.#sampleSize = sampleSize;
    this.#targetSize = targetSize;
    this.#maxLabel = classes ? largestLabel(op, y) : NaN;
  }

  /** The number of classes: the largest label + 1 (class labels only). */
  get numClasses(): number {
    if (Number.isNaN(this.#maxLabel)) {
      invalid('Dataset.numClasses', 'the labels are float regression targets, not classes');
    }
    return this.#maxLabel + 1;
  }

  /**
   * This data set with `transform` applied to the samples of every batch it makes (after
   * any transform it already has): images [C, H, W] are augmented as they are batched,
   * drawing from the generator batch() is given (a DataLoader gives one per batch) or the
   * shared one. The arrays are shared, not copied.
   */
  withTransform(transform: Transform): Dataset<Y> {
    const op = 'Dataset.withTransform';
    if (!(transform instanceof Transform)) {
      invalid(op, `'transform' must be a transform (see data.transforms)`);
    }
    if (this.sampleShape.length !== 3) {
      invalid(op, `transforms apply to images [C, H, W], the samples are [${this.sampleShape}]`);
    }
    return this.#with(
      this.x,
      this.y,
      this.transform ? compose([this.transform, transform]) : transform,
    );
  }

  /** Samples [start, end) as views of this data set's arrays (no copy). */
  subset(start: number, end: number = this.length): Dataset<Y> {
    const op = 'Dataset.subset';
    checkNonNegativeInt(op, 'start', start);
    checkNonNegativeInt(op, 'end', end);
    if (start > end || end > this.length) {
      invalid(op, `[${start}, ${end}) is not a range within the ${this.length} samples`);
    }
    const [s, t] = [this.#sampleSize, this.#targetSize];
    return this.#with(
      this.x.subarray(start * s, end * s),
      this.y.subarray(start * t, end * t) as Y,
    );
  }

  /** The samples at `indices`, in that order, copied into a new data set. */
  select(indices: ArrayLike<number>): Dataset<Y> {
    const { x, y } = this.#gather('Dataset.select', indices);
    return this.#with(x, y);
  }

  /**
   * Splits the samples at random into two data sets of round(fraction · length) and the
   * rest (copies, in shuffled order). The same seed gives the same split.
   */
  split(fraction: number, { seed = 0 }: { seed?: number } = {}): [Dataset<Y>, Dataset<Y>] {
    checkInRange('Dataset.split', 'fraction', fraction, 0, 1);
    const order = new Random(seed).shuffle(permutationOf(this.length));
    const cut = Math.round(fraction * this.length);
    return [this.select(order.subarray(0, cut)), this.select(order.subarray(cut))];
  }

  /**
   * A new data set with x ↦ (x − mean) / std; numbers apply to every value, arrays per
   * channel (sampleShape[0] entries). The labels are shared, not copied.
   */
  normalize(mean: number | number[], std: number | number[]): Dataset<Y> {
    const op = 'Dataset.normalize';
    const channels = this.sampleShape[0];
    const means = perChannel(op, 'mean', mean, channels);
    const stds = perChannel(op, 'std', std, channels);
    stds.forEach((s, c) => {
      if (!(s > 0)) invalid(op, `'std' must be > 0, got ${s} for channel ${c}`);
    });
    const x = new Float32Array(this.x.length);
    this.#forEachChannel((c, start, end) => {
      for (let i = start; i < end; i++) x[i] = (this.x[i] - means[c]) / stds[c];
    });
    return this.#with(x, this.y);
  }

  /**
   * The mean and the (population) standard deviation of each channel (sampleShape[0])
   * over all samples, accumulated in float64 in two passes: the numbers to pass to
   * `normalize`.
   */
  channelStats(): { mean: number[]; std: number[] } {
    if (this.length === 0) invalid('Dataset.channelStats', 'the data set has no samples');
    const channels = this.sampleShape[0];
    const count = (this.length * this.#sampleSize) / channels;
    const sums = new Float64Array(channels);
    this.#forEachChannel((c, start, end) => {
      for (let i = start; i < end; i++) sums[c] += this.x[i];
    });
    const mean = Array.from(sums, (s) => s / count);
    const squares = new Float64Array(channels);
    this.#forEachChannel((c, start, end) => {
      for (let i = start; i < end; i++) squares[c] += (this.x[i] - mean[c]) ** 2;
    });
    return { mean, std: Array.from(squares, (s) => Math.sqrt(s / count)) };
  }

  /**
   * The samples at `indices` gathered into a new tensor [B, ...sampleShape], and their
   * labels (an Int32Array of classes, or a tensor [B, ...targetShape] of float targets).
   * A data set with a transform applies it to the samples, drawing from `random` (default:
   * the shared generator). The caller owns the tensors.
   */
  batch(indices: ArrayLike<number>, options: TensorOptions & { random?: Random } = {}): Batch<Y> {
    const op = 'Dataset.batch';
    if (!(indices?.length > 0)) invalid(op, `'indices' must hold at least one index`);
    const { random, ...tensorOptions } = options;
    const gathered = this.#gather(op, indices);
    const n = indices.length;
    const { y } = gathered;
    let x = gathered.x;
    let shape = this.sampleShape;
    if (this.transform) {
      const out = this.transform.applyArray(x, n, shape as ImageShape, random ?? sharedRandom());
      [x, shape] = [out.data, out.shape];
    }
    const labels =
      y instanceof Int32Array ? y : Tensor.fromOwned(y, [n, ...this.targetShape], tensorOptions);
    return {
      x: Tensor.fromOwned(x, [n, ...shape], tensorOptions),
      y: labels as BatchLabels<Y>,
    };
  }

  /** All of x as one new tensor [length, ...sampleShape]; the caller owns it. */
  tensor(options: TensorOptions = {}): Tensor {
    if (this.length === 0) invalid('Dataset.tensor', 'the data set has no samples');
    return Tensor.from(this.x, [this.length, ...this.sampleShape], options);
  }

  #with(x: Float32Array, y: Y, transform = this.transform): Dataset<Y> {
    const set = new Dataset(x, y, this.sampleShape, this.targetShape);
    if (transform) (set as { transform?: Transform }).transform = transform;
    return set;
  }

  /** Copies the samples and labels at `indices`, checking each index. */
  #gather(op: string, indices: ArrayLike<number>): { x: Float32Array; y: Y } {
    const n = indices.length;
    const [s, t] = [this.#sampleSize, this.#targetSize];
    const x = new Float32Array(n * s);
    const y = (this.y instanceof Int32Array ? new Int32Array(n * t) : new Float32Array(n * t)) as Y;
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= this.length) {
        invalid(op, `'indices[${k}]' is ${i}, not a sample index in [0, ${this.length})`);
      }
      x.set(this.x.subarray(i * s, (i + 1) * s), k * s);
      y.set(this.y.subarray(i * t, (i + 1) * t), k * t);
    }
    return { x, y };
  }

  /** Calls visit(channel, start, end) for each channel's run of values in each sample. */
  #forEachChannel(visit: (channel: number, start: number, end: number) => void): void {
    const channels = this.sampleShape[0];
    const run = this.#sampleSize / channels;
    for (let start = 0; start < this.x.length; start += run) {
      visit((start / run) % channels, start, start + run);
    }
  }
}

/** 0, 1, …, n − 1. */
export function permutationOf(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function largestLabel(op: string, y: Int32Array): number {
  let max = -1;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0) invalid(op, `'y[${i}]' is ${y[i]}; class labels must be ≥ 0`);
    if (y[i] > max) max = y[i];
  }
  return max;
}

function perChannel(op: string, name: string, v: number | number[], channels: number): number[] {
  const values = typeof v === 'number' ? Array<number>(channels).fill(v) : v;
  if (!Array.isArray(values) || values.length !== channels) {
    invalid(op, `'${name}' must be a number or ${channels} numbers (one per channel)`);
  }
  values.forEach((value, c) => {
    if (!Number.isFinite(value)) invalid(op, `'${name}[${c}]' must be finite, got ${value}`);
  });
  return values;
}
