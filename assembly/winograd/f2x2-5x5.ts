// Winograd F(2×2, 5×5) convolution for 5×5 windows with stride 1: each 2×2 output tile is
// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with d the 6×6 input patch under it, 36 multiplies instead of
// 100. Summed over channels, the ⊙ becomes 36 GEMMs M_ξ [outC, tiles] = U_ξ [outC, c] ·
// V_ξ [c, tiles], one per position ξ of the 6×6 transformed tile (as in f2x2-3x3.ts).
// The matrices are Cook–Toom's for the points 0, 1, −1, ½, −½, ∞ (0, ±1, ±2, ∞ is its
// mirror image under x → 1/x and rounds as badly in float32, a little worse for c ≥ 32),
// with the rows of Bᵀ scaled by 4 (exact) so that its entries are small integers (Bᵀ and
// its vectorised transform are input6.ts's, shared with F(4×4, 3×3)):
//   G  = [1 0 0 0 0; ⅙ ⅙ ⅙ ⅙ ⅙; ⅙ −⅙ ⅙ −⅙ ⅙;
//         −⅔ −⅓ −⅙ −1⁄12 −1⁄24; −⅔ ⅓ −⅙ 1⁄12 −1⁄24; 0 0 0 0 ¼]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 ½ −½ 1]
// An image of 4×4 outputs has only 4 tiles, too few columns for a GEMM to run well, so the
// tiles of several images share one set of 36 GEMMs (loops.ts).
import { highPair, loadTap, lowPair, rounded, transformFilters } from './filters';
import { inputPlaneFloats6, SIDE, transformPatches6 } from './input6';
import { storeLanes, storeTileRow } from './tiles';

const WINDOW = 5;
const TILE = 2; // outputs along a side of a tile
// Tile columns that one group of images aims for (tuned with bench/winograd.bench.ts, one
// thread): a GEMM of a few columns spends its time in loop and packing overheads, while
// wider groups push V and M out of the L2 cache.
const GROUP_COLUMNS = 32;

/** Images whose tiles share one set of GEMMs. */
@inline
function imagesPerGroup(tiles: i32): i32 {
  return (GROUP_COLUMNS + tiles - 1) / tiles;
}

/** Floats of the input transform's planes: a zero-padded channel and its rows times B. */
@inline
function planeFloats(th: i32, tw: i32): i32 {
  return inputPlaneFloats6(th, tw, TILE);
}

/** Entry i of G·(a0, …, a4)ᵀ for two filters, one a float64 lane. */
@inline
function filterEntry(i: i32, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128): v128 {
  const by6 = f64x2.splat(6);
  if (i == 0) return a0;
  if (i == 1) return f64x2.div(f64x2.add(f64x2.add(f64x2.add(f64x2.add(a0, a1), a2), a3), a4), by6);
  if (i == 2) return f64x2.div(f64x2.add(f64x2.sub(f64x2.add(f64x2.sub(a0, a1), a2), a3), a4), by6);
  const a0x16 = f64x2.mul(f64x2.splat(16), a0);
  const a1x8 = f64x2.mul(f64x2.splat(8), a1);
  const a2x4 = f64x2.mul(f64x2.splat(4), a2);
  const a3x2 = f64x2.mul(f64x2.splat(2), a3);
  const by24 = f64x2.splat(24);
  if (i == 3) {
    const sum = f64x2.add(f64x2.add(f64x2.add(f64x2.add(a0x16, a1x8), a2x4), a3x2), a4);
    return f64x2.div(f64x2.neg(sum), by24);
  }
  if (i == 4) {
    const sum = f64x2.add(f64x2.sub(f64x2.add(f64x2.sub(a0x16, a1x8), a2x4), a3x2), a4);
    return f64x2.div(f64x2.neg(sum), by24);
  }
  return f64x2.div(a4, f64x2.splat(4));
}

