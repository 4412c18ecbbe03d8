// Reductions. Sums run in a fixed order, so a given input always gives the same bits:
// within a block of BLOCK floats, 16 f32 lanes (four f32x4 accumulators) each take every
// 16th value, the lanes are combined pairwise, the block's tail is added in order; block
// sums are then accumulated in f64. The f64 step keeps the error of long sums near that
// of one block (about BLOCK/16 roundings) instead of growing with n.

const BLOCK = 1024; // a multiple of 16

@final
class Identity {
  @inline vec(v: v128): v128 {
    return v;
  }
  @inline one(v: f32): f32 {
    return v;
  }
}
@final
class Square {
  @inline vec(v: v128): v128 {
    return f32x4.mul(v, v);
  }
  @inline one(v: f32): f32 {
    return v * v;
  }
}

@inline
function laneSum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** Σ Term(x[i]) for i in [0, n), in the fixed order described above. */
@inline
function blockedSum<Term>(x: usize, n: i32): f64 {
  const term = changetype<Term>(0);
  let total: f64 = 0;
  let i = 0;
  while (i < n) {
    const end = min(i + BLOCK, n);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (; i + 16 <= end; i += 16) {
      const p = x + ((<usize>i) << 2);
      a0 = f32x4.add(a0, term.vec(v128.load(p)));
      a1 = f32x4.add(a1, term.vec(v128.load(p, 16)));
      a2 = f32x4.add(a2, term.vec(v128.load(p, 32)));
      a3 = f32x4.add(a3, term.vec(v128.load(p, 48)));
    }
    for (; i + 4 <= end; i += 4) a0 = f32x4.add(a0, term.vec(v128.load(x + ((<usize>i) << 2))));
    let s = laneSum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
    for (; i < end; i++) s += term.one(load<f32>(x + ((<usize>i) << 2)));
    total += <f64>s;
  }
  return total;
}

export function sum(x: usize, n: i32): f32 {
  return <f32>blockedSum<Identity>(x, n);
}

export function sumSquares(x: usize, n: i32): f32 {
  return <f32>blockedSum<Square>(x, n);
}

/** y[c] = Σ_r x[r, c]: 16 columns at a time held in registers while the rows stream by,
 * each column summed in row order (so the scalar tail columns agree with the vector ones). */
export function sumColumns(x: usize, rows: i32, cols: i32, y: usize): void {
  const rowBytes = (<usize>cols) << 2;
  let c = 0;
  for (; c + 16 <= cols; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
    }
    const q = y + ((<usize>c) << 2);
    v128.store(q, a0);
    v128.store(q, a1, 16);
    v128.store(q, a2, 32);
    v128.store(q, a3, 48);
  }
  for (; c + 4 <= cols; c += 4) {
    let a = f32x4.splat(0);
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) a = f32x4.add(a, v128.load(p));
    v128.store(y + ((<usize>c) << 2), a);
  }
  for (; c < cols; c++) {
    let a: f32 = 0;
    let p = x + ((<usize>c) << 2);
    for (let r = 0; r < rows; r++, p += rowBytes) a += load<f32>(p);
    store<f32>(y + ((<usize>c) << 2), a);
  }
}

/**
 * y[ch] = Σ_b Σ_i x[b, ch, i] for channels ch = first … end−1 (a range, so that threads can
 * split it): each plane summed as `sum` does, then in f64 across planes.
 */
export function sumChannels(
  x: usize,
  n: i32,
  c: i32,
  hw: i32,
  first: i32,
  end: i32,
  y: usize,
): void {
  const planeBytes = (<usize>hw) << 2;
  const imageBytes = <usize>c * planeBytes;
  for (let ch = first; ch < end; ch++) {
    let total: f64 = 0;
    let p = x + <usize>ch * planeBytes;
    for (let b = 0; b < n; b++, p += imageBytes) total += blockedSum<Identity>(p, hw);
    store<f32>(y + ((<usize>ch) << 2), <f32>total);
  }
}

/** out[r] = index of the first maximum of row r; a NaN counts as the maximum (first NaN wins). */
export function argmaxRows(x: usize, rows: i32, cols: i32, out: usize): void {
  let p = x;
  for (let r = 0; r < rows; r++) {
    let best = load<f32>(p);
    let at = 0;
    for (let c = 1; c < cols; c++) {
      const v = load<f32>(p + ((<usize>c) << 2));
      if (v > best || (v != v && best == best)) {
        best = v;
        at = c;
      }
    }
    store<i32>(out + ((<usize>r) << 2), at);
    p += (<usize>cols) << 2;
  }
}
