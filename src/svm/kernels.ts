import type { Backend } from '../backend/backend';
import { currentBackend } from '../backend/current';
import type { Kernels, Ptr } from '../kernels';
import type { FloatArray, Heap } from '../backend/memory';
import { checkFinite, checkNonNegativeInt, invalid } from '../errors';

// The four kernels of svm.SVC, with scikit-learn's parameter meanings:
//
//   linear   K(x, z) = ⟨x, z⟩
//   rbf      K(x, z) = exp(−γ‖x − z‖²)
//   poly     K(x, z) = (γ⟨x, z⟩ + coef0)^degree
//   sigmoid  K(x, z) = tanh(γ⟨x, z⟩ + coef0)
//
// Each is a function of the dot product and the two squared norms only
// (‖x − z‖² = ‖x‖² + ‖z‖² − 2⟨x, z⟩), so prediction's kernel matrix is dot products followed
// by an elementwise map (mapDots). Training asks for rows of the dual's matrix many times
// over: those come from the backend's svmKernelRow kernel (QRows below). Sums are taken in
// float64 from float32 data.

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

const KERNEL_CODES: Record<KernelName, number> = { linear: 0, rbf: 1, poly: 2, sigmoid: 3 };

/**
 * The dual's matrix Q_ij = s_i s_j K(x_i, x_j) over training points x [n, d] with labels
 * s = ±1, a row at a time by the backend's svmKernelRow kernel (WASM SIMD on the wasm
 * backend). The points sit in the backend's memory feature-major, [d, n], so that the
 * kernel reads consecutive columns at once. The solver reorders the points as it shrinks
 * its active set (swap), so that the ones it still works on stay first and a row is computed
 * only over them: computeRow(i, start, end, out) writes Q_ij for j in [start, end) into
 * out[j], out being a view of the backend's memory. release() frees that memory.
 */
export class QRows {
  readonly heap: Heap;
  readonly kernels: Kernels;
  readonly #code: number;
  /** Feature-major points [d, n] and the labels ±1, in the backend's memory. */
  readonly #xt: Ptr;
  readonly #signs: Ptr;
  /** K(x_i, x_i), in the solver's current order. */
  readonly #diagonal: Float64Array;

  constructor(
    readonly kernel: Kernel,
    x: Float32Array,
    signs: ArrayLike<number>,
    readonly n: number,
    readonly d: number,
    backend: Backend = currentBackend(),
  ) {
    this.heap = backend.heap;
    this.kernels = backend.kernels;
    this.#code = KERNEL_CODES[kernel.name];
    const sq = squaredNorms(x, n, d);
    // K(x, x): 1 for rbf, else the map of ⟨x, x⟩ = ‖x‖².
    this.#diagonal = new Float64Array(n).fill(1);
    if (kernel.name !== 'rbf') mapDots(kernel, sq, 0, sq, 0, n, this.#diagonal);
    const bytes = this.heap.floatBytes;
    this.#xt = this.heap.allocator.alloc(Math.max(1, n * d) * bytes);
    this.#signs = this.heap.allocator.alloc(n * bytes);
    const f = this.heap.f;
    const xt = this.#xt / bytes;
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) f[xt + k * n + i] = x[i * d + k];
    const s = this.#signs / bytes;
    for (let i = 0; i < n; i++) f[s + i] = signs[i] > 0 ? 1 : -1;
  }

  computeRow(i: number, start: number, end: number, out: FloatArray): void {
    const { gamma, coef0, degree } = this.kernel;
    this.kernels.svmKernelRow(
      this.#code,
      gamma,
      coef0,
      degree,
      this.#xt,
      this.#signs,
      this.n,
      this.d,
      i,
      start,
      end,
      out.byteOffset,
    );
  }

  /** Where the labels ±1 are, in the backend's memory (floats, in the current order). */
  get signs(): Ptr {
    return this.#signs;
  }

  /** Q_ii = K(x_i, x_i). */
  diagonal(i: number): number {
    return this.#diagonal[i];
  }

  /** Exchanges points i and j. */
  swap(i: number, j: number): void {
    const { n, d } = this;
    const f = this.heap.f;
    const bytes = this.heap.floatBytes;
    const exchange = (a: number, b: number) => {
      const t = f[a];
      f[a] = f[b];
      f[b] = t;
    };
    const xt = this.#xt / bytes;
    for (let k = 0; k < d; k++) exchange(xt + k * n + i, xt + k * n + j);
    exchange(this.#signs / bytes + i, this.#signs / bytes + j);
    const t = this.#diagonal[i];
    this.#diagonal[i] = this.#diagonal[j];
    this.#diagonal[j] = t;
  }

  /** Frees the points' memory. */
  release(): void {
    this.heap.allocator.free(this.#xt);
    this.heap.allocator.free(this.#signs);
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
