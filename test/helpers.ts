// Shared by the kernel tests: the three backends, seeded inputs, tolerant comparison and
// float64 finite differences.
import { expect } from 'vitest';
import { createReferenceBackend, createWasmBackend, Random, Tensor } from '../src';
import type { Backend } from '../src';

/** The backend under test, the f32 oracle, and the f64 oracle for gradient checks. */
export const wasm = await createWasmBackend();
export const ref = createReferenceBackend('f32');
export const ref64 = createReferenceBackend('f64');

/** Uniform values in [lo, hi) from a seeded generator. */
export function randomArray(rng: Random, n: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
  return out;
}

/** A float tensor on `backend` holding `data`. */
export function tensorOn(backend: Backend, data: ArrayLike<number>, shape: number[]): Tensor {
  return Tensor.from(data, shape, { backend });
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/**
 * Asserts |actual − expected| ≤ atol + rtol·|expected| everywhere, reporting the worst
 * element. NaN matches only NaN.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-5, atol = 1e-6 }: Tolerance = {},
  label = '',
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) {
        worst = i;
        worstRatio = Infinity;
        break;
      }
      continue;
    }
    const ratio = Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = i;
    }
  }
  if (worstRatio > 1) {
    expect.fail(
      `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} ` +
        `(error ${worstRatio.toFixed(2)}× the tolerance rtol=${rtol}, atol=${atol})`,
    );
  }
}

/** Central differences of a scalar function f at x, in float64. */
export function finiteDifferences(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-6,
): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + h;
    const up = f(probe);
    probe[i] = x[i] - h;
    const down = f(probe);
    probe[i] = x[i];
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** Σ w·y: turns a tensor-valued forward into the scalar that finite differences need. */
export function dot(w: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w[i] * y[i];
  return s;
}

/** Releases the tensors (tests create many; keeping the heaps small keeps them fast). */
export function releaseAll(...tensors: { release(): void }[]): void {
  for (const t of tensors) t.release();
}

/** FNV-1a over the bytes of typed arrays: a fingerprint that must match in every engine. */
export function fingerprint(...arrays: ArrayBufferView[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    for (const byte of new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) {
      h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    }
  }
  return h.toString(16);
}
