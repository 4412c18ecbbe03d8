import type { Backend } from '../../backend/backend';
import { currentBackend } from '../../backend/current';
import type { FloatArray } from '../../backend/memory';
import { invalid } from '../../errors';
import { checkTensor } from '../../ops/checks';
import { gemm } from '../../ops/gemm';
import type { Random } from '../../random';
import { shapeSize, Tensor } from '../../tensor';
import { Dataset } from '../dataset';
import { symmetricEigen } from './symmetric-eigen';
import { Transform, type ImageShape } from './transform';

// ZCA whitening (Bell & Sejnowski 1997; Krizhevsky 2009, "Learning Multiple Layers of
// Features from Tiny Images", app. A): x ↦ (x − μ) W with W = U diag(1/√(λ + eps)) Uᵀ,
// where C = U diag(λ) Uᵀ is the covariance of the training samples. Of all the matrices
// that whiten, ZCA's is the symmetric one: it changes the images least (whitened CIFAR
// images still look like edge maps of the originals). eps damps the directions of small
// variance (noise) instead of blowing them up to unit variance.
//
// fit runs three steps, each in the precision that its result needs:
//   1. covariance: μ in float64; C = (X − μ)ᵀ(X − μ)/N by the library's GEMM on blocks of
//      CHUNK centred rows in float32, each block's product summed into float64 (so the
//      float32 sums run over CHUNK rows, not over all N).
//   2. basis: C = U diag(λ) Uᵀ in float64 (symmetric-eigen.ts): O(D³), the costly step.
//   3. fit: W = Yᵀ Y with Y = diag((λ + eps)^(−1/4)) Uᵀ, by the GEMM in float32 (W is
//      stored in float32 anyway), then made exactly symmetric.
// Step 3 is cheap, so basis(x) once and fit(basis, { eps }) for several eps costs one
// decomposition. apply / applyArray run the GEMM on CHUNK rows at a time, so whitening a
// whole data set needs only a block of WASM memory.

/** Rows per GEMM: bounds the WASM memory a block takes and the length of float32 sums. */
const CHUNK = 1024;

/** The default eps, in the data's squared units (pixels in [0, 1]: a variance). */
const DEFAULT_EPS = 1e-2;

/** The model-metadata key under which a Zca stores itself (see Zca.metadata). */
export const ZCA_KEY = 'simdnet.zca';

/** The tag of the JSON form (ZcaJson.format). */
const FORMAT = 'simdnet.zca/1';

/** N samples: a tensor [N, ...sample] or a data set (its x; the labels are not used). */
export type Samples = Tensor | Dataset;

/** The mean and covariance of N samples of D values. */
export interface Covariance {
  /** The shape of one sample; D is its product. */
  sampleShape: readonly number[];
  /** N, the number of samples. */
  count: number;
  /** μ, D values. */
  mean: Float64Array;
  /** C = (X − μ)ᵀ(X − μ)/N: D × D, row-major, symmetric. */
  matrix: Float64Array;
}

/** The eigen-decomposition of samples' covariance: all that fit needs besides eps. */
export interface ZcaBasis {
  /** The shape of one sample; D is its product. */
  sampleShape: readonly number[];
  /** N, the number of samples. */
  count: number;
  /** μ, D values. */
  mean: Float64Array;
  /** The covariance's eigenvalues λ, descending. */
  eigenvalues: Float64Array;
  /** The orthonormal eigenvectors as rows (D × D): row k belongs to eigenvalues[k]. */
  eigenvectors: Float64Array;
}

/** Options of fit. */
export interface ZcaOptions {
  /**
   * Added to every eigenvalue before the inverse square root; > 0, in the data's squared
   * units (default 1e-2). Directions of variance much below eps are damped rather than
   * amplified: the whitened covariance is U diag(λ/(λ + eps)) Uᵀ.
   */
  eps?: number;
}

/** A Zca in JSON-safe form (JSON.stringify(zca) writes it): arrays as base64 of their bytes. */
export interface ZcaJson {
  format: typeof FORMAT;
  sampleShape: number[];
  eps: number;
  /** μ: D float32 values, little-endian, base64. */
  mean: string;
  /** W: D × D float32 values, little-endian, base64. */
  matrix: string;
  /** λ: D float64 values, little-endian, base64. */
  eigenvalues: string;
}

