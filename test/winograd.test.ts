import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import type { Kernels } from '../src/kernels';
import { WinogradScheme } from '../src/kernels/winograd/abi';
import { expectClose, randomArray, ref, ref64, releaseAll, tensorOn, wasm } from './helpers';

interface Case {
  n: number;
  c: number;
  outC: number;
  h: number;
  w: number;
  pad: number;
}

/** One Winograd algorithm F(m×m, r×r): its kernels, its G, and the shapes it is tried on. */
interface Scheme {
  name: string;
  r: number;
  /** Its number in the kernels' `scheme` argument. */
  scheme: WinogradScheme;
  /** G [m + r − 1, r]. */
  G: number[][];
  sizes: number[][];
  pads: number[];
  /** Float32 error bound against the float64 convolution, for inputs in [−1, 1). */
  tolerance(c: number): { rtol: number; atol: number };
}

/** Scratch floats of a scheme's images pass for ranges of at most `images` images. */
const scratchFloats = (k: Kernels, s: Scheme, t: Case, images: number) =>
  k.winogradScratchFloats(s.scheme, t.c, t.outC, t.h, t.w, t.pad, t.pad, images);

const SCHEMES: Scheme[] = [
  {
    name: 'F(2×2, 3×3)',
    r: 3,
    scheme: WinogradScheme.F2x2_3x3,
    G: [
      [1, 0, 0],
      [0.5, 0.5, 0.5],
      [0.5, -0.5, 0.5],
      [0, 0, 1],
    ],
    sizes: [
      [1, 1],
      [3, 3],
      [5, 7],
      [26, 26],
      [13, 17],
    ],
    pads: [0, 1],
    // Transformed tiles (entries up to 4× the inputs) are rounded in float32, so the error
    // grows like the output's spread, √(9c).
    tolerance: (c) => ({ rtol: 1e-4, atol: 1e-5 * Math.sqrt(9 * c) }),
  },
  {
    name: 'F(2×2, 5×5)',
    r: 5,
    scheme: WinogradScheme.F2x2_5x5,
    // Cook–Toom for the points 0, 1, −1, ½, −½, ∞, rows scaled by ¼ (Bᵀ's by 4).
    G: [
      [1, 0, 0, 0, 0],
      [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6],
      [1 / 6, -1 / 6, 1 / 6, -1 / 6, 1 / 6],
      [-2 / 3, -1 / 3, -1 / 6, -1 / 12, -1 / 24],
      [-2 / 3, 1 / 3, -1 / 6, 1 / 12, -1 / 24],
      [0, 0, 0, 0, 0.25],
    ],
    sizes: [
      [1, 1],
      [5, 5],
      [7, 9],
      [8, 8],
      [16, 16],
      [13, 17],
    ],
    pads: [0, 1, 2, 4],
    // Transformed tiles reach 100× the inputs (Bᵀ's rows sum to 10 in absolute value), with
    // cancellation on the way back: the measured worst error is about 6e-6·√(25c) (c = 64).
    tolerance: (c) => ({ rtol: 1e-4, atol: 2e-5 * Math.sqrt(25 * c) }),
  },
  {
    name: 'F(4×4, 3×3)',
    r: 3,
    scheme: WinogradScheme.F4x4_3x3,
    // Cook–Toom for the points 0, 1, −1, ½, −½, ∞ (F(2×2, 5×5)'s), three taps.
    G: [
      [1, 0, 0],
      [1 / 6, 1 / 6, 1 / 6],
      [1 / 6, -1 / 6, 1 / 6],
      [-2 / 3, -1 / 3, -1 / 6],
      [-2 / 3, 1 / 3, -1 / 6],
      [0, 0, 0.25],
    ],
    // Outputs of 1×1 to 24×24, cut tiles of 1, 2 and 3 rows and columns.
    sizes: [
      [1, 1],
      [3, 3],
      [5, 7],
      [26, 26],
      [13, 17],
      [10, 11],
    ],
    pads: [0, 1, 2],
    // F(2×2, 5×5)'s transformed tiles (up to 100× the inputs), with cancellation on the way
    // back: the measured worst error is about 9e-6·√(9c) (c = 32 and 64).
    tolerance: (c) => ({ rtol: 1e-4, atol: 2e-5 * Math.sqrt(9 * c) }),
  },
];

