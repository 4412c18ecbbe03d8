import { checkPositiveInt, invalid } from '../../errors';

// The eigen-decomposition of a real symmetric matrix, A = U diag(λ) Uᵀ, in plain float64
// TypeScript, from the textbook algorithm (Golub & Van Loan, ch. 8):
//
//   1. Householder tridiagonalisation: T = Qᵀ A Q, reflector k zeroing column k below the
//      subdiagonal, on the lower triangle only (a symmetric matrix-vector product and a
//      rank-2 update per reflector: ⅔n³ multiply-adds). Reflector k is kept in row k's
//      unused upper triangle.
//   2. Qᵀ formed in place from the reflectors, last one first (⅔n³ multiply-adds).
//   3. Implicit symmetric QR steps with the Wilkinson shift on T, chasing the bulge down an
//      unreduced block and deflating at its bottom; every Givens rotation P of the chase is
//      applied to two adjacent rows of Uᵀ = ⋯P₂P₁Qᵀ (about 0.7–1 n² rotations of 3n
//      multiply-adds each: the costliest step).
//
// Eigenvectors are kept as rows (of Uᵀ), so that every step runs along contiguous memory:
// a rotation touches rows k and k + 1, the next one rows k + 1 and k + 2. Steps 1 and 2 go
// by blocks of reflectors (as LAPACK's sytrd and orgtr do), so that the n × n matrix streams
// through the caches once per block rather than once per reflector, and their inner loops
// use each load for several multiply-adds: V8 does not vectorise, and loads bound them.
// Only +, −, ×, ÷ and √ are used (no Math.hypot or **, which engines may round
// differently), so every engine computes the same numbers.

/** The eigen-decomposition of a symmetric matrix: A = U diag(values) Uᵀ. */
export interface SymmetricEigen {
  /** The eigenvalues, in descending order. */
  values: Float64Array;
  /**
   * The orthonormal eigenvectors as the rows of an n × n row-major array (that is Uᵀ):
   * row k, `vectors.subarray(k * n, (k + 1) * n)`, belongs to `values[k]`.
   */
  vectors: Float64Array;
}

/** QR steps allowed per eigenvalue before giving up (a few are the rule). */
const MAX_STEPS_PER_VALUE = 60;

/**
 * The eigenvalues (descending) and orthonormal eigenvectors of the symmetric n × n matrix
 * `a` (row-major; only its lower triangle is read), in float64: Householder
 * tridiagonalisation, then implicit QR with Wilkinson shifts. `a` is not modified.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const op = 'symmetricEigen';
  checkPositiveInt(op, 'n', n);
  if (a.length !== n * n) invalid(op, `'a' has ${a.length} values, expected n² = ${n * n}`);
  const work = Float64Array.from(a);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      if (!Number.isFinite(work[i * n + j])) {
        invalid(op, `'a' must be finite, got ${work[i * n + j]} at [${i}, ${j}]`);
      }
    }
  }
  const diagonal = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  const betas = tridiagonalize(work, n, diagonal, off);
  formQTransposed(work, n, betas);
  diagonalize(op, diagonal, off, work, n);
  return sortDescending(diagonal, work, n);
}

/**
 * Reflectors per block (a multiple of 4, see formQTransposed). Step 1 reads the trailing
 * matrix once per reflector but updates it once per block; step 2 reads and writes Qᵀ once
 * per block.
 */
const BLOCK = 16;

/**
 * Reduces the symmetric `a` (lower triangle) to tridiagonal form: writes T's diagonal and
 * subdiagonal, keeps reflector k (H = I − β v vᵀ on coordinates k + 1 …) in row k's upper
 * part a[k, k+1 …], and returns the β's. Blocked as LAPACK's sytrd: within a block, the
 * rank-2 updates A −= v wᵀ + w vᵀ are only recorded (the true matrix is `a` minus them),
 * and applied to the rest of the matrix together at the end of the block.
 */