/** What a Zca is made of: the fitted statistics and whitening matrix. */
export interface ZcaState {
  /** The shape of one sample; D is its product. */
  sampleShape: readonly number[];
  /** The eps W was made with. */
  eps: number;
  /** μ, D values. */
  mean: Float32Array;
  /** W = U diag(1/√(λ + eps)) Uᵀ: D × D, row-major, symmetric. */
  matrix: Float32Array;
  /** λ, D values, descending. */
  eigenvalues: Float64Array;
}

/**
 * Fits ZCA whitening to N samples (a tensor [N, ...] or a data set; at least 2 samples):
 * the mean μ, the covariance's eigen-decomposition C = U diag(λ) Uᵀ, and
 * W = U diag(1/√(λ + eps)) Uᵀ. Pass a `basis(x)` instead of samples to reuse one
 * decomposition for several eps. Fit on the training set; apply to training and test data.
 */
export function fit(x: Samples | ZcaBasis, options: ZcaOptions = {}): Zca {
  const op = 'zca.fit';
  const { eps = DEFAULT_EPS } = options ?? {};
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps <= 0) {
    invalid(op, `'eps' must be a finite number > 0, got ${String(eps)}`);
  }
  const b = isSamples(x) ? basis(x) : checkBasis(op, x);
  const backend = x instanceof Tensor ? x.backend : currentBackend();
  return new Zca({
    sampleShape: b.sampleShape,
    eps,
    mean: Float32Array.from(b.mean),
    matrix: whiteningMatrix(b, eps, backend),
    eigenvalues: Float64Array.from(b.eigenvalues),
  });
}

/**
 * The eigen-decomposition of the samples' covariance (float64), with their mean: the
 * costly part of fit (O(D³) in plain TypeScript, most of fit's time for CIFAR's D = 3072),
 * to pass to fit with several eps.
 */
export function basis(x: Samples | Covariance): ZcaBasis {
  const c = isSamples(x) ? covariance(x) : checkCovariance('zca.basis', x);
  const { values, vectors } = symmetricEigen(c.matrix, c.mean.length);
  return {
    sampleShape: c.sampleShape,
    count: c.count,
    mean: c.mean,
    eigenvalues: values,
    eigenvectors: vectors,
  };
}

/**
 * The mean μ and covariance C = (X − μ)ᵀ(X − μ)/N of N ≥ 2 samples (a tensor [N, ...] or
 * a data set), in float64: the mean summed in float64, the products by the library's
 * float32 GEMM on blocks of rows, summed across blocks in float64.
 */
export function covariance(x: Samples): Covariance {
  const op = 'zca.covariance';
  const source = rowsOf(op, x);
  const { count, size: d } = source;
  if (count < 2) invalid(op, `'x' must hold at least 2 samples, got ${count}`);
  const mean = columnMeans(op, source);
  const sums = new Float64Array(d * d);
  const rows = Math.min(CHUNK, count);
  const block = Tensor.zeros([rows, d], { backend: source.backend });
  const product = Tensor.zeros([d, d], { backend: source.backend });
  try {
    for (let start = 0; start < count; start += rows) {
      const end = Math.min(start + rows, count);
      centre(source.read(start, end), mean, block.floats());
      gemm(block, block, { transA: true, out: product });
      const p = product.floats();
      for (let i = 0; i < d; i++) {
        for (let j = i * d, last = j + i; j <= last; j++) sums[j] += p[j];
      }
    }
  } finally {
    block.release();
    product.release();
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      sums[i * d + j] /= count;
      sums[j * d + i] = sums[i * d + j];
    }
  }
  return { sampleShape: source.sampleShape, count, mean, matrix: sums };
}

/**
 * Fitted ZCA whitening: x ↦ (x − mean) · matrix for samples of `sampleShape`. Make one with
 * fit(); save it with a model through metadata() (or JSON.stringify), load it with
 * fromMetadata() (or fromJSON). It is a Transform (deterministic), so it composes with the
 * others; but whitening costs 2D² flops per sample (CIFAR: 19 MFLOP), so rather whiten a
 * data set once: `new Dataset(zca.applyArray(ds.x, ds.length), ds.y, ds.sampleShape)`.
 */
export class Zca extends Transform {
  /** The shape of one sample; D = size is its product. */
  readonly sampleShape: readonly number[];
  /** The eps the matrix was made with. */
  readonly eps: number;
  /** μ, D values. */
  readonly mean: Float32Array;
  /** W = U diag(1/√(λ + eps)) Uᵀ: D × D, row-major, symmetric. */
  readonly matrix: Float32Array;
  /** The training covariance's eigenvalues λ, descending. */
  readonly eigenvalues: Float64Array;
  /** D, the number of values per sample. */
  readonly size: number;
  /** The matrix in a backend's memory, made on first use. */
  #weights: Tensor | undefined;

