// Winograd F(4×4, 3×3) convolution for 3×3 windows with stride 1: each 4×4 output tile is
// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with d the 6×6 input patch under it, 36 multiplies instead of
// 144 (F(2×2, 3×3) needs 64 for the same outputs). Summed over channels, the ⊙ becomes 36
// GEMMs M_ξ [outC, tiles] = U_ξ [outC, c] · V_ξ [c, tiles], one per position ξ of the 6×6
// transformed tile (as in f2x2-3x3.ts). Cook–Toom's points are 0, 1, −1, ½, −½, ∞, as for
// F(2×2, 5×5), so Bᵀ and the input transform are input6.ts's. Lavin's 0, ±1, ±2, ∞
// is its mirror image under x → 1/x and rounds the same: with U, V, M and Y rounded once to
// float32 (the reference backend), both erred by 4.6e-7 of the outputs' RMS on MNIST's
// conv2. Either way the transformed tiles reach 100× the inputs, so this kernel rounds about
// 6× worse than F(2×2, 3×3) (RMS error 1.3e-6 against 2.1e-7; im2col's 3.1e-7).
//   G  = [1 0 0; ⅙ ⅙ ⅙; ⅙ −⅙ ⅙; −⅔ −⅓ −⅙; −⅔ ⅓ −⅙; 0 0 ¼]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 ½ −½ 0; 0 1 1 ¼ ¼ 0; 0 1 −1 ⅛ −⅛ 1]
// An image has a quarter of F(2×2)'s tiles (36 for MNIST's 24×24 outputs), so the tiles of
// several images share one set of 36 GEMMs (loops.ts).
import { inputPlaneFloats6, SIDE, transformPatches6 } from './input6';
import { highPair, loadTap, lowPair, rounded, transformFilters } from './filters';
import { storeLanes } from './tiles';

const WINDOW = 3;
const TILE = 4; // outputs along a side of a tile
// Tile columns that one group of images aims for (tuned with bench/winograd.bench.ts, one
// thread, as for F(2×2, 5×5): wider groups gained nothing).
const GROUP_COLUMNS = 64;

/** Images whose tiles share one set of GEMMs. */
@inline
function imagesPerGroup(tiles: i32): i32 {
  return (GROUP_COLUMNS + tiles - 1) / tiles;
}

/** Entry i of G·(a0, a1, a2)ᵀ for two filters, one a float64 lane. */
@inline
function filterEntry(i: i32, a0: v128, a1: v128, a2: v128): v128 {
  const by6 = f64x2.splat(6);
  if (i == 0) return a0;
  if (i == 1) return f64x2.div(f64x2.add(f64x2.add(a0, a1), a2), by6);
  if (i == 2) return f64x2.div(f64x2.add(f64x2.sub(a0, a1), a2), by6);
  const a0x4 = f64x2.mul(f64x2.splat(4), a0);
  const a1x2 = f64x2.mul(f64x2.splat(2), a1);
  if (i == 3) return f64x2.div(f64x2.neg(f64x2.add(f64x2.add(a0x4, a1x2), a2)), by6);
  if (i == 4) return f64x2.div(f64x2.neg(f64x2.add(f64x2.sub(a0x4, a1x2), a2)), by6);
  return f64x2.div(a2, f64x2.splat(4));
}

