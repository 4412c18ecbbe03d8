import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { floatIndex } from './heap-index';

/** y[i] = fn(x[i]) */
function map(h: Heap, x: Ptr, n: number, y: Ptr, fn: (v: number) => number): void {
  const f = h.f;
  const xi = floatIndex(h, x);
  const yi = floatIndex(h, y);
  for (let i = 0; i < n; i++) f[yi + i] = fn(f[xi + i]);
}

/** y[i] = fn(a[i], b[i]) */
function zip(
  h: Heap,
  a: Ptr,
  b: Ptr,
  n: number,
  y: Ptr,
  fn: (u: number, v: number) => number,
): void {
  const f = h.f;
  const ai = floatIndex(h, a);
  const bi = floatIndex(h, b);
  const yi = floatIndex(h, y);
  for (let i = 0; i < n; i++) f[yi + i] = fn(f[ai + i], f[bi + i]);
}

export function relu(h: Heap, x: Ptr, n: number, y: Ptr): void {
  map(h, x, n, y, (v) => Math.max(v, 0));
}

export function reluBackward(h: Heap, x: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(h, x, dy, n, dx, (v, d) => (v > 0 ? d : 0));
}

export function tanh(h: Heap, x: Ptr, n: number, y: Ptr): void {
  map(h, x, n, y, Math.tanh);
}

export function tanhBackward(h: Heap, y: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(h, y, dy, n, dx, (v, d) => d * (1 - v * v));
}

export function sigmoid(h: Heap, x: Ptr, n: number, y: Ptr): void {
  map(h, x, n, y, (v) => 1 / (1 + Math.exp(-v)));
}

export function sigmoidBackward(h: Heap, y: Ptr, dy: Ptr, n: number, dx: Ptr): void {
  zip(h, y, dy, n, dx, (v, d) => d * v * (1 - v));
}

export function add(h: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(h, a, b, n, y, (u, v) => u + v);
}

export function sub(h: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(h, a, b, n, y, (u, v) => u - v);
}

export function mul(h: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(h, a, b, n, y, (u, v) => u * v);
}

export function div(h: Heap, a: Ptr, b: Ptr, n: number, y: Ptr): void {
  zip(h, a, b, n, y, (u, v) => u / v);
}

export function scale(h: Heap, x: Ptr, alpha: number, n: number, y: Ptr): void {
  map(h, x, n, y, (v) => alpha * v);
}

export function axpy(h: Heap, alpha: number, x: Ptr, n: number, y: Ptr): void {
  zip(h, x, y, n, y, (u, v) => v + alpha * u);
}

export function addRowVector(h: Heap, x: Ptr, v: Ptr, rows: number, cols: number, y: Ptr): void {
  const f = h.f;
  const xi = floatIndex(h, x);
  const vi = floatIndex(h, v);
  const yi = floatIndex(h, y);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) f[yi + r * cols + c] = f[xi + r * cols + c] + f[vi + c];
  }
}

export function fill(h: Heap, y: Ptr, value: number, n: number): void {
  const yi = floatIndex(h, y);
  h.f.fill(value, yi, yi + n);
}
