import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import { dot, expectClose, randomArray, ref, ref64, releaseAll, tensorOn, wasm } from './helpers';

const SIZES = [1, 3, 5, 7, 17, 33];
const EPS = 2 ** -24; // unit roundoff of float32

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Row-major strides of `shape`, with stride 0 where `small` (right-aligned) has size 1. */
function broadcastStrides(small: readonly number[], shape: readonly number[]): number[] {
  const pad = shape.length - small.length;
  const strides = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let i = small.length - 1; i >= 0; i--) {
    strides[pad + i] = small[i] === 1 ? 0 : stride;
    stride *= small[i];
  }
  return strides;
}

/** For each element of `shape`, the index of the `small` element that broadcasting maps to it. */
function sourceIndices(small: readonly number[], shape: readonly number[]): Int32Array {
  const strides = broadcastStrides(small, shape);
  const out = new Int32Array(sizeOf(shape));
  const at = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    out[k] = at.reduce((s, v, d) => s + v * strides[d], 0);
    for (let d = shape.length - 1; d >= 0 && ++at[d] === shape[d]; d--) at[d] = 0;
  }
  return out;
}

/** NumPy's broadcast, one index at a time. */
function broadcastNaive(x: ArrayLike<number>, small: number[], shape: number[]): Float64Array {
  return Float64Array.from(sourceIndices(small, shape), (i) => x[i]);
}

/** The adjoint of broadcastNaive in float64, with Σ|x| per output for the error bounds. */
function sumNaive(x: ArrayLike<number>, big: number[], small: number[]) {
  const sum = new Float64Array(sizeOf(small));
  const abs = new Float64Array(sum.length);
  sourceIndices(small, big).forEach((to, from) => {
    sum[to] += x[from];
    abs[to] += Math.abs(x[from]);
  });
  return { sum, abs };
}

/** [small, big] pairs: scalars, leading and inner runs, several runs, nothing to broadcast. */
const PAIRS: [number[], number[]][] = [
  [[], []],
  [[], [3, 4]],
  [[1], [7]],
  [[5], [3, 5]],
  [
    [3, 1],
    [3, 17],
  ],
  [
    [1, 33],
    [5, 33],
  ],
  [
    [5, 1, 7],
    [2, 5, 3, 7],
  ],
  [
    [2, 1, 3, 1],
    [2, 5, 3, 7],
  ],
  [
    [1, 1, 3],
    [4, 1, 5, 3],
  ],
  [
    [17, 1, 1],
    [3, 17, 5, 7],
  ],
  [
    [3, 5],
    [3, 5],
  ],
  [
    [1, 1],
    [1, 1],
  ],
];