/** Every c × outC × size × pad of the scheme's lists (only where a window fits), batches 1–3. */
function cases(s: Scheme): Case[] {
  const out: Case[] = [];
  for (const c of [1, 3, 32])
    for (const outC of [1, 5, 64])
      for (const [h, w] of s.sizes)
        for (const pad of s.pads) {
          if (h + 2 * pad < s.r || w + 2 * pad < s.r) continue;
          out.push({ n: 1 + (out.length % 3), c, outC, h, w, pad });
        }
  return out;
}

const label = (t: Case) => `x [${t.n},${t.c},${t.h},${t.w}] outC ${t.outC} pad ${t.pad}`;

for (const s of SCHEMES) {
  const { r } = s;
  const taps = r * r;
  const side = s.G.length; // of a transformed tile
  const positions = side * side;
  const outShape = (t: Case) => [t.n, t.outC, t.h + 2 * t.pad - r + 1, t.w + 2 * t.pad - r + 1];

  /** The r×r stride-1 convolution with zero padding, summed in float64. */
  function directConv(x: Float32Array, w: Float32Array, t: Case): Float64Array {
    const [n, outC, oh, ow] = outShape(t);
    const y = new Float64Array(n * outC * oh * ow);
    let at = 0;
    for (let b = 0; b < n; b++)
      for (let o = 0; o < outC; o++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++, at++)
            for (let ci = 0; ci < t.c; ci++)
              for (let tap = 0; tap < taps; tap++) {
                const iy = oy - t.pad + Math.floor(tap / r);
                const ix = ox - t.pad + (tap % r);
                if (iy >= 0 && iy < t.h && ix >= 0 && ix < t.w)
                  y[at] +=
                    w[(o * t.c + ci) * taps + tap] * x[((b * t.c + ci) * t.h + iy) * t.w + ix];
              }
    return y;
  }

  /** Runs the scheme's weight transform and one images call per `[first, end)` of `ranges`. */
  function run(
    backend: Backend,
    x: Tensor,
    w: Tensor,
    t: Case,
    y: Tensor,
    scratch: Tensor,
    ranges: number[][],
  ): void {
    const k = backend.kernels;
    const u = new Tensor(backend, [positions, t.outC, t.c], 'float32');
    k.winogradWeights(s.scheme, w.ptr, t.outC, t.c, 0, 0, t.outC, u.ptr);
    const geometry = [t.c, t.h, t.w, t.pad, t.pad] as const;
    for (const [first, end] of ranges)
      k.conv2dWinogradImages(
        s.scheme,
        x.ptr,
        first,
        end,
        ...geometry,
        u.ptr,
        t.outC,
        y.ptr,
        scratch.ptr,
        backend.workspace,
      );
    u.release();
  }

  /**
   * The Winograd convolution on `backend`, one images call per consecutive pair of `pieces`
   * (image boundaries from 0 to n).
   */
  function winograd(
    backend: Backend,
    x: Float32Array,
    w: Float32Array,
    t: Case,
    pieces = [0, t.n],
  ): Float64Array {
    const ranges = pieces.slice(1).map((end, i) => [pieces[i], end]);
    const longest = Math.max(...ranges.map(([first, end]) => end - first));
    const xt = tensorOn(backend, x, [t.n, t.c, t.h, t.w]);
    const wt = tensorOn(backend, w, [t.outC, t.c, r, r]);
    const y = new Tensor(backend, outShape(t), 'float32');
    const floats = scratchFloats(backend.kernels, s, t, longest);
    const scratch = new Tensor(backend, [floats], 'float32');
    run(backend, xt, wt, t, y, scratch, ranges);
    const values = y.toFloat64Array();
    releaseAll(xt, wt, y, scratch);
    return values;
  }

  describe(`Winograd ${s.name}: a ${r}×${r} stride-1 convolution`, () => {
    const all = cases(s);
    // Beyond the shapes above: batches of several groups of images for F(2×2, 5×5), whose
    // 4×4, 8×9 and 1×1 outputs have 4, 20 and 1 tiles (groups of 8, 2 and 32 images), and for
    // F(4×4, 3×3), whose 6×6, 10×11, 3×3 and 20×16 outputs have 4, 9, 1 and 20 tiles (groups
    // of 16, 8, 64 and 4 images).
    const batches = [
      { n: 19, c: 3, outC: 5, h: 4, w: 4, pad: 2 },
      { n: 11, c: 32, outC: 9, h: 6, w: 7, pad: 3 },
      { n: 37, c: 2, outC: 3, h: 1, w: 1, pad: 2 },
      { n: 5, c: 7, outC: 6, h: 22, w: 18, pad: 0 },
    ].filter((t) => t.h + 2 * t.pad >= r);

    it(`matches a float64 direct convolution on wasm, ref and ref64 on ${all.length} shapes and the batches`, () => {
      const rng = new Random(71);
      for (const t of [...all, ...batches]) {
        const x = randomArray(rng, t.n * t.c * t.h * t.w);
        const w = randomArray(rng, t.outC * t.c * taps);
        const expected = directConv(x, w, t);
        const tol = s.tolerance(t.c);
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
        const w = randomArray(rng, t.outC * t.c * taps);
        const xt = tensorOn(wasm, x, [t.n, t.c, t.h, t.w]);
        const wt = tensorOn(wasm, w, [t.outC, t.c, r, r]);
        const y = ops.conv2d(xt, wt, undefined, { padding: t.pad, algorithm: 'im2col' });
        expect(y.shape).toEqual(outShape(t));
        const tol = s.tolerance(t.c);
        expectClose(winograd(wasm, x, w, t), y.toFloat64Array(), tol, label(t));
        releaseAll(xt, wt, y);
      }
    });

    it('gives every image the same bits whatever range (and group of images) it is computed in', () => {
      const rng = new Random(73);
      for (const t of [...all.filter((t) => t.n > 1), ...batches]) {
        const x = randomArray(rng, t.n * t.c * t.h * t.w);
        const w = randomArray(rng, t.outC * t.c * taps);
        for (const backend of [wasm, ref]) {
          const whole = winograd(backend, x, w, t);
          const oneByOne = Array.from({ length: t.n + 1 }, (_, i) => i);
          const uneven = [0, 1, Math.ceil(t.n / 2), t.n - 1, t.n].filter(
            (b, i, a) => b > a[i - 1] || i === 0,
          );
          for (const pieces of [oneByOne, [0, 1, t.n], [0, t.n - 1, t.n], uneven]) {
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
      for (const t of [...all.filter((t) => t.c * t.outC <= 160), ...batches]) {
        const [n, outC, oh, ow] = outShape(t);
        const ySize = n * outC * oh * ow;
        for (const backend of [wasm, ref]) {
          const floats = scratchFloats(backend.kernels, s, t, n);
          const x = tensorOn(backend, randomArray(rng, n * t.c * t.h * t.w), [n, t.c, t.h, t.w]);
          const w = tensorOn(backend, randomArray(rng, outC * t.c * taps), [outC, t.c, r, r]);
          // y and scratch each followed by `guard` floats of 7.
          const y = tensorOn(backend, new Float32Array(ySize + guard).fill(7), [ySize + guard]);
          const scratch = tensorOn(backend, new Float32Array(floats + guard).fill(7), [
            floats + guard,
          ]);
          run(backend, x, w, t, y, scratch, [[0, n]]);
          const where = `${backend.name} ${label(t)}`;
          expect(Array.from(y.toArray().slice(ySize)), `past y, ${where}`).toEqual(
            new Array(guard).fill(7),
          );
          expect(Array.from(scratch.toArray().slice(floats)), `past scratch, ${where}`).toEqual(
            new Array(guard).fill(7),
          );
          releaseAll(x, w, y, scratch);
        }
      }
    });

    it('asks for the same scratch on wasm and ref', () => {
      for (const t of all)
        for (const images of [1, 2, 7, 64])
          expect(scratchFloats(wasm.kernels, s, t, images)).toBe(
            scratchFloats(ref.kernels, s, t, images),
          );
    });
  });

  describe(`Winograd ${s.name} weights: U_ξ = (G g Gᵀ)_ξ`, () => {
    const { G } = s;

    /** u [(r + 1)², outC, c] from two float64 matrix products per filter. */
    function transformed(w: Float32Array, outC: number, c: number): Float64Array {
      const u = new Float64Array(positions * outC * c);
      const columns = Array.from({ length: r }, (_, j) => j);
      for (let f = 0; f < outC * c; f++) {
        const gg = G.map((row) =>
          columns.map((j) => row.reduce((sum, gi, i) => sum + gi * w[taps * f + r * i + j], 0)),
        );
        for (let i = 0; i < side; i++)
          for (let j = 0; j < side; j++)
            u[(side * i + j) * outC * c + f] = G[j].reduce((sum, gj, k) => sum + gg[i][k] * gj, 0);
      }
      return u;
    }

    /** w [outC, c, r, r] as the input gradient's filters [c, outC, r, r]: turned by 180°, axes swapped. */
    function turnedFilters(w: Float32Array, outC: number, c: number): Float32Array {
      const turned = new Float32Array(w.length);
      for (let o = 0; o < outC; o++)
        for (let ci = 0; ci < c; ci++)
          for (let t = 0; t < taps; t++)
            turned[(ci * outC + o) * taps + taps - 1 - t] = w[(o * c + ci) * taps + t];
      return turned;
    }

    /**
     * u of w [outC, c, r, r] on `backend` (turned: [positions, c, outC]), one call per
     * consecutive pair of `pieces` (row boundaries), over u filled with `fill`.
     */
    function weights(
      backend: Backend,
      w: Float32Array,
      [outC, c]: number[],
      turned: number,
      pieces: number[],
      fill = 0,
    ): Float64Array {
      const wt = tensorOn(backend, w, [outC, c, r, r]);
      const u = tensorOn(backend, new Float32Array(positions * outC * c).fill(fill), [
        positions * outC * c,
      ]);
      for (let i = 1; i < pieces.length; i++)
        backend.kernels.winogradWeights(
          s.scheme,
          ...[wt.ptr, outC, c, turned, pieces[i - 1], pieces[i], u.ptr],
        );
      const values = u.toFloat64Array();
      releaseAll(wt, u);
      return values;
    }

    const shapes = [
      [1, 1],
      [5, 3],
      [64, 32],
      [7, 33],
      [6, 10],
    ];

    it('matches float64 products on wasm, ref and ref64, turned too', () => {
      const rng = new Random(74);
      for (const [outC, c] of shapes) {
        const w = randomArray(rng, outC * c * taps);
        for (const turned of [0, 1]) {
          const rows = turned ? c : outC;
          const filters = turned ? turnedFilters(w, outC, c) : w;
          const expected = transformed(filters, rows, turned ? outC : c);
          for (const [backend, tol] of [
            [wasm, 1e-6],
            [ref, 1e-6],
            [ref64, 1e-14],
          ] as const) {
            const u = weights(backend, w, [outC, c], turned, [0, rows]);
            const where = `${backend.name} outC ${outC} c ${c} turned ${turned}`;
            expectClose(u, expected, { rtol: tol, atol: tol }, where);
          }
        }
      }
    });

    it('turned: the same bits as the transform of the turned filters', () => {
      const rng = new Random(76);
      for (const [outC, c] of shapes) {
        const w = randomArray(rng, outC * c * taps);
        for (const backend of [wasm, ref]) {
          const direct = weights(backend, w, [outC, c], 1, [0, c]);
          const turned = weights(backend, turnedFilters(w, outC, c), [c, outC], 0, [0, c]);
          const where = `${backend.name} outC ${outC} c ${c}: first differing element`;
          expect(
            direct.findIndex((v, i) => !Object.is(v, turned[i])),
            where,
          ).toBe(-1);
        }
      }
    });

    it('writes rows first … end−1 only, each with the bits of a whole call', () => {
      const rng = new Random(77);
      for (const [outC, c] of shapes) {
        const w = randomArray(rng, outC * c * taps);
        for (const turned of [0, 1])
          for (const backend of [wasm, ref]) {
            const [rows, columns] = turned ? [c, outC] : [outC, c];
            const whole = weights(backend, w, [outC, c], turned, [0, rows]);
            const uneven = [0, 1, Math.ceil(rows / 2), rows].filter(
              (b, i, a) => b > a[i - 1] || i === 0,
            );
            const split = weights(backend, w, [outC, c], turned, uneven);
            const where = `${backend.name} outC ${outC} c ${c} turned ${turned}`;
            expect(
              split.findIndex((v, i) => !Object.is(v, whole[i])),
              `${where} split ${uneven}: first differing element`,
            ).toBe(-1);
            // Only the last row, over a u of 7s: every other row keeps its 7s.
            const last = weights(backend, w, [outC, c], turned, [rows - 1, rows], 7);
            last.forEach((v, i) => {
              const inLastRow = Math.floor(i / columns) % rows === rows - 1;
              if (!Object.is(v, inLastRow ? whole[i] : 7)) expect.fail(`${where}: element ${i}`);
            });
          }
      }
    });
  });
}
