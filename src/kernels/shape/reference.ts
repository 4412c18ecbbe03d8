import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

// Shape kernels over x viewed as [outer, mid, inner]; sums accumulate in float64, in m order.

export function broadcastMiddle(
  heap: Heap,
  x: Ptr,
  outer: number,
  mid: number,
  inner: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  for (let o = 0; o < outer; o++) {
    for (let m = 0; m < mid; m++) {
      for (let i = 0; i < inner; i++) f[y0 + (o * mid + m) * inner + i] = f[x0 + o * inner + i];
    }
  }
}

export function sumMiddle(
  heap: Heap,
  x: Ptr,
  outer: number,
  mid: number,
  inner: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let m = 0; m < mid; m++) s += f[x0 + (o * mid + m) * inner + i];
      f[y0 + o * inner + i] = s;
    }
  }
}

export function transpose(
  heap: Heap,
  x: Ptr,
  batch: number,
  rows: number,
  cols: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  for (let b = 0; b < batch; b++) {
    const start = b * rows * cols;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) f[y0 + start + c * rows + r] = f[x0 + start + r * cols + c];
    }
  }
}