function tridiagonalize(
  a: Float64Array,
  n: number,
  diagonal: Float64Array,
  off: Float64Array,
): Float64Array {
  const betas = new Float64Array(n);
  const vs = Array.from({ length: BLOCK }, () => new Float64Array(n));
  const ws = Array.from({ length: BLOCK }, () => new Float64Array(n));
  const x = new Float64Array(n);
  for (let first = 0; first < n - 2; first += BLOCK) {
    const end = Math.min(first + BLOCK, n - 2);
    let pending = 0;
    for (let k = first; k < end; k++) {
      const m = k + 1;
      // x = column k of the true matrix, rows k ….
      for (let i = k; i < n; i++) x[i] = a[i * n + k];
      for (let t = 0; t < pending; t++) {
        const [v, w] = [vs[t], ws[t]];
        const [vk, wk] = [v[k], w[k]];
        for (let i = k; i < n; i++) x[i] -= v[i] * wk + w[i] * vk;
      }
      diagonal[k] = x[k];
      // The reflector taking x[m …] to α e₁.
      let scale = 0;
      for (let i = m; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
      let tail = 0;
      for (let i = m + 1; i < n; i++) tail += (x[i] / scale) * (x[i] / scale);
      const x0 = x[m];
      if (scale === 0 || tail === 0) {
        off[k] = x0; // already tridiagonal in this column: H = I
        continue;
      }
      const norm = scale * Math.sqrt((x0 / scale) * (x0 / scale) + tail);
      const alpha = x0 > 0 ? -norm : norm; // no cancellation in v₀ = x₀ − α
      const beta = 1 / (norm * Math.abs(x0 - alpha)); // 2 / vᵀv, as vᵀv = 2(‖x‖² − α x₀)
      off[k] = alpha;
      betas[k] = beta;
      const [v, p] = [vs[pending], ws[pending]];
      v.set(x.subarray(m, n), m);
      v[m] = x0 - alpha;
      a.set(v.subarray(m, n), k * n + m);
      // p = β (A₂₂ − recorded updates) v. The stored lower triangle, two rows at a time (so
      // that each load of v[j] and p[j] serves both): row i gives p_i its j ≤ i part and
      // every p_j (j < i) the mirrored a_ij v_i.
      p.fill(0, m, n);
      let i = m;
      for (; i + 1 < n; i += 2) {
        const [r0, r1] = [i * n, i * n + n];
        const [v0, v1] = [v[i], v[i + 1]];
        let d0 = 0;
        let d1 = 0;
        for (let j = m; j < i; j++) {
          const a0 = a[r0 + j];
          const a1 = a[r1 + j];
          const vj = v[j];
          d0 += a0 * vj;
          d1 += a1 * vj;
          p[j] += a0 * v0 + a1 * v1;
        }
        const a10 = a[r1 + i];
        p[i] += d0 + a[r0 + i] * v0 + a10 * v1;
        p[i + 1] += d1 + a10 * v0 + a[r1 + i + 1] * v1;
      }
      if (i < n) {
        const row = i * n;
        let d0 = 0;
        for (let j = m; j < i; j++) {
          d0 += a[row + j] * v[j];
          p[j] += a[row + j] * v[i];
        }
        p[i] += d0 + a[row + i] * v[i];
      }
      for (let t = 0; t < pending; t++) {
        const [vt, wt] = [vs[t], ws[t]];
        let [wv, vv] = [0, 0];
        for (let i = m; i < n; i++) {
          wv += wt[i] * v[i];
          vv += vt[i] * v[i];
        }
        for (let i = m; i < n; i++) p[i] -= vt[i] * wv + wt[i] * vv;
      }
      let pv = 0;
      for (let i = m; i < n; i++) {
        p[i] *= beta;
        pv += p[i] * v[i];
      }
      // w = p − (β pᵀv / 2) v, recorded in place of p.
      const half = (beta * pv) / 2;
      for (let i = m; i < n; i++) p[i] -= half * v[i];
      pending++;
    }
    // A₂₂ −= Σ v wᵀ + w vᵀ over rows and columns end …, one row (in cache) at a time, two
    // updates per pass over it (an odd last one pairs with a zero coefficient).
    for (let i = end; i < n; i++) {
      const row = i * n;
      for (let t = 0; t < pending; t += 2) {
        const [v0, w0, v1, w1] = [vs[t], ws[t], vs[t + 1], ws[t + 1]];
        const [p0, q0] = [v0[i], w0[i]];
        const [p1, q1] = t + 1 < pending ? [v1[i], w1[i]] : [0, 0];
        for (let j = end; j <= i; j++) {
          a[row + j] -= p0 * w0[j] + q0 * v0[j] + (p1 * w1[j] + q1 * v1[j]);
        }
      }
    }
  }
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2];
    off[n - 2] = a[(n - 1) * n + n - 2];
  }
  diagonal[n - 1] = a[n * n - 1];
  return betas;
}

