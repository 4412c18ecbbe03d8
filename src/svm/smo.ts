import type { Kernels, Ptr } from '../kernels';
import type { Heap } from '../backend/memory';
import { KernelCache } from './kernel-cache';
import type { QRows } from './kernels';

// The SMO solver of a C-SVC dual, as libsvm's Solver (Chang & Lin, "LIBSVM", sections 4
// and 5; Fan, Chen & Lin 2005):
//
//   min_α  f(α) = ½ αᵀQα − eᵀα   subject to  yᵀα = 0,  0 ≤ α_i ≤ C,   Q_ij = y_i y_j K(x_i, x_j)
//
// Each iteration picks a pair (i, j) by second-order working-set selection (WSS3):
//   i = argmax { −y_t ∇f_t : t ∈ I_up },   I_up = {α_t < C, y_t = 1} ∪ {α_t > 0, y_t = −1}
//   j = argmin { −b_it² / a_it : t ∈ I_low, −y_t ∇f_t < −y_i ∇f_i },
//       a_it = K_ii + K_tt − 2 K_it,  b_it = −y_i ∇f_i + y_t ∇f_t,
//   solves the two-variable subproblem analytically, clips it to the box, and updates the
// gradient G = ∇f = Qα − e with the two rows Q_i, Q_j. It stops when the maximal violation
// m(α) − M(α) = max_{I_up} −y∇f − min_{I_low} −y∇f falls below tol.
//
// Shrinking: every min(n, 1000) iterations, variables at a bound whose gradient says they
// will stay there are moved behind the active set; the solver then works, and asks the
// cache for rows, only over the active prefix. Ḡ_i = Σ_{α_j = C} C Q_ij is kept for every i so
// that the full gradient can be rebuilt (reconstructGradient) when the active set is grown
// back: once when the violation first falls below 10·tol, and before stopping.
//
// The two passes of every iteration (the selection, the gradient update) are kernels of the
// backend (smoSelectUp, smoSelectLow, smoAddRows: WASM SIMD on the wasm backend), so G, Ḡ, the
// diagonal Q_ii and the masks of I_up and I_low live in its memory, next to the cached rows;
// the two-variable step, shrinking and the bias stay here.
//
// The bias: ρ = mean of y_i ∇f_i over the free α_i (0 < α_i < C); without free ones, the
// middle of the interval the bounded ones allow. The decision function is Σ α_j y_j K(x_j, x) − ρ.

export interface SmoOptions {
  C: number;
  /** Stopping tolerance on the maximal violation (libsvm's eps). */
  tol: number;
  shrinking: boolean;
  /** Byte budget of the kernel cache. */
  cacheBytes: number;
  /** Iteration cap (default max(10⁷, 100 n), as libsvm). */
  maxIter?: number;
}

export interface SmoResult {
  /** The dual variables, in the caller's order. */
  alpha: Float64Array;
  rho: number;
  /** f(α) at the solution. */
  objective: number;
  iterations: number;
  /** False when maxIter stopped the solver before the tolerance was met. */
  converged: boolean;
}

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/**
 * Solves the dual for the rows of `rows` (which it reorders) and their labels y = ±1 (the
 * signs `rows` was made with).
 */
export function smo(rows: QRows, labels: ArrayLike<number>, options: SmoOptions): SmoResult {
  const solver = new Solver(rows, labels, options);
  try {
    return solver.run();
  } finally {
    solver.release();
  }
}

class Solver {
  readonly n: number;
  readonly C: number;
  readonly tol: number;
  readonly cache: KernelCache;
  readonly heap: Heap;
  readonly kernels: Kernels;
  // Per variable, in the solver's current order (swap keeps them aligned with `rows`).
  readonly y: Int8Array;
  readonly alpha: Float64Array;
  readonly status: Uint8Array;
  /** Original index of each position. */
  readonly index: Int32Array;
  // In the backend's memory: G, Ḡ, Q_ii (f64), the I_up and I_low masks (i32), one f64 out.
  readonly G: Ptr;
  readonly Gbar: Ptr;
  readonly QD: Ptr;
  readonly up: Ptr;
  readonly low: Ptr;
  readonly out: Ptr;
  activeSize: number;
  unshrunk = false;

