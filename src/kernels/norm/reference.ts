import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

/** Calls fn(index) for every element of channel ch of x [n, c, hw]. */
function forChannel(n: number, c: number, hw: number, ch: number, fn: (i: number) => void): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < hw; j++) fn((i * c + ch) * hw + j);
}

export function batchNormTrain(
  heap: Heap,
  x: Ptr,
  n: number,
  c: number,
  hw: number,
  gamma: Ptr,
  beta: Ptr,
  eps: number,
  momentum: number,
  runMean: Ptr,
  runVar: Ptr,
  y: Ptr,
  saveMean: Ptr,
  saveInvStd: Ptr,
): void {
  const f = heap.f;
  const [xi, yi] = [floatIndex(heap, x), floatIndex(heap, y)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    forChannel(n, c, hw, ch, (i) => (sum += f[xi + i]));
    const mean = sum / count;
    let sq = 0;
    forChannel(n, c, hw, ch, (i) => (sq += (f[xi + i] - mean) ** 2));
    const invStd = 1 / Math.sqrt(sq / count + eps);
    f[floatIndex(heap, saveMean) + ch] = mean;
    f[floatIndex(heap, saveInvStd) + ch] = invStd;
    f[floatIndex(heap, runMean) + ch] =
      (1 - momentum) * f[floatIndex(heap, runMean) + ch] + momentum * mean;
    f[floatIndex(heap, runVar) + ch] =
      (1 - momentum) * f[floatIndex(heap, runVar) + ch] + momentum * (sq / (count - 1));
    const [g, b] = [f[floatIndex(heap, gamma) + ch], f[floatIndex(heap, beta) + ch]];
    forChannel(n, c, hw, ch, (i) => (f[yi + i] = g * (f[xi + i] - mean) * invStd + b));
  }
}

export function batchNormEval(
  heap: Heap,
  x: Ptr,
  n: number,
  c: number,
  hw: number,
  gamma: Ptr,
  beta: Ptr,
  runMean: Ptr,
  runVar: Ptr,
  eps: number,
  y: Ptr,
): void {
  const f = heap.f;
  const [xi, yi] = [floatIndex(heap, x), floatIndex(heap, y)];
  for (let ch = 0; ch < c; ch++) {
    const mean = f[floatIndex(heap, runMean) + ch];
    const invStd = 1 / Math.sqrt(f[floatIndex(heap, runVar) + ch] + eps);
    const [g, b] = [f[floatIndex(heap, gamma) + ch], f[floatIndex(heap, beta) + ch]];
    forChannel(n, c, hw, ch, (i) => (f[yi + i] = g * (f[xi + i] - mean) * invStd + b));
  }
}

export function batchNormBackward(
  heap: Heap,
  x: Ptr,
  dy: Ptr,
  n: number,
  c: number,
  hw: number,
  gamma: Ptr,
  saveMean: Ptr,
  saveInvStd: Ptr,
  dx: Ptr,
  dgamma: Ptr,
  dbeta: Ptr,
): void {
  const f = heap.f;
  const [xi, di, oi] = [floatIndex(heap, x), floatIndex(heap, dy), floatIndex(heap, dx)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    const mean = f[floatIndex(heap, saveMean) + ch];
    const invStd = f[floatIndex(heap, saveInvStd) + ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    forChannel(n, c, hw, ch, (i) => {
      sumDy += f[di + i];
      sumDyXhat += f[di + i] * (f[xi + i] - mean) * invStd;
    });
    f[floatIndex(heap, dbeta) + ch] = sumDy;
    f[floatIndex(heap, dgamma) + ch] = sumDyXhat;
    const g = f[floatIndex(heap, gamma) + ch];
    forChannel(n, c, hw, ch, (i) => {
      const xhat = (f[xi + i] - mean) * invStd;
      f[oi + i] = ((g * invStd) / count) * (count * f[di + i] - sumDy - xhat * sumDyXhat);
    });
  }
}
