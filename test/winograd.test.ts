import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import { expectClose, randomArray, ref, ref64, releaseAll, tensorOn, wasm } from './helpers';

interface Case {
  n: number;
  c: number;
  outC: number;
  h: number;
  w: number;
  pad: number;
}

/** Every c × outC × size × pad of the lists below (a 1×1 image only with padding), batches 1–3. */
function cases(): Case[] {
  const sizes = [
    [1, 1],
    [3, 3],
    [5, 7],
    [26, 26],
    [13, 17],
  ];
  const out: Case[] = [];
  for (const c of [1, 3, 32])
    for (const outC of [1, 5, 64])
      for (const [h, w] of sizes)
        for (const pad of [0, 1]) {
          if (h + 2 * pad < 3 || w + 2 * pad < 3) continue;
          out.push({ n: 1 + (out.length % 3), c, outC, h, w, pad });
        }
  return out;
}

const label = (t: Case) => `x [${t.n},${t.c},${t.h},${t.w}] outC ${t.outC} pad ${t.pad}`;
const outShape = (t: Case) => [t.n, t.outC, t.h + 2 * t.pad - 2, t.w + 2 * t.pad - 2];

/** The 3×3 stride-1 convolution with zero padding, summed in float64. */
function directConv3x3(x: Float32Array, w: Float32Array, t: Case): Float64Array {
  const [n, outC, oh, ow] = outShape(t);
  const y = new Float64Array(n * outC * oh * ow);
  let at = 0;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < outC; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++, at++)
          for (let ci = 0; ci < t.c; ci++)
            for (let tap = 0; tap < 9; tap++) {
              const iy = oy - t.pad + Math.floor(tap / 3);
              const ix = ox - t.pad + (tap % 3);
              if (iy >= 0 && iy < t.h && ix >= 0 && ix < t.w)
                y[at] += w[(o * t.c + ci) * 9 + tap] * x[((b * t.c + ci) * t.h + iy) * t.w + ix];
            }
  return y;
}

/**
 * The Winograd convolution on `backend`, one conv2dWinogradImages call per consecutive pair
 * of `pieces` (image boundaries from 0 to n).
 */
function winograd(
  backend: Backend,
  x: Float32Array,
  w: Float32Array,
  t: Case,
  pieces = [0, t.n],
): Float64Array {
  const k = backend.kernels;
  const xt = tensorOn(backend, x, [t.n, t.c, t.h, t.w]);
  const wt = tensorOn(backend, w, [t.outC, t.c, 3, 3]);
  const u = new Tensor(backend, [16, t.outC, t.c], 'float32');
  const y = new Tensor(backend, outShape(t), 'float32');
  const floats = k.winogradScratchFloats(t.c, t.outC, t.h, t.w, t.pad, t.pad);
  const scratch = new Tensor(backend, [floats], 'float32');
  k.winogradWeights(wt.ptr, t.outC, t.c, u.ptr);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const [first, end] = [pieces[i], pieces[i + 1]];
    const geometry = [t.c, t.h, t.w, t.pad, t.pad] as const;
    k.conv2dWinogradImages(
      xt.ptr,
      first,
      end,
      ...geometry,
      u.ptr,
      t.outC,
      y.ptr,
      scratch.ptr,
      backend.workspace,
    );
  }
  const values = y.toFloat64Array();
  releaseAll(xt, wt, u, y, scratch);
  return values;
}

/**
 * F(2×2, 3×3) rounds its transformed tiles (entries up to 4× the inputs) in float32, so the
 * error grows like the output's spread, √(9c) for inputs in [−1, 1): atol 1e-5·√(9c), rtol 1e-4.
 */
const float32Tolerance = (c: number) => ({ rtol: 1e-4, atol: 1e-5 * Math.sqrt(9 * c) });

