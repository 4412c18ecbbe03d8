import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { gemm } from '../gemm/reference';
import { floatIndex } from '../heap-index';
import { windowOutSize } from '../window';

/**
 * Calls visit(row, pixel, xIndex) for every cols entry of im2col: row (b, ci, ki, kj) counted
 * across the images, output pixel oy·ow + ox, and xIndex the element index of the input
 * pixel read, −1 where the tap is in the padding.
 */
function forEachColumnEntry(
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  visit: (row: number, pixel: number, xIndex: number) => void,
): void {
  const oh = windowOutSize(h, kh, strideH, padH);
  const ow = windowOutSize(w, kw, strideW, padW);
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
              const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              const xIndex = inside ? ((b * c + ci) * h + iy) * w + ix : -1;
              visit(b * rows + row, oy * ow + ox, xIndex);
            }
          }
        }
      }
    }
  }
}

export function im2col(
  heap: Heap,
  x: Ptr,
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  cols: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const c0 = floatIndex(heap, cols);
  const pixels = windowOutSize(h, kh, strideH, padH) * windowOutSize(w, kw, strideW, padW);
  forEachColumnEntry(n, c, h, w, kh, kw, strideH, strideW, padH, padW, (r, p, xi) => {
    f[c0 + r * pixels + p] = xi < 0 ? 0 : f[x0 + xi];
  });
}

export function col2im(
  heap: Heap,
  cols: Ptr,
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  x: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const c0 = floatIndex(heap, cols);
  f.fill(0, x0, x0 + n * c * h * w);
  const pixels = windowOutSize(h, kh, strideH, padH) * windowOutSize(w, kw, strideW, padW);
  forEachColumnEntry(n, c, h, w, kh, kw, strideH, strideW, padH, padW, (r, p, xi) => {
    if (xi >= 0) f[x0 + xi] += f[c0 + r * pixels + p];
  });
}

export function biasAddChannels(
  heap: Heap,
  x: Ptr,
  bias: Ptr,
  n: number,
  c: number,
  hw: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const b0 = floatIndex(heap, bias);
  const y0 = floatIndex(heap, y);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * hw;
      for (let i = 0; i < hw; i++) f[y0 + base + i] = f[x0 + base + i] + f[b0 + ch];
    }
  }
}

/** The geometry arguments every convolution pass shares, after the input pointer. */
type Geometry = [
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
];

/** Sizes of one image's column matrix, and whether the image is its own (1×1 window). */
function columnShape(g: Geometry) {
  const [c, h, w, kh, kw, strideH, strideW, padH, padW] = g;
  const pixels = windowOutSize(h, kh, strideH, padH) * windowOutSize(w, kw, strideW, padW);
  const direct = kh * kw * strideH * strideW === 1 && padH + padW === 0;
  return { k: c * kh * kw, pixels, imageSize: c * h * w, direct };
}

export function conv2dImages(
  heap: Heap,
  x: Ptr,
  first: number,
  end: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  weight: Ptr,
  outC: number,
  y: Ptr,
  cols: Ptr,
  work: Ptr,
): void {
  const g: Geometry = [c, h, w, kh, kw, strideH, strideW, padH, padW];
  const { k, pixels, imageSize, direct } = columnShape(g);
  const fb = heap.floatBytes;
  for (let b = first; b < end; b++) {
    const image = x + b * imageSize * fb;
    if (!direct) im2col(heap, image, 1, ...g, cols);
    const yb = y + b * outC * pixels * fb;
    gemm(
      heap,
      0,
      0,
      outC,
      pixels,
      k,
      1,
      weight,
      k,
      direct ? image : cols,
      pixels,
      0,
      yb,
      pixels,
      work,
    );
  }
}

export function conv2dInputGradImages(
  heap: Heap,
  dy: Ptr,
  first: number,
  end: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  weight: Ptr,
  outC: number,
  dx: Ptr,
  cols: Ptr,
  work: Ptr,
): void {
  const g: Geometry = [c, h, w, kh, kw, strideH, strideW, padH, padW];
  const { k, pixels, imageSize, direct } = columnShape(g);
  const fb = heap.floatBytes;
  for (let b = first; b < end; b++) {
    const dyb = dy + b * outC * pixels * fb;
    const dxb = dx + b * imageSize * fb;
    gemm(
      heap,
      1,
      0,
      k,
      pixels,
      outC,
      1,
      weight,
      k,
      dyb,
      pixels,
      0,
      direct ? dxb : cols,
      pixels,
      work,
    );
    if (!direct) col2im(heap, cols, 1, ...g, dxb);
  }
}

export function conv2dWeightGradRows(
  heap: Heap,
  x: Ptr,
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  dy: Ptr,
  outC: number,
  dw: Ptr,
  rowFirst: number,
  rowEnd: number,
  cols: Ptr,
  work: Ptr,
): void {
  const g: Geometry = [c, h, w, kh, kw, strideH, strideW, padH, padW];
  const { k, pixels, imageSize, direct } = columnShape(g);
  const f = heap.f;
  const fb = heap.floatBytes;
  const rows = rowEnd - rowFirst;
  for (let b = 0; b < n; b++) {
    const image = x + b * imageSize * fb;
    let columns = image + rowFirst * pixels * fb;
    if (!direct) {
      const x0 = floatIndex(heap, image);
      const c0 = floatIndex(heap, cols);
      forEachColumnEntry(1, ...g, (r, p, xi) => {
        if (r >= rowFirst && r < rowEnd)
          f[c0 + (r - rowFirst) * pixels + p] = xi < 0 ? 0 : f[x0 + xi];
      });
      columns = cols;
    }
    const dyb = dy + b * outC * pixels * fb;
    const target = dw + rowFirst * fb;
    gemm(
      heap,
      0,
      1,
      outC,
      rows,
      pixels,
      1,
      dyb,
      pixels,
      columns,
      pixels,
      b === 0 ? 0 : 1,
      target,
      k,
      work,
    );
  }
}
