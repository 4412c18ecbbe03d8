import { describe, expect, it } from 'vitest';
import { createWasmBackend, ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import { loadWasmBytes } from '../src/backend/wasm/load';
import { randomArray, ref, releaseAll, tensorOn, wasm } from './helpers';

const SIZES = [1, 3, 5, 7, 17, 33, 64, 100, 257];
const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
const EPS32 = 2 ** -23;

/**
 * |c − c_ref| ≤ 2·k·ε32·(|alpha|·Σ_p |a_ip||b_pj| + |beta·c_ij|) + 1e-30: the classic
 * forward-error bound of a length-k dot product in f32, element by element.
 */
function expectWithinDotBound(
  actual: Float32Array,
  expected: Float32Array,
  magnitude: Float32Array,
  k: number,
  label: string,
): void {
  for (let i = 0; i < actual.length; i++) {
    const bound = 2 * k * EPS32 * magnitude[i] + 1e-30;
    if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
      expect.fail(
        `${label}: element ${i} is ${actual[i]}, reference ${expected[i]}, bound ${bound}`,
      );
    }
  }
}

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha?: number;
  beta?: number;
}

/** Runs one case on wasm and reference from the same inputs and compares them. */
function check(rng: Random, { m, n, k, transA, transB, alpha = 1, beta = 0 }: Case): void {
  const a = randomArray(rng, m * k);
  const b = randomArray(rng, k * n);
  const c = randomArray(rng, m * n);
  const shapeA = transA ? [k, m] : [m, k];
  const shapeB = transB ? [n, k] : [k, n];
  const run = (backend: Backend) => {
    const out = tensorOn(backend, c, [m, n]);
    const ta = tensorOn(backend, a, shapeA);
    const tb = tensorOn(backend, b, shapeB);
    ops.gemm(ta, tb, { transA, transB, alpha, beta, out });
    const result = out.toArray();
    releaseAll(out, ta, tb);
    return result;
  };
  const magnitude = new Float32Array(m * n);
  const absA = (i: number, p: number) => Math.abs(transA ? a[p * m + i] : a[i * k + p]);
  const absB = (p: number, j: number) => Math.abs(transB ? b[j * k + p] : b[p * n + j]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += absA(i, p) * absB(p, j);
      magnitude[i * n + j] = Math.abs(alpha) * s + Math.abs(beta * c[i * n + j]);
    }
  }
  const label = `m=${m} n=${n} k=${k} transA=${transA} transB=${transB} alpha=${alpha} beta=${beta}`;
  expectWithinDotBound(run(wasm), run(ref), magnitude, k + 1, label);
}