describe('conv2dWinogradImages: a 3×3 stride-1 convolution', () => {
  const all = cases();

  it(`matches a float64 direct convolution on wasm, ref and ref64 on ${all.length} shapes`, () => {
    const rng = new Random(71);
    for (const t of all) {
      const x = randomArray(rng, t.n * t.c * t.h * t.w);
      const w = randomArray(rng, t.outC * t.c * 9);
      const expected = directConv3x3(x, w, t);
      const tol = float32Tolerance(t.c);
      const onWasm = winograd(wasm, x, w, t);
      expectClose(onWasm, expected, tol, `wasm ${label(t)}`);
      expectClose(winograd(ref, x, w, t), onWasm, tol, `ref vs wasm ${label(t)}`);
      const exact = { rtol: 1e-12, atol: 1e-12 };
      expectClose(winograd(ref64, x, w, t), expected, exact, `ref64 ${label(t)}`);
    }
  });

  it('matches ops.conv2d (im2col + GEMM) on the same inputs', () => {
    const rng = new Random(72);
    for (const t of all) {
      const x = randomArray(rng, t.n * t.c * t.h * t.w);
      const w = randomArray(rng, t.outC * t.c * 9);
      const xt = tensorOn(wasm, x, [t.n, t.c, t.h, t.w]);
      const wt = tensorOn(wasm, w, [t.outC, t.c, 3, 3]);
      const y = ops.conv2d(xt, wt, undefined, { padding: t.pad });
      expect(y.shape).toEqual(outShape(t));
      const tol = float32Tolerance(t.c);
      expectClose(winograd(wasm, x, w, t), y.toFloat64Array(), tol, label(t));
      releaseAll(xt, wt, y);
    }
  });

  it('gives every image the same bits whatever range it is computed in', () => {
    const rng = new Random(73);
    for (const t of all.filter((t) => t.n > 1)) {
      const x = randomArray(rng, t.n * t.c * t.h * t.w);
      const w = randomArray(rng, t.outC * t.c * 9);
      for (const backend of [wasm, ref]) {
        const whole = winograd(backend, x, w, t);
        const oneByOne = Array.from({ length: t.n + 1 }, (_, i) => i);
        for (const pieces of [oneByOne, [0, 1, t.n], [0, t.n - 1, t.n]]) {
          const split = winograd(backend, x, w, t, pieces);
          const where = `${backend.name} ${label(t)} split ${pieces}: first differing element`;
          expect(
            split.findIndex((v, i) => !Object.is(v, whole[i])),
            where,
          ).toBe(-1);
        }
      }
    }
  });

  it('writes nothing past y and its scratch', () => {
    const rng = new Random(75);
    const guard = 64;
    for (const t of all.filter((t) => t.c * t.outC <= 160)) {
      const [n, outC, oh, ow] = outShape(t);
      const ySize = n * outC * oh * ow;
      for (const backend of [wasm, ref]) {
        const k = backend.kernels;
        const floats = k.winogradScratchFloats(t.c, t.outC, t.h, t.w, t.pad, t.pad);
        const x = tensorOn(backend, randomArray(rng, n * t.c * t.h * t.w), [n, t.c, t.h, t.w]);
        const w = tensorOn(backend, randomArray(rng, outC * t.c * 9), [outC, t.c, 3, 3]);
        const u = new Tensor(backend, [16 * outC * t.c], 'float32');
        // y and scratch each followed by `guard` floats of 7.
        const y = tensorOn(backend, new Float32Array(ySize + guard).fill(7), [ySize + guard]);
        const scratch = tensorOn(backend, new Float32Array(floats + guard).fill(7), [
          floats + guard,
        ]);
        k.winogradWeights(w.ptr, outC, t.c, u.ptr);
        const geometry = [t.c, t.h, t.w, t.pad, t.pad] as const;
        const work = backend.workspace;
        k.conv2dWinogradImages(x.ptr, 0, n, ...geometry, u.ptr, outC, y.ptr, scratch.ptr, work);
        const where = `${backend.name} ${label(t)}`;
        expect(Array.from(y.toArray().slice(ySize)), `past y, ${where}`).toEqual(
          new Array(guard).fill(7),
        );
        expect(Array.from(scratch.toArray().slice(floats)), `past scratch, ${where}`).toEqual(
          new Array(guard).fill(7),
        );
        releaseAll(x, w, u, y, scratch);
      }
    }
  });

  it('asks for the same scratch on wasm and ref', () => {
    for (const t of all) {
      const args = [t.c, t.outC, t.h, t.w, t.pad, t.pad] as const;
      expect(wasm.kernels.winogradScratchFloats(...args)).toBe(
        ref.kernels.winogradScratchFloats(...args),
      );
    }
  });
});

describe('winogradWeights: U_ξ = (G g Gᵀ)_ξ', () => {
  const G = [
    [1, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, -0.5, 0.5],
    [0, 0, 1],
  ];

  /** u [16, outC, c] from two float64 matrix products per filter. */
  function transformed(w: Float32Array, outC: number, c: number): Float64Array {
    const u = new Float64Array(16 * outC * c);
    for (let f = 0; f < outC * c; f++) {
      const gg = G.map((row) =>
        [0, 1, 2].map((j) => row.reduce((s, gi, i) => s + gi * w[9 * f + 3 * i + j], 0)),
      );
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++)
          u[(4 * i + j) * outC * c + f] = G[j].reduce((s, gj, k) => s + gg[i][k] * gj, 0);
    }
    return u;
  }

  it('matches float64 products on wasm, ref and ref64', () => {
    const rng = new Random(74);
    for (const [outC, c] of [
      [1, 1],
      [5, 3],
      [64, 32],
      [7, 33],
    ]) {
      const w = randomArray(rng, outC * c * 9);
      const expected = transformed(w, outC, c);
      for (const [backend, tol] of [
        [wasm, 1e-6],
        [ref, 1e-6],
        [ref64, 1e-14],
      ] as const) {
        const wt = tensorOn(backend, w, [outC, c, 3, 3]);
        const u = new Tensor(backend, [16, outC, c], 'float32');
        backend.kernels.winogradWeights(wt.ptr, outC, c, u.ptr);
        const where = `${backend.name} outC ${outC} c ${c}`;
        expectClose(u.toFloat64Array(), expected, { rtol: tol, atol: tol }, where);
        releaseAll(wt, u);
      }
    }
  });
});