  /** Wraps fitted state (the arrays are not copied); fit() and fromJSON() call it. */
  constructor(state: ZcaState) {
    super();
    const op = 'Zca';
    const { sampleShape, eps, mean, matrix, eigenvalues } = state ?? ({} as ZcaState);
    const d = shapeSize(sampleShape, `${op}: 'sampleShape'`);
    if (!(typeof eps === 'number' && Number.isFinite(eps) && eps > 0)) {
      invalid(op, `'eps' must be a finite number > 0, got ${String(eps)}`);
    }
    const check = (
      name: string,
      a: unknown,
      type: typeof Float32Array | typeof Float64Array,
      n: number,
    ) => {
      if (!(a instanceof type) || a.length !== n) {
        invalid(op, `'${name}' must be a ${type.name} of ${n} values for samples [${sampleShape}]`);
      }
    };
    check('mean', mean, Float32Array, d);
    check('matrix', matrix, Float32Array, d * d);
    check('eigenvalues', eigenvalues, Float64Array, d);
    this.sampleShape = Object.freeze([...sampleShape]);
    this.eps = eps;
    this.mean = mean;
    this.matrix = matrix;
    this.eigenvalues = eigenvalues;
    this.size = d;
  }

  /**
   * Whitens a batch x [B, ...] whose samples hold D values (sampleShape, or flattened),
   * or one sample x [...sampleShape]: a new tensor of x's shape, on x's backend. Not
   * recorded for backward().
   */
  override apply(x: Tensor, _random?: Random): Tensor {
    const op = 'Zca.apply';
    const source = rowsOf(op, x, this.sampleShape);
    if (source.size !== this.size) {
      invalid(
        op,
        `'x' [${x.shape}] has ${source.size} values per sample; the whitening is for ` +
          `samples [${this.sampleShape}] (${this.size} values)`,
      );
    }
    return Tensor.fromOwned(this.#whiten(source), x.shape, { backend: x.backend });
  }

  /**
   * Whitens `count` samples stored one after another in `data` (count · D floats) into a
   * new array, by the GEMM on the current backend: the same numbers as apply(). With an
   * image shape (Transform's form, as Compose calls it), returns { data, shape }.
   */
  override applyArray(data: Float32Array, count: number): Float32Array;
  override applyArray(
    data: Float32Array,
    count: number,
    shape: ImageShape,
    random?: Random,
  ): { data: Float32Array; shape: ImageShape };
  override applyArray(
    data: Float32Array,
    count: number,
    shape?: ImageShape,
  ): Float32Array | { data: Float32Array; shape: ImageShape } {
    const op = 'Zca.applyArray';
    if (shape !== undefined && shapeSize(shape, `${op}: 'shape'`) !== this.size) {
      invalid(op, `images [${shape}] are not samples [${this.sampleShape}]`);
    }
    if (!(data instanceof Float32Array)) invalid(op, `'data' must be a Float32Array`);
    if (!Number.isInteger(count) || count < 0) {
      invalid(op, `'count' must be a non-negative integer, got ${String(count)}`);
    }
    if (data.length !== count * this.size) {
      invalid(
        op,
        `'data' has ${data.length} values, not ${count} samples [${this.sampleShape}] ` +
          `(${count * this.size})`,
      );
    }
    const size = this.size;
    const out = this.#whiten({
      backend: currentBackend(),
      count,
      size,
      sampleShape: this.sampleShape,
      read: (start, end) => data.subarray(start * size, end * size),
    });
    return shape === undefined ? out : { data: out, shape };
  }

  /**
   * Whitens one sample `src.data` (D floats) into `dst` (D floats): the per-image hook of
   * a transform pipeline. One GEMM per sample; applyArray on a batch is much faster.
   */
  override image(src: { data: Float32Array }, dst: Float32Array, _random?: Random): void {
    const op = 'Zca.image';
    if (!(src?.data instanceof Float32Array) || src.data.length !== this.size) {
      invalid(op, `'src.data' must be a Float32Array of ${this.size} values [${this.sampleShape}]`);
    }
    if (!(dst instanceof Float32Array) || dst.length !== this.size) {
      invalid(op, `'dst' must be a Float32Array of ${this.size} values [${this.sampleShape}]`);
    }
    dst.set(this.applyArray(src.data, 1));
  }

  /** The JSON-safe form (JSON.stringify(zca) uses it): exact, arrays as base64 bytes. */
  toJSON(): ZcaJson {
    return {
      format: FORMAT,
      sampleShape: [...this.sampleShape],
      eps: this.eps,
      mean: toBase64(this.mean),
      matrix: toBase64(this.matrix),
      eigenvalues: toBase64(this.eigenvalues),
    };
  }

  /** The Zca that toJSON() (or its JSON.stringify text) describes. */
  static fromJSON(json: ZcaJson | string): Zca {
    const op = 'Zca.fromJSON';
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as ZcaJson;
    if (j?.format !== FORMAT) {
      invalid(op, `expected an object with format '${FORMAT}', got ${String(j?.format)}`);
    }
    for (const key of ['mean', 'matrix', 'eigenvalues'] as const) {
      if (typeof j[key] !== 'string') invalid(op, `'${key}' must be a base64 string`);
    }
    return new Zca({
      sampleShape: j.sampleShape,
      eps: j.eps,
      mean: fromBase64(j.mean, Float32Array),
      matrix: fromBase64(j.matrix, Float32Array),
      eigenvalues: fromBase64(j.eigenvalues, Float64Array),
    });
  }

  /**
   * The whitening as model metadata ({ 'simdnet.zca': JSON }), for
   * `model.save(path, { metadata })`: about 5.4 · D² characters (50 MB for D = 3072).
   */
  metadata(): Record<string, string> {
    return { [ZCA_KEY]: JSON.stringify(this) };
  }

  /** The Zca stored in a model's metadata (see metadata()), if there is one. */
  static fromMetadata(metadata: Record<string, string>): Zca | undefined {
    const json = metadata?.[ZCA_KEY];
    return json === undefined ? undefined : Zca.fromJSON(json);
  }

  /** (rows − mean) · W for every row of `source`, CHUNK rows per GEMM. */
  #whiten(source: RowSource): Float32Array {
    const { backend, count, size: d } = source;
    const out = new Float32Array(count * d);
    if (count === 0) return out;
    const weights = this.#weightsOn(backend);
    const rows = Math.min(CHUNK, count);
    const block = Tensor.zeros([rows, d], { backend });
    const product = Tensor.zeros([rows, d], { backend });
    try {
      for (let start = 0; start < count; start += rows) {
        const end = Math.min(start + rows, count);
        centre(source.read(start, end), this.mean, block.floats());
        gemm(block, weights, { out: product });
        out.set(product.floats().subarray(0, (end - start) * d), start * d);
      }
    } finally {
      block.release();
      product.release();
    }
    return out;
  }

  /** W as a long-lived tensor on `backend` (made once per backend in use). */
  #weightsOn(backend: Backend): Tensor {
    const w = this.#weights;
    if (w && !w.released && w.backend === backend) return w;
    w?.release();
    this.#weights = Tensor.from(this.matrix, [this.size, this.size], { backend, keep: true });
    return this.#weights;
  }
}

