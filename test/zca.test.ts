import { describe, expect, it } from 'vitest';
import { data, init, Random, Tensor } from '../src';
import { symmetricEigen } from '../src/data/transforms/symmetric-eigen';
import { basis, covariance, fit, Zca, ZCA_KEY } from '../src/data/transforms/zca';
import { expectClose, ref } from './helpers';

await init();

const N = 2000;
const SHAPE = [3, 4, 4];
const D = 48;

/**
 * N samples of D correlated values: iid normals times a mixing matrix I + G/√D (G normal,
 * so the covariance is well conditioned but far from diagonal), plus an offset per value.
 */
function correlated(seed: number, n = N, d = D): Float32Array {
  const rng = new Random(seed);
  const mix = Float64Array.from(
    { length: d * d },
    (_, i) => (i % (d + 1) === 0 ? 1 : 0) + rng.normal() / Math.sqrt(d),
  );
  const x = new Float32Array(n * d);
  const z = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < d; k++) z[k] = rng.normal();
    for (let j = 0; j < d; j++) {
      let v = 2 + j / d;
      for (let k = 0; k < d; k++) v += z[k] * mix[k * d + j];
      x[s * d + j] = v;
    }
  }
  return x;
}

/** Mean and covariance (divided by n) of n rows of d values, in float64. */
function moments(x: ArrayLike<number>, n: number, d: number) {
  const mean = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) mean[j] += x[s * d + j] / n;
  const cov = new Float64Array(d * d);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      const xi = x[s * d + i] - mean[i];
      for (let j = 0; j < d; j++) cov[i * d + j] += (xi * (x[s * d + j] - mean[j])) / n;
    }
  }
  return { mean, cov };
}

/** max |a − b| over all elements. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const identity = (d: number) =>
  Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));

/** Uᵀ M U for eigenvectors stored as rows (U's columns): M in the eigenbasis. */
function inBasis(m: ArrayLike<number>, rows: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  const mu = new Float64Array(d);
  for (let l = 0; l < d; l++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += m[i * d + j] * rows[l * d + j];
      mu[i] = s;
    }
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += rows[k * d + i] * mu[i];
      out[k * d + l] = s;
    }
  }
  return out;
}