/**
 * Entry i of G·(g0, …, g4)ᵀ for the float32 columns g0 … g4 of four filters, in float64:
 * lanes 0–1 when `high` is false, 2–3 when it is true.
 */
@inline
function columnEntry(i: i32, high: bool, g0: v128, g1: v128, g2: v128, g3: v128, g4: v128): v128 {
  if (high) {
    return filterEntry(i, highPair(g0), highPair(g1), highPair(g2), highPair(g3), highPair(g4));
  }
  return filterEntry(i, lowPair(g0), lowPair(g1), lowPair(g2), lowPair(g3), lowPair(g4));
}

/** G g Gᵀ for four 5×5 filters (transformFilters' GroupTransform), in float64. */
function transformGroup(
  p0: usize,
  p1: usize,
  p2: usize,
  p3: usize,
  dir: isize,
  out: usize,
  step: usize,
  count: i32,
): void {
  // The taps are gathered once (a lane each, four loads a tap), not once per row of G g.
  const t0 = loadTap(p0, p1, p2, p3, dir, 0);
  const t1 = loadTap(p0, p1, p2, p3, dir, 1);
  const t2 = loadTap(p0, p1, p2, p3, dir, 2);
  const t3 = loadTap(p0, p1, p2, p3, dir, 3);
  const t4 = loadTap(p0, p1, p2, p3, dir, 4);
  const t5 = loadTap(p0, p1, p2, p3, dir, 5);
  const t6 = loadTap(p0, p1, p2, p3, dir, 6);
  const t7 = loadTap(p0, p1, p2, p3, dir, 7);
  const t8 = loadTap(p0, p1, p2, p3, dir, 8);
  const t9 = loadTap(p0, p1, p2, p3, dir, 9);
  const t10 = loadTap(p0, p1, p2, p3, dir, 10);
  const t11 = loadTap(p0, p1, p2, p3, dir, 11);
  const t12 = loadTap(p0, p1, p2, p3, dir, 12);
  const t13 = loadTap(p0, p1, p2, p3, dir, 13);
  const t14 = loadTap(p0, p1, p2, p3, dir, 14);
  const t15 = loadTap(p0, p1, p2, p3, dir, 15);
  const t16 = loadTap(p0, p1, p2, p3, dir, 16);
  const t17 = loadTap(p0, p1, p2, p3, dir, 17);
  const t18 = loadTap(p0, p1, p2, p3, dir, 18);
  const t19 = loadTap(p0, p1, p2, p3, dir, 19);
  const t20 = loadTap(p0, p1, p2, p3, dir, 20);
  const t21 = loadTap(p0, p1, p2, p3, dir, 21);
  const t22 = loadTap(p0, p1, p2, p3, dir, 22);
  const t23 = loadTap(p0, p1, p2, p3, dir, 23);
  const t24 = loadTap(p0, p1, p2, p3, dir, 24);
  for (let i = 0; i < SIDE; i++) {
    // Row i of G g, lanes 0–1 (l) and 2–3 (h); then that row times Gᵀ: positions 6i + j.
    const l0 = columnEntry(i, false, t0, t5, t10, t15, t20);
    const l1 = columnEntry(i, false, t1, t6, t11, t16, t21);
    const l2 = columnEntry(i, false, t2, t7, t12, t17, t22);
    const l3 = columnEntry(i, false, t3, t8, t13, t18, t23);
    const l4 = columnEntry(i, false, t4, t9, t14, t19, t24);
    const h0 = columnEntry(i, true, t0, t5, t10, t15, t20);
    const h1 = columnEntry(i, true, t1, t6, t11, t16, t21);
    const h2 = columnEntry(i, true, t2, t7, t12, t17, t22);
    const h3 = columnEntry(i, true, t3, t8, t13, t18, t23);
    const h4 = columnEntry(i, true, t4, t9, t14, t19, t24);
    const row = out + <usize>(SIDE * i) * step;
    for (let j = 0; j < SIDE; j++) {
      const low = filterEntry(j, l0, l1, l2, l3, l4);
      storeLanes(row + <usize>j * step, rounded(low, filterEntry(j, h0, h1, h2, h3, h4)), count);
    }
  }
}