/** Samples read a block of rows at a time. */
interface RowSource {
  backend: Backend;
  count: number;
  /** D, values per row. */
  size: number;
  sampleShape: readonly number[];
  /** Rows [start, end) as a view, valid until the next tensor is made. */
  read(start: number, end: number): FloatArray;
}

function isSamples(x: unknown): x is Samples {
  return x instanceof Tensor || x instanceof Dataset;
}

/**
 * The rows of a data set's samples, or of a tensor [N, ...]; a tensor shaped exactly
 * `single` (one sample, as Transform.apply takes an unbatched image) is one row.
 */
function rowsOf(op: string, x: Samples, single?: readonly number[]): RowSource {
  if (x instanceof Dataset) {
    const size = shapeSize(x.sampleShape);
    return {
      backend: currentBackend(),
      count: x.length,
      size,
      sampleShape: x.sampleShape,
      read: (start, end) => x.x.subarray(start * size, end * size),
    };
  }
  checkTensor(op, 'x', x);
  const one = single !== undefined && single.join() === x.shape.join();
  if (!one && x.shape.length < 2) {
    invalid(op, `'x' must be a batch of samples [N, ...], got shape [${x.shape}]`);
  }
  const count = one ? 1 : x.shape[0];
  const size = x.size / count;
  return {
    backend: x.backend,
    count,
    size,
    sampleShape: one ? x.shape : x.shape.slice(1),
    read: (start, end) => x.floats().subarray(start * size, end * size),
  };
}

