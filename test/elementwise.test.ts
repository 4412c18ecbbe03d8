import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
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

const SIZES = [1, 3, 5, 7, 17, 33, 64, 100, 257];
const UNARY = ['relu', 'tanh', 'sigmoid'] as const;
const BINARY = ['add', 'sub', 'mul', 'div'] as const;

describe('elementwise kernels: wasm vs reference', () => {
  for (const name of UNARY) {
    it(`${name} matches the reference on odd sizes (rtol 2e-6)`, () => {
      const rng = new Random(1);
      for (const n of SIZES) {
        const x = randomArray(rng, n, -12, 12);
        const a = ops[name](tensorOn(wasm, x, [n]));
        const e = ops[name](tensorOn(ref, x, [n]));
        expectClose(a.toArray(), e.toArray(), { rtol: 2e-6, atol: 1e-7 }, `${name} n=${n}`);
      }
    });
  }

  it('tanh and sigmoid keep relative precision near 0 and saturate cleanly', () => {
    const x = [-1e-6, 1e-6, -1e-3, 0.3, 0.62, 0.63, -50, 50, 100, -100];
    for (const name of ['tanh', 'sigmoid'] as const) {
      const a = ops[name](tensorOn(wasm, x, [x.length])).toArray();
      const e = ops[name](tensorOn(ref64, x, [x.length])).toArray();
      expectClose(a, e, { rtol: 3e-7, atol: 1e-30 }, name);
    }
  });

  for (const name of BINARY) {
    it(`${name} matches the reference on odd sizes`, () => {
      const rng = new Random(2);
      for (const n of SIZES) {
        const u = randomArray(rng, n);
        const v = randomArray(rng, n, 0.5, 2);
        const a = ops[name](tensorOn(wasm, u, [n]), tensorOn(wasm, v, [n]));
        const e = ops[name](tensorOn(ref, u, [n]), tensorOn(ref, v, [n]));
        expectClose(a.toArray(), e.toArray(), { rtol: 1e-7, atol: 0 }, `${name} n=${n}`);
      }
    });
  }

  it('scale, axpy, addRowVector and fill match the reference', () => {
    const rng = new Random(3);
    for (const n of SIZES) {
      const x = randomArray(rng, n);
      const y = randomArray(rng, n);
      for (const b of [wasm, ref]) {
        expect(ops.scale(tensorOn(b, x, [n]), -1.5).toArray()).toEqual(
          Float32Array.from(x, (v) => Math.fround(-1.5 * v)),
        );
      }
      const ya = ops.axpy(0.25, tensorOn(wasm, x, [n]), tensorOn(wasm, y, [n]));
      const ye = ops.axpy(0.25, tensorOn(ref, x, [n]), tensorOn(ref, y, [n]));
      expectClose(ya.toArray(), ye.toArray(), { rtol: 1e-6, atol: 1e-7 }, `axpy n=${n}`);
      const rows = 3;
      const m = randomArray(rng, rows * n);
      const ra = ops.addRowVector(tensorOn(wasm, m, [rows, n]), tensorOn(wasm, x, [n]));
      const re = ops.addRowVector(tensorOn(ref, m, [rows, n]), tensorOn(ref, x, [n]));
      expectClose(ra.toArray(), re.toArray(), { rtol: 0, atol: 0 }, `addRowVector n=${n}`);
      const inPlace = tensorOn(wasm, m, [rows, n]);
      expect(ops.addRowVectorInPlace(inPlace, tensorOn(wasm, x, [n]))).toBe(inPlace);
      expect(inPlace.toArray(), `addRowVectorInPlace n=${n}`).toEqual(ra.toArray());
      expect(ops.fill(Tensor.zeros([n], { backend: wasm }), 2.5).toArray()).toEqual(
        new Float32Array(n).fill(2.5),
      );
    }
  });
});

describe('activation backward kernels: finite differences in float64', () => {
  // dx from the wasm kernel (f32) against d/dx Σ dy·f(x) computed by the f64 reference.
  for (const name of UNARY) {
    it(`${name}Backward matches finite differences (rtol 1e-4)`, () => {
      const rng = new Random(4);
      const n = 37;
      // Keep relu's inputs away from its kink, where the derivative is undefined.
      const x = Float64Array.from(randomArray(rng, n, -3, 3), (v) =>
        Math.abs(v) < 0.05 ? 0.5 : v,
      );
      const dy = randomArray(rng, n);
      const forward = (at: Float64Array) => {
        const y = ops[name](tensorOn(ref64, at, [n]));
        const s = dot(dy, y.toFloat64Array());
        y.release();
        return s;
      };
      const numeric = finiteDifferences(forward, x);
      const xw = tensorOn(wasm, x, [n]);
      const saved = name === 'relu' ? xw : ops[name](xw); // tanh/sigmoid backward read the output
      const dx = ops[`${name}Backward`](saved, tensorOn(wasm, dy, [n]));
      expectClose(dx.toArray(), numeric, { rtol: 1e-4, atol: 1e-5 }, `${name}Backward`);
      releaseAll(xw, saved, dx);
    });
  }
});

describe('elementwise ops: argument checks', () => {
  it('rejects mismatched shapes, released tensors, and bad scalars by name', () => {
    const a = tensorOn(wasm, [1, 2, 3], [3]);
    const b = tensorOn(wasm, [1, 2], [2]);
    expect(() => ops.add(a, b)).toThrow(
      /ops\.add: 'a' \[3\] and 'b' \[2\] must have the same shape/,
    );
    expect(() => ops.scale(a, NaN)).toThrow(/ops\.scale: 'alpha' must be a finite number/);
    expect(() => ops.addRowVector(tensorOn(wasm, [1, 2, 3, 4], [2, 2]), a)).toThrow(/'v' \[3\]/);
    b.release();
    expect(() => ops.relu(b)).toThrow(/'x' was released/);
    expect(() => ops.add(a, tensorOn(ref, [1, 2, 3], [3]))).toThrow(/another backend/);
  });
});
