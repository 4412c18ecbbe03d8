import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex, intIndex } from '../heap-index';

/** Index of row r's first element, its max and its log-sum-exp. */
function rowStats(f: ArrayLike<number>, start: number, cols: number) {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, f[start + j]);
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(f[start + j] - max);
  return { max, sum, lse: max + Math.log(sum) };
}

export function softmaxCrossEntropy(
  heap: Heap,
  logits: Ptr,
  labels: Ptr,
  b: number,
  c: number,
  dlogits: Ptr,
): number {
  const f = heap.f;
  let total = 0;
  for (let r = 0; r < b; r++) {
    const x = floatIndex(heap, logits) + r * c;
    const label = heap.i32[intIndex(labels) + r];
    const { max, sum, lse } = rowStats(f, x, c);
    total += lse - f[x + label];
    if (dlogits) {
      const g = floatIndex(heap, dlogits) + r * c;
      for (let j = 0; j < c; j++)
        f[g + j] = (Math.exp(f[x + j] - max) / sum - (j === label ? 1 : 0)) / b;
    }
  }
  return total / b;
}

export function softmaxCrossEntropySoft(
  heap: Heap,
  logits: Ptr,
  targets: Ptr,
  b: number,
  c: number,
  dlogits: Ptr,
): number {
  const f = heap.f;
  let total = 0;
  for (let r = 0; r < b; r++) {
    const x = floatIndex(heap, logits) + r * c;
    const t = floatIndex(heap, targets) + r * c;
    const { max, sum, lse } = rowStats(f, x, c);
    let tSum = 0;
    for (let j = 0; j < c; j++) {
      total -= f[t + j] * (f[x + j] - lse);
      tSum += f[t + j];
    }
    if (dlogits) {
      const g = floatIndex(heap, dlogits) + r * c;
      for (let j = 0; j < c; j++)
        f[g + j] = ((Math.exp(f[x + j] - max) / sum) * tSum - f[t + j]) / b;
    }
  }
  return total / b;
}

export function sigmoidCrossEntropy(
  heap: Heap,
  logits: Ptr,
  targets: Ptr,
  n: number,
  dlogits: Ptr,
): number {
  const f = heap.f;
  const [x0, t0, g0] = [logits, targets, dlogits].map((p) => floatIndex(heap, p));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = f[x0 + i];
    const t = f[t0 + i];
    // e^−|x| ≤ 1 never overflows; sigmoid(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) below.
    const e = Math.exp(-Math.abs(x));
    total += Math.max(x, 0) - x * t + Math.log1p(e);
    if (dlogits) f[g0 + i] = ((x >= 0 ? 1 : e) / (1 + e) - t) / n;
  }
  return total / n;
}

export function softmax(heap: Heap, x: Ptr, rows: number, cols: number, y: Ptr): void {
  const f = heap.f;
  for (let r = 0; r < rows; r++) {
    const xi = floatIndex(heap, x) + r * cols;
    const yi = floatIndex(heap, y) + r * cols;
    const { max, sum } = rowStats(f, xi, cols);
    for (let j = 0; j < cols; j++) f[yi + j] = Math.exp(f[xi + j] - max) / sum;
  }
}

export function logSoftmax(heap: Heap, x: Ptr, rows: number, cols: number, y: Ptr): void {
  const f = heap.f;
  for (let r = 0; r < rows; r++) {
    const xi = floatIndex(heap, x) + r * cols;
    const yi = floatIndex(heap, y) + r * cols;
    const { lse } = rowStats(f, xi, cols);
    for (let j = 0; j < cols; j++) f[yi + j] = f[xi + j] - lse;
  }
}

export function softmaxBackward(
  heap: Heap,
  y: Ptr,
  dy: Ptr,
  rows: number,
  cols: number,
  dx: Ptr,
): void {
  const f = heap.f;
  for (let r = 0; r < rows; r++) {
    const [yi, di, xi] = [y, dy, dx].map((p) => floatIndex(heap, p) + r * cols);
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += f[di + j] * f[yi + j];
    for (let j = 0; j < cols; j++) f[xi + j] = f[yi + j] * (f[di + j] - dot);
  }
}

export function logSoftmaxBackward(
  heap: Heap,
  y: Ptr,
  dy: Ptr,
  rows: number,
  cols: number,
  dx: Ptr,
): void {
  const f = heap.f;
  for (let r = 0; r < rows; r++) {
    const [yi, di, xi] = [y, dy, dx].map((p) => floatIndex(heap, p) + r * cols);
    let total = 0;
    for (let j = 0; j < cols; j++) total += f[di + j];
    for (let j = 0; j < cols; j++) f[xi + j] = f[di + j] - Math.exp(f[yi + j]) * total;
  }
}