/** The float64 mean of each column; throws on a value that is not finite. */
function columnMeans(op: string, source: RowSource): Float64Array {
  const { count, size: d } = source;
  const sums = new Float64Array(d);
  const data = source.read(0, count);
  for (let i = 0; i < count; i++) {
    for (let j = 0, at = i * d; j < d; j++) sums[j] += data[at + j];
  }
  if (!sums.every(Number.isFinite)) {
    const at = data.findIndex((v) => !Number.isFinite(v));
    if (at < 0) invalid(op, `the sums of 'x' overflow: its values are too large`);
    const [sample, value] = [Math.floor(at / d), at % d];
    invalid(op, `'x' holds ${data[at]} at value ${value} of sample ${sample}; all must be finite`);
  }
  return sums.map((s) => s / count);
}

/** dst's rows = src's rows − mean; the rows of dst past src's are set to 0. */
function centre(src: FloatArray, mean: ArrayLike<number>, dst: FloatArray): void {
  const d = mean.length;
  for (let at = 0; at < src.length; at += d) {
    for (let j = 0; j < d; j++) dst[at + j] = src[at + j] - mean[j];
  }
  dst.fill(0, src.length);
}

/** W = Yᵀ Y with Y = diag((max(λ, 0) + eps)^(−1/4)) Uᵀ, made exactly symmetric. */
function whiteningMatrix(b: ZcaBasis, eps: number, backend: Backend): Float32Array {
  const d = b.mean.length;
  const y = new Float32Array(d * d);
  for (let k = 0; k < d; k++) {
    // √ is correctly rounded in every engine (Math.pow need not be): the same W everywhere.
    const f = 1 / Math.sqrt(Math.sqrt(Math.max(b.eigenvalues[k], 0) + eps));
    for (let j = k * d; j < (k + 1) * d; j++) y[j] = f * b.eigenvectors[j];
  }
  const yt = Tensor.from(y, [d, d], { backend });
  let w: Float32Array;
  try {
    const product = gemm(yt, yt, { transA: true });
    w = product.toArray();
    product.release();
  } finally {
    yt.release();
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) w[i * d + j] = w[j * d + i] = (w[i * d + j] + w[j * d + i]) / 2;
  }
  return w;
}

function checkCovariance(op: string, c: Covariance): Covariance {
  const d = checkMoments(op, c);
  if (!(c.matrix instanceof Float64Array) || c.matrix.length !== d * d) {
    invalid(op, `'matrix' must be a Float64Array of D² = ${d * d} values`);
  }
  return c;
}

function checkBasis(op: string, b: ZcaBasis): ZcaBasis {
  const d = checkMoments(op, b);
  if (!(b.eigenvalues instanceof Float64Array) || b.eigenvalues.length !== d) {
    invalid(op, `'eigenvalues' must be a Float64Array of D = ${d} values`);
  }
  if (!(b.eigenvectors instanceof Float64Array) || b.eigenvectors.length !== d * d) {
    invalid(op, `'eigenvectors' must be a Float64Array of D² = ${d * d} values`);
  }
  return b;
}

/** Checks the sampleShape and mean of a Covariance or ZcaBasis; returns D. */
function checkMoments(
  op: string,
  m: { sampleShape: readonly number[]; mean: Float64Array },
): number {
  if (typeof m !== 'object' || m === null) {
    invalid(op, `'x' must be a tensor, a data set, or the result of zca.covariance / zca.basis`);
  }
  const d = shapeSize(m.sampleShape, `${op}: 'sampleShape'`);
  if (!(m.mean instanceof Float64Array) || m.mean.length !== d) {
    invalid(op, `'mean' must be a Float64Array of D = ${d} values`);
  }
  return d;
}

/** The little-endian bytes of `a` in base64. */
function toBase64(a: Float32Array | Float64Array): string {
  const width = a.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(a.length * width);
  const view = new DataView(bytes.buffer);
  a.forEach((v, i) =>
    width === 4 ? view.setFloat32(i * 4, v, true) : view.setFloat64(i * 8, v, true),
  );
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The array whose little-endian bytes `text` holds in base64. */
function fromBase64<A extends Float32Array | Float64Array>(
  text: string,
  type: { new (n: number): A; BYTES_PER_ELEMENT: number },
): A {
  const binary = atob(text);
  const width = type.BYTES_PER_ELEMENT;
  if (binary.length % width !== 0) {
    invalid(
      'Zca.fromJSON',
      `${binary.length} bytes are not a whole number of ${width}-byte values`,
    );
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = binary.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new type(binary.length / width);
  for (let i = 0; i < out.length; i++) {
    out[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  }
  return out;
}
