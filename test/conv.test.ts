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

interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kernel: Pair;
  stride: Pair;
  padding: Pair;
}

const outSize = (size: number, k: number, s: number, p: number) =>
  Math.floor((size + 2 * p - k) / s) + 1;

/** Every combination of the lists below whose padded input holds the kernel (about 500). */
function geometries(): Geometry[] {
  const sizes: Pair[] = [
    [1, 1],
    [3, 5],
    [7, 7],
    [17, 6],
    [9, 33],
  ];
  const kernels: Pair[] = [
    [1, 1],
    [3, 3],
    [2, 3],
    [3, 1],
    [5, 2],
  ];
  const strides: Pair[] = [
    [1, 1],
    [2, 2],
    [3, 1],
    [1, 3],
    [2, 3],
  ];
  const paddings: Pair[] = [
    [0, 0],
    [1, 1],
    [2, 0],
    [0, 2],
    [2, 1],
  ];
  const out: Geometry[] = [];
  let i = 0;
  for (const [h, w] of sizes)
    for (const kernel of kernels)
      for (const stride of strides)
        for (const padding of paddings) {
          if (h + 2 * padding[0] < kernel[0] || w + 2 * padding[1] < kernel[1]) continue;
          out.push({ n: 1 + (i % 2), c: [1, 3, 2][i % 3], h, w, kernel, stride, padding });
          i++;
        }
  return out;
}

const label = (g: Geometry) =>
  `x [${g.n},${g.c},${g.h},${g.w}] k ${g.kernel} s ${g.stride} p ${g.padding}`;

/** The cols shape of im2col for g. */
function colsShape(g: Geometry): number[] {
  const oh = outSize(g.h, g.kernel[0], g.stride[0], g.padding[0]);
  const ow = outSize(g.w, g.kernel[1], g.stride[1], g.padding[1]);
  return [g.n, g.c * g.kernel[0] * g.kernel[1], oh * ow];
}

/** y[n, o, oy, ox] = b[o] + Σ w[o, c, ki, kj]·x[n, c, oy·s − p + ki, ox·s − p + kj], in float64. */
function directConv(
  x: ArrayLike<number>,
  xShape: number[],
  w: ArrayLike<number>,
  wShape: number[],
  b: ArrayLike<number> | undefined,
  stride: Pair,
  padding: Pair,
): Float64Array {
  const [n, c, h, width] = xShape;
  const [outC, , kh, kw] = wShape;
  const oh = outSize(h, kh, stride[0], padding[0]);
  const ow = outSize(width, kw, stride[1], padding[1]);
  const y = new Float64Array(n * outC * oh * ow);
  for (let b0 = 0; b0 < n; b0++)
    for (let o = 0; o < outC; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let s = b ? b[o] : 0;
          for (let ci = 0; ci < c; ci++)
            for (let ki = 0; ki < kh; ki++)
              for (let kj = 0; kj < kw; kj++) {
                const iy = oy * stride[0] - padding[0] + ki;
                const ix = ox * stride[1] - padding[1] + kj;
                if (iy < 0 || iy >= h || ix < 0 || ix >= width) continue;
                s +=
                  w[((o * c + ci) * kh + ki) * kw + kj] * x[((b0 * c + ci) * h + iy) * width + ix];
              }
          y[((b0 * outC + o) * oh + oy) * ow + ox] = s;
        }
  return y;
}