describe('gemm: wasm vs reference', () => {
  for (const [transA, transB] of TRANSPOSES) {
    it(`${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}: every size on each dimension`, () => {
      const rng = new Random(11);
      for (const size of SIZES) {
        const other = SIZES[rng.int(5)];
        const third = SIZES[rng.int(7)];
        check(rng, { m: size, n: other, k: third, transA, transB });
        check(rng, { m: other, n: size, k: third, transA, transB });
        check(rng, { m: third, n: other, k: size, transA, transB });
      }
    });
  }

  it('applies alpha and beta, and crosses the blocking sizes (k > 384, n > 512, tall Aᵀ)', () => {
    const rng = new Random(12);
    for (const [transA, transB] of TRANSPOSES) {
      check(rng, { m: 9, n: 11, k: 13, transA, transB, alpha: -0.75, beta: 1 });
      check(rng, { m: 6, n: 10, k: 300, transA, transB, alpha: 2, beta: -0.5 });
      check(rng, { m: 70, n: 530, k: 520, transA, transB, beta: 0.25 });
      check(rng, { m: 300, n: 9, k: 40, transA, transB });
    }
  });

  it('does not read C when beta is 0: NaN in the output buffer never propagates', () => {
    const a = tensorOn(wasm, [1, 2, 3, 4], [2, 2]);
    const out = tensorOn(wasm, [NaN, NaN, NaN, NaN], [2, 2]);
    ops.gemm(a, a, { out });
    expect(out.toArray()).toEqual(new Float32Array([7, 10, 15, 22]));
    releaseAll(a, out);
  });

  it('honours row strides: a window of larger matrices, the rest of C untouched', () => {
    const rng = new Random(13);
    const [m, n, k, ld] = [5, 6, 7, 11];
    const big = (seed: number) => randomArray(new Random(seed), ld * ld);
    const results = [wasm, ref].map((backend) => {
      const a = tensorOn(backend, big(1), [ld, ld]);
      const b = tensorOn(backend, big(2), [ld, ld]);
      const c = tensorOn(backend, big(3), [ld, ld]);
      const f = backend.heap.floatBytes;
      // Window starting at (1, 2) of each matrix.
      const at = (t: Tensor) => t.ptr + (ld + 2) * f;
      backend.kernels.gemm(
        0,
        1,
        m,
        n,
        k,
        1.5,
        at(a),
        ld,
        at(b),
        ld,
        0.5,
        at(c),
        ld,
        backend.workspace,
      );
      const out = c.toArray();
      releaseAll(a, b, c);
      return out;
    });
    const before = big(3);
    for (let i = 0; i < ld; i++) {
      for (let j = 0; j < ld; j++) {
        const inside = i >= 1 && i < 1 + m && j >= 2 && j < 2 + n;
        const idx = i * ld + j;
        if (inside) expect(Math.abs(results[0][idx] - results[1][idx])).toBeLessThan(1e-5);
        else expect(results[0][idx]).toBe(before[idx]);
      }
    }
    void rng;
  });

  it('is deterministic: a row of C does not depend on m or on the run', () => {
    const rng = new Random(14);
    const [k, n] = [300, 37];
    const a = randomArray(rng, 9 * k);
    const b = tensorOn(wasm, randomArray(rng, k * n), [k, n]);
    const full = ops.gemm(tensorOn(wasm, a, [9, k]), b).toArray();
    const again = ops.gemm(tensorOn(wasm, a, [9, k]), b).toArray();
    const lastRow = ops.gemm(tensorOn(wasm, a.subarray(8 * k), [1, k]), b).toArray();
    expect(again).toEqual(full);
    expect(lastRow).toEqual(full.subarray(8 * n));
  });

  it('runs the relaxed-SIMD build within the same bound where the engine supports it', async () => {
    if (!WebAssembly.validate(await loadWasmBytes('relaxed'))) {
      await expect(createWasmBackend({ simd: 'relaxed' })).rejects.toThrow(/relaxed SIMD/);
      return;
    }
    const relaxed = await createWasmBackend({ simd: 'relaxed' });
    const rng = new Random(15);
    for (const [transA, transB] of TRANSPOSES) {
      const [m, n, k] = [33, 17, 257];
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const shapes = [transA ? [k, m] : [m, k], transB ? [n, k] : [k, n]];
      const got = ops.gemm(tensorOn(relaxed, a, shapes[0]), tensorOn(relaxed, b, shapes[1]), {
        transA,
        transB,
      });
      const want = ops.gemm(tensorOn(ref, a, shapes[0]), tensorOn(ref, b, shapes[1]), {
        transA,
        transB,
      });
      const g = got.toArray();
      const w = want.toArray();
      for (let i = 0; i < g.length; i++)
        expect(Math.abs(g[i] - w[i])).toBeLessThan(2 * k * EPS32 * k);
    }
  });
});

describe('ops.gemm: argument checks', () => {
  const a = tensorOn(wasm, new Float32Array(6), [2, 3]);
  const b = tensorOn(wasm, new Float32Array(8), [4, 2]);

  it('names both shapes when the inner sizes differ', () => {
    expect(() => ops.gemm(a, b)).toThrow(
      /inner sizes differ: op\(a\) is \[2, 3\] .* op\(b\) is \[4, 2\]/,
    );
  });

  it('rejects non-matrices, bad scalars, beta without out, and a wrong out', () => {
    expect(() => ops.gemm(tensorOn(wasm, [1, 2], [2]), b)).toThrow(/'a' must have 2 dimensions/);
    expect(() => ops.gemm(a, b, { transB: true, alpha: NaN })).toThrow(
      /'alpha' must be a finite number/,
    );
    expect(() => ops.gemm(a, b, { transA: true, transB: true, beta: 1 })).toThrow(/no 'out'/);
    const out = Tensor.from([9, 9, 9, 9], [2, 2], { backend: wasm });
    expect(() => ops.gemm(a, b, { transA: true, transB: true, out })).toThrow(
      /'out' must have shape \[3,4\]/,
    );
    expect(out.toArray()).toEqual(new Float32Array([9, 9, 9, 9])); // nothing written
  });
});
