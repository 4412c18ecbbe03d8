import { checkFinite, checkNonNegativeInt, invalid } from '../ops/checks';

// The four kernels of svm.SVC, with scikit-learn's parameter meanings:
//
//   linear   K(x, z) = ⟨x, z⟩
//   rbf      K(x, z) = exp(−γ‖x − z‖²)
//   poly     K(x, z) = (γ⟨x, z⟩ + coef0)^degree
//   sigmoid  K(x, z) = tanh(γ⟨x, z⟩ + coef0)
//
// Each is a function of the dot product and the two squared norms only
// (‖x − z‖² = ‖x‖² + ‖z‖² − 2⟨x, z⟩), so a kernel row is one matrix-vector product followed
// by an elementwise map: KernelRows.computeRow below is that pair of loops, and the place
// where a WASM SIMD row kernel will go (the dots a matrix-vector product, mapDots the map). Sums are taken in float64 from float32 data.

export type KernelName = 'linear' | 'rbf' | 'poly' | 'sigmoid';

/** A kernel with its parameters resolved (gamma a number). */
export interface Kernel {
  name: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

export const kernelNames: readonly KernelName[] = ['linear', 'rbf', 'poly', 'sigmoid'];

/**
 * γ as scikit-learn resolves it: 'scale' = 1 / (d · Var(X)) over all entries of X (1 when X is
 * constant), 'auto' = 1 / d, or the number given.
 */
export function resolveGamma(
  gamma: 'scale' | 'auto' | number,
  x: Float32Array,
  n: number,
  d: number,
): number {
  if (gamma === 'auto') return 1 / d;
  if (gamma !== 'scale') return gamma;
  let mean = 0;
  for (let k = 0; k < n * d; k++) mean += x[k];
  mean /= n * d;
  let variance = 0;
  for (let k = 0; k < n * d; k++) variance += (x[k] - mean) ** 2;
  variance /= n * d;
  return variance > 0 ? 1 / (d * variance) : 1;
}

/** K from ⟨x, z⟩, ‖x‖² and ‖z‖². */
export function kernelFromDot(k: Kernel, dot: number, sqA: number, sqB: number): number {
  const one = new Float64Array([dot]);
  mapDots(k, one, sqA, new Float64Array([sqB]), 0, 1, one);
  return one[0];
}

/**
 * out[j] = K from dots[j] = ⟨a, b_j⟩, ‖a‖² = sqA and ‖b_j‖² = sqB[j], for j in [start, end):
 * the elementwise half of a kernel row (one loop per kernel, the switch outside it).
 */
export function mapDots(
  k: Kernel,
  dots: Float64Array,
  sqA: number,
  sqB: Float64Array,
  start: number,
  end: number,
  out: Float32Array | Float64Array,
): void {
  const { gamma, coef0, degree } = k;
  switch (k.name) {
    case 'linear':
      for (let j = start; j < end; j++) out[j] = dots[j];
      return;
    case 'rbf':
      for (let j = start; j < end; j++) {
        out[j] = Math.exp(-gamma * Math.max(sqA + sqB[j] - 2 * dots[j], 0));
      }
      return;
    case 'poly':
      for (let j = start; j < end; j++) out[j] = powi(gamma * dots[j] + coef0, degree);
      return;
    case 'sigmoid':
      for (let j = start; j < end; j++) out[j] = Math.tanh(gamma * dots[j] + coef0);
      return;
  }
}

/** b^e for an integer e ≥ 0, by squaring. */
function powi(b: number, e: number): number {
  let r = 1;
  for (; e > 0; e >>= 1, b *= b) if (e & 1) r *= b;
  return r;
}

/** Squared norms of the n rows of x [n, d]. */
export function squaredNorms(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dot(x, i * d, x, i * d, d);
  return out;
}

function dot(a: Float32Array, offA: number, b: Float32Array, offB: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[offA + k] * b[offB + k];
  return s;
}

/**
 * K(a_i, b_j) for every row a_i of a [na, d] and b_j of b [nb, d], row-major [na, nb]
 * (prediction: test points against support vectors).
 */
export function kernelMatrix(
  k: Kernel,
  a: Float32Array,
  na: number,
  b: Float32Array,
  nb: number,
  d: number,
): Float64Array {
  const sqA = squaredNorms(a, na, d);
  const sqB = squaredNorms(b, nb, d);
  const out = new Float64Array(na * nb);
  const dots = new Float64Array(nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) dots[j] = dot(a, i * d, b, j * d, d);
    mapDots(k, dots, sqA[i], sqB, 0, nb, out.subarray(i * nb, (i + 1) * nb));
  }
  return out;
}

/**
 * The training rows [n, d] behind a kernel cache. The solver reorders the rows as it shrinks
 * its active set (swap), so the rows it still works on stay first and a kernel row is
 * computed only over them: computeRow(i, start, end, out) writes K(x_i, x_j) for j in
 * [start, end) into out[j].
 */
export class KernelRows {
  /** The rows in the solver's current order, row-major [n, d]. */
  readonly x: Float32Array;
  readonly #sq: Float64Array;
  readonly #dots: Float64Array;

  constructor(
    readonly kernel: Kernel,
    x: Float32Array,
    readonly n: number,
    readonly d: number,
  ) {
    this.x = Float32Array.from(x.subarray(0, n * d));
    this.#sq = squaredNorms(this.x, n, d);
    this.#dots = new Float64Array(n);
  }

  computeRow(i: number, start: number, end: number, out: Float32Array): void {
    const { x, d } = this;
    const dots = this.#dots;
    for (let j = start; j < end; j++) dots[j] = dot(x, i * d, x, j * d, d);
    mapDots(this.kernel, dots, this.#sq[i], this.#sq, start, end, out);
  }

  /** K(x_i, x_i). */
  diagonal(i: number): number {
    const { x, d } = this;
    return kernelFromDot(this.kernel, dot(x, i * d, x, i * d, d), this.#sq[i], this.#sq[i]);
  }

  /** Exchanges rows i and j. */
  swap(i: number, j: number): void {
    const { x, d } = this;
    for (let k = 0; k < d; k++) {
      const t = x[i * d + k];
      x[i * d + k] = x[j * d + k];
      x[j * d + k] = t;
    }
    const t = this.#sq[i];
    this.#sq[i] = this.#sq[j];
    this.#sq[j] = t;
  }
}

/** Checks and resolves a kernel's options for `op`. */
export function makeKernel(
  op: string,
  options: { kernel: unknown; gamma: unknown; degree: unknown; coef0: unknown },
  x: Float32Array,
  n: number,
  d: number,
): Kernel {
  const { kernel, gamma, degree, coef0 } = options;
  if (!kernelNames.includes(kernel as KernelName)) {
    invalid(op, `'kernel' must be one of ${kernelNames.join(', ')}, got ${String(kernel)}`);
  }
  if (
    !(gamma === 'scale' || gamma === 'auto' || (typeof gamma === 'number' && gamma > 0)) ||
    (typeof gamma === 'number' && !Number.isFinite(gamma))
  ) {
    invalid(op, `'gamma' must be 'scale', 'auto' or a positive number, got ${String(gamma)}`);
  }
  checkNonNegativeInt(op, 'degree', degree);
  checkFinite(op, 'coef0', coef0);
  return { name: kernel as KernelName, gamma: resolveGamma(gamma, x, n, d), degree, coef0 };
}