describe('conv kernels: wasm vs reference', () => {
  const all = geometries();

  it(`im2col is exact and col2im matches within rtol 1e-6 on ${all.length} geometries`, () => {
    const rng = new Random(11);
    for (const g of all) {
      const xShape = [g.n, g.c, g.h, g.w];
      const x = randomArray(rng, g.n * g.c * g.h * g.w);
      const opts = { kernel: g.kernel, stride: g.stride, padding: g.padding };
      const ca = ops.im2col(tensorOn(wasm, x, xShape), opts);
      const ce = ops.im2col(tensorOn(ref, x, xShape), opts);
      expect(ca.shape).toEqual(colsShape(g));
      expectClose(ca.toArray(), ce.toArray(), { rtol: 0, atol: 0 }, `im2col ${label(g)}`);
      const cols = randomArray(rng, ca.size);
      const xa = ops.col2im(tensorOn(wasm, cols, ca.shape as number[]), xShape, opts);
      const xe = ops.col2im(tensorOn(ref, cols, ca.shape as number[]), xShape, opts);
      expectClose(xa.toArray(), xe.toArray(), { rtol: 1e-6, atol: 1e-7 }, `col2im ${label(g)}`);
      releaseAll(ca, ce, xa, xe);
    }
  });

  it('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
    // In float64 on ref64 (rtol 1e-12) and in float32 on wasm (rtol 1e-5).
    const rng = new Random(12);
    for (const g of all.filter((_, i) => i % 7 === 0)) {
      const xShape = [g.n, g.c, g.h, g.w];
      const x = randomArray(rng, g.n * g.c * g.h * g.w);
      const c = randomArray(
        rng,
        colsShape(g).reduce((a, b) => a * b),
      );
      const opts = { kernel: g.kernel, stride: g.stride, padding: g.padding };
      for (const [backend, rtol] of [
        [ref64, 1e-12],
        [wasm, 1e-5],
      ] as const) {
        const cols = ops.im2col(tensorOn(backend, x, xShape), opts);
        const back = ops.col2im(tensorOn(backend, c, colsShape(g)), xShape, opts);
        const lhs = dot(cols.toFloat64Array(), c);
        const rhs = dot(back.toFloat64Array(), x);
        expectClose([lhs], [rhs], { rtol, atol: rtol }, `${backend.name} ${label(g)}`);
        releaseAll(cols, back);
      }
    }
  });

  it('biasAddChannels matches the reference exactly, also in place', () => {
    const rng = new Random(13);
    for (const [n, c, hw] of [
      [1, 1, 1],
      [2, 3, 5],
      [3, 7, 17],
      [2, 5, 64],
      [1, 2, 257],
    ]) {
      const x = randomArray(rng, n * c * hw);
      const bias = randomArray(rng, c);
      const results = [wasm, ref].map((backend) => {
        const xt = tensorOn(backend, x, [n, c, hw]);
        const bt = tensorOn(backend, bias, [c]);
        const y = new Tensor(backend, [n, c, hw], 'float32');
        backend.kernels.biasAddChannels(xt.ptr, bt.ptr, n, c, hw, y.ptr);
        backend.kernels.biasAddChannels(xt.ptr, bt.ptr, n, c, hw, xt.ptr);
        const out = [y.toArray(), xt.toArray()];
        releaseAll(xt, bt, y);
        return out;
      });
      expect(results[0][0]).toEqual(results[1][0]);
      expect(results[0][1]).toEqual(results[0][0]);
    }
  });
});

const CONV_CASES: {
  x: number[];
  w: number[];
  stride: Pair;
  padding: Pair;
  bias: boolean;
}[] = [
  { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: [1, 1], padding: [0, 0], bias: true },
  { x: [1, 2, 7, 7], w: [5, 2, 3, 2], stride: [2, 1], padding: [1, 0], bias: true },
  { x: [3, 1, 5, 17], w: [3, 1, 1, 5], stride: [1, 3], padding: [0, 2], bias: false },
  { x: [2, 4, 6, 6], w: [6, 4, 1, 1], stride: [1, 1], padding: [0, 0], bias: true },
  { x: [1, 3, 4, 5], w: [2, 3, 5, 5], stride: [3, 2], padding: [2, 2], bias: true },
  { x: [2, 2, 1, 1], w: [3, 2, 1, 1], stride: [1, 1], padding: [0, 0], bias: false },
];

const convLabel = (t: (typeof CONV_CASES)[number]) =>
  `x [${t.x}] w [${t.w}] s ${t.stride} p ${t.padding}${t.bias ? ' +bias' : ''}`;
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b);