describe('zca.fit', () => {
  const x = correlated(1);

  it('whitens: zero mean and identity covariance with a small eps', () => {
    const xt = Tensor.from(x, [N, ...SHAPE]);
    const zca = fit(xt, { eps: 1e-6 });
    const white = zca.apply(xt);
    expect(white.shape).toEqual([N, ...SHAPE]);
    const { mean, cov } = moments(white.toArray(), N, D);
    expect(maxDiff(mean, new Float64Array(D))).toBeLessThan(1e-4);
    expect(maxDiff(cov, identity(D))).toBeLessThan(1e-3);
    // The input really was correlated.
    expect(maxDiff(moments(x, N, D).cov, identity(D))).toBeGreaterThan(0.3);
  });

  it('with a larger eps, the whitened covariance is diag(λ/(λ + eps)) in the eigenbasis', () => {
    const eps = 0.5;
    const b = basis(Tensor.from(x, [N, D]));
    const zca = fit(b, { eps });
    const { cov } = moments(zca.applyArray(x, N), N, D);
    const expected = new Float64Array(D * D);
    b.eigenvalues.forEach((l, k) => (expected[k * D + k] = l / (l + eps)));
    expect(maxDiff(inBasis(cov, b.eigenvectors, D), expected)).toBeLessThan(1e-5);
    expect(zca.eigenvalues).toEqual(b.eigenvalues);
    expect(b.eigenvalues[0] / b.eigenvalues[D - 1]).toBeGreaterThan(10); // eps mattered
  });

  it('W is exactly symmetric and equals U diag(1/√(λ + eps)) Uᵀ', () => {
    const eps = 0.1;
    const b = basis(Tensor.from(x, [N, D]));
    const w = fit(b, { eps }).matrix;
    for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) expect(w[i * D + j]).toBe(w[j * D + i]);
    const expected = new Float64Array(D * D);
    for (let k = 0; k < D; k++) {
      const g = 1 / Math.sqrt(b.eigenvalues[k] + eps);
      const u = b.eigenvectors.subarray(k * D, (k + 1) * D);
      for (let i = 0; i < D; i++)
        for (let j = 0; j < D; j++) expected[i * D + j] += g * u[i] * u[j];
    }
    expectClose(w, expected, { rtol: 1e-5, atol: 1e-6 }, 'W');
  });

  it('computes the covariance as float64 does, from a tensor or a data set alike', () => {
    const { mean, cov } = moments(x, N, D);
    const c = covariance(Tensor.from(x, [N, ...SHAPE]));
    expect(c.count).toBe(N);
    expect(c.sampleShape).toEqual(SHAPE);
    expectClose(c.mean, mean, { rtol: 1e-12, atol: 1e-12 }, 'mean');
    expectClose(c.matrix, cov, { rtol: 1e-5, atol: 1e-6 }, 'covariance');
    const set = new data.Dataset(x, new Int32Array(N), SHAPE);
    expect(covariance(set)).toEqual(c);
    expect(fit(set).matrix).toEqual(fit(Tensor.from(x, [N, ...SHAPE])).matrix);
  });

  it('fit(basis(x), options) is fit(x, options), and the default eps is 1e-2', () => {
    const xt = Tensor.from(x, [N, D]);
    const direct = fit(xt);
    expect(direct.eps).toBe(1e-2);
    expect(fit(basis(xt), { eps: 1e-2 }).matrix).toEqual(direct.matrix);
    expect(fit(basis(covariance(xt))).matrix).toEqual(direct.matrix);
  });

  it('agrees with the reference backend', () => {
    const wasm = fit(Tensor.from(x, [N, D]), { eps: 0.1 });
    const reference = fit(Tensor.from(x, [N, D], { backend: ref }), { eps: 0.1 });
    expectClose(wasm.matrix, reference.matrix, { rtol: 1e-4, atol: 1e-5 }, 'W');
    const xt = Tensor.from(x.subarray(0, 10 * D), [10, D], { backend: ref });
    expectClose(reference.apply(xt).toArray(), wasm.applyArray(xt.toArray(), 10), {
      rtol: 1e-4,
      atol: 1e-5,
    });
  });

  it('whitens a small CIFAR-like set of smooth images', () => {
    // Images [3, 8, 8]: a random 4 × 4 pattern per channel, upsampled, plus some noise, so
    // that neighbouring pixels and the channels are strongly correlated.
    const [n, c, h] = [1200, 3, 8];
    const d = c * h * h;
    const rng = new Random(5);
    const images = new Float32Array(n * d);
    for (let s = 0; s < n; s++) {
      const coarse = Float64Array.from({ length: 16 }, () => rng.uniform());
      const tint = [rng.uniform(), rng.uniform(), rng.uniform()];
      for (let ch = 0; ch < c; ch++) {
        for (let y = 0; y < h; y++) {
          for (let xx = 0; xx < h; xx++) {
            const v = 0.6 * coarse[(y >> 1) * 4 + (xx >> 1)] + 0.3 * tint[ch];
            images[s * d + (ch * h + y) * h + xx] = v + 0.05 * rng.uniform();
          }
        }
      }
    }
    const set = new data.Dataset(images, new Int32Array(n), [c, h, h]);
    const eps = 1e-4;
    const b = basis(set);
    const { cov } = moments(fit(b, { eps }).applyArray(images, n), n, d);
    const expected = new Float64Array(d * d);
    b.eigenvalues.forEach((l, k) => (expected[k * d + k] = l / (l + eps)));
    expect(maxDiff(inBasis(cov, b.eigenvectors, d), expected)).toBeLessThan(1e-3);
    expect(b.eigenvalues[0] / b.eigenvalues[d - 1]).toBeGreaterThan(1e3);
  });
});

