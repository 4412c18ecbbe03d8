import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import { expectClose, randomArray, ref, ref64, releaseAll, tensorOn, wasm } from './helpers';

const SIZES = [1, 3, 5, 7, 17, 33, 64, 100, 257, 1000, 4099, 100003];
const EPS = 2 ** -24; // unit roundoff of float32

/**
 * Error bound of the wasm sums over `terms` values whose magnitudes add up to `abs`: each
 * float32 partial sum takes at most 1024/16 values plus a tail of 15, the lanes combine in
 * a few more additions, blocks add up in float64, and the result is rounded once to float32.
 * So the bound grows with n up to a block, then stays (n·2⁻²⁴·Σ|x| would be useless at 10⁵).
 */
const blockedTolerance = (terms: number, abs: number) =>
  (Math.min(terms, 1024) / 16 + 20) * EPS * abs;

/** Largest Σ|x| over the groups of `x` that `groupOf(i)` assigns to `groups` outputs. */
function maxGroupAbs(x: ArrayLike<number>, groups: number, groupOf: (i: number) => number): number {
  const sums = new Float64Array(groups);
  for (let i = 0; i < x.length; i++) sums[groupOf(i)] += Math.abs(x[i]);
  return Math.max(...sums);
}

const absSum = (x: ArrayLike<number>, f = (v: number) => Math.abs(v)) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += f(x[i]);
  return s;
};