describe('conv2d range kernels: any split equals the whole call', () => {
  // A thread pool splits conv2dImages / conv2dInputGradImages by images and
  // conv2dWeightGradRows by column rows; each piece must reproduce its part bit for bit.
  const splits = (total: number) => [
    [0, total],
    [0, 1, total],
    [0, Math.floor(total / 2), total - 1, total],
  ];

  for (const t of CONV_CASES) {
    it(convLabel(t), () => {
      const rng = new Random(41);
      const [n, c, h, width] = t.x;
      const [outC, , kh, kw] = t.w;
      const oh = outSize(h, kh, t.stride[0], t.padding[0]);
      const ow = outSize(width, kw, t.stride[1], t.padding[1]);
      const k = c * kh * kw;
      const geometry = [c, h, width, kh, kw, ...t.stride, ...t.padding] as const;
      const x = randomArray(rng, sizeOf(t.x));
      const w = randomArray(rng, sizeOf(t.w));
      const dy = randomArray(rng, n * outC * oh * ow);
      for (const backend of [wasm, ref]) {
        const kernels = backend.kernels;
        const [xt, wt, dyt] = [
          tensorOn(backend, x, t.x),
          tensorOn(backend, w, t.w),
          tensorOn(backend, dy, [n, outC, oh, ow]),
        ];
        const cols = new Tensor(backend, [k * oh * ow], 'float32');
        const work = backend.workspace;
        const run = (
          pieces: number[],
          pass: (first: number, end: number, out: Tensor) => void,
          shape: number[],
        ) => {
          const out = new Tensor(backend, shape, 'float32');
          for (let i = 0; i + 1 < pieces.length; i++) pass(pieces[i], pieces[i + 1], out);
          const values = out.toArray();
          out.release();
          return values;
        };
        const passes = {
          forward: {
            total: n,
            shape: [n, outC, oh, ow],
            pass: (first: number, end: number, y: Tensor) =>
              kernels.conv2dImages(
                xt.ptr,
                first,
                end,
                ...geometry,
                wt.ptr,
                outC,
                y.ptr,
                cols.ptr,
                work,
              ),
          },
          inputGradient: {
            total: n,
            shape: t.x,
            pass: (first: number, end: number, dx: Tensor) =>
              kernels.conv2dInputGradImages(
                dyt.ptr,
                first,
                end,
                ...geometry,
                wt.ptr,
                outC,
                dx.ptr,
                cols.ptr,
                work,
              ),
          },
          weightGradient: {
            total: k,
            shape: t.w,
            pass: (first: number, end: number, dw: Tensor) =>
              kernels.conv2dWeightGradRows(
                xt.ptr,
                n,
                ...geometry,
                dyt.ptr,
                outC,
                dw.ptr,
                first,
                end,
                cols.ptr,
                work,
              ),
          },
        };
        for (const [name, { total, shape, pass }] of Object.entries(passes)) {
          const [whole, ...pieces] = splits(total).map((p) => run(p, pass, shape));
          for (const piece of pieces) expect(piece, `${backend.name} ${name}`).toEqual(whole);
        }
        // The whole calls are what ops.conv2d / conv2dBackward make: checked against float64 above.
        releaseAll(xt, wt, dyt, cols);
      }
    });
  }
});

describe('ops.conv2d: forward against a direct float64 convolution', () => {
  it('matches on wasm (rtol 1e-5, atol 1e-5) and ref64 (rtol 1e-12)', () => {
    const rng = new Random(21);
    for (const t of CONV_CASES) {
      const x = randomArray(rng, sizeOf(t.x));
      const w = randomArray(rng, sizeOf(t.w));
      const b = t.bias ? randomArray(rng, t.w[0]) : undefined;
      const expected = directConv(x, t.x, w, t.w, b, t.stride, t.padding);
      for (const [backend, tol] of [
        [wasm, 1e-5],
        [ref64, 1e-12],
      ] as const) {
        const bt = b && tensorOn(backend, b, [b.length]);
        const y = ops.conv2d(tensorOn(backend, x, t.x), tensorOn(backend, w, t.w), bt, {
          stride: t.stride,
          padding: t.padding,
        });
        expectClose(
          y.toFloat64Array(),
          expected,
          { rtol: tol, atol: tol },
          `${backend.name} ${convLabel(t)}`,
        );
        y.release();
      }
    }
  });

  it('accepts a plain number for stride and padding and releases its scratch', () => {
    const rng = new Random(22);
    const x = randomArray(rng, 2 * 3 * 8 * 8);
    const w = randomArray(rng, 4 * 3 * 3 * 3);
    const live = wasm.liveTensors;
    const xt = tensorOn(wasm, x, [2, 3, 8, 8]);
    const wt = tensorOn(wasm, w, [4, 3, 3, 3]);
    const y = ops.conv2d(xt, wt, undefined, { stride: 2, padding: 1 });
    expect(y.shape).toEqual([2, 4, 4, 4]);
    const expected = directConv(x, [2, 3, 8, 8], w, [4, 3, 3, 3], undefined, [2, 2], [1, 1]);
    expectClose(y.toArray(), expected, { rtol: 1e-5, atol: 1e-5 }, 'number options');
    const grads = ops.conv2dBackward(xt, wt, y, { stride: 2, padding: 1 });
    expect(wasm.liveTensors).toBe(live + 6); // x, w, y, dx, dw, db: no scratch left behind
    releaseAll(xt, wt, y, grads.dx!, grads.dw, grads.db);
  });

  it('skips dx when inputGradient is false, with the same dw and db', () => {
    const rng = new Random(8);
    const xt = tensorOn(wasm, randomArray(rng, 2 * 3 * 7 * 7), [2, 3, 7, 7]);
    const wt = tensorOn(wasm, randomArray(rng, 5 * 3 * 3 * 3), [5, 3, 3, 3]);
    const dy = tensorOn(wasm, randomArray(rng, 2 * 5 * 5 * 5), [2, 5, 5, 5]);
    const all = ops.conv2dBackward(xt, wt, dy);
    const live = wasm.liveTensors;
    const some = ops.conv2dBackward(xt, wt, dy, { inputGradient: false });
    expect(some.dx).toBeUndefined();
    expect(wasm.liveTensors).toBe(live + 2);
    expect(some.dw.toArray()).toEqual(all.dw.toArray());
    expect(some.db.toArray()).toEqual(all.db.toArray());
    releaseAll(xt, wt, dy, all.dx!, all.dw, all.db, some.dw, some.db);
  });
});