/** G g Gᵀ for four 3×3 filters (transformFilters' GroupTransform), in float64. */
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
  const t0 = loadTap(p0, p1, p2, p3, dir, 0);
  const t1 = loadTap(p0, p1, p2, p3, dir, 1);
  const t2 = loadTap(p0, p1, p2, p3, dir, 2);
  const t3 = loadTap(p0, p1, p2, p3, dir, 3);
  const t4 = loadTap(p0, p1, p2, p3, dir, 4);
  const t5 = loadTap(p0, p1, p2, p3, dir, 5);
  const t6 = loadTap(p0, p1, p2, p3, dir, 6);
  const t7 = loadTap(p0, p1, p2, p3, dir, 7);
  const t8 = loadTap(p0, p1, p2, p3, dir, 8);
  for (let i = 0; i < SIDE; i++) {
    // Row i of G g (G times the filters' columns), lanes 0–1 (l) and 2–3 (h); then that row
    // times Gᵀ: positions 6i + j.
    const l0 = filterEntry(i, lowPair(t0), lowPair(t3), lowPair(t6));
    const l1 = filterEntry(i, lowPair(t1), lowPair(t4), lowPair(t7));
    const l2 = filterEntry(i, lowPair(t2), lowPair(t5), lowPair(t8));
    const h0 = filterEntry(i, highPair(t0), highPair(t3), highPair(t6));
    const h1 = filterEntry(i, highPair(t1), highPair(t4), highPair(t7));
    const h2 = filterEntry(i, highPair(t2), highPair(t5), highPair(t8));
    const row = out + <usize>(SIDE * i) * step;
    for (let j = 0; j < SIDE; j++) {
      const value = rounded(filterEntry(j, l0, l1, l2), filterEntry(j, h0, h1, h2));
      storeLanes(row + <usize>j * step, value, count);
    }
  }
}

// Aᵀ's rows come in pairs that share their work: rows 0 and 2 see x1 + x2 and x3 + x4, rows 1
// and 3 see x1 − x2 and x3 − x4 (and x5, the point ∞). A pair is the class P of the helpers.
@final
class EvenRows {
  @inline combine(a: v128, b: v128): v128 {
    return f32x4.add(a, b);
  }
  @inline edge(): i32 {
    return 0; // x0 enters row 0
  }
  /** Row 0 of Aᵀ·x from s = x1 + x2, t = x3 + x4 and e = x0: e + s + t. */
  @inline upper(s: v128, t: v128, e: v128): v128 {
    return f32x4.add(f32x4.add(e, s), t);
  }
  /** Row 2: s + t/4. */
  @inline lower(s: v128, t: v128, _e: v128): v128 {
    return f32x4.add(s, f32x4.mul(t, f32x4.splat(0.25)));
  }
}
@final
class OddRows {
  @inline combine(a: v128, b: v128): v128 {
    return f32x4.sub(a, b);
  }
  @inline edge(): i32 {
    return 5; // x5 enters row 3
  }
  /** Row 1 of Aᵀ·x from s = x1 − x2, t = x3 − x4: s + t/2. */
  @inline upper(s: v128, t: v128, _e: v128): v128 {
    return f32x4.add(s, f32x4.mul(t, f32x4.splat(0.5)));
  }
  /** Row 3, with e = x5: s + t/8 + e. */
  @inline lower(s: v128, t: v128, e: v128): v128 {
    return f32x4.add(f32x4.add(s, f32x4.mul(t, f32x4.splat(0.125))), e);
  }
}

/**
 * A row (q0 … q5) of Aᵀ m times A for four tiles, one per lane: the tiles' four outputs,
 * transposed so that each tile's are contiguous, the first `count` of the 16 stored at y.
 */
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
  const even = changetype<EvenRows>(0);
  const odd = changetype<OddRows>(0);
  const s = even.combine(q1, q2);
  const t = even.combine(q3, q4);
  const d = odd.combine(q1, q2);
  const e = odd.combine(q3, q4);
  const y0 = even.upper(s, t, q0);
  const y1 = odd.upper(d, e, q5);
  const y2 = even.lower(s, t, q0);
  const y3 = odd.lower(d, e, q5);
  const low = f32x4.shuffle(y0, y1, 0, 4, 1, 5); // tiles 0, 1: outputs 0 1 0 1
  const high = f32x4.shuffle(y0, y1, 2, 6, 3, 7); // tiles 2, 3
  const low2 = f32x4.shuffle(y2, y3, 0, 4, 1, 5); // tiles 0, 1: outputs 2 3 2 3
  const high2 = f32x4.shuffle(y2, y3, 2, 6, 3, 7);
  storeLanes(y, f32x4.shuffle(low, low2, 0, 1, 4, 5), count);
  storeLanes(y + 16, f32x4.shuffle(low, low2, 2, 3, 6, 7), count - 4);
  storeLanes(y + 32, f32x4.shuffle(high, high2, 0, 1, 4, 5), count - 8);
  storeLanes(y + 48, f32x4.shuffle(high, high2, 2, 3, 6, 7), count - 12);
}