describe('reduce kernels: wasm vs reference', () => {
  it('sum, mean and sumSquares match the float64 sum within (min(n, 1024)/16 + 20)·2⁻²⁴·Σ|x|', () => {
    const rng = new Random(61);
    for (const n of SIZES) {
      const x = randomArray(rng, n);
      const xa = tensorOn(wasm, x, [n]);
      const xe = tensorOn(ref64, x, [n]);
      const xf = tensorOn(ref, x, [n]);
      const tol = blockedTolerance(n, absSum(x));
      const tolSq = blockedTolerance(
        n,
        absSum(x, (v) => v * v),
      );
      expectClose([ops.sum(xa)], [ops.sum(xe)], { rtol: 0, atol: tol }, `sum n=${n}`);
      expectClose([ops.sum(xf)], [ops.sum(xe)], { rtol: EPS, atol: 0 }, `ref sum n=${n}`);
      expectClose([ops.mean(xa)], [ops.mean(xe)], { rtol: 0, atol: tol / n }, `mean n=${n}`);
      const sq = [ops.sumSquares(xa)];
      expectClose(sq, [ops.sumSquares(xe)], { rtol: 0, atol: tolSq }, `sumSquares n=${n}`);
      releaseAll(xa, xe, xf);
    }
  });

  it('sums small integers exactly (no element dropped or counted twice)', () => {
    const rng = new Random(62);
    for (const n of SIZES) {
      const x = Float32Array.from(randomArray(rng, n, -8, 8), Math.round);
      let s = 0;
      let s2 = 0;
      for (const v of x) {
        s += v;
        s2 += v * v;
      }
      const t = tensorOn(wasm, x, [n]);
      expect(ops.sum(t), `sum n=${n}`).toBe(s);
      expect(ops.sumSquares(t), `sumSquares n=${n}`).toBe(s2);
      t.release();
    }
  });

  it('gives the same bits for the same values wherever they sit in memory', () => {
    const rng = new Random(63);
    const n = 5003;
    const x = randomArray(rng, n + 3);
    const t = tensorOn(wasm, x, [n + 3]);
    const alone = tensorOn(wasm, x.subarray(1, n + 1), [n]);
    const shifted = wasm.kernels.sum(t.ptr + 4, n); // unaligned start
    expect(shifted).toBe(ops.sum(alone));
    expect(wasm.kernels.sumSquares(t.ptr + 4, n)).toBe(ops.sumSquares(alone));
    releaseAll(t, alone);
  });

  it('sumColumns (float32, row by row) matches within rows·2⁻²⁴·Σ|column|', () => {
    const rng = new Random(64);
    for (const rows of [1, 3, 64, 257]) {
      for (const cols of [1, 3, 5, 7, 17, 33, 64, 100]) {
        const x = randomArray(rng, rows * cols);
        const a = ops.sumColumns(tensorOn(wasm, x, [rows, cols]));
        const e = ops.sumColumns(tensorOn(ref64, x, [rows, cols]));
        expect(a.shape).toEqual([cols]);
        const atol = rows * EPS * maxGroupAbs(x, cols, (i) => i % cols);
        expectClose(a.toArray(), e.toFloat64Array(), { rtol: 0, atol }, `[${rows}, ${cols}]`);
        releaseAll(a, e);
      }
    }
  });

  it('sumChannels over a range of channels leaves the others untouched', () => {
    const rng = new Random(66);
    const [n, c, hw] = [3, 5, 7];
    const x = randomArray(rng, n * c * hw);
    for (const backend of [wasm, ref64]) {
      const input = tensorOn(backend, x, [n, c, hw]);
      const whole = ops.sumChannels(input).toArray();
      const y = Tensor.full([c], -7, { backend });
      backend.kernels.sumChannels(input.ptr, n, c, hw, 1, 4, y.ptr);
      expect(y.toArray()).toEqual(
        Float32Array.from(whole, (v, ch) => (ch >= 1 && ch < 4 ? v : -7)),
      );
      releaseAll(input, y);
    }
  });

  it('sumChannels matches on [N, C, H, W] and [N, C] within the blocked bound per plane', () => {
    const rng = new Random(65);
    const shapes = [
      [1, 1, 1, 1],
      [2, 3, 5, 7],
      [3, 5, 17, 1],
      [64, 8, 12, 12],
      [2, 3, 33, 33],
      [7, 5],
      [257, 3],
    ];
    for (const shape of shapes) {
      const x = randomArray(
        rng,
        shape.reduce((a, b) => a * b),
      );
      const a = ops.sumChannels(tensorOn(wasm, x, shape));
      const e = ops.sumChannels(tensorOn(ref64, x, shape));
      expect(a.shape).toEqual([shape[1]]);
      const [n, c] = shape;
      const hw = x.length / (n * c);
      const atol = blockedTolerance(
        hw,
        maxGroupAbs(x, c, (i) => Math.floor(i / hw) % c),
      );
      expectClose(a.toArray(), e.toFloat64Array(), { rtol: 0, atol }, `[${shape}]`);
      releaseAll(a, e);
    }
  });

  it('argmaxRows returns the first maximum (ties, −∞, NaN) exactly as the reference', () => {
    const rng = new Random(66);
    for (const rows of [1, 3, 17]) {
      for (const cols of [1, 2, 5, 10, 33]) {
        // Values from {−1, 0, 1}: many ties.
        const x = Float32Array.from(randomArray(rng, rows * cols), Math.round);
        const a = ops.argmaxRows(tensorOn(wasm, x, [rows, cols]));
        const e = ops.argmaxRows(tensorOn(ref, x, [rows, cols]));
        expect(a).toBeInstanceOf(Int32Array);
        expect(a, `[${rows}, ${cols}]`).toEqual(e);
      }
    }
    const special = [
      [3, 1, 3, 2],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [1, NaN, 5, NaN],
      [-Infinity, 2, Infinity, 0],
    ];
    for (const backend of [wasm, ref]) {
      const t = tensorOn(backend, special.flat(), [4, 4]);
      expect(Array.from(ops.argmaxRows(t))).toEqual([0, 0, 1, 2]);
      t.release();
    }
  });
});

describe('reduce ops: argument checks', () => {
  it('rejects wrong ranks and dtypes by name, allocating nothing', () => {
    const v = Tensor.zeros([5], { backend: wasm });
    const cube = Tensor.zeros([2, 3, 4], { backend: wasm });
    const ints = Tensor.fromInts([1, 2, 3], [3], { backend: wasm });
    const live = wasm.liveTensors;
    expect(() => ops.sumColumns(cube)).toThrow(/ops\.sumColumns: 'x' must have 2 dimensions/);
    expect(() => ops.sumChannels(v)).toThrow(
      /ops\.sumChannels: 'x' must be \[N, C, \.\.\.spatial\]/,
    );
    expect(() => ops.argmaxRows(v)).toThrow(/ops\.argmaxRows: 'x' must have 2 dimensions/);
    expect(() => ops.sum(ints as never)).toThrow(/ops\.sum: 'x' must be float32, got int32/);
    expect(wasm.liveTensors).toBe(live);
    v.release();
    expect(() => ops.mean(v)).toThrow(/ops\.mean: 'x' was released/);
    releaseAll(cube, ints);
  });
});