describe('ops.conv2dBackward: finite differences in float64', () => {
  // f(x, w, b) = Σ r ⊙ conv2d(x, w, b) with fixed random r; its gradients are (dx, dw, db) for dy = r.
  // conv2d is linear in each argument, so central differences are exact up to rounding:
  // ref64's backward must agree to rtol 1e-7, wasm's (float32) to rtol 1e-4, atol 1e-5.
  for (const t of CONV_CASES.slice(0, 5)) {
    it(`dx, dw, db for ${convLabel(t)}`, () => {
      const rng = new Random(31);
      const x = Float64Array.from(randomArray(rng, sizeOf(t.x)));
      const w = Float64Array.from(randomArray(rng, sizeOf(t.w)));
      const b = Float64Array.from(randomArray(rng, t.w[0]));
      const options = { stride: t.stride, padding: t.padding };
      const probe = ops.conv2d(
        tensorOn(ref64, x, t.x),
        tensorOn(ref64, w, t.w),
        undefined,
        options,
      );
      const yShape = probe.shape as number[];
      probe.release();
      const r = randomArray(rng, sizeOf(yShape));
      const loss = (xv: ArrayLike<number>, wv: ArrayLike<number>, bv: ArrayLike<number>) => {
        const ts = [
          tensorOn(ref64, xv, t.x),
          tensorOn(ref64, wv, t.w),
          tensorOn(ref64, bv, [t.w[0]]),
        ];
        const y = ops.conv2d(ts[0], ts[1], ts[2], options);
        const s = dot(r, y.toFloat64Array());
        releaseAll(y, ...ts);
        return s;
      };
      const numeric = {
        dx: finiteDifferences((v) => loss(v, w, b), x),
        dw: finiteDifferences((v) => loss(x, v, b), w),
        db: finiteDifferences((v) => loss(x, w, v), b),
      };
      for (const [backend, tol] of [
        [ref64, { rtol: 1e-7, atol: 1e-8 }],
        [wasm, { rtol: 1e-4, atol: 1e-5 }],
      ] as const) {
        const inputs = [
          tensorOn(backend, x, t.x),
          tensorOn(backend, w, t.w),
          tensorOn(backend, r, yShape),
        ];
        const grads = ops.conv2dBackward(inputs[0], inputs[1], inputs[2], options);
        for (const key of ['dx', 'dw', 'db'] as const) {
          expectClose(grads[key]!.toFloat64Array(), numeric[key], tol, `${backend.name} ${key}`);
        }
        releaseAll(...inputs, grads.dx!, grads.dw, grads.db);
      }
    });
  }
});

