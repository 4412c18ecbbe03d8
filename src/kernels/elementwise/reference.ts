import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

/** y[i] = fn(x[i]) */
function map(heap: Heap, x: Ptr, n: number, y: Ptr, fn: (v: number) => number): void {
  const f = heap.f;
  const xi = floatIndex(heap, x);
  const yi = floatIndex(heap, y);
  for (let i = 0; i < n; i++) f[yi + i] = fn(f[xi + i]);
}

/** y[i] = fn(a[i], b[i]) */
function zip(
  heap: Heap,
  a: Ptr,
  b: Ptr,
  n: number,
  y: Ptr,
  fn: (u: number, v: number) => number,
): void {
  const f = heap.f;
  const ai = floatIndex(heap, a);
  const bi = floatIndex(heap, b);
  const yi = floatIndex(heap, y);
  for (let i = 0; i < n; i++) f[yi + i] = fn(f[ai + i], f[bi + i]);
}

export function relu(heap: Heap, x: Ptr, n: number, y: Ptr): void {
  map(heap, x, n, y, (v) => Math.max(v, 0));
}

export function reluBackward(heap: Heap, x: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(heap, x, dy, n, dx, (v, d) => (v > 0 ? d : 0));
}

export function tanh(heap: Heap, x: Ptr, n: number, y: Ptr): void {
  map(heap, x, n, y, Math.tanh);
}

export function tanhBackward(heap: Heap, y: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(heap, y, dy, n, dx, (v, d) => d * (1 - v * v));
}

export function sigmoid(heap: Heap, x: Ptr, n: number, y: Ptr): void {
  map(heap, x, n, y, (v) => 1 / (1 + Math.exp(-v)));
}

export function sigmoidBackward(heap: Heap, y: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(heap, y, dy, n, dx, (v, d) => d * v * (1 - v));
}

export function add(heap: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(heap, a, b, n, y, (u, v) => u + v);
}

export function sub(heap: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(heap, a, b, n, y, (u, v) => u - v);
}

export function mul(heap: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(heap, a, b, n, y, (u, v) => u * v);
}

export function div(heap: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(heap, a, b, n, y, (u, v) => u / v);
}

export function scale(heap: Heap, x: Ptr, alpha: number, n: number, y: Ptr): void {
  map(heap, x, n, y, (v) => alpha * v);
}

export function axpy(heap: Heap, alpha: number, x: Ptr, n: number, y: Ptr): void {
  zip(heap, x, y, n, y, (u, v) => v + alpha * u);
}

export function addRowVector(heap: Heap, x: Ptr, v: Ptr, rows: number, cols: number, y: Ptr): void {
  const f = heap.f;
  const xi = floatIndex(heap, x);
  const vi = floatIndex(heap, v);
  const yi = floatIndex(heap, y);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) f[yi + r * cols + c] = f[xi + r * cols + c] + f[vi + c];
  }
}

export function fill(heap: Heap, y: Ptr, value: number, n: number): void {
  const yi = floatIndex(heap, y);
  heap.f.fill(value, yi, yi + n);
}
