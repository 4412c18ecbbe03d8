import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { fi } from './heap-index';
import { windowOutSize } from './window';

/**
 * Calls visit(colsIndex, xIndex) for every cols entry of im2col, with xIndex = −1 where the
 * tap is in the padding. Indices are element indices into the two arrays.
 */
function forEachColumnEntry(
  n: number,
  c: number,
  height: number,
  width: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  visit: (colsIndex: number, xIndex: number) => void,
): void {
  const oh = windowOutSize(height, kh, strideH, padH);
  const ow = windowOutSize(width, kw, strideW, padW);
  const rows = c * kh * kw;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const row = (ci * kh + ki) * kw + kj;
          for (let oy = 0; oy < oh; oy++) {
            for (let ox = 0; ox < ow; ox++) {
              const iy = oy * strideH - padH + ki;
              const ix = ox * strideW - padW + kj;
              const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
              const colsIndex = ((b * rows + row) * oh + oy) * ow + ox;
              visit(colsIndex, inside ? ((b * c + ci) * height + iy) * width + ix : -1);
            }
          }
        }
      }
    }
  }
}

export function im2col(
  h: Heap,
  x: Ptr,
  n: number,
  c: number,
  height: number,
  width: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  cols: Ptr,
): void {
  const f = h.f;
  const x0 = fi(h, x);
  const c0 = fi(h, cols);
  forEachColumnEntry(n, c, height, width, kh, kw, strideH, strideW, padH, padW, (ci, xi) => {
    f[c0 + ci] = xi < 0 ? 0 : f[x0 + xi];
  });
}

export function col2im(
  h: Heap,
  cols: Ptr,
  n: number,
  c: number,
  height: number,
  width: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  x: Ptr,
): void {
  const f = h.f;
  const x0 = fi(h, x);
  const c0 = fi(h, cols);
  f.fill(0, x0, x0 + n * c * height * width);
  forEachColumnEntry(n, c, height, width, kh, kw, strideH, strideW, padH, padW, (ci, xi) => {
    if (xi >= 0) f[x0 + xi] += f[c0 + ci];
  });
}

export function biasAddChannels(
  h: Heap,
  x: Ptr,
  bias: Ptr,
  n: number,
  c: number,
  hw: number,
  y: Ptr,
): void {
  const f = h.f;
  const x0 = fi(h, x);
  const b0 = fi(h, bias);
  const y0 = fi(h, y);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * hw;
      for (let i = 0; i < hw; i++) f[y0 + base + i] = f[x0 + base + i] + f[b0 + ch];
    }
  }
}