describe('ops.conv2d with Winograd F(2×2, 3×3), F(4×4, 3×3) and F(2×2, 5×5)', () => {
  const CASES = [
    { x: [2, 8, 9, 8], w: [5, 8, 3, 3], padding: 0 },
    { x: [1, 3, 7, 11], w: [4, 3, 3, 3], padding: 1 },
    { x: [3, 12, 5, 6], w: [7, 12, 3, 3], padding: 2 },
    { x: [1, 9, 1, 1], w: [2, 9, 3, 3], padding: 1 },
    { x: [2, 16, 9, 10], w: [5, 16, 3, 3], padding: 1 }, // 4×4 tiles from 16 channels
    { x: [2, 20, 6, 7], w: [17, 20, 3, 3], padding: 0 }, // …for dx too
    { x: [2, 8, 9, 8], w: [5, 8, 5, 5], padding: 2 },
    { x: [1, 3, 7, 11], w: [4, 3, 5, 5], padding: 4 },
    { x: [3, 9, 6, 5], w: [3, 9, 5, 5], padding: 0 },
  ];

  it('forward matches a direct float64 convolution, and auto picks it from 8 channels', () => {
    const rng = new Random(51);
    for (const t of CASES) {
      const x = randomArray(rng, sizeOf(t.x));
      const w = randomArray(rng, sizeOf(t.w));
      const b = randomArray(rng, t.w[0]);
      const pad: Pair = [t.padding, t.padding];
      const expected = directConv(x, t.x, w, t.w, b, [1, 1], pad);
      // F(2×2, 5×5) rounds about ten times worse than im2col in float32 (still ~1e-5).
      const f32 = t.w[2] === 5 ? 3e-4 : 1e-4;
      for (const [backend, tol] of [
        [wasm, f32],
        [ref64, 1e-12],
      ] as const) {
        const ins = [
          tensorOn(backend, x, t.x),
          tensorOn(backend, w, t.w),
          tensorOn(backend, b, [t.w[0]]),
        ];
        const run = (algorithm: 'auto' | 'im2col' | 'winograd') =>
          ops.conv2d(ins[0], ins[1], ins[2], { padding: t.padding, algorithm });
        const [wino, auto, im2col] = [run('winograd'), run('auto'), run('im2col')];
        const label = `${backend.name} x [${t.x}] pad ${t.padding}`;
        expectClose(wino.toFloat64Array(), expected, { rtol: tol, atol: tol }, label);
        const picked = t.x[1] >= 8 ? wino : im2col;
        expect(auto.toArray(), `auto ${label}`).toEqual(picked.toArray());
        releaseAll(...ins, wino, auto, im2col);
      }
    }
  });

  it('backward: dx and dw by Winograd equal the im2col ones (checked by finite differences above); db is the same', () => {
    const rng = new Random(52);
    for (const t of CASES) {
      const x = randomArray(rng, sizeOf(t.x));
      const w = randomArray(rng, sizeOf(t.w));
      const side = (size: number) => size + 2 * t.padding - t.w[2] + 1;
      const yShape = [t.x[0], t.w[0], side(t.x[2]), side(t.x[3])];
      const dy = randomArray(rng, sizeOf(yShape));
      const gradients = (backend: Backend, algorithm: 'im2col' | 'winograd') => {
        const ins = [
          tensorOn(backend, x, t.x),
          tensorOn(backend, w, t.w),
          tensorOn(backend, dy, yShape),
        ];
        const g = ops.conv2dBackward(ins[0], ins[1], ins[2], { padding: t.padding, algorithm });
        const out = [g.dx!.toFloat64Array(), g.dw.toFloat64Array(), g.db.toFloat64Array()];
        releaseAll(...ins, g.dx!, g.dw, g.db);
        return out;
      };
      const exact = gradients(ref64, 'im2col');
      const label = `x [${t.x}] pad ${t.padding}`;
      const ref64Winograd = gradients(ref64, 'winograd');
      expectClose(ref64Winograd[0], exact[0], { rtol: 1e-12, atol: 1e-12 }, `ref64 dx ${label}`);
      expectClose(ref64Winograd[1], exact[1], { rtol: 1e-12, atol: 1e-12 }, `ref64 dw ${label}`);
      const [dx, dw, db] = gradients(wasm, 'winograd');
      // dx sums outC·r² products of inputs in [−1, 1): 4×4 tiles err up to ~2e-6 of Σ|terms|.
      const terms = t.w[0] * t.w[2] * t.w[3];
      expectClose(dx, exact[0], { rtol: 1e-4, atol: 2e-6 * terms }, `wasm dx ${label}`);
      // dw sums n·oh·ow products: its error scales with the largest gradient.
      const scale = Math.max(...exact[1].map(Math.abs));
      expectClose(dw, exact[1], { rtol: 1e-4, atol: 1e-5 * scale }, `wasm dw ${label}`);
      expect(db).toEqual(gradients(wasm, 'im2col')[2]);
    }
  });

  it('refuses a window it cannot compute, and an unknown algorithm', () => {
    const x = Tensor.zeros([1, 8, 9, 9], { backend: wasm });
    const w7 = Tensor.zeros([2, 8, 7, 7], { backend: wasm });
    const w3 = Tensor.zeros([2, 8, 3, 3], { backend: wasm });
    expect(() => ops.conv2d(x, w7, undefined, { algorithm: 'winograd' })).toThrow(
      /ops\.conv2d: algorithm 'winograd' needs a 3×3 or 5×5 window with stride 1 and padding < the window, got 7×7/,
    );
    expect(() => ops.conv2d(x, w3, undefined, { stride: 2, algorithm: 'winograd' })).toThrow(
      /stride \[2, 2\]/,
    );
    expect(() => ops.conv2d(x, w3, undefined, { algorithm: 'fft' as never })).toThrow(
      /'algorithm' must be 'auto', 'im2col' or 'winograd', got fft/,
    );
    releaseAll(x, w7, w3);
  });
});