describe('Zca', () => {
  const x = correlated(2, 300, 12);
  const zca = fit(Tensor.from(x, [300, 3, 2, 2]), { eps: 0.05 });

  it('apply on a tensor gives the numbers of applyArray, flattened or not', () => {
    const xt = Tensor.from(x, [300, 3, 2, 2]);
    const rows = zca.applyArray(x, 300);
    expect(zca.apply(xt).toArray()).toEqual(rows);
    expect(zca.apply(Tensor.from(x, [300, 12])).toArray()).toEqual(rows);
    const one = new Float32Array(12);
    zca.image({ data: x.subarray(12, 24) }, one);
    expectClose(one, rows.subarray(12, 24), { rtol: 1e-6, atol: 1e-6 });
    expect(zca.apply(Tensor.from(x.subarray(12, 24), [3, 2, 2])).toArray()).toEqual(one);
    expect(zca.applyArray(new Float32Array(0), 0)).toEqual(new Float32Array(0));
    // Transform's form, as Compose calls it.
    expect(zca.applyArray(x, 300, [3, 2, 2], new Random(0))).toEqual({
      data: rows,
      shape: [3, 2, 2],
    });
    expect(zca.outputShape([3, 2, 2])).toEqual([3, 2, 2]);
  });

  it('composes with the other transforms', () => {
    const rows = zca.applyArray(x, 300);
    const composed = data.transforms.compose([zca]);
    expect(composed.applyArray(x, 300, [3, 2, 2], new Random(0)).data).toEqual(rows);
    expect(composed.apply(Tensor.from(x, [300, 3, 2, 2])).toArray()).toEqual(rows);
  });

  it('whitens more rows than one GEMM block holds', () => {
    const many = correlated(3, 2500, 12);
    const out = zca.applyArray(many, 2500);
    expect(out.subarray(2400 * 12)).toEqual(zca.applyArray(many.subarray(2400 * 12), 100));
  });

  it('survives JSON and model metadata exactly', () => {
    const back = Zca.fromJSON(JSON.stringify(zca));
    expect(back.sampleShape).toEqual([3, 2, 2]);
    expect(back.eps).toBe(0.05);
    expect(back.mean).toEqual(zca.mean);
    expect(back.matrix).toEqual(zca.matrix);
    expect(back.eigenvalues).toEqual(zca.eigenvalues);
    expect(back.applyArray(x, 300)).toEqual(zca.applyArray(x, 300));
    const metadata = zca.metadata();
    expect(Object.keys(metadata)).toEqual([ZCA_KEY]);
    expect(Zca.fromMetadata(metadata)?.matrix).toEqual(zca.matrix);
    expect(Zca.fromMetadata({ other: '1' })).toBeUndefined();
  });

  it('rejects bad input with simdnet errors', () => {
    const xt = Tensor.from(x, [300, 12]);
    for (const eps of [0, -1, NaN, Infinity, '0.1']) {
      expect(() => fit(xt, { eps: eps as number })).toThrow(
        /^simdnet: zca\.fit: 'eps' must be a finite number > 0/,
      );
    }
    expect(() => fit(Tensor.from(x.subarray(0, 12), [1, 12]))).toThrow(
      /^simdnet: zca\.covariance: 'x' must hold at least 2 samples, got 1/,
    );
    expect(() => fit(Tensor.from(x, [3600]))).toThrow(/batch of samples \[N, \.\.\.\]/);
    const bad = x.slice();
    bad[5 * 12 + 7] = NaN;
    expect(() => fit(Tensor.from(bad, [300, 12]))).toThrow(
      /^simdnet: zca\.covariance: 'x' holds NaN at value 7 of sample 5; all must be finite/,
    );
    expect(() => zca.apply(Tensor.from(x.subarray(0, 22), [2, 11]))).toThrow(
      /^simdnet: Zca\.apply: 'x' \[2,11\] has 11 values per sample; the whitening is for samples \[3,2,2\] \(12 values\)/,
    );
    expect(() => zca.applyArray(x, 299)).toThrow(/^simdnet: Zca\.applyArray: 'data' has 3600/);
    expect(() => zca.applyArray(x, 300, [3, 2, 3], new Random(0))).toThrow(
      /^simdnet: Zca\.applyArray: images \[3,2,3\] are not samples \[3,2,2\]/,
    );
    expect(() => zca.image({ data: x }, new Float32Array(12))).toThrow(/^simdnet: Zca\.image/);
    expect(() => Zca.fromJSON('{"format":"other"}')).toThrow(/^simdnet: Zca\.fromJSON/);
    expect(
      () =>
        new Zca({
          sampleShape: [12],
          eps: 0.1,
          mean: new Float32Array(12),
          matrix: new Float32Array(143),
          eigenvalues: new Float64Array(12),
        }),
    ).toThrow(/^simdnet: Zca: 'matrix' must be a Float32Array of 144 values/);
  });
});

