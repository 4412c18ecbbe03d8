import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { fi } from './heap-index';

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
  const [xi, yi] = [fi(h, x), fi(h, y)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    forChannel(n, c, hw, ch, (i) => (sum += f[xi + i]));
    const mean = sum / count;
    let sq = 0;
    forChannel(n, c, hw, ch, (i) => (sq += (f[xi + i] - mean) ** 2));
    const invStd = 1 / Math.sqrt(sq / count + eps);
    f[fi(h, saveMean) + ch] = mean;
    f[fi(h, saveInvStd) + ch] = invStd;
    f[fi(h, runMean) + ch] = (1 - momentum) * f[fi(h, runMean) + ch] + momentum * mean;
    f[fi(h, runVar) + ch] = (1 - momentum) * f[fi(h, runVar) + ch] + momentum * (sq / (count - 1));
    const [g, b] = [f[fi(h, gamma) + ch], f[fi(h, beta) + ch]];
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
  const [xi, yi] = [fi(h, x), fi(h, y)];
  for (let ch = 0; ch < c; ch++) {
    const mean = f[fi(h, runMean) + ch];
    const invStd = 1 / Math.sqrt(f[fi(h, runVar) + ch] + eps);
    const [g, b] = [f[fi(h, gamma) + ch], f[fi(h, beta) + ch]];
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
  const [xi, di, oi] = [fi(h, x), fi(h, dy), fi(h, dx)];
  const count = n * hw;
  for (let ch = 0; ch < c; ch++) {
    const mean = f[fi(h, saveMean) + ch];
    const invStd = f[fi(h, saveInvStd) + ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    forChannel(n, c, hw, ch, (i) => {
      sumDy += f[di + i];
      sumDyXhat += f[di + i] * (f[xi + i] - mean) * invStd;
    });
    f[fi(h, dbeta) + ch] = sumDy;
    f[fi(h, dgamma) + ch] = sumDyXhat;
    const g = f[fi(h, gamma) + ch];
    forChannel(n, c, hw, ch, (i) => {
      const xhat = (f[xi + i] - mean) * invStd;
      f[oi + i] = ((g * invStd) / count) * (count * f[di + i] - sumDy - xhat * sumDyXhat);
    });
  }
}