/** Row 0 of Aᵀ: q0 + q1 + q2 + q3 + q4. */
@inline
function sumRow(q0: v128, q1: v128, q2: v128, q3: v128, q4: v128): v128 {
  return f32x4.add(f32x4.add(q0, f32x4.add(q1, q2)), f32x4.add(q3, q4));
}

/** Row 1 of Aᵀ: q1 − q2 + ½(q3 − q4) + q5. */
@inline
function differenceRow(q1: v128, q2: v128, q3: v128, q4: v128, q5: v128): v128 {
  const half = f32x4.mul(f32x4.sub(q3, q4), f32x4.splat(0.5));
  return f32x4.add(f32x4.add(f32x4.sub(q1, q2), half), q5);
}

/** Column k of row 0 of Aᵀ m (m_ik = position 6i + k, `step` bytes apart). */
@inline
function topRow(m: usize, step: usize, k: i32): v128 {
  const p = m + <usize>k * step;
  const s = <usize>SIDE * step;
  const m1 = v128.load(p + s);
  const m2 = v128.load(p + 2 * s);
  return sumRow(v128.load(p), m1, m2, v128.load(p + 3 * s), v128.load(p + 4 * s));
}

/** Column k of row 1 of Aᵀ m. */
@inline
function bottomRow(m: usize, step: usize, k: i32): v128 {
  const p = m + <usize>k * step;
  const s = <usize>SIDE * step;
  const m1 = v128.load(p + s);
  const m2 = v128.load(p + 2 * s);
  const m3 = v128.load(p + 3 * s);
  return differenceRow(m1, m2, m3, v128.load(p + 4 * s), v128.load(p + 5 * s));
}

/** A row (q0 … q5) of Aᵀ m times A for four tiles: 8 outputs, the first `count` stored at y. */
@inline
function storeOutputRow(
  q0: v128,
  q1: v128,
  q2: v128,
  q3: v128,
  q4: v128,
  q5: v128,
  y: usize,
  count: i32,
): void {
  storeTileRow(sumRow(q0, q1, q2, q3, q4), differenceRow(q1, q2, q3, q4, q5), y, count);
}

/** Stores A·(a, b) = (a, a + b, a − b, a + ½b, a − ½b, b) at out, out + step, … (`count` lanes). */
@inline
function storeGradientRow(a: v128, b: v128, out: usize, step: usize, count: i32): void {
  const half = f32x4.mul(b, f32x4.splat(0.5));
  storeLanes(out, a, count);
  storeLanes(out + step, f32x4.add(a, b), count);
  storeLanes(out + 2 * step, f32x4.sub(a, b), count);
  storeLanes(out + 3 * step, f32x4.add(a, half), count);
  storeLanes(out + 4 * step, f32x4.sub(a, half), count);
  storeLanes(out + 5 * step, b, count);
}

/**
 * The F(2×2, 5×5) tile transforms, for the loops of loops.ts and
 * weight-grad.ts.
 */
@final
export class F2x2_5x5 {
  /**
   * Rows first … end−1 of u [36, outC, c] = G g Gᵀ for each 5×5 filter g of w [outC, c, 5, 5],
   * or, when `turned`, of u [36, c, outC] for the filters turned by 180° with their channel
   * axes swapped; computed in float64 and rounded once (accuracy is cheap here).
   */
  weights(w: usize, outC: i32, c: i32, turned: bool, first: i32, end: i32, u: usize): void {
    transformFilters(w, outC, c, turned, first, end, u, WINDOW * WINDOW, transformGroup);
  }