/** P.combine(m_ik, m_(i+1)k) for m_ik at p and m_(i+1)k `across` bytes on. */
@inline
function combined<P>(p: usize, across: usize): v128 {
  return changetype<P>(0).combine(v128.load(p), v128.load(p + across));
}

/**
 * Rows P.upper and P.lower (0 and 2, or 1 and 3) of Y = Aᵀ m A for four tiles, at y and (if
 * `lower`) y + below: each column k of m (m_ik = position 6i + k, `step` bytes apart) is
 * loaded once for both.
 */
@inline
function storeRowPair<P>(
  m: usize,
  step: usize,
  y: usize,
  below: usize,
  lower: bool,
  count: i32,
): void {
  const rows = changetype<P>(0);
  const across = <usize>SIDE * step; // from m_ik to m_(i+1)k
  const m1 = m + across;
  const m3 = m + 3 * across;
  const e = m + <usize>rows.edge() * across;
  // Column k of Aᵀ m's rows: s_k = P.combine(m_1k, m_2k), t_k = P.combine(m_3k, m_4k), e_k.
  const s0 = combined<P>(m1, across);
  const s1 = combined<P>(m1 + step, across);
  const s2 = combined<P>(m1 + 2 * step, across);
  const s3 = combined<P>(m1 + 3 * step, across);
  const s4 = combined<P>(m1 + 4 * step, across);
  const s5 = combined<P>(m1 + 5 * step, across);
  const t0 = combined<P>(m3, across);
  const t1 = combined<P>(m3 + step, across);
  const t2 = combined<P>(m3 + 2 * step, across);
  const t3 = combined<P>(m3 + 3 * step, across);
  const t4 = combined<P>(m3 + 4 * step, across);
  const t5 = combined<P>(m3 + 5 * step, across);
  const e0 = v128.load(e);
  const e1 = v128.load(e + step);
  const e2 = v128.load(e + 2 * step);
  const e3 = v128.load(e + 3 * step);
  const e4 = v128.load(e + 4 * step);
  const e5 = v128.load(e + 5 * step);
  storeOutputRow(
    rows.upper(s0, t0, e0),
    rows.upper(s1, t1, e1),
    rows.upper(s2, t2, e2),
    rows.upper(s3, t3, e3),
    rows.upper(s4, t4, e4),
    rows.upper(s5, t5, e5),
    y,
    count,
  );
  if (lower) {
    storeOutputRow(
      rows.lower(s0, t0, e0),
      rows.lower(s1, t1, e1),
      rows.lower(s2, t2, e2),
      rows.lower(s3, t3, e3),
      rows.lower(s4, t4, e4),
      rows.lower(s5, t5, e5),
      y + below,
      count,
    );
  }
}

/** The F(4×4, 3×3) tile transforms, for the loops of loops.ts. */
@final
export class F4x4_3x3 {
  /**
   * Rows first … end−1 of u [36, outC, c] = G g Gᵀ for each 3×3 filter g of w [outC, c, 3, 3],
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
  @inline planeFloats(th: i32, tw: i32): i32 {
    return inputPlaneFloats6(th, tw, TILE);
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
  /** Output rows 0 … rows−1 of four tiles: Aᵀ m A, the first `count` of each row. */
  @inline storeOutputTiles(
    m: usize,
    step: usize,
    y: usize,
    row: usize,
    rows: i32,
    count: i32,
  ): void {
    storeRowPair<EvenRows>(m, step, y, 2 * row, rows > 2, count);
    if (rows > 1) storeRowPair<OddRows>(m, step, y + row, 2 * row, rows > 3, count);
  }
}
