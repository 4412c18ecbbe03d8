import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import {
  dot,
  expectClose,
  finiteDifferences,
  randomArray,
  ref,
  ref64,
  releaseAll,
  tensorOn,
  wasm,
} from './helpers';

type Pair = [number, number];

interface PoolCase {
  shape: number[];
  kernel: Pair;
  stride: Pair;
  padding: Pair;
}

/** Odd sizes, square and non-square kernels, strides 1–3, every padding up to half the kernel. */
function cases(): PoolCase[] {
  const sizes: Pair[] = [
    [1, 1],
    [3, 5],
    [7, 7],
    [17, 8],
    [6, 33],
  ];
  const kernels: Pair[] = [
    [1, 1],
    [2, 2],
    [3, 3],
    [2, 3],
    [3, 1],
  ];
  const strides: Pair[] = [
    [1, 1],
    [2, 2],
    [3, 3],
    [1, 2],
    [3, 2],
  ];
  const out: PoolCase[] = [];
  let i = 0;
  for (const [h, w] of sizes)
    for (const kernel of kernels)
      for (const stride of strides)
        for (let ph = 0; 2 * ph <= kernel[0]; ph++)
          for (let pw = 0; 2 * pw <= kernel[1]; pw++) {
            if (h + 2 * ph < kernel[0] || w + 2 * pw < kernel[1]) continue;
            const planes = [1, 3, 2][i++ % 3];
            out.push({ shape: [planes, 1 + (i % 2), h, w], kernel, stride, padding: [ph, pw] });
          }
  return out;
}

const label = (c: PoolCase) => `x [${c.shape}] k ${c.kernel} s ${c.stride} p ${c.padding}`;
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b);
const options = (c: PoolCase) => ({ kernel: c.kernel, stride: c.stride, padding: c.padding });