/**
 * Overwrites `a` (which holds the reflectors) with Qᵀ = H_{n−3} ⋯ H₀: starting from the
 * identity, R ← R H_k for k from the last reflector down, which changes only rows and
 * columns k + 1 … (before it, coordinate k + 1 is still the identity's). A block of
 * reflectors goes at once in compact WY form, H_hi ⋯ H_lo = I − V T Vᵀ (T upper
 * triangular): R ← R − (R V) T Vᵀ, row by row.
 */
function formQTransposed(a: Float64Array, n: number, betas: Float64Array): void {
  const vs = Array.from({ length: BLOCK }, () => new Float64Array(n));
  const t = new Float64Array(BLOCK * BLOCK);
  const s = new Float64Array(BLOCK);
  const u = new Float64Array(BLOCK);
  a.fill(0, (n - 1) * n);
  a[n * n - 1] = 1;
  for (let hi = n - 3; hi >= 0; hi -= BLOCK) {
    const lo = Math.max(hi - BLOCK + 1, 0);
    const b = hi - lo + 1;
    const m = lo + 1; // the block changes rows and columns m …
    // V = [v_hi … v_lo], zero before each one's first coordinate, read before its rows go.
    for (let r = 0; r < b; r++) {
      const k = hi - r;
      vs[r].fill(0, m, k + 1);
      vs[r].set(a.subarray(k * n + k + 1, k * n + n), k + 1);
    }
    // Coordinates m … hi + 1 join: their rows and columns become the identity's.
    for (let c = m; c <= hi + 1; c++) {
      a.fill(0, c * n, c * n + n);
      a[c * n + c] = 1;
      for (let i = c + 1; i < n; i++) a[i * n + c] = 0;
    }
    // T column by column: T[:j, j] = −β_j T[:j, :j] V[:, :j]ᵀ v_j, T[j, j] = β_j.
    for (let j = 0; j < b; j++) {
      const beta = betas[hi - j];
      for (let r = 0; r < j; r++) {
        s[r] = dot(vs[r], vs[j], m, m, n - m);
      }
      for (let r = 0; r < j; r++) {
        let sum = 0;
        for (let q = r; q < j; q++) sum += t[r * BLOCK + q] * s[q];
        t[r * BLOCK + j] = -beta * sum;
      }
      t[j * BLOCK + j] = beta;
    }
    // Row by row: s = r V, u = s T, r −= u Vᵀ, four reflectors per pass over the row so
    // that each load of r serves four multiply-adds (u = 0 past the block's b).
    for (let i = m; i < n; i++) {
      const row = i * n;
      for (let r = 0; r < b; r += 4) {
        const v0 = vs[r];
        const v1 = vs[r + 1];
        const v2 = vs[r + 2];
        const v3 = vs[r + 3];
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = m; j < n; j++) {
          const x = a[row + j];
          s0 += x * v0[j];
          s1 += x * v1[j];
          s2 += x * v2[j];
          s3 += x * v3[j];
        }
        s[r] = s0;
        s[r + 1] = s1;
        s[r + 2] = s2;
        s[r + 3] = s3;
      }
      u.fill(0);
      for (let q = 0; q < b; q++) {
        for (let r = 0; r <= q; r++) u[q] += s[r] * t[r * BLOCK + q];
      }
      for (let q = 0; q < b; q += 4) {
        const v0 = vs[q];
        const v1 = vs[q + 1];
        const v2 = vs[q + 2];
        const v3 = vs[q + 3];
        const f0 = u[q];
        const f1 = u[q + 1];
        const f2 = u[q + 2];
        const f3 = u[q + 3];
        for (let j = m; j < n; j++) {
          a[row + j] -= f0 * v0[j] + f1 * v1[j] + f2 * v2[j] + f3 * v3[j];
        }
      }
    }
  }
  // Coordinate 0 is no reflector's: row and column 0 are e₀'s.
  a.fill(0, 0, n);
  a[0] = 1;
  for (let i = 1; i < n; i++) a[i * n] = 0;
}

/**
 * Diagonalises the tridiagonal (diagonal, off) in place by implicit QR steps with the
 * Wilkinson shift, applying each rotation to the rows of `rows` (n × n): on return
 * `diagonal` holds the eigenvalues and row k of `rows` the eigenvector of diagonal[k].
 */
