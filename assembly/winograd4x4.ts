// Winograd F(4×4, 3×3) convolution for 3×3 windows with stride 1: each 4×4 output tile is
// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with d the 6×6 input patch under it, 36 multiplies instead of
// 144 (F(2×2, 3×3) needs 64 for the same outputs). Summed over channels, the ⊙ becomes 36
// GEMMs M_ξ [outC, tiles] = U_ξ [outC, c] · V_ξ [c, tiles], one per position ξ of the 6×6
// transformed tile (as in winograd.ts). Cook–Toom's points are 0, 1, −1, ½, −½, ∞, as for
// F(2×2, 5×5), so Bᵀ and the input transform are winograd-input6.ts's. Lavin's 0, ±1, ±2, ∞
// is its mirror image under x → 1/x and rounds the same: with U, V, M and Y rounded once to
// float32 (the reference backend), both erred by 4.6e-7 of the outputs' RMS on MNIST's
// conv2. Either way the transformed tiles reach 100× the inputs, so this kernel rounds about
// 6× worse than F(2×2, 3×3) (RMS error 1.3e-6 against 2.1e-7; im2col's 3.1e-7).
//   G  = [1 0 0; ⅙ ⅙ ⅙; ⅙ −⅙ ⅙; −⅔ −⅓ −⅙; −⅔ ⅓ −⅙; 0 0 ¼]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 ½ −½ 0; 0 1 1 ¼ ¼ 0; 0 1 −1 ⅛ −⅛ 1]
// An image has a quarter of F(2×2)'s tiles (36 for MNIST's 24×24 outputs), so the tiles of
// several images share one set of 36 GEMMs (winograd-loops.ts).
import { inputPlaneFloats6, SIDE, transformPatches6 } from './winograd-input6';
import { convolveImages } from './winograd-loops';
import { positionStride, storeLanes, tilesAlong } from './winograd-tiles';

const POSITIONS = SIDE * SIDE; // ξ
const WINDOW = 3;
const TILE = 4; // outputs along a side of a tile
// Tile columns that one group of images aims for (bench/winograd.bench.ts, one thread: 128
// and 256 ran 1–4 % slower on MNIST's conv2 and the 16×16 and 8×8 layers, within the noise).
const GROUP_COLUMNS = 64;

/** Images whose tiles share one set of GEMMs. */
@inline
function imagesPerGroup(tiles: i32): i32 {
  return (GROUP_COLUMNS + tiles - 1) / tiles;
}

/**
 * Floats of scratch that conv2dWinograd4x4Images needs when its range holds at most `images`
 * images: V [36, c, columns], M [36, outC, columns] (each position's matrix followed by SKEW
 * floats) for the columns of one group of images, then the input transform's planes.
 */
export function winograd4x4ScratchFloats(
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  images: i32,
): i32 {
  const th = tilesAlong(h + 2 * padH - 2, TILE);
  const tw = tilesAlong(w + 2 * padW - 2, TILE);
  const tiles = th * tw;
  const columns = max(1, min(images, imagesPerGroup(tiles))) * tiles;
  const transformed = positionStride(c, columns) + positionStride(outC, columns);
  return POSITIONS * transformed + inputPlaneFloats6(th, tw, TILE);
}

/** Entry i of G·(a0, a1, a2)ᵀ, in float64. */
function filterEntry(i: i32, a0: f64, a1: f64, a2: f64): f64 {
  if (i == 0) return a0;
  if (i == 1) return (a0 + a1 + a2) / 6;
  if (i == 2) return (a0 - a1 + a2) / 6;
  if (i == 3) return -(4 * a0 + 2 * a1 + a2) / 6;
  if (i == 4) return -(4 * a0 - 2 * a1 + a2) / 6;
  return a2 / 4;
}

/**
 * u [36, outC, c] = G g Gᵀ for each 3×3 filter g of w [outC, c, 3, 3], computed in float64
 * and rounded once (a weight set is transformed once, so accuracy is cheap here).
 */
export function winograd4x4Weights(w: usize, outC: i32, c: i32, u: usize): void {
  const filters = outC * c;
  const step = (<usize>filters) << 2; // from U_ξ to U_ξ+1
  for (let f = 0; f < filters; f++) {
    const g = w + ((<usize>f * 9) << 2);
    const out = u + ((<usize>f) << 2);
    for (let i = 0; i < SIDE; i++) {
      // Row i of G g (G times the filter's columns), then that row times Gᵀ: positions 6i + j.
      const r0 = filterEntry(i, load<f32>(g), load<f32>(g, 12), load<f32>(g, 24));
      const r1 = filterEntry(i, load<f32>(g, 4), load<f32>(g, 16), load<f32>(g, 28));
      const r2 = filterEntry(i, load<f32>(g, 8), load<f32>(g, 20), load<f32>(g, 32));
      for (let j = 0; j < SIDE; j++) {
        store<f32>(out + <usize>(SIDE * i + j) * step, <f32>filterEntry(j, r0, r1, r2));
      }
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

/** The F(4×4, 3×3) tile transforms, for the loops of winograd-loops.ts. */
@final
class Transforms {
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
   * v) = Bᵀ d B for every tile of every channel of image [c, h, w] (winograd-input6.ts).
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

/**
 * y_b [outC, oh, ow] = the 3×3 stride-1 convolution of x_b [c, h, w] (zero padding padH,
 * padW) with the weights u = winograd4x4Weights(w), for images b = first … end−1, where
 * oh = h + 2·padH − 2 and ow = w + 2·padW − 2. `scratch` holds
 * winograd4x4ScratchFloats(…, images) floats for images ≥ end − first, `work`
 * gemmWorkspaceBytes(). Each image's result does not depend on the range.
 */
export function conv2dWinograd4x4Images(
  x: usize,
  first: i32,
  end: i32,
  c: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  u: usize,
  outC: i32,
  y: usize,
  scratch: usize,
  work: usize,
): void {
  convolveImages<Transforms>(x, first, end, c, h, w, padH, padW, u, outC, y, scratch, work);
}
