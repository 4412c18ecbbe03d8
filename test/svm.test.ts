import { beforeAll, describe, expect, it } from 'vitest';
import { data, init, Random, svm, Tensor } from '../src';
import type { Backend } from '../src';
import { expectClose, randomArray, ref, ref64, wasm } from './helpers';

// svm.SVC against what the optimum of the C-SVC dual must satisfy: the analytic
// maximum-margin separator of a separable set, the dual constraints, the KKT conditions at
// the solver's tolerance; and the E3 behaviour on circles.

beforeAll(async () => {
  await init();
});

type Rows = number[][];

function rowsOf(x: Float32Array, from: number, to: number, d = 2): Rows {
  return Array.from({ length: to - from }, (_, i) =>
    Array.from(x.subarray((from + i) * d, (from + i + 1) * d)),
  );
}

function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

// The E3 circles: 750 training points, 250 test points.
const circles = data.circles({ n: 1000, noise: 0.1, factor: 0.5, seed: 0 });
const xTrain = rowsOf(circles.x, 0, 750);
const yTrain = Array.from(circles.y.subarray(0, 750));
const xTest = rowsOf(circles.x, 750, 1000);
const yTest = Array.from(circles.y.subarray(750));

/** α_i = y_i · dualCoef per training point (0 off the support), y_i = ±1 (+1 for classes[1]). */
function dualOf(model: svm.SVC, labels: number[]): { alpha: Float64Array; signs: number[] } {
  const positive = model.classes[1];
  const signs = labels.map((l) => (l === positive ? 1 : -1));
  const alpha = new Float64Array(labels.length);
  const coef = model.dualCoef[0];
  model.supportIndices.forEach((i, s) => (alpha[i] = signs[i] * coef[s]));
  return { alpha, signs };
}