describe('conv ops: argument checks', () => {
  /** Expects fn to throw `message` and to leave no tensor allocated on `backend`. */
  function rejects(backend: Backend, fn: () => unknown, message: RegExp): void {
    const live = backend.liveTensors;
    expect(fn).toThrow(message);
    expect(backend.liveTensors).toBe(live);
  }

  it('names the argument and both shapes', () => {
    const x = Tensor.zeros([2, 4, 9, 9], { backend: wasm });
    const w = Tensor.zeros([8, 3, 3, 3], { backend: wasm });
    const w4 = Tensor.zeros([8, 4, 3, 3], { backend: wasm });
    rejects(
      wasm,
      () => ops.conv2d(x, w, undefined),
      /ops\.conv2d: 'w' \[8,3,3,3\] expects 3 input channels but 'x' \[2,4,9,9\] has 4/,
    );
    const bias = Tensor.zeros([7], { backend: wasm });
    rejects(
      wasm,
      () => ops.conv2d(x, w4, bias),
      /'bias' \[7\] must hold one value per output channel of 'w' \[8,4,3,3\]/,
    );
    rejects(
      wasm,
      () => ops.conv2d(x, w4, undefined, { stride: 0 }),
      /'stride' must be a positive integer/,
    );
    rejects(
      wasm,
      () => ops.conv2d(x, w4, undefined, { padding: -1 }),
      /'padding' must be a non-negative integer/,
    );
    rejects(wasm, () => ops.conv2d(x, w4, undefined, { padding: 0.5 }), /'padding'/);
    rejects(
      wasm,
      () => ops.conv2d(x, w4, undefined, { stride: [1] as unknown as [number, number] }),
      /'stride' must be a positive integer or a pair \[h, w\]/,
    );
    const w11 = Tensor.zeros([1, 4, 11, 11], { backend: wasm });
    rejects(
      wasm,
      () => ops.conv2d(x, w11, undefined),
      /the 11×11 kernel does not fit 'x' \[2,4,9,9\] padded by \[0, 0\]/,
    );
    const w3 = Tensor.zeros([8, 4, 3], { backend: wasm });
    rejects(wasm, () => ops.conv2d(x, w3, undefined), /'w' must have 4 dimensions/);
    const dy = Tensor.zeros([2, 8, 6, 7], { backend: wasm });
    rejects(
      wasm,
      () => ops.conv2dBackward(x, w4, dy),
      /ops\.conv2dBackward: 'dy' \[2,8,6,7\] must have the output shape \[2,8,7,7\] of 'x' \[2,4,9,9\] and 'w' \[8,4,3,3\]/,
    );
    const wRef = Tensor.zeros([8, 4, 3, 3], { backend: ref });
    rejects(wasm, () => ops.conv2d(x, wRef, undefined), /'w' lives on another backend than 'x'/);
    rejects(
      wasm,
      () => ops.im2col(x, {} as never),
      /ops\.im2col: 'kernel' must be a positive integer/,
    );
    const cols = Tensor.zeros([2, 36, 48], { backend: wasm });
    rejects(
      wasm,
      () => ops.col2im(cols, [2, 4, 9, 9], { kernel: 3 }),
      /ops\.col2im: 'cols' must have shape \[2,36,49\], got \[2,36,48\]/,
    );
    rejects(
      wasm,
      () => ops.col2im(cols, [2, 4, 9], { kernel: 3 }),
      /'xShape' must be four positive integers/,
    );
    x.release();
    rejects(wasm, () => ops.conv2d(x, w4, undefined), /'x' was released/);
    releaseAll(w, w4, w3, wRef, bias, w11, dy, cols);
  });
});