describe('symmetricEigen', () => {
  /** A random orthogonal n × n matrix: Gram–Schmidt (twice) on normal columns, as rows. */
  function orthogonal(rng: Random, n: number): Float64Array {
    const q = Float64Array.from({ length: n * n }, () => rng.normal());
    for (let k = 0; k < n; k++) {
      const row = q.subarray(k * n, (k + 1) * n);
      for (let pass = 0; pass < 2; pass++) {
        for (let l = 0; l < k; l++) {
          const other = q.subarray(l * n, (l + 1) * n);
          const dot = row.reduce((s, v, i) => s + v * other[i], 0);
          row.forEach((v, i) => (row[i] = v - dot * other[i]));
        }
      }
      const norm = Math.hypot(...row);
      row.forEach((v, i) => (row[i] = v / norm));
    }
    return q;
  }

  /** Σ_k λ_k u_k u_kᵀ for eigenvectors as rows (as many as there are values). */
  function compose(values: ArrayLike<number>, rows: Float64Array, n: number): Float64Array {
    const a = new Float64Array(n * n);
    for (let k = 0; k < values.length; k++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) a[i * n + j] += values[k] * rows[k * n + i] * rows[k * n + j];
      }
    }
    return a;
  }

  /** Checks A = U diag(λ) Uᵀ, UᵀU = I and the descending order, to `tol` · max |λ|. */
  function expectDecomposes(a: Float64Array, n: number, tol = 1e-13): Float64Array {
    const { values, vectors } = symmetricEigen(a, n);
    const scale = Math.max(1, ...Array.from(values, Math.abs));
    expect(maxDiff(compose(values, vectors, n), a)).toBeLessThan(tol * scale * n);
    expect(maxDiff(inBasis(identity(n), vectors, n), identity(n))).toBeLessThan(tol * n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    return values;
  }

  it('recovers known eigenvalues, repeated ones included', () => {
    const rng = new Random(11);
    const lambdas = [7, 3, 3, 3, 1e-3, 0, 0, -2, -2, 5, 1, 1, 1, 1, 0.5, -7, 3, 2, 2, 9];
    const n = lambdas.length;
    const a = compose(lambdas, orthogonal(rng, n), n);
    const values = expectDecomposes(a, n);
    expectClose(
      values,
      [...lambdas].sort((p, q) => q - p),
      { rtol: 0, atol: 1e-13 * 9 * n },
    );
  });

  it('decomposes random matrices of odd sizes, across the block boundaries', () => {
    const rng = new Random(12);
    for (const n of [1, 2, 3, 5, 16, 17, 18, 19, 33, 50]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
      }
      expectDecomposes(a, n);
    }
  });

  it('handles matrices that are already (partly) reduced', () => {
    const n = 21;
    const rng = new Random(13);
    const diagonal = Float64Array.from({ length: n * n }, (_, i) =>
      i % (n + 1) === 0 ? rng.normal() : 0,
    );
    expectDecomposes(diagonal, n);
    expect(symmetricEigen(new Float64Array(n * n), n).values).toEqual(new Float64Array(n));
    const tridiagonal = Float64Array.from(diagonal);
    for (let i = 1; i < n; i++) tridiagonal[i * n + i - 1] = tridiagonal[(i - 1) * n + i] = 1;
    expectDecomposes(tridiagonal, n);
    // A zero row and column in the middle, and a rank-one block.
    const a = compose([4, 1, -1], orthogonal(rng, n).subarray(0, 3 * n), n);
    for (let i = 0; i < n; i++) a[i * n + 5] = a[5 * n + i] = 0;
    expectDecomposes(a, n);
  });

  it('reads only the lower triangle and leaves the input alone', () => {
    const a = Float64Array.from([2, 99, 1, 3]);
    const copy = Float64Array.from(a);
    const { values } = symmetricEigen(a, 2);
    expect(a).toEqual(copy);
    expectClose(values, [(5 + Math.sqrt(5)) / 2, (5 - Math.sqrt(5)) / 2], { atol: 1e-15 });
  });

  it('rejects bad input', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(
      /^simdnet: symmetricEigen: 'a' has 5 values, expected n² = 4/,
    );
    expect(() => symmetricEigen([1, 0, NaN, 1], 2)).toThrow(
      /'a' must be finite, got NaN at \[1, 0\]/,
    );
    expect(() => symmetricEigen([], 0)).toThrow(/'n' must be a positive integer/);
  });
});
