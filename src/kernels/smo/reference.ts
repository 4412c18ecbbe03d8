import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex, intIndex } from '../heap-index';

// The twins of assembly/smo.ts: the passes of an SMO iteration, one variable at a time.

const TAU = 1e-12;

export function smoSelectUp(heap: Heap, active: number, G: Ptr, signs: Ptr, up: Ptr): number {
  const [f, d, m] = [heap.f, heap.f64, heap.i32];
  const [s, g, u] = [floatIndex(heap, signs), G / 8, intIndex(up)];
  let gMax = -Infinity;
  let i = -1;
  for (let t = 0; t < active; t++) {
    const v = -(f[s + t] * d[g + t]);
    if (m[u + t] !== 0 && v >= gMax) {
      gMax = v;
      i = t;
    }
  }
  return i;
}

export function smoSelectLow(
  heap: Heap,
  active: number,
  i: number,
  gMax: number,
  G: Ptr,
  QD: Ptr,
  signs: Ptr,
  low: Ptr,
  Qi: Ptr,
  gMax2: Ptr,
): number {
  const [f, d, m] = [heap.f, heap.f64, heap.i32];
  const [s, g, qd, l, q] = [
    floatIndex(heap, signs),
    G / 8,
    QD / 8,
    intIndex(low),
    floatIndex(heap, Qi),
  ];
  let max2 = -Infinity;
  let best = Infinity;
  let j = -1;
  for (let t = 0; t < active; t++) {
    if (m[l + t] === 0) continue;
    const yG = f[s + t] * d[g + t];
    if (yG >= max2) max2 = yG;
    const b = gMax + yG;
    if (b > 0) {
      let a = d[qd + i] + d[qd + t] - 2 * f[s + i] * f[s + t] * f[q + t];
      if (a <= 0) a = TAU;
      const obj = -(b * b) / a;
      if (obj <= best) {
        best = obj;
        j = t;
      }
    }
  }
  d[gMax2 / 8] = max2;
  return j;
}

export function smoAddRows(
  heap: Heap,
  count: number,
  G: Ptr,
  Qi: Ptr,
  a: number,
  Qj: Ptr,
  b: number,
): void {
  const [f, d] = [heap.f, heap.f64];
  const [g, qi, qj] = [G / 8, floatIndex(heap, Qi), floatIndex(heap, Qj)];
  for (let t = 0; t < count; t++) d[g + t] += f[qi + t] * a + f[qj + t] * b;
}
