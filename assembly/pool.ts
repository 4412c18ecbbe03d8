// 2-D max and average pooling over `planes` independent h×w planes (planes = batch·channels).
// Each output row is built tap by tap: for every tap (ki, kj) whose input row is inside the
// image, the outputs whose input column is inside form one contiguous range, processed with
// the gather (forward) or scatter (average backward) row primitives of window.ts.
import { fill, scale } from './elementwise';
import { endInside, firstInside, gatherRow, outSize, scatterAddRow } from './window';

/** Running max with the in-plane index of the winner: strictly greater wins, so the first
 * maximum in row-major window order stays; a NaN wins over numbers (the first NaN stays),
 * so NaNs propagate as in PyTorch. */
@final
class MaxTap {
  @inline vec(out: usize, argmax: usize, v: v128, at: v128): void {
    const best = v128.load(out);
    const take = v128.or(f32x4.gt(v, best), v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
    v128.store(out, v128.bitselect(v, best, take));
    v128.store(argmax, v128.bitselect(at, v128.load(argmax), take));
  }
  @inline one(out: usize, argmax: usize, v: f32, at: i32): void {
    const best = load<f32>(out);
    if (v > best || (v != v && best == best)) {
      store<f32>(out, v);
      store<i32>(argmax, at);
    }
  }
}

/** Running sum. */
@final
class SumTap {
  @inline vec(out: usize, _aux: usize, v: v128, _at: v128): void {
    v128.store(out, f32x4.add(v128.load(out), v));
  }
  @inline one(out: usize, _aux: usize, v: f32, _at: i32): void {
    store<f32>(out, load<f32>(out) + v);
  }
}

// What one tap does to one output row: `out`/`aux` point at the first output of the range,
// `pixel` at the input it reads (in-plane index `at`), the next ones `stride` apart.
@final
class MaxRow {
  @inline apply(out: usize, aux: usize, pixel: usize, count: i32, stride: i32, at: i32, _s: f32): void {
    gatherRow<MaxTap>(out, aux, pixel, count, stride, at);
  }
}
@final
class SumRow {
  @inline apply(out: usize, aux: usize, pixel: usize, count: i32, stride: i32, at: i32, _s: f32): void {
    gatherRow<SumTap>(out, aux, pixel, count, stride, at);
  }
}
/** Average backward: the output row is dy, spread back onto the pixels it averaged. */
@final
class SpreadRow {
  @inline apply(dy: usize, _aux: usize, dx: usize, count: i32, stride: i32, _at: i32, s: f32): void {
    scatterAddRow(dx, dy, count, stride, s);
  }
}

/** Applies every tap of the windows of output row oy (input rows from iy0 = oy·sH − pH). */
@inline
function windowRow<Row>(
  plane: usize,
  out: usize,
  aux: usize,
  iy0: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideW: i32,
  padW: i32,
  ow: i32,
  s: f32,
): void {
  const row = changetype<Row>(0);
  const kiEnd = min(kh, h - iy0);
  for (let ki = max(0, -iy0); ki < kiEnd; ki++) {
    const iy = iy0 + ki;
    for (let kj = 0; kj < kw; kj++) {
      const first = firstInside(kj, padW, strideW, ow);
      const end = endInside(kj, padW, strideW, w, ow, first);
      const at = iy * w + first * strideW - padW + kj;
      const o = (<usize>first) << 2;
      row.apply(out + o, aux + o, plane + ((<usize>at) << 2), end - first, strideW, at, s);
    }
  }
}

export function maxPool2d(
  x: usize,
  planes: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  y: usize,
  argmax: usize,
): void {
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  const planeBytes = (<usize>(h * w)) << 2;
  const rowBytes = (<usize>ow) << 2;
  let plane = x;
  let out = y;
  let aux = argmax;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      // Start from −∞ at the window's first pixel inside the image, so padding never wins
      // and a window of −∞ still points at a real pixel.
      const iy0 = oy * strideH - padH;
      const firstRow = max(iy0, 0) * w;
      for (let ox = 0; ox < ow; ox++) {
        store<f32>(out + ((<usize>ox) << 2), -Infinity);
        store<i32>(aux + ((<usize>ox) << 2), firstRow + max(ox * strideW - padW, 0));
      }
      windowRow<MaxRow>(plane, out, aux, iy0, h, w, kh, kw, strideW, padW, ow, 0);
      out += rowBytes;
      aux += rowBytes;
    }
    plane += planeBytes;
  }
}

/** dx = 0, then dx[argmax] += dy per plane (windows may overlap, so several outputs can add to a pixel). */
export function maxPool2dBackward(
  dy: usize,
  argmax: usize,
  planes: i32,
  h: i32,
  w: i32,
  oh: i32,
  ow: i32,
  dx: usize,
): i32 {
  // Every index is checked before dx is touched: a bad argmax writes nothing.
  const outs = oh * ow;
  const total = planes * outs;
  const limit = i32x4.splat(h * w);
  let bad = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= total; j += 4) {
    const a = v128.load(argmax + ((<usize>j) << 2));
    bad = v128.or(bad, v128.or(i32x4.lt_s(a, i32x4.splat(0)), i32x4.ge_s(a, limit)));
  }
  if (v128.any_true(bad)) j = 0; // rescan from the start to find the first bad one
  for (; j < total; j++) {
    const a = load<i32>(argmax + ((<usize>j) << 2));
    if (a < 0 || a >= h * w) return j;
  }
  fill(dx, 0, planes * h * w);
  const planeBytes = (<usize>(h * w)) << 2;
  let plane = dx;
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < outs; i++, o += 4) {
      const pixel = plane + ((<usize>load<i32>(argmax + o)) << 2);
      store<f32>(pixel, load<f32>(pixel) + load<f32>(dy + o));
    }
    plane += planeBytes;
  }
  return -1;
}

export function avgPool2d(
  x: usize,
  planes: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  y: usize,
): void {
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  const inverse: f32 = 1 / <f32>(kh * kw); // padding counts: every window averages kh·kw values
  const planeBytes = (<usize>(h * w)) << 2;
  const rowBytes = (<usize>ow) << 2;
  let plane = x;
  let out = y;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      fill(out, 0, ow);
      windowRow<SumRow>(plane, out, 0, oy * strideH - padH, h, w, kh, kw, strideW, padW, ow, 0);
      scale(out, inverse, ow, out);
      out += rowBytes;
    }
    plane += planeBytes;
  }
}

export function avgPool2dBackward(
  dy: usize,
  planes: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  dx: usize,
): void {
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  const inverse: f32 = 1 / <f32>(kh * kw);
  fill(dx, 0, planes * h * w);
  const planeBytes = (<usize>(h * w)) << 2;
  const rowBytes = (<usize>ow) << 2;
  let plane = dx;
  let grad = dy;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const iy0 = oy * strideH - padH;
      windowRow<SpreadRow>(plane, grad, 0, iy0, h, w, kh, kw, strideW, padW, ow, inverse);
      grad += rowBytes;
    }
    plane += planeBytes;
  }
}
