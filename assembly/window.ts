// Sliding-window geometry and the two row primitives that im2col / col2im and the pools
// are built from. A window tap (ki, kj) of output pixel (oy, ox) reads input pixel
// (oy·sH − pH + ki, ox·sW − pW + kj); for a fixed tap and output row, the outputs whose
// input lies inside the image form one contiguous range [first, end), computed once per
// row so that the inner loops have no bounds tests and no division.
// Not re-exported by index.ts: these are building blocks, not kernels.

/** Output size of a window pass: floor((size + 2·pad − k) / stride) + 1 (≥ 1, checked by the op). */
@inline
export function outSize(size: i32, k: i32, stride: i32, pad: i32): i32 {
  return (size + 2 * pad - k) / stride + 1;
}

/** The first output o (at most outCount) whose tap o·stride − pad + offset is ≥ 0. */
@inline
export function firstInside(offset: i32, pad: i32, stride: i32, outCount: i32): i32 {
  const before = pad - offset;
  return before <= 0 ? 0 : min((before + stride - 1) / stride, outCount);
}

/** One past the last output o (at least `first`) whose tap o·stride − pad + offset is < size. */
@inline
export function endInside(
  offset: i32,
  pad: i32,
  stride: i32,
  size: i32,
  outCount: i32,
  first: i32,
): i32 {
  // Usually the last output's tap is inside: no division then.
  if ((outCount - 1) * stride - pad + offset < size) return outCount;
  const limit = size + pad - offset; // o·stride < limit
  if (limit <= 0) return first;
  return max(min((limit + stride - 1) / stride, outCount), first);
}

// How four taps `stride` floats apart are loaded into one vector. Each reads exactly the
// floats 0 … 3·stride (never beyond), so a row's last taps can sit at a buffer's end.
@final
class Contiguous {
  @inline load(p: usize, _step: usize): v128 {
    return v128.load(p);
  }
}
@final
class EveryOther {
  @inline load(p: usize, _step: usize): v128 {
    // Floats 0, 2, 4, 6 from two overlapping loads (floats 0–3 and 3–6).
    return f32x4.shuffle(v128.load(p), v128.load(p + 12), 0, 2, 5, 7);
  }
}
@final
class Strided {
  @inline load(p: usize, step: usize): v128 {
    let v = f32x4.splat(load<f32>(p));
    v = f32x4.replace_lane(v, 1, load<f32>(p + step));
    v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
    return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
  }
}

@inline
function gatherLoop<Tap, Load>(
  out: usize,
  aux: usize,
  src: usize,
  count: i32,
  stride: i32,
  index: i32,
): void {
  const tap = changetype<Tap>(0);
  const loader = changetype<Load>(0);
  const step = (<usize>stride) << 2;
  const laneIndex = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(stride));
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = (<usize>i) << 2;
    const at = i32x4.add(i32x4.splat(index + i * stride), laneIndex);
    tap.vec(out + o, aux + o, loader.load(src + <usize>i * step, step), at);
  }
  for (; i < count; i++) {
    const o = (<usize>i) << 2;
    tap.one(out + o, aux + o, load<f32>(src + <usize>i * step), index + i * stride);
  }
}

/**
 * Gathers src[i·stride] for i in [0, count) into the contiguous outputs out[i] (and aux[i],
 * an i32 row for taps that track where a value came from), four outputs at a time:
 * `Tap.vec(out, aux, values, inputIndices)` and its scalar twin `Tap.one`. `index` is the
 * in-plane index of src[0]. Dispatches once per row on the stride so each loop is tight.
 */
@inline
export function gatherRow<Tap>(
  out: usize,
  aux: usize,
  src: usize,
  count: i32,
  stride: i32,
  index: i32,
): void {
  if (stride == 1) gatherLoop<Tap, Contiguous>(out, aux, src, count, stride, index);
  else if (stride == 2) gatherLoop<Tap, EveryOther>(out, aux, src, count, stride, index);
  else gatherLoop<Tap, Strided>(out, aux, src, count, stride, index);
}

@inline
function foldLoop<Tap, Load>(
  out: usize,
  aux: usize,
  src: usize,
  count: i32,
  stride: i32,
  index: i32,
  rows: i32,
  kw: i32,
  w: i32,
): i32 {
  const tap = changetype<Tap>(0);
  const loader = changetype<Load>(0);
  const step = (<usize>stride) << 2;
  const rowBytes = (<usize>w) << 2;
  const laneIndex = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(stride));
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const first = index + i * stride;
    let best = tap.start();
    let where = i32x4.add(i32x4.splat(first), laneIndex);
    let row = src + <usize>i * step;
    for (let ki = 0; ki < rows; ki++, row += rowBytes) {
      for (let kj = 0; kj < kw; kj++) {
        const v = loader.load(row + ((<usize>kj) << 2), step);
        const at = i32x4.add(i32x4.splat(first + ki * w + kj), laneIndex);
        where = tap.index(best, where, v, at);
        best = tap.value(best, v);
      }
    }
    const o = (<usize>i) << 2;
    tap.store(out + o, aux + o, best, where);
  }
  return i;
}

/**
 * Whole windows, four outputs at a time with the state in registers: for outputs i in
 * [0, count) whose taps (ki < rows, kj < kw) are all inside the image, starting from
 * `Tap.start()` with the first tap's indices, each tap value v (in-plane indices `at`) updates
 * `where = Tap.index(best, where, v, at)` then `best = Tap.value(best, v)`; then
 * `Tap.store(out, aux, best, where)`. src is the first tap of output 0 (in-plane index
 * `index`), w the row length. Returns how many outputs it did (count rounded down to 4).
 */
@inline
export function foldWindows<Tap>(
  out: usize,
  aux: usize,
  src: usize,
  count: i32,
  stride: i32,
  index: i32,
  rows: i32,
  kw: i32,
  w: i32,
): i32 {
  if (stride == 1) {
    return foldLoop<Tap, Contiguous>(out, aux, src, count, stride, index, rows, kw, w);
  }
  if (stride == 2) {
    return foldLoop<Tap, EveryOther>(out, aux, src, count, stride, index, rows, kw, w);
  }
  return foldLoop<Tap, Strided>(out, aux, src, count, stride, index, rows, kw, w);
}

/** dst[i·stride] += src[i]·scale for i in [0, count): vectorised when the taps are contiguous. */
@inline
export function scatterAddRow(dst: usize, src: usize, count: i32, stride: i32, scale: f32): void {
  let i = 0;
  if (stride == 1) {
    const s = f32x4.splat(scale);
    for (; i + 4 <= count; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(v128.load(src + o), s)));
    }
  }
  const step = (<usize>stride) << 2;
  for (; i < count; i++) {
    const d = dst + <usize>i * step;
    store<f32>(d, load<f32>(d) + load<f32>(src + ((<usize>i) << 2)) * scale);
  }
}
