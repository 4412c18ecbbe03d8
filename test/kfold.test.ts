import { describe, expect, it } from 'vitest';
import { data } from '../src';

const { Dataset, kfold, kfoldDatasets, regression1d, regression1dTarget, split } = data;

describe('data.kfold', () => {
  it('without a seed cuts 0 … n − 1 into contiguous folds, the first n % k one larger', () => {
    const folds = kfold(10, 3);
    expect(folds.map((f) => Array.from(f.validation))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it('with a seed shuffles first; each index validates exactly once and trains elsewhere', () => {
    for (const [n, k] of [
      [17, 5],
      [10, 10],
      [100, 10],
      [2, 2],
    ]) {
      const folds = kfold(n, k, 3);
      expect(folds).toHaveLength(k);
      const counts = new Array<number>(n).fill(0);
      folds.forEach(({ train, validation }, i) => {
        expect(validation.length).toBe(Math.floor(n / k) + (i < n % k ? 1 : 0));
        expect(train.length + validation.length).toBe(n);
        const all = [...train, ...validation].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, j) => j));
        expect(Array.from(validation)).toEqual([...validation].sort((a, b) => a - b));
        validation.forEach((j) => counts[j]++);
      });
      expect(counts.every((c) => c === 1)).toBe(true);
    }
    expect(kfold(20, 4, 3)).toEqual(kfold(20, 4, 3));
    expect(kfold(20, 4, 3)).not.toEqual(kfold(20, 4, 4));
    expect(kfold(20, 4, 3)).not.toEqual(kfold(20, 4));
  });

  it('rejects k < 2, k > n and bad seeds', () => {
    expect(() => kfold(10, 1)).toThrow("simdnet: data.kfold: 'k' must be an integer ≥ 2, got 1");
    expect(() => kfold(3, 4)).toThrow(
      "simdnet: data.kfold: 'k' (4) must be at most 'n', the number of samples (3)",
    );
    expect(() => kfold(-1, 2)).toThrow("'n' must be a non-negative integer, got -1");
    expect(() => kfold(10, 2, 0.5)).toThrow("'seed' must be an integer or undefined, got 0.5");
  });

  it('kfoldDatasets selects each fold of a data set', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i);
    const set = new Dataset(
      x,
      Int32Array.from({ length: 6 }, (_, i) => i % 2),
      [2],
    );
    const parts = kfoldDatasets(set, 3, 1);
    const folds = kfold(6, 3, 1);
    parts.forEach(({ train, validation }, i) => {
      expect(Array.from(validation.x)).toEqual(
        [...folds[i].validation].flatMap((j) => [2 * j, 2 * j + 1]),
      );
      expect(Array.from(train.y)).toEqual([...folds[i].train].map((j) => j % 2));
    });
  });
});

describe('data.split', () => {
  const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 90 ? 1 : 2));
  const set = new Dataset(Float32Array.from(labels.keys()), labels, [1]);
  const count = (y: Int32Array, c: number) => y.filter((v) => v === c).length;

  it('without stratify is Dataset.split', () => {
    const [a, b] = split(set, 0.7, { seed: 5 });
    const [c, d] = set.split(0.7, { seed: 5 });
    expect(a.x).toEqual(c.x);
    expect(b.x).toEqual(d.x);
  });

  it('with stratify keeps each class share in both parts', () => {
    const [a, b] = split(set, 0.3, { seed: 2, stratify: true });
    expect([a.length, b.length]).toEqual([30, 70]);
    expect([0, 1, 2].map((c) => count(a.y, c))).toEqual([21, 6, 3]);
    expect([0, 1, 2].map((c) => count(b.y, c))).toEqual([49, 14, 7]);
    // Disjoint and covering: the samples are their own indices.
    const all = [...a.x, ...b.x].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Labels travel with their samples.
    a.x.forEach((v, i) => expect(a.y[i]).toBe(labels[v]));
    const [again] = split(set, 0.3, { seed: 2, stratify: true });
    expect(again.x).toEqual(a.x);
  });

  it('rounds the per-class shares to the overall total', () => {
    // 3 classes of 5: 0.5 of each is 2.5; the total must be round(7.5) = 8.
    const y = Int32Array.from({ length: 15 }, (_, i) => i % 3);
    const small = new Dataset(new Float32Array(15), y, [1]);
    const [a, b] = split(small, 0.5, { stratify: true });
    expect([a.length, b.length]).toEqual([8, 7]);
    expect([0, 1, 2].map((c) => count(a.y, c))).toEqual([3, 3, 2]);
  });

  it('rejects stratify on regression targets and a bad fraction', () => {
    const { train } = regression1d({ n: 10 });
    expect(() => split(train, 0.5, { stratify: true })).toThrow(
      "simdnet: data.split: 'stratify' needs class labels",
    );
    expect(() => split(set, 2, { stratify: true })).toThrow(
      "simdnet: data.split: 'fraction' must be in [0, 1], got 2",
    );
  });
});

