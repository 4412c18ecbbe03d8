import { checkFinite, checkPositiveInt, invalid } from '../errors';
import { Tensor, type DType } from '../tensor';
import { kernelMatrix, makeKernel, QRows, type Kernel, type KernelName } from './kernels';
import { smo } from './smo';

// C-support vector classification, as libsvm's C-SVC and scikit-learn's SVC:
//
//   const model = new svm.SVC({ kernel: 'rbf', C: 1 }).fit(x, y);
//   const labels = model.predict(xTest);
//
// fit() runs on the current backend (after `await init()`): the rows of the dual's matrix
// come from its svmKernelRow kernel, WASM SIMD on the wasm backend.
//
// Two classes: one dual problem (smo.ts). k > 2 classes: one-vs-one, a problem for each pair
// of classes (a, b), a < b in sorted label order, with a as +1; prediction by votes (a pair's
// decision value > 0 votes for a, else for b), ties to the smaller label.
//
// Attributes follow scikit-learn: support vectors grouped by class (classes in sorted order,
// indices ascending within a class); dualCoef has k − 1 rows over the support vectors, the
// coefficient α·y of a vector of class c in its problem against class o sitting in row o − 1
// when o > c and in row o when o < c (libsvm's sv_coef); intercept = −ρ per pair. For two
// classes scikit-learn flips the signs so that a positive decision means classes[1]: dualCoef
// and intercept are negated, and so is decisionFunction.

export interface SVCOptions {
  /** Default 'rbf'. */
  kernel?: KernelName;
  /** Penalty on the slack (default 1). */
  C?: number;
  /** γ of rbf, poly and sigmoid: 'scale' (default) = 1 / (d · Var(X)), 'auto' = 1 / d, or a number. */
  gamma?: 'scale' | 'auto' | number;
  /** Degree of poly (default 3). */
  degree?: number;
  /** Constant term of poly and sigmoid (default 0). */
  coef0?: number;
  /** Stopping tolerance on the maximal KKT violation (default 1e-3, libsvm's eps). */
  tol?: number;
  /** Shrinking heuristic (default true). */
  shrinking?: boolean;
  /** Byte budget of the kernel row cache (default 200 MB, as scikit-learn). */
  cacheBytes?: number;
  /** Iteration cap per dual problem (default max(10⁷, 100 n)). */
  maxIter?: number;
}

/** Training or test points: a float32 Tensor [n, d], or an array of n rows of length d. */
export type Points = Tensor | readonly ArrayLike<number>[];

/** Integer class labels: an int32 Tensor [n], or an array of n integers. */
export type Labels = Tensor<DType> | ArrayLike<number>;

const OP = 'svm.SVC';

interface Fitted {
  kernel: Kernel;
  classes: Int32Array;
  d: number;
  /** Support vectors [nSV, d], grouped by class. */
  vectors: Float32Array;
  supportIndices: Int32Array;
  nSupport: Int32Array;
  /** libsvm's sv_coef: k − 1 rows of nSV. */
  coef: Float64Array[];
  /** libsvm's ρ per pair (0,1), (0,2), … (1,2), …. */
  rho: Float64Array;
  nIter: Int32Array;
  converged: boolean;
}

export class SVC {
  readonly kernel: KernelName;
  readonly C: number;
  readonly gamma: 'scale' | 'auto' | number;
  readonly degree: number;
  readonly coef0: number;
  readonly tol: number;
  readonly shrinking: boolean;
  readonly cacheBytes: number;
  readonly maxIter: number | undefined;
  #fitted: Fitted | undefined;

  constructor({
    kernel = 'rbf',
    C = 1,
    gamma = 'scale',
    degree = 3,
    coef0 = 0,
    tol = 1e-3,
    shrinking = true,
    cacheBytes = 200 * 2 ** 20,
    maxIter,
  }: SVCOptions = {}) {
    positive('C', C);
    positive('tol', tol);
    positive('cacheBytes', cacheBytes);
    if (maxIter !== undefined) checkPositiveInt(OP, 'maxIter', maxIter);
    // Checks the kernel options now (γ is resolved again on the data in fit).
    makeKernel(OP, { kernel, gamma, degree, coef0 }, new Float32Array(1), 1, 1);
    this.kernel = kernel;
    this.C = C;
    this.gamma = gamma;
    this.degree = degree;
    this.coef0 = coef0;
    this.tol = tol;
    this.shrinking = shrinking;
    this.cacheBytes = cacheBytes;
    this.maxIter = maxIter;
  }

