import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex, intIndex } from '../heap-index';

// Sums accumulate in float64, in index order; a scalar result is rounded to the backend's
// precision, as the wasm kernels return f32.

function rounded(heap: Heap, v: number): number {
  return heap.precision === 'f32' ? Math.fround(v) : v;
}

export function sum(heap: Heap, x: Ptr, n: number): number {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  let s = 0;
  for (let i = 0; i < n; i++) s += f[x0 + i];
  return rounded(heap, s);
}

export function sumSquares(heap: Heap, x: Ptr, n: number): number {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  let s = 0;
  for (let i = 0; i < n; i++) s += f[x0 + i] * f[x0 + i];
  return rounded(heap, s);
}

export function sumColumns(heap: Heap, x: Ptr, rows: number, cols: number, y: Ptr): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += f[x0 + r * cols + c];
    f[y0 + c] = s;
  }
}

export function sumChannels(
  heap: Heap,
  x: Ptr,
  n: number,
  c: number,
  hw: number,
  first: number,
  end: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  for (let ch = first; ch < end; ch++) {
    let s = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < hw; i++) s += f[x0 + (b * c + ch) * hw + i];
    }
    f[y0 + ch] = s;
  }
}

export function argmaxRows(heap: Heap, x: Ptr, rows: number, cols: number, out: Ptr): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const o0 = intIndex(out);
  for (let r = 0; r < rows; r++) {
    let at = 0;
    for (let c = 1; c < cols; c++) {
      const v = f[x0 + r * cols + c];
      const best = f[x0 + r * cols + at];
      // Strictly greater wins (first maximum stays); a NaN beats any number (first NaN stays).
      if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) at = c;
    }
    heap.i32[o0 + r] = at;
  }
}
