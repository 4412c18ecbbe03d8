import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { gemm } from './gemm';
import { floatIndex } from './heap-index';
import { windowOutSize } from '../window';

/**
 * Calls visit(row, pixel, xIndex) for every cols entry of im2col: row (b, ci, ki, kj) counted
 * across the images, output pixel oy·ow + ox, and xIndex the element index of the input
 * pixel read, −1 where the tap is in the padding.
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
  visit: (row: number, pixel: number, xIndex: number) => void,
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
              const xIndex = inside ? ((b * c + ci) * height + iy) * width + ix : -1;
              visit(b * rows + row, oy * ow + ox, xIndex);
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
  const x0 = floatIndex(h, x);
  const c0 = floatIndex(h, cols);
  const pixels = windowOutSize(height, kh, strideH, padH) * windowOutSize(width, kw, strideW, padW);
  forEachColumnEntry(n, c, height, width, kh, kw, strideH, strideW, padH, padW, (r, p, xi) => {
    f[c0 + r * pixels + p] = xi < 0 ? 0 : f[x0 + xi];
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
  const x0 = floatIndex(h, x);
  const c0 = floatIndex(h, cols);
  f.fill(0, x0, x0 + n * c * height * width);
  const pixels = windowOutSize(height, kh, strideH, padH) * windowOutSize(width, kw, strideW, padW);
  forEachColumnEntry(n, c, height, width, kh, kw, strideH, strideW, padH, padW, (r, p, xi) => {
    if (xi >= 0) f[x0 + xi] += f[c0 + r * pixels + p];
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
  const x0 = floatIndex(h, x);
  const b0 = floatIndex(h, bias);
  const y0 = floatIndex(h, y);
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
  height: number,
  width: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
];

/** Sizes of one image's column matrix, and whether the image is its own (1×1 window). */
function columnShape(g: Geometry) {
  const [c, height, width, kh, kw, strideH, strideW, padH, padW] = g;
  const pixels = windowOutSize(height, kh, strideH, padH) * windowOutSize(width, kw, strideW, padW);
  const direct = kh * kw * strideH * strideW === 1 && padH + padW === 0;
  return { k: c * kh * kw, pixels, imageSize: c * height * width, direct };
}

export function conv2dImages(
  h: Heap,
  x: Ptr,
  first: number,
  end: number,
  ...rest: [...Geometry, weight: Ptr, outC: number, y: Ptr, cols: Ptr, work: Ptr]
): void {
  const g = rest.slice(0, 9) as Geometry;
  const [weight, outC, y, cols, work] = rest.slice(9);
  const { k, pixels, imageSize, direct } = columnShape(g);
  const fb = h.floatBytes;
  for (let b = first; b < end; b++) {
    const image = x + b * imageSize * fb;
    if (!direct) im2col(h, image, 1, ...g, cols);
    const yb = y + b * outC * pixels * fb;
    gemm(
      h,
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
  h: Heap,
  dy: Ptr,
  first: number,
  end: number,
  ...rest: [...Geometry, weight: Ptr, outC: number, dx: Ptr, cols: Ptr, work: Ptr]
): void {
  const g = rest.slice(0, 9) as Geometry;
  const [weight, outC, dx, cols, work] = rest.slice(9);
  const { k, pixels, imageSize, direct } = columnShape(g);
  const fb = h.floatBytes;
  for (let b = first; b < end; b++) {
    const dyb = dy + b * outC * pixels * fb;
    const dxb = dx + b * imageSize * fb;
    gemm(h, 1, 0, k, pixels, outC, 1, weight, k, dyb, pixels, 0, direct ? dxb : cols, pixels, work);
    if (!direct) col2im(h, cols, 1, ...g, dxb);
  }
}

export function conv2dWeightGradRows(
  h: Heap,
  x: Ptr,
  n: number,
  ...rest: [
    ...Geometry,
    dy: Ptr,
    outC: number,
    dw: Ptr,
    rowFirst: number,
    rowEnd: number,
    cols: Ptr,
    work: Ptr,
  ]
): void {
  const g = rest.slice(0, 9) as Geometry;
  const [dy, outC, dw, rowFirst, rowEnd, cols, work] = rest.slice(9);
  const { k, pixels, imageSize, direct } = columnShape(g);
  const f = h.f;
  const fb = h.floatBytes;
  const rows = rowEnd - rowFirst;
  for (let b = 0; b < n; b++) {
    const image = x + b * imageSize * fb;
    let columns = image + rowFirst * pixels * fb;
    if (!direct) {
      const x0 = floatIndex(h, image);
      const c0 = floatIndex(h, cols);
      forEachColumnEntry(1, ...g, (r, p, xi) => {
        if (r >= rowFirst && r < rowEnd)
          f[c0 + (r - rowFirst) * pixels + p] = xi < 0 ? 0 : f[x0 + xi];
      });
      columns = cols;
    }
    const dyb = dy + b * outC * pixels * fb;
    const target = dw + rowFirst * fb;
    gemm(
      h,
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