  @inline window(): i32 {
    return WINDOW;
  }
  @inline tile(): i32 {
    return TILE;
  }
  @inline imagesPerGroup(tiles: i32): i32 {
    return imagesPerGroup(tiles);
  }
  /**
   * V [36, c, ·] (V_ξ `step` bytes apart, rows `ld` floats long, this image's first tile at
   * v) = Bᵀ d B for every tile of every channel of image [c, h, w] (input6.ts).
   */
  transformInput(
    image: usize,
    c: i32,
    h: i32,
    w: i32,
    padH: i32,
    padW: i32,
    th: i32,
    tw: i32,
    v: usize,
    ld: i32,
    step: usize,
    planes: usize,
  ): void {
    transformPatches6(TILE, image, c, h, w, padH, padW, th, tw, v, ld, step, planes);
  }
  @inline planeFloats(th: i32, tw: i32): i32 {
    return planeFloats(th, tw);
  }
  /** D = A dY Aᵀ for four tiles (dY = [l0 r0; l1 r1]): rows A·(dy0, dy1) of dY's columns. */
  @inline storeGradientTiles(
    l0: v128,
    r0: v128,
    l1: v128,
    r1: v128,
    d: usize,
    step: usize,
    count: i32,
  ): void {
    const row = <usize>SIDE * step;
    const half = f32x4.splat(0.5);
    const hl = f32x4.mul(l1, half);
    const hr = f32x4.mul(r1, half);
    storeGradientRow(l0, r0, d, step, count);
    storeGradientRow(f32x4.add(l0, l1), f32x4.add(r0, r1), d + row, step, count);
    storeGradientRow(f32x4.sub(l0, l1), f32x4.sub(r0, r1), d + 2 * row, step, count);
    storeGradientRow(f32x4.add(l0, hl), f32x4.add(r0, hr), d + 3 * row, step, count);
    storeGradientRow(f32x4.sub(l0, hl), f32x4.sub(r0, hr), d + 4 * row, step, count);
    storeGradientRow(l1, r1, d + 5 * row, step, count);
  }
  /** (Gᵀ q)_k for the six float64s q at p, p + step, …: column k of G (see the top). */
  @inline gradientEntry(k: i32, p: usize, step: usize): f64 {
    const q1 = load<f64>(p + step);
    const q2 = load<f64>(p + 2 * step);
    const q3 = load<f64>(p + 3 * step);
    const q4 = load<f64>(p + 4 * step);
    // Even columns of G see q1 + q2 and q3 + q4, odd ones q1 − q2 and q3 − q4.
    const s12 = k & 1 ? q1 - q2 : q1 + q2;
    const s34 = k & 1 ? q3 - q4 : q3 + q4;
    if (k == 0) return load<f64>(p) + s12 / 6 - (s34 * 2) / 3;
    if (k == 1) return s12 / 6 - s34 / 3;
    if (k == 2) return (s12 - s34) / 6;
    if (k == 3) return s12 / 6 - s34 / 12;
    return s12 / 6 - s34 / 24 + load<f64>(p + 5 * step) / 4;
  }
  /** Output rows 0 and (if rows > 1) 1 of four tiles: Aᵀ m A, the first `count` of each row. */
  @inline storeOutputTiles(
    m: usize,
    step: usize,
    y: usize,
    row: usize,
    rows: i32,
    count: i32,
  ): void {
    const t0 = topRow(m, step, 0);
    const t1 = topRow(m, step, 1);
    const t2 = topRow(m, step, 2);
    const t3 = topRow(m, step, 3);
    const t4 = topRow(m, step, 4);
    storeOutputRow(t0, t1, t2, t3, t4, topRow(m, step, 5), y, count);
    if (rows > 1) {
      const b0 = bottomRow(m, step, 0);
      const b1 = bottomRow(m, step, 1);
      const b2 = bottomRow(m, step, 2);
      const b3 = bottomRow(m, step, 3);
      const b4 = bottomRow(m, step, 4);
      storeOutputRow(b0, b1, b2, b3, b4, bottomRow(m, step, 5), y + row, count);
    }
  }
}