  constructor(
    readonly rows: QRows,
    labels: ArrayLike<number>,
    readonly options: SmoOptions,
  ) {
    const n = (this.n = rows.n);
    this.C = options.C;
    this.tol = options.tol;
    this.y = Int8Array.from(labels, (v) => (v > 0 ? 1 : -1));
    this.heap = rows.heap;
    this.kernels = rows.kernels;
    this.cache = new KernelCache(
      n,
      options.cacheBytes,
      (i, start, end, out) => rows.computeRow(i, start, end, out),
      rows.heap,
    );
    this.alpha = new Float64Array(n);
    this.status = new Uint8Array(n).fill(LOWER);
    this.index = Int32Array.from({ length: n }, (_, i) => i);
    this.activeSize = n;
    const alloc = (bytes: number) => this.heap.allocator.alloc(Math.max(8, bytes));
    [this.G, this.Gbar, this.QD] = [alloc(8 * n), alloc(8 * n), alloc(8 * n)];
    [this.up, this.low, this.out] = [alloc(4 * n), alloc(4 * n), alloc(8)];
    const d = this.heap.f64;
    for (let i = 0; i < n; i++) {
      d[this.G / 8 + i] = -1;
      d[this.Gbar / 8 + i] = 0;
      d[this.QD / 8 + i] = rows.diagonal(i);
      this.setStatus(i);
    }
  }

  release(): void {
    this.cache.release();
    for (const p of [this.G, this.Gbar, this.QD, this.up, this.low, this.out]) {
      this.heap.allocator.free(p);
    }
  }

  run(): SmoResult {
    const { n } = this;
    const maxIter = this.options.maxIter ?? Math.max(10_000_000, 100 * n);
    let counter = Math.min(n, 1000) + 1;
    let iter = 0;
    let converged = false;
    while (iter < maxIter) {
      if (--counter === 0) {
        counter = Math.min(n, 1000);
        if (this.options.shrinking) this.shrink();
      }
      let pair = this.selectWorkingSet();
      if (!pair) {
        if (this.activeSize === n) {
          converged = true;
          break;
        }
        // Optimal on the active set: check on all of it.
        this.reconstructGradient();
        this.activeSize = n;
        pair = this.selectWorkingSet();
        if (!pair) {
          converged = true;
          break;
        }
        counter = 1; // shrink at the next iteration
      }
      iter++;
      this.update(pair[0], pair[1]);
    }
    if (this.activeSize < n) {
      this.reconstructGradient();
      this.activeSize = n;
    }
    const rho = this.rho();
    const d = this.heap.f64;
    let objective = 0;
    for (let i = 0; i < n; i++) objective += (this.alpha[i] * (d[this.G / 8 + i] - 1)) / 2;
    const alpha = new Float64Array(n);
    for (let i = 0; i < n; i++) alpha[this.index[i]] = this.alpha[i];
    return { alpha, rho, objective, iterations: iter, converged };
  }

  /** The WSS3 pair, or undefined when the violation is below tol. */
  selectWorkingSet(): [number, number] | undefined {
    const { y, activeSize, kernels } = this;
    const signs = this.rows.signs;
    const i = kernels.smoSelectUp(activeSize, this.G, signs, this.up);
    if (i === -1) return undefined;
    const Gmax = -y[i] * this.heap.f64[this.G / 8 + i]; // m(α) = max_{I_up} −y∇f
    const Qi = this.cache.row(i, activeSize);
    const { G, QD, low, out } = this;
    const j = kernels.smoSelectLow(activeSize, i, Gmax, G, QD, signs, low, Qi.byteOffset, out);
    const Gmax2 = this.heap.f64[out / 8]; // −M(α) = max_{I_low} y∇f
    if (Gmax + Gmax2 < this.tol || j === -1) return undefined;
    return [i, j];
  }

