import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { floatIndex } from './heap-index';

/** Calls fn(index) for every element of channel ch of x [n, c, hw]. */
function forChannel(n: number, c: number, hw: number, ch: number, fn: (i: number) => void): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < hw; j++) fn((i * c + ch) * hw + j);
}

export function batchNormTrain(
  h: Heap,
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
  const f = h.f;
  const [xi, yi] = [floatIndex(h, x), floatIndex(h, y)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    forChannel(n, c, hw, ch, (i) => (sum += f[xi + i]));
    const mean = sum / count;
    let sq = 0;
    forChannel(n, c, hw, ch, (i) => (sq += (f[xi + i] - mean) ** 2));
    const invStd = 1 / Math.sqrt(sq / count + eps);
    f[floatIndex(h, saveMean) + ch] = mean;
    f[floatIndex(h, saveInvStd) + ch] = invStd;
    f[floatIndex(h, runMean) + ch] =
      (1 - momentum) * f[floatIndex(h, runMean) + ch] + momentum * mean;
    f[floatIndex(h, runVar) + ch] =
      (1 - momentum) * f[floatIndex(h, runVar) + ch] + momentum * (sq / (count - 1));
    const [g, b] = [f[floatIndex(h, gamma) + ch], f[floatIndex(h, beta) + ch]];
    forChannel(n, c, hw, ch, (i) => (f[yi + i] = g * (f[xi + i] - mean) * invStd + b));
  }
}

export function batchNormEval(
  h: Heap,
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
  const f = h.f;
  const [xi, yi] = [floatIndex(h, x), floatIndex(h, y)];
  for (let ch = 0; ch < c; ch++) {
    const mean = f[floatIndex(h, runMean) + ch];
    const invStd = 1 / Math.sqrt(f[floatIndex(h, runVar) + ch] + eps);
    const [g, b] = [f[floatIndex(h, gamma) + ch], f[floatIndex(h, beta) + ch]];
    forChannel(n, c, hw, ch, (i) => (f[yi + i] = g * (f[xi + i] - mean) * invStd + b));
  }
}

export function batchNormBackward(
  h: Heap,
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
  const f = h.f;
  const [xi, di, oi] = [floatIndex(h, x), floatIndex(h, dy), floatIndex(h, dx)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    const mean = f[floatIndex(h, saveMean) + ch];
    const invStd = f[floatIndex(h, saveInvStd) + ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    forChannel(n, c, hw, ch, (i) => {
      sumDy += f[di + i];
      sumDyXhat += f[di + i] * (f[xi + i] - mean) * invStd;
    });
    f[floatIndex(h, dbeta) + ch] = sumDy;
    f[floatIndex(h, dgamma) + ch] = sumDyXhat;
    const g = f[floatIndex(h, gamma) + ch];
    forChannel(n, c, hw, ch, (i) => {
      const xhat = (f[xi + i] - mean) * invStd;
      f[oi + i] = ((g * invStd) / count) * (count * f[di + i] - sumDy - xhat * sumDyXhat);
    });
  }
}