describe('svm.SVC, two classes', () => {
  it('finds the maximum-margin separator of a separable set', () => {
    // Before the map below: the classes x₁ ≥ 1 and x₁ ≤ −1, whose hulls face each other
    // along x₁ = ±1, so the maximum-margin separator is x₁ = 0 with w = (1, 0), b = 0.
    const positive = [
      [1, 0],
      [1, 1],
      [2, -1],
      [3, 0.5],
      [1.5, 2],
    ];
    const negative = [
      [-1, 0],
      [-1, 2],
      [-2, 1],
      [-3, -1],
      [-1.2, -0.5],
    ];
    // x = s·R(θ)·p + t: then w = R(θ)·(1, 0) / s, b = −w·t, and the margin is s.
    const s = 0.5;
    const theta = Math.PI / 6;
    const t = [0.3, -0.2];
    const map = ([p, q]: number[]) => [
      s * (Math.cos(theta) * p - Math.sin(theta) * q) + t[0],
      s * (Math.sin(theta) * p + Math.cos(theta) * q) + t[1],
    ];
    const x = [...positive, ...negative].map(map);
    const y = [...positive.map(() => 1), ...negative.map(() => 0)];
    const wTrue = [Math.cos(theta) / s, Math.sin(theta) / s];
    const bTrue = -(wTrue[0] * t[0] + wTrue[1] * t[1]);

    const model = new svm.SVC({ kernel: 'linear', C: 1e4, tol: 1e-6 }).fit(x, y);
    // w = Σ dualCoef_s x_s (a positive decision means classes[1] = 1).
    const w = [0, 0];
    const coef = model.dualCoef[0];
    model.supportVectors.forEach((v, k) => (w[k % 2] += coef[k >> 1] * v));
    expect(Math.abs(w[0] - wTrue[0])).toBeLessThan(1e-3);
    expect(Math.abs(w[1] - wTrue[1])).toBeLessThan(1e-3);
    expect(Math.abs(model.intercept[0] - bTrue)).toBeLessThan(1e-3);
    expect(1 / Math.hypot(w[0], w[1])).toBeCloseTo(s, 3);
    // The support vectors are the four points on x₁ = ±1.
    expect(Array.from(model.supportIndices).sort()).toEqual([0, 1, 5, 6]);
    expect(Array.from(model.nSupport)).toEqual([2, 2]);
    expect(Array.from(model.predict(x))).toEqual(y);
    // decisionFunction = w·x + b.
    const f = model.decisionFunction(x);
    x.forEach(([a, b], i) => expect(f[i]).toBeCloseTo(w[0] * a + w[1] * b + model.intercept[0], 5));
  });

  it('satisfies the dual constraints and the KKT conditions to tol', () => {
    for (const kernel of ['rbf', 'poly', 'linear', 'sigmoid'] as const) {
      const C = 1;
      const tol = 1e-3;
      const model = new svm.SVC({ kernel, degree: 2, C, tol }).fit(xTrain, yTrain);
      const { alpha, signs } = dualOf(model, yTrain);
      let sum = 0;
      alpha.forEach((a, i) => {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(C);
        sum += a * signs[i];
      });
      expect(Math.abs(sum)).toBeLessThan(1e-9);
      // The solver's gradients use float32 kernel rows; decisionFunction uses float64 ones.
      const slack = tol + 1e-5;
      const f = model.decisionFunction(xTrain);
      let free = 0;
      alpha.forEach((a, i) => {
        const yf = signs[i] * f[i];
        if (a === 0) expect(yf, `${kernel} α=0 at ${i}`).toBeGreaterThanOrEqual(1 - slack);
        else if (a === C) expect(yf, `${kernel} α=C at ${i}`).toBeLessThanOrEqual(1 + slack);
        else {
          free++;
          expect(Math.abs(yf - 1), `${kernel} 0<α<C at ${i}`).toBeLessThanOrEqual(slack);
        }
      });
      expect(free).toBeGreaterThan(0);
      expect(model.converged).toBe(true);
    }
  });

  it('separates the circles with rbf and poly degree 2, not with linear, sigmoid or odd degrees', () => {
    const score = (options: svm.SVCOptions) =>
      accuracy(new svm.SVC({ C: 1, ...options }).fit(xTrain, yTrain).predict(xTest), yTest);
    const rbf = score({ kernel: 'rbf' });
    const poly2 = score({ kernel: 'poly', degree: 2 });
    const poly3 = score({ kernel: 'poly', degree: 3 });
    expect(rbf).toBeGreaterThanOrEqual(0.93);
    expect(poly2).toBeGreaterThanOrEqual(0.93);
    expect(poly3).toBeLessThan(poly2 - 0.15);
    expect(score({ kernel: 'linear' })).toBeLessThan(0.7);
    expect(score({ kernel: 'sigmoid' })).toBeLessThan(0.7);
  });

  it('takes a Tensor as an array of rows, and labels as an int32 Tensor', () => {
    const fromRows = new svm.SVC().fit(xTrain, yTrain);
    const x = Tensor.from(circles.x.subarray(0, 1500), [750, 2]);
    const y = Tensor.fromInts(circles.y.subarray(0, 750), [750]);
    const fromTensor = new svm.SVC().fit(x, y);
    expect(Array.from(fromTensor.supportIndices)).toEqual(Array.from(fromRows.supportIndices));
    expect(Array.from(fromTensor.decisionFunction(xTest))).toEqual(
      Array.from(fromRows.decisionFunction(xTest)),
    );
    // gamma 'scale' = 1 / (d · Var(X)).
    const flat = Array.from(circles.x.subarray(0, 1500));
    const mean = flat.reduce((a, b) => a + b) / flat.length;
    const variance = flat.reduce((a, b) => a + (b - mean) ** 2, 0) / flat.length;
    expect(fromRows.gammaValue).toBeCloseTo(1 / (2 * variance), 10);
  });

  it('gives the same solution with and without shrinking, and with a cache too small for Q', () => {
    for (const options of [{ kernel: 'poly', degree: 3 }, { kernel: 'rbf' }] as svm.SVCOptions[]) {
      const tol = 1e-3;
      const shrunk = new svm.SVC({ ...options, tol }).fit(xTrain, yTrain);
      const plain = new svm.SVC({ ...options, tol, shrinking: false }).fit(xTrain, yTrain);
      // Room for 20 rows of 750 floats: rows are evicted and recomputed all the time.
      const small = new svm.SVC({ ...options, tol, cacheBytes: 20 * 750 * 4 }).fit(xTrain, yTrain);
      for (const other of [plain, small]) {
        const a = dualOf(shrunk, yTrain).alpha;
        const b = dualOf(other, yTrain).alpha;
        let worst = 0;
        a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
        // Two tol-accurate solutions of the same dual: their decision values agree to ~tol.
        expect(worst).toBeLessThan(0.05);
        const fa = shrunk.decisionFunction(xTest);
        const fb = other.decisionFunction(xTest);
        fa.forEach((v, i) => expect(Math.abs(v - fb[i])).toBeLessThan(10 * tol));
      }
    }
  });
});