  /** Solves the two-variable subproblem on (i, j) and updates G and Ḡ. */
  update(i: number, j: number): void {
    const { y, alpha, C, activeSize } = this;
    // Q_j first: making it may grow the memory, which detaches an earlier view of Q_i.
    this.cache.row(i, activeSize);
    const Qj = this.cache.row(j, activeSize);
    const Qi = this.cache.row(i, activeSize);
    const d = this.heap.f64;
    const [g, qd] = [this.G / 8, this.QD / 8];
    const oldI = alpha[i];
    const oldJ = alpha[j];
    if (y[i] !== y[j]) {
      // α_i − α_j stays fixed.
      let a = d[qd + i] + d[qd + j] + 2 * Qi[j];
      if (a <= 0) a = TAU;
      const delta = (-d[g + i] - d[g + j]) / a;
      const diff = oldI - oldJ;
      alpha[i] += delta;
      alpha[j] += delta;
      if (diff > 0) {
        if (alpha[j] < 0) [alpha[j], alpha[i]] = [0, diff];
      } else if (alpha[i] < 0) [alpha[i], alpha[j]] = [0, -diff];
      if (diff > 0) {
        if (alpha[i] > C) [alpha[i], alpha[j]] = [C, C - diff];
      } else if (alpha[j] > C) [alpha[j], alpha[i]] = [C, C + diff];
    } else {
      // α_i + α_j stays fixed.
      let a = d[qd + i] + d[qd + j] - 2 * Qi[j];
      if (a <= 0) a = TAU;
      const delta = (d[g + i] - d[g + j]) / a;
      const sum = oldI + oldJ;
      alpha[i] -= delta;
      alpha[j] += delta;
      if (sum > C) {
        if (alpha[i] > C) [alpha[i], alpha[j]] = [C, sum - C];
      } else if (alpha[j] < 0) [alpha[j], alpha[i]] = [0, sum];
      if (sum > C) {
        if (alpha[j] > C) [alpha[j], alpha[i]] = [C, sum - C];
      } else if (alpha[i] < 0) [alpha[i], alpha[j]] = [0, sum];
    }
    const dI = alpha[i] - oldI;
    const dJ = alpha[j] - oldJ;
    this.kernels.smoAddRows(activeSize, this.G, Qi.byteOffset, dI, Qj.byteOffset, dJ);

    const wasUpperI = this.status[i] === UPPER;
    const wasUpperJ = this.status[j] === UPPER;
    this.setStatus(i);
    this.setStatus(j);
    this.updateGbar(i, wasUpperI, this.status[i] === UPPER);
    this.updateGbar(j, wasUpperJ, this.status[j] === UPPER);
  }

  updateGbar(i: number, was: boolean, now: boolean): void {
    if (was === now) return;
    const Qi = this.cache.row(i, this.n);
    const s = now ? this.C : -this.C;
    this.kernels.smoAddRows(this.n, this.Gbar, Qi.byteOffset, s, Qi.byteOffset, 0);
  }

  /** The status of α_i, and its membership of I_up and I_low. */
  setStatus(i: number): void {
    const a = this.alpha[i];
    const status = (this.status[i] = a >= this.C ? UPPER : a <= 0 ? LOWER : FREE);
    const positive = this.y[i] === 1;
    const m = this.heap.i32;
    m[this.up / 4 + i] = (positive ? status !== UPPER : status !== LOWER) ? -1 : 0;
    m[this.low / 4 + i] = (positive ? status !== LOWER : status !== UPPER) ? -1 : 0;
  }

