import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import { dot, expectClose, randomArray, ref, ref64, releaseAll, tensorOn, wasm } from './helpers';

const CASES: [number[], number[]][] = [
  [[1], [7]],
  [[], [3, 5]],
  [[5], [3, 5]],
  [
    [3, 1],
    [3, 17],
  ],
  [
    [1, 1, 33],
    [2, 3, 33],
  ],
  [
    [7, 1, 1],
    [7, 5, 3],
  ],
  [
    [1, 4, 1],
    [3, 4, 5],
  ],
  [
    [2, 1, 3, 1],
    [2, 5, 3, 7],
  ],
  [
    [17, 33],
    [17, 33],
  ],
];

describe('ops.broadcastTo / ops.sumTo', () => {
  for (const [small, big] of CASES) {
    it(`[${small}] ↔ [${big}]: wasm matches the reference, and sumTo is broadcastTo's adjoint`, () => {
      const rng = new Random(small.length * 100 + big.reduce((a, b) => a + b, 0));
      const n = small.reduce((a, b) => a * b, 1);
      const m = big.reduce((a, b) => a * b, 1);
      const xs = randomArray(rng, n);
      const ys = randomArray(rng, m);
      const results = [wasm, ref].map((b) => {
        const x = tensorOn(b, xs, small);
        const y = tensorOn(b, ys, big);
        const up = ops.broadcastTo(x, big);
        const down = ops.sumTo(y, small);
        expect(up.shape).toEqual(big);
        expect(down.shape).toEqual(small);
        const out = [up.toArray(), down.toArray()];
        releaseAll(x, y, up, down);
        return out;
      });
      expectClose(results[0][0], results[1][0], { rtol: 0, atol: 0 }, 'broadcastTo');
      expectClose(results[0][1], results[1][1], { rtol: 1e-6, atol: 1e-6 }, 'sumTo');
      // <broadcastTo(x), y> = <x, sumTo(y)>, exactly enough in float64.
      const x = tensorOn(ref64, xs, small);
      const y = tensorOn(ref64, ys, big);
      const up = ops.broadcastTo(x, big);
      const down = ops.sumTo(y, small);
      expect(dot(up.toFloat64Array(), y.toFloat64Array())).toBeCloseTo(
        dot(x.toFloat64Array(), down.toFloat64Array()),
        10,
      );
      releaseAll(x, y, up, down);
    });
  }

  it('reject shapes that cannot broadcast, naming both', () => {
    const x = Tensor.zeros([3, 2], { backend: wasm });
    expect(() => ops.broadcastTo(x, [3, 4])).toThrow(
      /ops.broadcastTo: shape \[3,2\] cannot broadcast to \[3,4\]/,
    );
    expect(() => ops.broadcastTo(x, [2])).toThrow(/more dimensions/);
    expect(() => ops.sumTo(x, [4])).toThrow(/ops.sumTo: shape \[4\] cannot broadcast to \[3,2\]/);
    x.release();
  });
});

describe('ops.sumAxis and ops.transpose', () => {
  it('match the reference on odd sizes', () => {
    const rng = new Random(5);
    for (const shape of [
      [1, 7],
      [3, 5, 17],
      [33, 1, 4],
      [2, 3, 5, 7],
    ]) {
      const data = randomArray(
        rng,
        shape.reduce((a, b) => a * b, 1),
      );
      for (let axis = -shape.length; axis < shape.length; axis++) {
        const [a, b] = [wasm, ref].map((be) => {
          const x = tensorOn(be, data, shape);
          const y = ops.sumAxis(x, axis, axis % 2 === 0);
          const out = { values: y.toArray(), shape: y.shape };
          releaseAll(x, y);
          return out;
        });
        expect(a.shape).toEqual(b.shape);
        expectClose(
          a.values,
          b.values,
          { rtol: 1e-5, atol: 1e-6 },
          `sumAxis [${shape}] axis ${axis}`,
        );
      }
      const [t1, t2] = [wasm, ref].map((be) => {
        const x = tensorOn(be, data, shape);
        const y = ops.transpose(x);
        const out = { values: y.toArray(), shape: y.shape };
        releaseAll(x, y);
        return out;
      });
      expect(t1.shape).toEqual([...shape.slice(0, -2), shape.at(-1), shape.at(-2)]);
      expect(t1.values).toEqual(t2.values);
    }
  });

  it('transpose of a big matrix is exact (tiles and edges)', () => {
    const [rows, cols] = [67, 45];
    const x = tensorOn(
      wasm,
      Float32Array.from({ length: rows * cols }, (_, i) => i),
      [rows, cols],
    );
    const y = ops.transpose(x).toArray();
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) expect(y[c * rows + r]).toBe(r * cols + c);
  });

  it('reject a bad axis and a 1-D transpose', () => {
    const x = Tensor.zeros([3], { backend: wasm });
    expect(() => ops.sumAxis(x, 1)).toThrow(/'axis' 1 is out of range/);
    expect(() => ops.transpose(x)).toThrow(/at least 2 dimensions/);
  });
});