describe('svm.SVC, more classes', () => {
  function blobs(seed: number, perClass: number): { x: Rows; y: number[] } {
    const rng = new Random(seed);
    const centers = [
      [0, 0],
      [4, 0],
      [0, 4],
    ];
    const x: Rows = [];
    const y: number[] = [];
    for (let k = 0; k < perClass; k++) {
      centers.forEach(([cx, cy], c) => {
        x.push([cx + 0.8 * rng.normal(), cy + 0.8 * rng.normal()]);
        y.push(c * 10 + 5); // labels 5, 15, 25: not 0 … k − 1
      });
    }
    return { x, y };
  }

  it("classifies three blobs one-vs-one, with scikit-learn's attribute layout", () => {
    const train = blobs(1, 60);
    const test = blobs(2, 100);
    const model = new svm.SVC({ kernel: 'rbf', C: 1 }).fit(train.x, train.y);
    expect(Array.from(model.classes)).toEqual([5, 15, 25]);
    expect(accuracy(model.predict(test.x), test.y)).toBeGreaterThanOrEqual(0.95);

    const nSV = model.supportIndices.length;
    expect(model.nSupport.reduce((a, b) => a + b)).toBe(nSV);
    expect(model.dualCoef.map((r) => r.length)).toEqual([nSV, nSV]);
    expect(model.intercept.length).toBe(3);
    // Grouped by class, ascending within a class.
    const classOf = Array.from(model.supportIndices, (i) => train.y[i]);
    expect(classOf).toEqual([...classOf].sort((a, b) => a - b));
    expect(model.decisionFunction(test.x).length).toBe(3 * test.x.length);

    // Pair (0, 1) is the binary problem on classes 5 and 15 alone, with libsvm's sign
    // (positive for 5) where the binary model uses scikit-learn's (positive for 15).
    const pairIdx = train.y.flatMap((l, i) => (l === 25 ? [] : [i]));
    const binary = new svm.SVC({ kernel: 'rbf', C: 1, gamma: model.gammaValue }).fit(
      pairIdx.map((i) => train.x[i]),
      pairIdx.map((i) => train.y[i]),
    );
    const multi = model.decisionFunction(test.x);
    const two = binary.decisionFunction(test.x);
    two.forEach((v, r) => expect(multi[3 * r]).toBeCloseTo(-v, 9));
    expect(binary.intercept[0]).toBeCloseTo(-model.intercept[0], 9);
  });
});

describe('svm kernel cache', () => {
  it('keeps rows right through evictions and index swaps', () => {
    const n = 7;
    const value = (i: number, j: number) => 100 * i + j;
    const order = Array.from({ length: n }, (_, i) => i); // position → original index
    const cache = new svm.KernelCache(n, 3 * n * 4, (i, start, end, out) => {
      for (let j = start; j < end; j++) out[j] = value(order[i], order[j]);
    });
    const rng = new Random(3);
    for (let step = 0; step < 300; step++) {
      if (rng.uniform() < 0.3) {
        const a = rng.int(n);
        const b = rng.int(n);
        cache.swapIndex(a, b);
        [order[a], order[b]] = [order[b], order[a]];
      } else {
        const i = rng.int(n);
        const len = 1 + rng.int(n);
        const row = cache.row(i, len);
        for (let j = 0; j < len; j++) expect(row[j]).toBe(value(order[i], order[j]));
      }
    }
    expect(cache.hits).toBeGreaterThan(0);
    expect(cache.misses).toBeGreaterThan(0);
  });

  it("computes the four kernels with scikit-learn's parameters", () => {
    const a = new Float32Array([1, 2, -1, 0.5]);
    const b = new Float32Array([0.5, -1]);
    const dotA0 = 1 * 0.5 + 2 * -1;
    const dotA1 = -1 * 0.5 + 0.5 * -1;
    const k = (name: svm.KernelName) =>
      svm.kernelMatrix({ name, gamma: 0.7, degree: 3, coef0: 0.2 }, a, 2, b, 1, 2);
    expect(Array.from(k('linear'))).toEqual([dotA0, dotA1]);
    expect(k('rbf')[0]).toBeCloseTo(Math.exp(-0.7 * (0.5 ** 2 + 3 ** 2)), 12);
    expect(k('poly')[1]).toBeCloseTo((0.7 * dotA1 + 0.2) ** 3, 12);
    expect(k('sigmoid')[0]).toBeCloseTo(Math.tanh(0.7 * dotA0 + 0.2), 12);
  });
});

