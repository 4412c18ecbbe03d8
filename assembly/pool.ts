// 2-D max and average pooling over `planes` independent h×w planes (planes = batch·channels).
// Forward, per output row: the outputs whose windows lie wholly inside the image columns
// are folded four at a time with the state in registers (foldWindows); the few near the
// padding start from the tap's reset value and take the window's taps one row segment at a
// time (gatherRow). Average backward spreads each dy row back tap by tap (scatterAddRow).
import { fill, scale } from './elementwise';
import { endInside, firstInside, foldWindows, gatherRow, outSize, scatterAddRow } from './window';

/** Running max with the in-plane index of the winner: strictly greater wins, so the first
 * maximum in row-major window order stays; a NaN wins over numbers (the first NaN stays),
 * so NaNs propagate as in PyTorch. Padding never takes part. */
@final
class MaxTap {
  @inline takes(best: v128, v: v128): v128 {
    return v128.or(f32x4.gt(v, best), v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
  }
  // Register form (foldWindows).
  @inline start(): v128 {
    return f32x4.splat(-Infinity);
  }
  @inline index(best: v128, where: v128, v: v128, at: v128): v128 {
    return v128.bitselect(at, where, this.takes(best, v));
  }
  @inline value(best: v128, v: v128): v128 {
    return v128.bitselect(v, best, this.takes(best, v));
  }
  @inline store(out: usize, argmax: usize, best: v128, where: v128): void {
    v128.store(out, best);
    v128.store(argmax, where);
  }
  @inline finish(_out: usize, _count: i32, _inverse: f32): void {}
  // Memory form (gatherRow), after reset.
  @inline reset(out: usize, argmax: usize, first: i32): void {
    store<f32>(out, -Infinity);
    store<i32>(argmax, first); // a window of −∞ still points at a real pixel
  }
  @inline vec(out: usize, argmax: usize, v: v128, at: v128): void {
    const best = v128.load(out);
    const take = this.takes(best, v);
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

/** Running sum (the average's numerator; padding adds nothing). */
@final
class SumTap {
  @inline start(): v128 {
    return f32x4.splat(0);
  }
  @inline index(_best: v128, where: v128, _v: v128, _at: v128): v128 {
    return where;
  }
  @inline value(best: v128, v: v128): v128 {
    return f32x4.add(best, v);
  }
  @inline store(out: usize, _aux: usize, best: v128, _where: v128): void {
    v128.store(out, best);
  }
  /** Turns the finished row of sums into averages. */
  @inline finish(out: usize, count: i32, inverse: f32): void {
    scale(out, inverse, count, out);
  }
  @inline reset(out: usize, _aux: usize, _first: i32): void {
    store<f32>(out, 0);
  }
  @inline vec(out: usize, _aux: usize, v: v128, _at: v128): void {
    v128.store(out, f32x4.add(v128.load(out), v));
  }
  @inline one(out: usize, _aux: usize, v: f32, _at: i32): void {
    store<f32>(out, load<f32>(out) + v);
  }
}

// What one tap does to the outputs [first, end) of a row: `out`/`aux` point at output
// `first`, `pixel` at the input it reads (in-plane index `at`), the next ones `stride` apart.
@final
class GatherRow<Tap> {
  @inline apply(
    out: usize,
    aux: usize,
    pixel: usize,
    count: i32,
    stride: i32,
    at: i32,
    _s: f32,
  ): void {
    gatherRow<Tap>(out, aux, pixel, count, stride, at);
  }
}
/** Average backward: the output row is dy, spread back onto the pixels it averaged. */
@final
class SpreadRow {
  @inline apply(
    dy: usize,
    _aux: usize,
    dx: usize,
    count: i32,
    stride: i32,
    _at: i32,
    s: f32,
  ): void {
    scatterAddRow(dx, dy, count, stride, s);
  }
}

/** Applies every tap of the windows of outputs [lo, hi) of a row (input rows from iy0 on). */
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
  lo: i32,
  hi: i32,
  s: f32,
): void {
  const row = changetype<Row>(0);
  const kiEnd = min(kh, h - iy0);
  for (let ki = max(0, -iy0); ki < kiEnd; ki++) {
    const iy = iy0 + ki;
    for (let kj = 0; kj < kw; kj++) {
      const first = max(firstInside(kj, padW, strideW, hi), lo);
      const end = min(endInside(kj, padW, strideW, w, hi, first), hi);
      if (end <= first) continue;
      const at = iy * w + first * strideW - padW + kj;
      const o = (<usize>first) << 2;
      row.apply(out + o, aux + o, plane + ((<usize>at) << 2), end - first, strideW, at, s);
    }
  }
}

/** Outputs [lo, hi) of a row, tap by tap from Tap.reset (each output's first real pixel given). */
@inline
function borderOutputs<Tap>(
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
  lo: i32,
  hi: i32,
): void {
  if (lo >= hi) return;
  const tap = changetype<Tap>(0);
  const firstRow = max(iy0, 0) * w;
  for (let ox = lo; ox < hi; ox++) {
    const o = (<usize>ox) << 2;
    tap.reset(out + o, aux + o, firstRow + max(ox * strideW - padW, 0));
  }
  windowRow<GatherRow<Tap>>(plane, out, aux, iy0, h, w, kh, kw, strideW, padW, lo, hi, 0);
}

/** Every output of every plane of a gather pool (max, or sum then × inverse), row by row. */
@inline
function gatherPool<Tap>(
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
  aux: usize,
  inverse: f32,
): void {
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  // Outputs [inFirst, inEnd) have every column tap inside (their first and last taps are).
  const inFirst = firstInside(0, padW, strideW, ow);
  const inEnd = endInside(kw - 1, padW, strideW, w, ow, inFirst);
  const planeBytes = (<usize>(h * w)) << 2;
  const rowBytes = (<usize>ow) << 2;
  let plane = x;
  let out = y;
  let extra = aux;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const iy0 = oy * strideH - padH;
      const kiFirst = max(0, -iy0);
      const rows = min(kh, h - iy0) - kiFirst;
      const at = (iy0 + kiFirst) * w + inFirst * strideW - padW;
      const o = (<usize>inFirst) << 2;
      const pixel = plane + ((<usize>at) << 2);
      const inside = inEnd - inFirst;
      const done =
        inFirst + foldWindows<Tap>(out + o, extra + o, pixel, inside, strideW, at, rows, kw, w);
      borderOutputs<Tap>(plane, out, extra, iy0, h, w, kh, kw, strideW, padW, 0, inFirst);
      borderOutputs<Tap>(plane, out, extra, iy0, h, w, kh, kw, strideW, padW, done, ow);
      changetype<Tap>(0).finish(out, ow, inverse);
      out += rowBytes;
      extra += rowBytes;
    }
    plane += planeBytes;
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
  gatherPool<MaxTap>(x, planes, h, w, kh, kw, strideH, strideW, padH, padW, y, argmax, 0);
}

/** dx = 0, then dx[argmax] += dy per plane (overlapping windows add up at a pixel). */
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
  // Padding counts: every window averages kh·kw values.
  const inverse: f32 = 1 / <f32>(kh * kw);
  gatherPool<SumTap>(x, planes, h, w, kh, kw, strideH, strideW, padH, padW, y, 0, inverse);
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
      windowRow<SpreadRow>(plane, grad, 0, iy0, h, w, kh, kw, strideW, padW, 0, ow, inverse);
      grad += rowBytes;
    }
    plane += planeBytes;
  }
}