  /** Trains on x [n, d] with integer labels y (at least two distinct). Returns this. */
  fit(x: Points, y: Labels): this {
    const { data, n, d } = readPoints('x', x);
    const labels = readLabels(y, n);
    const classes = Int32Array.from(new Set(labels)).sort();
    const k = classes.length;
    if (k < 2) invalid(OP, `'y' must hold at least two classes, got only ${classes[0]}`);
    const kernel = makeKernel(OP, this, data, n, d);
    // Members of each class, in index order.
    const members = Array.from(classes, () => [] as number[]);
    for (let i = 0; i < n; i++) members[classes.indexOf(labels[i])].push(i);

    // Solve each pair (a, b); keep the nonzero α·y of each point per pair.
    const pairCoef = new Map<number, Float64Array>(); // key a * k + b: coefficients over members[a] ++ members[b]
    const rho = new Float64Array((k * (k - 1)) / 2);
    const nIter = new Int32Array(rho.length);
    const isSupport = new Uint8Array(n);
    let converged = true;
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++, p++) {
        const idx = [...members[a], ...members[b]];
        const sub = new Float32Array(idx.length * d);
        idx.forEach((i, r) => sub.set(data.subarray(i * d, (i + 1) * d), r * d));
        const signs = idx.map((_, r) => (r < members[a].length ? 1 : -1));
        const rows = new QRows(kernel, sub, signs, idx.length, d);
        let result;
        try {
          result = smo(rows, signs, {
            C: this.C,
            tol: this.tol,
            shrinking: this.shrinking,
            cacheBytes: this.cacheBytes,
            maxIter: this.maxIter,
          });
        } finally {
          rows.release();
        }
        const coef = result.alpha.map((al, r) => al * signs[r]);
        idx.forEach((i, r) => {
          if (coef[r] !== 0) isSupport[i] = 1;
        });
        pairCoef.set(a * k + b, coef);
        rho[p] = result.rho;
        nIter[p] = result.iterations;
        converged &&= result.converged;
      }
    }

    // Support vectors grouped by class, and their place in the list.
    const supportIndices: number[] = [];
    const place = new Int32Array(n).fill(-1);
    const nSupport = new Int32Array(k);
    members.forEach((m, c) => {
      for (const i of m) {
        if (!isSupport[i]) continue;
        place[i] = supportIndices.length;
        supportIndices.push(i);
        nSupport[c]++;
      }
    });
    const nSV = supportIndices.length;
    const vectors = new Float32Array(nSV * d);
    supportIndices.forEach((i, s) => vectors.set(data.subarray(i * d, (i + 1) * d), s * d));
    const coef = Array.from({ length: k - 1 }, () => new Float64Array(nSV));
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const pc = pairCoef.get(a * k + b)!;
        const la = members[a].length;
        members[a].forEach((i, r) => {
          if (place[i] >= 0) coef[b - 1][place[i]] = pc[r];
        });
        members[b].forEach((i, r) => {
          if (place[i] >= 0) coef[a][place[i]] = pc[la + r];
        });
      }
    }
    this.#fitted = {
      kernel,
      classes,
      d,
      vectors,
      supportIndices: Int32Array.from(supportIndices),
      nSupport,
      coef,
      rho,
      nIter,
      converged,
    };
    return this;
  }

  /** The predicted label of each row of x. */
  predict(x: Points): Int32Array {
    const f = this.#model();
    const { n, values } = this.#pairValues(x);
    const k = f.classes.length;
    const pairs = f.rho.length;
    const out = new Int32Array(n);
    const votes = new Int32Array(k);
    for (let r = 0; r < n; r++) {
      votes.fill(0);
      let p = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, p++) votes[values[r * pairs + p] > 0 ? a : b]++;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
      out[r] = f.classes[best];
    }
    return out;
  }

  /**
   * Decision values. Two classes: one per row, positive for classes[1] (scikit-learn's sign).
   * More: row-major [n, k(k−1)/2], one per pair (a, b) in the order (0,1), (0,2), … (1,2), …,
   * positive for classes[a] (scikit-learn's decision_function_shape='ovo').
   */
  decisionFunction(x: Points): Float64Array {
    const f = this.#model();
    const { values } = this.#pairValues(x);
    return f.classes.length === 2 ? values.map((v) => -v) : values;
  }

  /** The sorted class labels. */
  get classes(): Int32Array {
    return this.#model().classes.slice();
  }

  /** Indices into the training set of the support vectors, grouped by class. */
  get supportIndices(): Int32Array {
    return this.#model().supportIndices.slice();
  }

  /** The support vectors, row-major [nSV, d], in the order of supportIndices. */
  get supportVectors(): Float32Array {
    return this.#model().vectors.slice();
  }

  /** Number of support vectors of each class. */
  get nSupport(): Int32Array {
    return this.#model().nSupport.slice();
  }

  /** k − 1 rows of nSV dual coefficients α·y (see the opening comment for the layout and sign). */
  get dualCoef(): Float64Array[] {
    const f = this.#model();
    return f.coef.map((row) => (f.classes.length === 2 ? row.map((v) => -v) : row.slice()));
  }

  /** One intercept per pair of classes (see the opening comment for the sign). */
  get intercept(): Float64Array {
    const f = this.#model();
    return f.classes.length === 2 ? f.rho.slice() : f.rho.map((r) => -r);
  }

  /** SMO iterations per pair of classes. */
  get nIter(): Int32Array {
    return this.#model().nIter.slice();
  }

  /** False when maxIter stopped some dual problem before the tolerance was met. */
  get converged(): boolean {
    return this.#model().converged;
  }

  /** The resolved γ. */
  get gammaValue(): number {
    return this.#model().kernel.gamma;
  }

  #model(): Fitted {
    if (!this.#fitted) invalid(OP, 'the model must be fitted first (call fit(x, y))');
    return this.#fitted;
  }

  /** libsvm's decision value of every pair for every row of x, row-major [n, pairs]. */
  #pairValues(x: Points): { n: number; values: Float64Array } {
    const f = this.#model();
    const { data, n, d } = readPoints('x', x);
    if (d !== f.d) invalid(OP, `'x' must have ${f.d} columns as in fit, got ${d}`);
    const nSV = f.supportIndices.length;
    const K = kernelMatrix(f.kernel, data, n, f.vectors, nSV, d);
    const k = f.classes.length;
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) start[c + 1] = start[c] + f.nSupport[c];
    const pairs = f.rho.length;
    const values = new Float64Array(n * pairs);
    for (let r = 0; r < n; r++) {
      const row = r * nSV;
      let p = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, p++) {
          let s = -f.rho[p];
          const ca = f.coef[b - 1];
          const cb = f.coef[a];
          for (let s0 = start[a]; s0 < start[a + 1]; s0++) s += ca[s0] * K[row + s0];
          for (let s0 = start[b]; s0 < start[b + 1]; s0++) s += cb[s0] * K[row + s0];
          values[r * pairs + p] = s;
        }
      }
    }
    return { n, values };
  }
}