describe('data.regression1d', () => {
  it('draws training inputs outside the gaps and test inputs over all of [−π, π]', () => {
    const { train, test } = regression1d({ n: 400, nTest: 400, seed: 1 });
    expect([train.length, test.length]).toEqual([400, 400]);
    expect(train.sampleShape).toEqual([1]);
    expect(train.targetShape).toEqual([1]);
    expect(train.y).toBeInstanceOf(Float32Array);
    const pi = Math.PI;
    // The inputs are float32: allow their rounding at the ends of the intervals.
    const eps = 1e-6;
    const inGap = (v: number) => (v > -0.6 * pi && v < -0.4 * pi) || (v > 0.2 * pi && v < 0.4 * pi);
    expect(train.x.every((v) => v >= -pi - eps && v <= pi + eps && !inGap(v))).toBe(true);
    expect(test.x.every((v) => v >= -pi - eps && v < pi)).toBe(true);
    expect(Math.min(...test.x)).toBeLessThan(-0.9 * pi);
    expect(Math.max(...test.x)).toBeGreaterThan(0.9 * pi);
    // Each training interval gets about its share of the points (0.4π, 0.6π, 0.6π of 1.6π).
    data.REGRESSION1D_TRAIN_INTERVALS.forEach(([lo, hi]) => {
      const share = train.x.filter((v) => v >= lo - eps && v <= hi + eps).length / train.length;
      expect(Math.abs(share - (hi - lo) / (1.6 * pi))).toBeLessThan(0.06);
    });
    const gapShare = test.x.filter(inGap).length / test.length;
    expect(gapShare).toBeGreaterThan(0.13);
    expect(gapShare).toBeLessThan(0.27);
  });

  it('samples sin(x) with noise of the given std, so a perfect fit has MSE ≈ noise²', () => {
    const { train, test } = regression1d({ n: 2000, nTest: 2000, seed: 2 });
    for (const set of [train, test]) {
      let se = 0;
      set.x.forEach((v, i) => (se += (set.y[i] - regression1dTarget(v)) ** 2));
      expect(se / set.length).toBeGreaterThan(0.08);
      expect(se / set.length).toBeLessThan(0.1);
    }
    const exact = regression1d({ n: 50, noise: 0 }).train;
    exact.x.forEach((v, i) => expect(exact.y[i]).toBe(Math.fround(Math.sin(v))));
    // One period of amplitude 1 (its trough, at −π/2, lies in a gap).
    expect(Math.max(...exact.y)).toBeGreaterThan(0.8);
    expect(Math.min(...exact.y)).toBeLessThan(-0.8);
  });

  it('is deterministic for a seed and checks its options', () => {
    const a = regression1d({ seed: 4 });
    const b = regression1d({ seed: 4 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(regression1d({ seed: 5 }).train.x).not.toEqual(a.train.x);
    expect(regression1d().train.length).toBe(100);
    expect(() => regression1d({ n: 0 })).toThrow(
      "simdnet: data.regression1d: 'n' must be a positive integer, got 0",
    );
    expect(() => regression1d({ noise: -1 })).toThrow(
      "simdnet: data.regression1d: 'noise' must be a finite number ≥ 0, got -1",
    );
  });
});
