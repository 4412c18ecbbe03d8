import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

// The twin of assembly/svm.ts: one row of the SVM dual's matrix Q, in float64.

/** b^e for an integer e ≥ 0, by squaring. */
function powi(b: number, e: number): number {
  let r = 1;
  for (; e > 0; e >>= 1, b *= b) if (e & 1) r *= b;
  return r;
}

const maps: ((s: number, gamma: number, coef0: number, degree: number) => number)[] = [
  (s) => s,
  (s, gamma) => Math.exp(-gamma * s),
  (s, gamma, coef0, degree) => powi(gamma * s + coef0, degree),
  (s, gamma, coef0) => Math.tanh(gamma * s + coef0),
];
const RBF = 1;

export function svmKernelRow(
  heap: Heap,
  kernel: number,
  gamma: number,
  coef0: number,
  degree: number,
  xt: Ptr,
  signs: Ptr,
  n: number,
  d: number,
  i: number,
  start: number,
  end: number,
  out: Ptr,
): void {
  const f = heap.f;
  const [x, s, o] = [xt, signs, out].map((p) => floatIndex(heap, p));
  const map = maps[kernel];
  for (let j = start; j < end; j++) {
    let sum = 0;
    for (let k = 0; k < d; k++) {
      const a = f[x + k * n + i];
      const v = f[x + k * n + j];
      sum += kernel === RBF ? (v - a) * (v - a) : a * v;
    }
    f[o + j] = f[s + i] * f[s + j] * map(sum, gamma, coef0, degree);
  }
}
