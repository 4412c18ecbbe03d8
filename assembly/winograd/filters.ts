// The weight transforms' walk over filters: u [positions, rows, columns] = G g Gᵀ for every
// filter g, four consecutive columns (filters) at a time, so that each position gets one
// vector store to consecutive addresses. One filter at a time, its 16 or 36 scalar stores
// lay positions·rows·columns·4 bytes apart, a multiple of 4 KiB for most layers: all in one
// L1 cache set, missing on every store.
// Not re-exported by index.ts: these are building blocks, not kernels.
import { LANES } from './tiles';

/**
 * Transforms the filters of four consecutive columns of u: lane l's taps start at p_l and
 * follow each other `dir` bytes apart (4, or −4 for a turned filter); its r×r transformed
 * values go to out + 4l, out + 4l + step, … (only the first `count` lanes are stored; lanes
 * past them repeat the last filter).
 */
export type GroupTransform = (
  p0: usize,
  p1: usize,
  p2: usize,
  p3: usize,
  dir: isize,
  out: usize,
  step: usize,
  count: i32,
) => void;

/**
 * Rows first … end−1 of u [positions, rows, columns] = `transform` of the filters of
 * w [outC, c, r, r] (r² = taps): rows = outC and columns = c, or, when `turned`, rows = c and
 * columns = outC with every filter turned by 180° (the filters of the input gradient).
 */
export function transformFilters(
  w: usize,
  outC: i32,
  c: i32,
  turned: bool,
  first: i32,
  end: i32,
  u: usize,
  taps: i32,
  transform: GroupTransform,
): void {
  const columns = turned ? outC : c;
  const step = (<usize>(turned ? c : outC) * columns) << 2; // from U_ξ to U_ξ+1
  const filterBytes = (<usize>taps) << 2;
  // Filter (row, column) is w[row, column], or w[column, row] read backwards when turned.
  const rowBytes = turned ? filterBytes : filterBytes * c;
  const columnBytes = turned ? filterBytes * c : filterBytes;
  const start = turned ? w + filterBytes - 4 : w;
  const dir: isize = turned ? -4 : 4;
  for (let row = first; row < end; row++) {
    const p = start + <usize>row * rowBytes;
    const out = u + ((<usize>row * columns) << 2);
    for (let column = 0; column < columns; column += LANES) {
      const count = min(LANES, columns - column);
      const last = count - 1;
      const p0 = p + <usize>column * columnBytes;
      const p1 = p0 + <usize>min(1, last) * columnBytes;
      const p2 = p0 + <usize>min(2, last) * columnBytes;
      const p3 = p0 + <usize>min(3, last) * columnBytes;
      transform(p0, p1, p2, p3, dir, out + ((<usize>column) << 2), step, count);
    }
  }
}

/** Tap `t` (counted in `dir` steps) of the four filters, one a lane. */
@inline
export function loadTap(p0: usize, p1: usize, p2: usize, p3: usize, dir: isize, t: i32): v128 {
  const at = <isize>t * dir;
  let v = v128.load32_zero(<usize>(<isize>p0 + at));
  v = v128.load32_lane(<usize>(<isize>p1 + at), v, 1);
  v = v128.load32_lane(<usize>(<isize>p2 + at), v, 2);
  return v128.load32_lane(<usize>(<isize>p3 + at), v, 3);
}

/** Lanes 0 and 1 of v, in float64 (exactly). */
@inline
export function lowPair(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 of v, in float64 (exactly). */
@inline
export function highPair(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** The float64 pairs (low = lanes 0, 1; high = lanes 2, 3) rounded once to float32. */
@inline
export function rounded(low: v128, high: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}