describe('shape kernels: wasm vs reference', () => {
  it('broadcastMiddle copies exactly for every outer, mid, inner in {1, 3, 5, 7, 17, 33}', () => {
    const rng = new Random(81);
    for (const outer of SIZES) {
      for (const mid of SIZES) {
        for (const inner of SIZES) {
          const x = randomArray(rng, outer * inner);
          const expected = broadcastNaive(x, [outer, 1, inner], [outer, mid, inner]);
          for (const backend of [wasm, ref]) {
            const xt = tensorOn(backend, x, [outer, 1, inner]);
            const y = ops.broadcastTo(xt, [outer, mid, inner]);
            expect(y.toFloat64Array(), `[${outer}, ${mid}, ${inner}]`).toEqual(expected);
            releaseAll(xt, y);
          }
        }
      }
    }
  });

  it('sumMiddle matches the float64 sum within (mid + 20)·2⁻²⁴·Σ|x| for every size', () => {
    const rng = new Random(82);
    const shapes = SIZES.flatMap((o) => SIZES.flatMap((m) => SIZES.map((i) => [o, m, i])));
    for (const [outer, mid, inner] of [...shapes, [2, 1000, 1], [3, 257, 100], [1, 4099, 5]]) {
      const x = randomArray(rng, outer * mid * inner);
      const { sum, abs } = sumNaive(x, [outer, mid, inner], [outer, 1, inner]);
      const xt = tensorOn(wasm, x, [outer, mid, inner]);
      const y = ops.sumTo(xt, [outer, 1, inner]);
      const bound = (mid + 20) * EPS;
      const actual = y.toFloat64Array();
      actual.forEach((v, k) => {
        expect(Math.abs(v - sum[k]), `[${outer}, ${mid}, ${inner}] at ${k}`).toBeLessThanOrEqual(
          bound * abs[k],
        );
      });
      const r = ops.sumTo(tensorOn(ref, x, [outer, mid, inner]), [outer, 1, inner]);
      expectClose(r.toArray(), sum, { rtol: EPS, atol: 0 }, 'reference');
      releaseAll(xt, y, r);
    }
  });

  it('sumMiddle gives the same bits for the same rows wherever they sit in memory', () => {
    const rng = new Random(83);
    for (const inner of [1, 3, 16, 21]) {
      const x = randomArray(rng, 2 * 100 * inner);
      const one = tensorOn(wasm, x.subarray(100 * inner), [1, 100, inner]);
      const both = ops.sumTo(tensorOn(wasm, x, [2, 100, inner]), [2, 1, inner]);
      const alone = ops.sumTo(one, [1, 1, inner]);
      expect(both.toArray().subarray(inner), `inner ${inner}`).toEqual(alone.toArray());
      releaseAll(one, both, alone);
    }
  });

  it('transpose moves every element exactly, for any batch, rows and cols', () => {
    const rng = new Random(84);
    const shapes = SIZES.flatMap((r) => SIZES.map((c) => [r, c]));
    for (const [batch, rows, cols] of [
      ...shapes.map(([r, c]) => [r % 5 === 0 ? 3 : 1, r, c]),
      [2, 100, 257],
      [1, 130, 257],
      [1, 1, 4099],
      [3, 4099, 1],
      [1, 64, 64],
    ]) {
      const x = randomArray(rng, batch * rows * cols);
      const expected = new Float32Array(x.length);
      for (let b = 0; b < batch; b++) {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            expected[(b * cols + c) * rows + r] = x[(b * rows + r) * cols + c];
          }
        }
      }
      for (const backend of [wasm, ref]) {
        const xt = tensorOn(backend, x, batch === 1 ? [rows, cols] : [batch, rows, cols]);
        const y = ops.transpose(xt);
        expect(y.shape).toEqual(batch === 1 ? [cols, rows] : [batch, cols, rows]);
        expect(y.toArray(), `${backend.name} [${batch}, ${rows}, ${cols}]`).toEqual(expected);
        releaseAll(xt, y);
      }
    }
  });
});

describe('shape ops', () => {
  it('broadcastTo follows NumPy (scalars, several runs, no-op copies) and frees its temporaries', () => {
    const rng = new Random(85);
    for (const [small, big] of PAIRS) {
      const x = randomArray(rng, sizeOf(small));
      for (const backend of [wasm, ref]) {
        const xt = tensorOn(backend, x, small);
        const live = backend.liveTensors;
        const y = ops.broadcastTo(xt, big);
        expect(backend.liveTensors, `[${small}] → [${big}]`).toBe(live + 1);
        expect(y).not.toBe(xt);
        expect(y.shape).toEqual(big);
        expect(y.toFloat64Array(), `[${small}] → [${big}]`).toEqual(broadcastNaive(x, small, big));
        releaseAll(xt, y);
      }
    }
  });

  it('sumTo is the sum over the broadcast dims, shaped exactly as asked', () => {
    const rng = new Random(86);
    for (const [small, big] of PAIRS) {
      const x = randomArray(rng, sizeOf(big));
      const { sum, abs } = sumNaive(x, big, small);
      const xt = tensorOn(wasm, x, big);
      const live = wasm.liveTensors;
      const y = ops.sumTo(xt, small);
      expect(wasm.liveTensors).toBe(live + 1);
      expect(y.shape).toEqual(small);
      const atol = (sizeOf(big) / sizeOf(small) + 20) * EPS * Math.max(...abs);
      expectClose(y.toArray(), sum, { rtol: 0, atol }, `[${big}] → [${small}]`);
      releaseAll(xt, y);
    }
  });

  it('broadcastTo and sumTo are adjoint: ⟨broadcastTo(x), y⟩ = ⟨x, sumTo(y)⟩ in float64', () => {
    const rng = new Random(87);
    for (const [small, big] of PAIRS) {
      const x = tensorOn(ref64, randomArray(rng, sizeOf(small)), small);
      const y = tensorOn(ref64, randomArray(rng, sizeOf(big)), big);
      const bx = ops.broadcastTo(x, big);
      const sy = ops.sumTo(y, small);
      const lhs = dot(bx.toFloat64Array(), y.toFloat64Array());
      const rhs = dot(x.toFloat64Array(), sy.toFloat64Array());
      expect(Math.abs(lhs - rhs), `[${small}] ↔ [${big}]`).toBeLessThan(1e-12 * sizeOf(big));
      releaseAll(x, y, bx, sy);
    }
  });

  it('sumAxis sums one axis (negative axes, keepDims, 1-D to scalar) as sumTo does', () => {
    const rng = new Random(88);
    for (const shape of [[7], [3, 5], [2, 17, 3], [5, 1, 7, 3]]) {
      const x = randomArray(rng, sizeOf(shape));
      const xt = tensorOn(wasm, x, shape);
      for (let axis = -shape.length; axis < shape.length; axis++) {
        const a = axis < 0 ? axis + shape.length : axis;
        const kept = shape.map((d, i) => (i === a ? 1 : d));
        const { sum, abs } = sumNaive(x, shape, kept);
        const atol = (shape[a] + 20) * EPS * Math.max(...abs);
        const y = ops.sumAxis(xt, axis, true);
        const dropped = ops.sumAxis(xt, axis);
        expect(y.shape).toEqual(kept);
        expect(dropped.shape).toEqual(shape.filter((_, i) => i !== a));
        expectClose(y.toArray(), sum, { rtol: 0, atol }, `[${shape}] axis ${axis}`);
        expect(dropped.toArray()).toEqual(y.toArray());
        releaseAll(y, dropped);
      }
      xt.release();
    }
  });

  it('transpose twice gives x back, batched over every leading dim', () => {
    const x = Tensor.randn([2, 3, 5, 7], { seed: 89, backend: wasm });
    const t = ops.transpose(x);
    expect(t.shape).toEqual([2, 3, 7, 5]);
    const back = ops.transpose(t);
    expect(back.toArray()).toEqual(x.toArray());
    releaseAll(x, t, back);
  });
});

