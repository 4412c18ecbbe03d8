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
  padH: number;
  padW: number;
}

/** One Winograd weight gradient F(2×2, r×r): its kernels and its float32 error bound. */
interface Scheme {
  r: number;
  /** Its number in the kernels' `scheme` argument. */
  scheme: WinogradScheme;
  /**
   * Bound on |error| / Σ|terms| of each element against float64, for inputs in [−1, 1): the
   * transformed tiles (up to 4× the inputs for 3×3, 100× for 5×5) are rounded in float32 and
   * cancel on the way back.
   */
  rtol: number;
}

const SCHEMES: Scheme[] = [
  {
    r: 3,
    scheme: WinogradScheme.F2x2_3x3,
    rtol: 2e-6,
  },
  {
    r: 5,
    scheme: WinogradScheme.F2x2_5x5,
    rtol: 2e-5,
  },
];

const label = (t: Case) => `x [${t.n},${t.c},${t.h},${t.w}] outC ${t.outC} pad ${t.padH},${t.padW}`;

for (const s of SCHEMES) {
  const { r } = s;
  const taps = r * r;
  const outSize = (t: Case) => [t.h + 2 * t.padH - r + 1, t.w + 2 * t.padW - r + 1];

  /** Odd sizes (odd h, w, oh, ow; c, outC not multiples of 4), paddings 0 … r − 1, n 1–5. */
  function cases(): Case[] {
    const out: Case[] = [];
    const sides = r === 3 ? [1, 5, 9, 13] : [1, 5, 7, 11];
    for (const [c, outC] of [
      [1, 3],
      [3, 5],
      [7, 2],
      [13, 9],
    ])
      for (const h of sides)
        for (let padH = 0; padH < r; padH++) {
          const w = sides[(out.length + 1) % sides.length];
          const padW = (padH + out.length) % r;
          const t = { n: 1 + (out.length % 5), c, outC, h, w, padH, padW };
          const [oh, ow] = outSize(t);
          if (oh >= 1 && ow >= 1) out.push(t);
        }
    return out;
  }

  /** dw[o, ci, i, j] = Σ dy[b, o, y, x] · xpad[b, ci, y + i, x + j] in float64, and Σ|terms|. */
  function directGrad(x: Float32Array, dy: Float32Array, t: Case) {
    const [oh, ow] = outSize(t);
    const dw = new Float64Array(t.outC * t.c * taps);
    const magnitude = new Float64Array(dw.length);
    for (let b = 0; b < t.n; b++)
      for (let o = 0; o < t.outC; o++)
        for (let ci = 0; ci < t.c; ci++)
          for (let tap = 0; tap < taps; tap++) {
            const at = (o * t.c + ci) * taps + tap;
            for (let y = 0; y < oh; y++)
              for (let xx = 0; xx < ow; xx++) {
                const iy = y + Math.floor(tap / r) - t.padH;
                const ix = xx + (tap % r) - t.padW;
                if (iy < 0 || iy >= t.h || ix < 0 || ix >= t.w) continue;
                const term =
                  dy[((b * t.outC + o) * oh + y) * ow + xx] *
                  x[((b * t.c + ci) * t.h + iy) * t.w + ix];
                dw[at] += term;
                magnitude[at] += Math.abs(term);
              }
          }
    return { dw, magnitude };
  }

  /** The scratch floats of a call on `backend`. */
  const scratchFloats = (k: Kernels, t: Case) =>
    k.winogradWeightGradScratchFloats(s.scheme, t.c, t.outC, t.h, t.w, t.padH, t.padW);

  /** A block of dw: rows [oFirst, oEnd), input channels [cFirst, cEnd). */
  type Block = [oFirst: number, oEnd: number, cFirst: number, cEnd: number];

  /**
   * dw from one kernel call per block of `blocks` on `backend` (each with scratch for its own
   * size only), into a dw that starts filled with `initial`.
   */
  function weightGrad(
    backend: Backend,
    x: Float32Array,
    dy: Float32Array,
    t: Case,
    blocks: Block[] = [[0, t.outC, 0, t.c]],
    initial = 0,
  ): Float64Array {
    const [oh, ow] = outSize(t);
    const xt = tensorOn(backend, x, [t.n, t.c, t.h, t.w]);
    const dyt = tensorOn(backend, dy, [t.n, t.outC, oh, ow]);
    const size = t.outC * t.c * taps;
    const dw = tensorOn(backend, new Float32Array(size).fill(initial), [size]);
    for (const block of blocks) {
      const [oFirst, oEnd, cFirst, cEnd] = block;
      const size = { ...t, c: cEnd - cFirst, outC: oEnd - oFirst };
      const scratch = new Tensor(backend, [scratchFloats(backend.kernels, size)], 'float32');
      const geometry = [t.n, t.c, t.h, t.w, t.padH, t.padW] as const;
      const work = backend.workspace;
      backend.kernels.conv2dWinogradWeightGrad(
        s.scheme,
        xt.ptr,
        ...geometry,
        dyt.ptr,
        t.outC,
        ...block,
        dw.ptr,
        scratch.ptr,
        work,
      );
      scratch.release();
    }
    const values = dw.toFloat64Array();
    releaseAll(xt, dyt, dw);
    return values;
  }

  /** Random x and dy for a case. */
  function inputs(rng: Random, t: Case) {
    const [oh, ow] = outSize(t);
    return {
      x: randomArray(rng, t.n * t.c * t.h * t.w),
      dy: randomArray(rng, t.n * t.outC * oh * ow),
    };
  }

  /**
   * Asserts |actual − expected| ≤ rtol·Σ|terms| for every element, Σ|terms| the largest over
   * its filter's taps: a tap that sees only padding is 0 exactly, but Winograd gets it from
   * the whole tile, by cancellation.
   */
  function expectWithin(
    actual: Float64Array,
    { dw, magnitude }: ReturnType<typeof directGrad>,
    rtol: number,
    where: string,
  ): void {
    const scale = (i: number) => {
      const first = i - (i % taps);
      return Math.max(...magnitude.subarray(first, first + taps));
    };
    const bad = actual.findIndex((a, i) => !(Math.abs(a - dw[i]) <= rtol * scale(i)));
    if (bad >= 0)
      expect.fail(
        `${where}: element ${bad} is ${actual[bad]}, expected ${dw[bad]} ` +
          `(filter's Σ|terms| ${scale(bad)}, rtol ${rtol})`,
      );
  }

  describe(`Winograd F(2×2, ${r}×${r}) weight gradient`, () => {
    const all = cases();
    // Several groups of images: 4 or 9 tiles an image (groups of 48 or 21 images), 63 or 48
    // (groups of 3 or 4), and more than 384 (one image, deeper than one of gemm's k-blocks).
    const batches: Case[] = [
      { n: 100, c: 2, outC: 3, h: 1, w: 1, padH: r - 1, padW: r - 1 },
      { n: 9, c: 3, outC: 5, h: 17, w: 15, padH: 1, padW: 0 },
      { n: 3, c: 2, outC: 3, h: 45, w: 39, padH: r - 1, padW: 0 },
    ];

    it(`matches a float64 direct correlation on wasm, ref and ref64 (${all.length} shapes and batches)`, () => {
      const rng = new Random(81);
      for (const t of [...all, ...batches]) {
        const { x, dy } = inputs(rng, t);
        const expected = directGrad(x, dy, t);
        expectWithin(weightGrad(wasm, x, dy, t), expected, s.rtol, `wasm ${label(t)}`);
        expectWithin(weightGrad(ref, x, dy, t), expected, s.rtol, `ref ${label(t)}`);
        expectWithin(weightGrad(ref64, x, dy, t), expected, 1e-13, `ref64 ${label(t)}`);
      }
    });

    it('gives every element the same bits whatever the block, and leaves the others untouched', () => {
      const rng = new Random(82);
      for (const t of [...all.filter((t) => t.outC > 1 && t.c > 1), ...batches])
        for (const backend of [wasm, ref]) {
          const { x, dy } = inputs(rng, t);
          const whole = weightGrad(backend, x, dy, t);
          const a = 1 + (t.n % (t.outC - 1));
          const k = 1 + (t.n % (t.c - 1));
          const splits: [string, Block[]][] = [
            [
              `rows at ${a}`,
              [
                [0, a, 0, t.c],
                [a, t.outC, 0, t.c],
              ],
            ],
            [
              `channels at ${k}`,
              [
                [0, t.outC, 0, k],
                [0, t.outC, k, t.c],
              ],
            ],
            [
              `rows at ${a} and channels at ${k}`,
              [
                [0, a, 0, k],
                [a, t.outC, 0, k],
                [0, a, k, t.c],
                [a, t.outC, k, t.c],
              ],
            ],
          ];
          for (const [where, blocks] of splits) {
            const split = weightGrad(backend, x, dy, t, blocks);
            expect(
              split.findIndex((v, i) => !Object.is(v, whole[i])),
              `${backend.name} ${label(t)} split by ${where}: first differing element`,
            ).toBe(-1);
          }
          // One middle block alone: only its elements change from the 7s.
          const [o, ci] = [a - 1, k - 1];
          const block = weightGrad(backend, x, dy, t, [[o, o + 1, ci, t.c]], 7);
          const inside = (i: number) =>
            Math.floor(i / (t.c * taps)) === o && Math.floor(i / taps) % t.c >= ci;
          const wrong = block.findIndex((v, i) => !Object.is(v, inside(i) ? whole[i] : 7));
          expect(
            wrong,
            `${backend.name} ${label(t)} block [${o}, ${ci}…] alone: first wrong element`,
          ).toBe(-1);
        }
    });

    it('writes nothing past its scratch, for the whole of dw or a block, and asks for the same scratch on wasm and ref', () => {
      const rng = new Random(83);
      const guard = 64;
      for (const t of [...all.filter((t) => t.c * t.outC <= 40), ...batches]) {
        const [oh, ow] = outSize(t);
        const { x, dy } = inputs(rng, t);
        const xt = tensorOn(wasm, x, [t.n, t.c, t.h, t.w]);
        const dyt = tensorOn(wasm, dy, [t.n, t.outC, oh, ow]);
        const dw = new Tensor(wasm, [t.outC * t.c * taps], 'float32');
        // The whole, and the block without the first row and channel (scratch for its size).
        const blocks: Block[] = [[0, t.outC, 0, t.c]];
        if (t.outC > 1 && t.c > 1) blocks.push([1, t.outC, 1, t.c]);
        for (const block of blocks) {
          const [oFirst, oEnd, cFirst, cEnd] = block;
          const size = { ...t, c: cEnd - cFirst, outC: oEnd - oFirst };
          const floats = scratchFloats(wasm.kernels, size);
          expect(floats).toBe(scratchFloats(ref.kernels, size));
          const guarded = new Float32Array(floats + guard).fill(7);
          const scratch = tensorOn(wasm, guarded, [floats + guard]);
          wasm.kernels.conv2dWinogradWeightGrad(
            s.scheme,
            xt.ptr,
            ...([t.n, t.c, t.h, t.w, t.padH, t.padW] as const),
            dyt.ptr,
            t.outC,
            ...block,
            dw.ptr,
            scratch.ptr,
            wasm.workspace,
          );
          expect(
            Array.from(scratch.toArray().slice(floats)),
            `past scratch, ${label(t)} block [${block}]`,
          ).toEqual(new Array(guard).fill(7));
          scratch.release();
        }
        releaseAll(xt, dyt, dw);
      }
    });

    it('agrees with ops.conv2dBackward (im2col + GEMM) on layers of the MNIST and CIFAR CNNs', () => {
      const rng = new Random(84);
      const layers: Case[] =
        r === 3
          ? [{ n: 2, c: 32, outC: 64, h: 26, w: 26, padH: 0, padW: 0 }] // MNIST conv2
          : [
              { n: 2, c: 32, outC: 64, h: 16, w: 16, padH: 2, padW: 2 }, // CIFAR conv2
              { n: 3, c: 64, outC: 64, h: 8, w: 8, padH: 2, padW: 2 }, // CIFAR conv3
            ];
      for (const t of layers) {
        const [oh, ow] = outSize(t);
        const { x, dy } = inputs(rng, t);
        const xt = tensorOn(wasm, x, [t.n, t.c, t.h, t.w]);
        const w = new Tensor(wasm, [t.outC, t.c, r, r], 'float32');
        const dyt = tensorOn(wasm, dy, [t.n, t.outC, oh, ow]);
        const { dw, db } = ops.conv2dBackward(xt, w, dyt, {
          padding: [t.padH, t.padW],
          algorithm: 'im2col',
          inputGradient: false,
        });
        // Sums of n·oh·ow terms of spread 1/3: the difference is float32 rounding of both.
        const spread = Math.sqrt((t.n * oh * ow) / 9);
        expectClose(
          weightGrad(wasm, x, dy, t),
          dw.toFloat64Array(),
          { rtol: 1e-4, atol: 20 * s.rtol * spread },
          label(t),
        );
        releaseAll(xt, w, dyt, dw, db);
      }
    });
  });
}