  /** Rebuilds G over the inactive variables: G = Ḡ − e + Σ_{free j} α_j Q_j. */
  reconstructGradient(): void {
    const { n, activeSize, alpha, status } = this;
    if (activeSize === n) return;
    const [g, gbar] = [this.G / 8, this.Gbar / 8];
    let d = this.heap.f64;
    for (let t = activeSize; t < n; t++) d[g + t] = d[gbar + t] - 1;
    let free = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) free++;
    if (free * n > 2 * activeSize * (n - activeSize)) {
      // Few inactive variables: one short row each.
      for (let t = activeSize; t < n; t++) {
        const Qt = this.cache.row(t, activeSize);
        d = this.heap.f64;
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) d[g + t] += alpha[j] * Qt[j];
      }
    } else {
      const inactive = this.G + 8 * activeSize;
      const skip = this.heap.floatBytes * activeSize;
      for (let j = 0; j < activeSize; j++) {
        if (status[j] !== FREE) continue;
        const Qj = this.cache.row(j, n).byteOffset + skip;
        this.kernels.smoAddRows(n - activeSize, inactive, Qj, alpha[j], Qj, 0);
      }
    }
  }

  /** Moves the variables that are likely to stay at their bound behind the active set. */
  shrink(): void {
    const { y, status } = this;
    let d = this.heap.f64;
    const g = this.G / 8;
    let Gmax1 = -Infinity; // m(α)
    let Gmax2 = -Infinity; // −M(α)
    for (let t = 0; t < this.activeSize; t++) {
      if (y[t] === 1 ? status[t] !== UPPER : status[t] !== LOWER)
        Gmax1 = Math.max(Gmax1, -y[t] * d[g + t]);
      if (y[t] === 1 ? status[t] !== LOWER : status[t] !== UPPER)
        Gmax2 = Math.max(Gmax2, y[t] * d[g + t]);
    }
    if (!this.unshrunk && Gmax1 + Gmax2 <= this.tol * 10) {
      this.unshrunk = true;
      this.reconstructGradient();
      this.activeSize = this.n;
      d = this.heap.f64;
    }
    const shrinkable = (t: number) => this.shrinkable(d[g + t], t, Gmax1, Gmax2);
    const exchanges: number[] = [];
    for (let t = 0; t < this.activeSize; t++) {
      if (!shrinkable(t)) continue;
      this.activeSize--;
      while (this.activeSize > t) {
        if (!shrinkable(this.activeSize)) {
          this.swap(t, this.activeSize);
          exchanges.push(t, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
    // The cache follows all of them at once (nothing reads it in between).
    this.cache.swapIndices(exchanges);
  }

  /**
   * A bounded variable whose −y∇f (g = ∇f_t) lies outside [M(α), m(α)] on the side that
   * pushes it against its bound.
   */
  shrinkable(g: number, t: number, Gmax1: number, Gmax2: number): boolean {
    const up = this.y[t] === 1;
    if (this.status[t] === UPPER) return up ? -g > Gmax1 : -g > Gmax2;
    if (this.status[t] === LOWER) return up ? g > Gmax2 : g > Gmax1;
    return false;
  }

  /** Exchanges variables i and j everywhere but in the cache (see shrink). */
  swap(i: number, j: number): void {
    this.rows.swap(i, j);
    for (const a of [this.y, this.alpha, this.status, this.index]) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    const d = this.heap.f64;
    const m = this.heap.i32;
    for (const [view, at] of [
      [d, this.G / 8],
      [d, this.Gbar / 8],
      [d, this.QD / 8],
      [m, this.up / 4],
      [m, this.low / 4],
    ] as const) {
      const t = view[at + i];
      view[at + i] = view[at + j];
      view[at + j] = t;
    }
  }

  rho(): number {
    const { y, status, n } = this;
    const d = this.heap.f64;
    const g = this.G / 8;
    let upper = Infinity;
    let lower = -Infinity;
    let sum = 0;
    let free = 0;
    for (let t = 0; t < n; t++) {
      const yG = y[t] * d[g + t];
      if (status[t] === FREE) {
        free++;
        sum += yG;
      } else if ((status[t] === UPPER) === (y[t] === -1)) {
        upper = Math.min(upper, yG);
      } else {
        lower = Math.max(lower, yG);
      }
    }
    return free > 0 ? sum / free : (upper + lower) / 2;
  }
}