describe('svm.SVC errors', () => {
  it('rejects bad options and bad data with simdnet: messages', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => new svm.SVC({ C: 0 }), /'C' must be a positive number/],
      [() => new svm.SVC({ kernel: 'cubic' as svm.KernelName }), /'kernel' must be one of/],
      [() => new svm.SVC({ gamma: -1 }), /'gamma' must be/],
      [() => new svm.SVC({ degree: 1.5 }), /'degree' must be/],
      [() => new svm.SVC({ coef0: Infinity }), /'coef0' must be a finite number/],
      [() => new svm.SVC({ maxIter: 0 }), /'maxIter' must be a positive integer/],
      [() => new svm.SVC({ cacheBytes: -1 }), /'cacheBytes' must be a positive number/],
      [() => new svm.SVC({ tol: Number.NaN }), /'tol' must be a finite number/],
      [() => new svm.SVC().fit([[0], [1]], [1, 1]), /at least two classes/],
      [() => new svm.SVC().fit([[0], [1]], [0]), /one label per row/],
      [() => new svm.SVC().fit([[0], [1]], [0, 0.5]), /integer labels/],
      [() => new svm.SVC().fit([[0, 1], [1]], [0, 1]), /rows must all have length 2/],
      [() => new svm.SVC().fit([[0], [Number.NaN]], [0, 1]), /'x' must be finite/],
      [() => new svm.SVC().fit(Tensor.from([1, 2], [2]), [0, 1]), /float32 Tensor \[n, d\]/],
      [
        () => new svm.SVC().fit(new Float32Array(4) as never, [0, 1]),
        /got a flat Float32Array \(wrap it: Tensor\.from\(data, \[n, d\]\)\)$/,
      ],
      [() => new svm.SVC().fit([], []), /got an empty array$/],
      [() => new svm.SVC().predict([[0]]), /must be fitted first/],
      [() => new svm.SVC().fit([[0], [1]], [0, 1]).predict([[0, 1]]), /must have 1 columns/],
    ];
    for (const [f, message] of bad) {
      expect(f).toThrow(/^simdnet: svm\.SVC: /);
      expect(f).toThrow(message);
    }
  });
});

describe('svm dual rows (svmKernelRow)', () => {
  /** Q_ij for j in [start, end) of point i, on `backend`, after the given exchanges. */
  function qRow(
    backend: Backend,
    kernel: svm.Kernel,
    x: Float32Array,
    signs: number[],
    d: number,
    i: number,
    start: number,
    end: number,
    exchanges: [number, number][] = [],
  ): number[] {
    const n = signs.length;
    const rows = new svm.QRows(kernel, x, signs, n, d, backend);
    for (const [a, b] of exchanges) rows.swap(a, b);
    const { heap } = backend;
    const out = heap.allocator.alloc(n * heap.floatBytes);
    const at = out / heap.floatBytes;
    rows.computeRow(i, start, end, heap.f.subarray(at, at + n));
    const row = Array.from(heap.f.subarray(at + start, at + end));
    heap.allocator.free(out);
    rows.release();
    return row;
  }

  const kernels: svm.Kernel[] = [
    { name: 'linear', gamma: 1, degree: 3, coef0: 0 },
    { name: 'rbf', gamma: 0.7, degree: 3, coef0: 0 },
    { name: 'poly', gamma: 0.4, degree: 3, coef0: 0.5 },
    { name: 'sigmoid', gamma: 0.3, degree: 3, coef0: -0.2 },
  ];

  it('wasm rows match the float64 reference and s_i s_j K(x_i, x_j), odd sizes', () => {
    const rng = new Random(11);
    for (const kernel of kernels) {
      for (const [n, d] of [
        [1, 1],
        [3, 2],
        [7, 3],
        [17, 2],
        [33, 11],
        [66, 5],
      ]) {
        const x = randomArray(rng, n * d);
        const signs = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
        const i = rng.int(n);
        const start = rng.int(n);
        const end = start + 1 + rng.int(n - start);
        const label = `${kernel.name} n ${n} d ${d} row ${i} [${start}, ${end})`;
        const got = qRow(wasm, kernel, x, signs, d, i, start, end);
        const want = qRow(ref64, kernel, x, signs, d, i, start, end);
        expectClose(got, want, { rtol: 1e-6, atol: 1e-7 }, label);
        const k = svm.kernelMatrix(kernel, x.subarray(i * d, (i + 1) * d), 1, x, n, d);
        const direct = want.map((_, t) => signs[i] * signs[start + t] * k[start + t]);
        expectClose(want, direct, { rtol: 1e-12, atol: 1e-12 }, label);
      }
    }
  });

  it('follows exchanges of points', () => {
    const n = 9;
    const d = 3;
    const rng = new Random(5);
    const x = randomArray(rng, n * d);
    const signs = [1, -1, 1, 1, -1, -1, 1, -1, 1];
    const exchanges: [number, number][] = [
      [0, 8],
      [2, 5],
      [8, 3],
    ];
    const order = Array.from({ length: n }, (_, t) => t);
    for (const [a, b] of exchanges) [order[a], order[b]] = [order[b], order[a]];
    const px = new Float32Array(n * d);
    order.forEach((from, t) => px.set(x.subarray(from * d, (from + 1) * d), t * d));
    const psigns = order.map((from) => signs[from]);
    for (const kernel of kernels) {
      const swapped = qRow(wasm, kernel, x, signs, d, 3, 0, n, exchanges);
      expect(swapped).toEqual(qRow(wasm, kernel, px, psigns, d, 3, 0, n));
    }
  });
});