describe('shape ops: argument checks', () => {
  const expectNoLeak = (backend: Backend, fn: () => unknown, message: RegExp) => {
    const live = backend.liveTensors;
    expect(fn).toThrow(message);
    expect(backend.liveTensors).toBe(live);
  };

  it('reject shapes that do not broadcast, and bad shapes, axes and ranks, by name', () => {
    const x = Tensor.zeros([2, 3], { backend: wasm });
    const v = Tensor.zeros([3], { backend: wasm });
    expectNoLeak(
      wasm,
      () => ops.broadcastTo(x, [4, 3]),
      /ops\.broadcastTo: 'x' \[2,3\] does not broadcast to 'shape' \[4,3\]/,
    );
    expectNoLeak(wasm, () => ops.broadcastTo(x, [3]), /'x' \[2,3\] does not broadcast/);
    expectNoLeak(
      wasm,
      () => ops.broadcastTo(x, [2, 0]),
      /ops\.broadcastTo: 'shape\[1\]' must be a positive integer, got 0/,
    );
    expectNoLeak(
      wasm,
      () => ops.broadcastTo(x, 3 as never),
      /ops\.broadcastTo: 'shape' must be an array/,
    );
    expectNoLeak(
      wasm,
      () => ops.sumTo(x, [4]),
      /ops\.sumTo: 'shape' \[4\] does not broadcast to 'x' \[2,3\]/,
    );
    expectNoLeak(
      wasm,
      () => ops.sumTo(v, [1, 3]),
      /'shape' \[1,3\] does not broadcast to 'x' \[3\]/,
    );
    expectNoLeak(
      wasm,
      () => ops.sumAxis(x, 2),
      /ops\.sumAxis: 'axis' must be an integer in \[-2, 2\) for x \[2,3\], got 2/,
    );
    expectNoLeak(wasm, () => ops.sumAxis(x, 0.5), /'axis' must be an integer/);
    expectNoLeak(
      wasm,
      () => ops.transpose(v),
      /ops\.transpose: 'x' must have at least 2 dimensions, got shape \[3\]/,
    );
    const ints = Tensor.fromInts([1, 2], [1, 2], { backend: wasm });
    expectNoLeak(wasm, () => ops.transpose(ints as never), /ops\.transpose: 'x' must be float32/);
    releaseAll(x, v, ints);
    expect(() => ops.sumAxis(x, 0)).toThrow(/ops\.sumAxis: 'x' was released/);
  });
});

describe('ops.reshape', () => {
  it('copies the data under a shape of the same size, and rejects any other size', () => {
    const x = tensorOn(wasm, [1, 2, 3, 4, 5, 6], [2, 3]);
    const y = ops.reshape(x, [3, 1, 2]);
    expect(y.shape).toEqual([3, 1, 2]);
    expect(y.toArray()).toEqual(x.toArray());
    expect(y.ptr).not.toBe(x.ptr);
    expect(() => ops.reshape(x, [4, 2])).toThrow(/ops\.reshape: 'shape' \[4,2\] must hold x's 6/);
    expect(() => ops.reshape(x, [6, 0])).toThrow(/ops\.reshape: 'shape\[1\]'/);
    releaseAll(x, y);
  });
});
