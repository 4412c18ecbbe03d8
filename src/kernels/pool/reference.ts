import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex, intIndex } from '../heap-index';
import { windowOutSize } from '../window';

/**
 * Calls visit(plane, outIndex, taps) for every output of a pool, where taps lists the
 * in-plane indices of the window's pixels inside the image, in row-major window order.
 */
function forEachWindow(
  planes: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  visit: (plane: number, outIndex: number, taps: number[]) => void,
): void {
  const oh = windowOutSize(h, kh, strideH, padH);
  const ow = windowOutSize(w, kw, strideW, padW);
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const taps: number[] = [];
        for (let ki = 0; ki < kh; ki++) {
          for (let kj = 0; kj < kw; kj++) {
            const iy = oy * strideH - padH + ki;
            const ix = ox * strideW - padW + kj;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) taps.push(iy * w + ix);
          }
        }
        visit(p, (p * oh + oy) * ow + ox, taps);
      }
    }
  }
}

export function maxPool2d(
  heap: Heap,
  x: Ptr,
  planes: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  y: Ptr,
  argmax: Ptr,
): void {
  const f = heap.f;
  const ints = heap.i32;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  const a0 = intIndex(argmax);
  const win = [kh, kw, strideH, strideW, padH, padW] as const;
  forEachWindow(planes, h, w, ...win, (p, o, taps) => {
    const plane = x0 + p * h * w;
    let at = taps[0];
    for (const t of taps) {
      const v = f[plane + t];
      const best = f[plane + at];
      // Strictly greater wins (first maximum stays); a NaN beats any number (first NaN stays).
      if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) at = t;
    }
    f[y0 + o] = f[plane + at];
    ints[a0 + o] = at;
  });
}

export function maxPool2dBackward(
  heap: Heap,
  dy: Ptr,
  argmax: Ptr,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
  dx: Ptr,
): number {
  const f = heap.f;
  const ints = heap.i32;
  const dy0 = floatIndex(heap, dy);
  const a0 = intIndex(argmax);
  const dx0 = floatIndex(heap, dx);
  for (let i = 0; i < planes * oh * ow; i++) {
    if (!(ints[a0 + i] >= 0 && ints[a0 + i] < h * w)) return i;
  }
  f.fill(0, dx0, dx0 + planes * h * w);
  for (let p = 0; p < planes; p++) {
    for (let o = 0; o < oh * ow; o++) {
      const i = p * oh * ow + o;
      f[dx0 + p * h * w + ints[a0 + i]] += f[dy0 + i];
    }
  }
  return -1;
}

export function avgPool2d(
  heap: Heap,
  x: Ptr,
  planes: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  y: Ptr,
): void {
  const f = heap.f;
  const x0 = floatIndex(heap, x);
  const y0 = floatIndex(heap, y);
  const win = [kh, kw, strideH, strideW, padH, padW] as const;
  forEachWindow(planes, h, w, ...win, (p, o, taps) => {
    let s = 0;
    for (const t of taps) s += f[x0 + p * h * w + t];
    f[y0 + o] = s / (kh * kw); // padding pixels count as zeros
  });
}

export function avgPool2dBackward(
  heap: Heap,
  dy: Ptr,
  planes: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  strideH: number,
  strideW: number,
  padH: number,
  padW: number,
  dx: Ptr,
): void {
  const f = heap.f;
  const dy0 = floatIndex(heap, dy);
  const dx0 = floatIndex(heap, dx);
  f.fill(0, dx0, dx0 + planes * h * w);
  const win = [kh, kw, strideH, strideW, padH, padW] as const;
  forEachWindow(planes, h, w, ...win, (p, o, taps) => {
    for (const t of taps) f[dx0 + p * h * w + t] += f[dy0 + o] / (kh * kw);
  });
}