/** Distinct values (a shuffled grid 0.01 apart): finite differences never flip a max. */
function distinct(rng: Random, n: number): Float64Array {
  const v = Float64Array.from({ length: n }, (_, i) => (i - n / 2) * 0.01);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

describe('pool kernels: wasm vs reference', () => {
  const all = cases();

  it(`maxPool2d: identical maxima and argmax on ${all.length} geometries, with and without ties`, () => {
    const rng = new Random(41);
    for (const c of all) {
      // Continuous values, then values from {−1, 0, 1} (many ties: the first maximum must win).
      for (const x of [
        randomArray(rng, sizeOf(c.shape)),
        Float32Array.from(randomArray(rng, sizeOf(c.shape)), (v) => Math.round(v)),
      ]) {
        const a = ops.maxPool2d(tensorOn(wasm, x, c.shape), options(c));
        const e = ops.maxPool2d(tensorOn(ref, x, c.shape), options(c));
        expect(a.y.shape).toEqual(e.y.shape);
        expectClose(a.y.toArray(), e.y.toArray(), { rtol: 0, atol: 0 }, `y ${label(c)}`);
        expect(a.argmax.toArray(), `argmax ${label(c)}`).toEqual(e.argmax.toArray());
        releaseAll(a.y, a.argmax, e.y, e.argmax);
      }
    }
  });

  it('maxPool2d: padding never wins, the first pixel wins ties, NaN propagates', () => {
    // All −2 with padding 1: every window's max is −2 (not the padding's 0) at its first real pixel.
    const x = Tensor.full([1, 1, 3, 4], -2, { backend: wasm });
    const { y, argmax } = ops.maxPool2d(x, { kernel: 3, stride: 2, padding: 1 });
    expect(Array.from(y.toArray())).toEqual([-2, -2, -2, -2]);
    expect(Array.from(argmax.toArray())).toEqual([0, 1, 4, 5]);
    // −∞ everywhere still points at a real pixel.
    const inf = Tensor.full([1, 1, 2, 2], -Infinity, { backend: wasm });
    const r = ops.maxPool2d(inf, { kernel: 2, stride: 1, padding: 1 });
    expect(Array.from(r.argmax.toArray())).toEqual([0, 0, 1, 0, 0, 1, 2, 2, 3]);
    // The first NaN of a window wins over numbers and later NaNs, in both backends.
    const values = [1, NaN, 3, NaN, 5, 6, 7, 8, 9];
    for (const backend of [wasm, ref]) {
      const m = ops.maxPool2d(tensorOn(backend, values, [1, 1, 3, 3]), { kernel: 2, stride: 1 });
      expect(Array.from(m.y.toArray())).toEqual([NaN, NaN, NaN, 9]);
      expect(Array.from(m.argmax.toArray())).toEqual([1, 1, 3, 8]);
      releaseAll(m.y, m.argmax);
    }
    releaseAll(x, y, argmax, inf, r.y, r.argmax);
  });

  it('maxPool2dBackward (exact) and avgPool2d, avgPool2dBackward (rtol 1e-6, atol 1e-7)', () => {
    const rng = new Random(42);
    for (const c of all.filter((_, i) => i % 3 === 0)) {
      const x = randomArray(rng, sizeOf(c.shape));
      const results = [wasm, ref].map((backend) => {
        const xt = tensorOn(backend, x, c.shape);
        const { y, argmax } = ops.maxPool2d(xt, options(c));
        const dy = tensorOn(backend, randomArray(new Random(7), y.size), y.shape as number[]);
        const dxMax = ops.maxPool2dBackward(dy, argmax, c.shape);
        const avg = ops.avgPool2d(xt, options(c));
        const dxAvg = ops.avgPool2dBackward(dy, c.shape, options(c));
        const out = [dxMax, avg, dxAvg].map((t) => t.toArray());
        releaseAll(xt, y, argmax, dy, dxMax, avg, dxAvg);
        return out;
      });
      const [a, e] = results;
      expectClose(a[0], e[0], { rtol: 0, atol: 0 }, `maxPool2dBackward ${label(c)}`);
      expectClose(a[1], e[1], { rtol: 1e-6, atol: 1e-7 }, `avgPool2d ${label(c)}`);
      expectClose(a[2], e[2], { rtol: 1e-6, atol: 1e-7 }, `avgPool2dBackward ${label(c)}`);
    }
  });
});

describe('pool backward: finite differences in float64', () => {
  // f(x) = Σ r ⊙ pool(x). Both pools are piecewise linear and no max flips within the step,
  // so differences are exact up to rounding: ref64 to rtol 1e-7, wasm (float32) to rtol 1e-5.
  const GRAD_CASES: PoolCase[] = [
    { shape: [2, 3, 6, 7], kernel: [2, 2], stride: [2, 2], padding: [0, 0] },
    { shape: [1, 2, 7, 5], kernel: [3, 3], stride: [1, 1], padding: [1, 1] },
    { shape: [2, 1, 9, 8], kernel: [3, 2], stride: [2, 3], padding: [1, 0] },
    { shape: [1, 1, 5, 17], kernel: [1, 3], stride: [1, 2], padding: [0, 1] },
  ];
  const tolerances = [
    [ref64, { rtol: 1e-7, atol: 1e-9 }],
    [wasm, { rtol: 1e-5, atol: 1e-7 }],
  ] as const;

  for (const c of GRAD_CASES) {
    it(`maxPool2dBackward and avgPool2dBackward for ${label(c)}`, () => {
      const rng = new Random(51);
      const x = distinct(rng, sizeOf(c.shape));
      const probe = ops.avgPool2d(tensorOn(ref64, x, c.shape), options(c));
      const yShape = probe.shape as number[];
      probe.release();
      const r = randomArray(rng, sizeOf(yShape));
      const through = (pool: (t: Tensor) => Tensor) => (at: Float64Array) => {
        const xt = tensorOn(ref64, at, c.shape);
        const y = pool(xt);
        const s = dot(r, y.toFloat64Array());
        releaseAll(xt, y);
        return s;
      };
      const numericMax = finiteDifferences(
        through((t) => {
          const { y, argmax } = ops.maxPool2d(t, options(c));
          argmax.release();
          return y;
        }),
        x,
      );
      const numericAvg = finiteDifferences(
        through((t) => ops.avgPool2d(t, options(c))),
        x,
      );
      for (const [backend, tol] of tolerances) {
        const xt = tensorOn(backend, x, c.shape);
        const dy = tensorOn(backend, r, yShape);
        const { y, argmax } = ops.maxPool2d(xt, options(c));
        const dxMax = ops.maxPool2dBackward(dy, argmax, c.shape);
        const dxAvg = ops.avgPool2dBackward(dy, c.shape, options(c));
        expectClose(dxMax.toFloat64Array(), numericMax, tol, `${backend.name} max`);
        expectClose(dxAvg.toFloat64Array(), numericAvg, tol, `${backend.name} avg`);
        releaseAll(xt, dy, y, argmax, dxMax, dxAvg);
      }
    });
  }
});

describe('pool ops: argument checks', () => {
  function rejects(backend: Backend, fn: () => unknown, message: RegExp): void {
    const live = backend.liveTensors;
    expect(fn).toThrow(message);
    expect(backend.liveTensors).toBe(live);
  }

  it('rejects bad windows, shapes and argmax values by name, allocating nothing', () => {
    const x = Tensor.zeros([2, 3, 8, 8], { backend: wasm });
    rejects(
      wasm,
      () => ops.maxPool2d(x, { kernel: 3, padding: 2 }),
      /ops\.maxPool2d: 'padding' \[2, 2\] must be at most half the kernel \[3, 3\]/,
    );
    rejects(wasm, () => ops.avgPool2d(x, { kernel: [2, 3], padding: [1, 2] }), /at most half/);
    rejects(
      wasm,
      () => ops.avgPool2d(x, { kernel: 9 }),
      /ops\.avgPool2d: the 9×9 kernel does not fit 'x' \[2,3,8,8\] padded by \[0, 0\]/,
    );
    rejects(wasm, () => ops.maxPool2d(x, { kernel: 0 }), /'kernel' must be a positive integer/);
    rejects(wasm, () => ops.maxPool2d(x, { kernel: 2, stride: -1 }), /'stride' must be/);
    rejects(wasm, () => ops.maxPool2d(x, undefined as never), /'kernel' must be/);
    const flat = Tensor.zeros([6, 64], { backend: wasm });
    rejects(wasm, () => ops.maxPool2d(flat, { kernel: 2 }), /'x' must have 4 dimensions/);

    const { y, argmax } = ops.maxPool2d(x, { kernel: 2 });
    rejects(
      wasm,
      () => ops.maxPool2dBackward(y, argmax, [2, 4, 8, 8]),
      /'dy' \[2,3,4,4\] and 'xShape' \[2,4,8,8\] must agree on N and C/,
    );
    rejects(
      wasm,
      () => ops.maxPool2dBackward(y, y as never, [2, 3, 8, 8]),
      /'argmax' must be int32/,
    );
    rejects(wasm, () => ops.maxPool2dBackward(y, argmax, [2, 3, 8]), /'xShape' must be four/);
    argmax.ints()[5] = 64;
    rejects(
      wasm,
      () => ops.maxPool2dBackward(y, argmax, [2, 3, 8, 8]),
      /'argmax' holds 64 at 5, outside \[0, 64\)/,
    );
    argmax.ints()[5] = -1;
    rejects(wasm, () => ops.maxPool2dBackward(y, argmax, [2, 3, 8, 8]), /'argmax' holds -1/);
    // The same check in the reference kernel, on the last element (after the vector part).
    const yr = Tensor.zeros([2, 3, 4, 4], { backend: ref });
    const ar = Tensor.fromInts(new Int32Array(96).fill(3), [2, 3, 4, 4], { backend: ref });
    ar.ints()[95] = 64;
    rejects(ref, () => ops.maxPool2dBackward(yr, ar, [2, 3, 8, 8]), /'argmax' holds 64 at 95/);
    argmax.ints()[5] = 0;
    argmax.ints()[95] = 99;
    rejects(wasm, () => ops.maxPool2dBackward(y, argmax, [2, 3, 8, 8]), /'argmax' holds 99 at 95/);
    releaseAll(yr, ar);
    rejects(
      wasm,
      () => ops.avgPool2dBackward(y, [2, 3, 8, 8], { kernel: 3 }),
      /ops\.avgPool2dBackward: 'dy' must have shape \[2,3,2,2\], got \[2,3,4,4\]/,
    );
    releaseAll(x, flat, y, argmax);
  });
});