describe('smo kernels: wasm vs the reference, odd sizes', () => {
  /** Lays out a random solver state on `backend` and runs the three passes. */
  function passes(backend: Backend, n: number, seed: number) {
    const rng = new Random(seed);
    const { heap, kernels } = backend;
    const fb = heap.floatBytes;
    const [G, QD, out] = [
      heap.allocator.alloc(8 * n),
      heap.allocator.alloc(8 * n),
      heap.allocator.alloc(8),
    ];
    const [up, low] = [heap.allocator.alloc(4 * n), heap.allocator.alloc(4 * n)];
    const [signs, Qi, Qj] = [0, 1, 2].map(() => heap.allocator.alloc(n * fb));
    const d = heap.f64;
    const f = heap.f;
    const m = heap.i32;
    for (let t = 0; t < n; t++) {
      // Coarse values, so that ties happen and the tie rule is exercised.
      d[G / 8 + t] = Math.round(4 * rng.uniform() - 2) / 2;
      d[QD / 8 + t] = 0.5 + rng.int(3) / 2;
      f[signs / fb + t] = rng.uniform() < 0.5 ? -1 : 1;
      f[Qi / fb + t] = Math.round(8 * rng.uniform() - 4) / 4;
      f[Qj / fb + t] = rng.uniform() - 0.5;
      m[up / 4 + t] = rng.uniform() < 0.6 ? -1 : 0;
      m[low / 4 + t] = rng.uniform() < 0.6 ? -1 : 0;
    }
    const active = Math.max(1, n - rng.int(3));
    const i = kernels.smoSelectUp(active, G, signs, up);
    const gMax = i < 0 ? 0 : -heap.f[signs / fb + i] * heap.f64[G / 8 + i];
    const j = kernels.smoSelectLow(active, Math.max(i, 0), gMax, G, QD, signs, low, Qi, out);
    const gMax2 = heap.f64[out / 8];
    kernels.smoAddRows(active, G, Qi, 0.3, Qj, -1.7);
    const g = Array.from(heap.f64.subarray(G / 8, G / 8 + n));
    for (const p of [G, QD, out, up, low, signs, Qi, Qj]) heap.allocator.free(p);
    return { i, j, gMax2, g };
  }

  it('pick the same pair, the same max and the same gradient', () => {
    for (const n of [1, 2, 3, 5, 8, 17, 31, 64, 101]) {
      for (let seed = 0; seed < 6; seed++) {
        const got = passes(wasm, n, 100 * n + seed);
        const want = passes(ref, n, 100 * n + seed);
        expect(got, `n ${n} seed ${seed}`).toEqual(want);
      }
    }
  });

  it('the solver on the float64 reference backend finds the wasm solution', () => {
    const n = 120;
    const x = circles.x.subarray(0, 2 * n);
    const signs = Array.from(circles.y.subarray(0, n), (l) => (l === 1 ? 1 : -1));
    const kernel: svm.Kernel = { name: 'rbf', gamma: 1.5, degree: 3, coef0: 0 };
    const solve = (backend: Backend) => {
      const rows = new svm.QRows(kernel, x, signs, n, 2, backend);
      const options = { C: 1, tol: 1e-3, shrinking: true, cacheBytes: 8 * n * 4 };
      try {
        return svm.smo(rows, signs, options);
      } finally {
        rows.release();
      }
    };
    const a = solve(wasm);
    const b = solve(ref64);
    expect(a.converged && b.converged).toBe(true);
    expectClose(a.alpha, b.alpha, { rtol: 1e-4, atol: 1e-5 }, 'alpha');
    expect(a.rho).toBeCloseTo(b.rho, 4);
  });
});