function diagonalize(
  op: string,
  diagonal: Float64Array,
  off: Float64Array,
  rows: Float64Array,
  n: number,
): void {
  const d = diagonal;
  const e = off;
  const negligible = (i: number) =>
    Math.abs(e[i]) <= Number.EPSILON * (Math.abs(d[i]) + Math.abs(d[i + 1]));
  let steps = 0;
  let hi = n - 1;
  while (hi > 0) {
    if (negligible(hi - 1)) {
      e[hi - 1] = 0;
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(lo - 1)) lo--;
    if (lo > 0) e[lo - 1] = 0;
    if (++steps > MAX_STEPS_PER_VALUE * n) {
      invalid(op, `the QR iteration did not converge after ${steps} steps`);
    }
    // Wilkinson shift: the eigenvalue of the trailing 2 × 2 nearer to d[hi].
    const t = (d[hi - 1] - d[hi]) / 2;
    const b = e[hi - 1];
    const r = hypot(t, b);
    const shift = d[hi] - (b * b) / (t + (t >= 0 ? r : -r));
    // Chase: P_k rotates coordinates (k, k + 1) to zero the bulge (the shifted first column
    // for k = lo), then T ← P T Pᵀ and Uᵀ ← P Uᵀ.
    let x = d[lo] - shift;
    let z = e[lo];
    for (let k = lo; k < hi; k++) {
      const h = hypot(x, z);
      const c = h === 0 ? 1 : x / h;
      const s = h === 0 ? 0 : z / h;
      if (k > lo) e[k - 1] = h;
      const dk = d[k];
      const dk1 = d[k + 1];
      const ek = e[k];
      const cc = c * c;
      const ss = s * s;
      const cs2 = 2 * c * s * ek;
      d[k] = cc * dk + cs2 + ss * dk1;
      d[k + 1] = ss * dk + cc * dk1 - cs2;
      e[k] = c * s * (dk1 - dk) + (cc - ss) * ek;
      if (k + 1 < hi) {
        z = s * e[k + 1];
        e[k + 1] *= c;
      }
      x = e[k];
      rotateRows(rows, k * n, (k + 1) * n, n, c, s);
    }
  }
}

/** √(x² + y²) without overflow or underflow, correctly rounded operations only. */
function hypot(x: number, y: number): number {
  const m = Math.max(Math.abs(x), Math.abs(y));
  if (m === 0) return 0;
  const [p, q] = [x / m, y / m];
  return m * Math.sqrt(p * p + q * q);
}

/**
 * Σ x[xAt + i] · y[yAt + i] over i < length, as four interleaved partial sums: a single
 * running sum would make every addition wait for the previous one.
 */
function dot(x: Float64Array, y: Float64Array, xAt: number, yAt: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += x[xAt + i] * y[yAt + i];
    s1 += x[xAt + i + 1] * y[yAt + i + 1];
    s2 += x[xAt + i + 2] * y[yAt + i + 2];
    s3 += x[xAt + i + 3] * y[yAt + i + 3];
  }
  for (; i < length; i++) s0 += x[xAt + i] * y[yAt + i];
  return s0 + s1 + (s2 + s3);
}

/**
 * (row a, row b) ← (c·a + s·b, c·b − s·a), rows of length n at offsets a and b; two columns
 * per iteration, which V8 runs faster than one.
 */
function rotateRows(r: Float64Array, a: number, b: number, n: number, c: number, s: number): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const x0 = r[a + j];
    const y0 = r[b + j];
    const x1 = r[a + j + 1];
    const y1 = r[b + j + 1];
    r[a + j] = c * x0 + s * y0;
    r[b + j] = c * y0 - s * x0;
    r[a + j + 1] = c * x1 + s * y1;
    r[b + j + 1] = c * y1 - s * x1;
  }
  if (j < n) {
    const x = r[a + j];
    const y = r[b + j];
    r[a + j] = c * x + s * y;
    r[b + j] = c * y - s * x;
  }
}

/** The eigenpairs sorted by descending eigenvalue (a stable order for equal ones). */
function sortDescending(values: Float64Array, rows: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => values[j] - values[i] || i - j,
  );
  const sortedValues = new Float64Array(n);
  const sortedRows = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from];
    sortedRows.set(rows.subarray(from * n, (from + 1) * n), to * n);
  });
  return { values: sortedValues, vectors: sortedRows };
}