function positive(name: string, v: unknown): void {
  checkFinite(OP, name, v);
  if (v <= 0) invalid(OP, `'${name}' must be a positive number, got ${v}`);
}

function readPoints(name: string, x: Points): { data: Float32Array; n: number; d: number } {
  if (x instanceof Tensor) {
    if (x.dtype !== 'float32' || x.shape.length !== 2 || x.shape[0] < 1 || x.shape[1] < 1) {
      invalid(OP, `'${name}' must be a float32 Tensor [n, d], got ${x.dtype} [${x.shape}]`);
    }
    const data = x.toArray() as Float32Array;
    checkFiniteData(name, data);
    return { data, n: x.shape[0], d: x.shape[1] };
  }
  if (!Array.isArray(x) || x.length === 0) {
    const got = ArrayBuffer.isView(x)
      ? `a flat ${x.constructor.name} (wrap it: Tensor.from(data, [n, d]))`
      : Array.isArray(x)
        ? 'an empty array'
        : typeof x;
    invalid(OP, `'${name}' must be a Tensor [n, d] or a non-empty array of rows, got ${got}`);
  }
  const rows = x as readonly ArrayLike<number>[];
  const d = rows[0]?.length;
  if (!(d > 0)) invalid(OP, `'${name}' rows must be non-empty arrays of numbers`);
  const data = new Float32Array(rows.length * d);
  rows.forEach((row, i) => {
    if (row?.length !== d) {
      invalid(OP, `'${name}' rows must all have length ${d}, row ${i} has ${row?.length}`);
    }
    for (let k = 0; k < d; k++) data[i * d + k] = row[k];
  });
  checkFiniteData(name, data);
  return { data, n: rows.length, d };
}

function checkFiniteData(name: string, data: Float32Array): void {
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) invalid(OP, `'${name}' must be finite, got ${data[bad]} at flat index ${bad}`);
}

function readLabels(y: Labels, n: number): Int32Array {
  let values: ArrayLike<number>;
  if (y instanceof Tensor) {
    if (y.shape.length !== 1) invalid(OP, `'y' must be a Tensor [n], got [${y.shape}]`);
    values = y.toArray();
  } else {
    values = y;
  }
  if (values?.length !== n) {
    invalid(OP, `'y' must hold one label per row of x (${n}), got ${values?.length}`);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) invalid(OP, `'y' must hold integer labels, got ${v} at ${i}`);
    out[i] = v;
  }
  return out;
}
