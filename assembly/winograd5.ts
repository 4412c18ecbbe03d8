// Winograd F(2×2, 5×5) convolution for 5×5 windows with stride 1: each 2×2 output tile is
// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with d the 6×6 input patch under it, 36 multiplies instead of
// 100. Summed over channels, the ⊙ becomes 36 GEMMs M_ξ [outC, tiles] = U_ξ [outC, c] ·
// V_ξ [c, tiles], one per position ξ of the 6×6 transformed tile (as in winograd.ts).
// The matrices are Cook–Toom's for the points 0, 1, −1, ½, −½, ∞ (0, ±1, ±2, ∞ is its
// mirror image under x → 1/x and rounds as badly in float32, a little worse for c ≥ 32),
// with the rows of Bᵀ scaled by 4 (exact) so that its entries are small integers:
//   Bᵀ = [1 0 −5 0 4 0; 0 −1 −1 4 4 0; 0 1 −1 −4 4 0;
//         0 −2 −4 2 4 0; 0 2 −4 −2 4 0; 0 1 0 −5 0 4]
//   G  = [1 0 0 0 0; ⅙ ⅙ ⅙ ⅙ ⅙; ⅙ −⅙ ⅙ −⅙ ⅙;
//         −⅔ −⅓ −⅙ −1⁄12 −1⁄24; −⅔ ⅓ −⅙ 1⁄12 −1⁄24; 0 0 0 0 ¼]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 ½ −½ 1]
// An image of 4×4 outputs has only 4 tiles, too few columns for a GEMM to run well, so the
// tiles of several images share one set of 36 GEMMs (winograd-loops.ts).
import { convolveImages } from './winograd-loops';
import { weightGrad, weightGradScratchFloats } from './winograd-weight-grad';
import {
  LANES,
  padPlane,
  paddedWidth,
  positionStride,
  storeLanes,
  storeTileRow,
  tilesAlong,
  vectorTiles,
} from './winograd-tiles';

const SIDE = 6; // of a transformed tile
const POSITIONS = SIDE * SIDE; // ξ
const WINDOW = 5;
// Tile columns that one group of images aims for (bench/winograd.bench.ts, one thread): a
// GEMM of a few columns spends its time in loop and packing overheads (alone, an image of
// 4 tiles ran 1.6× slower, one of a single tile 3.5×), while wider groups push V and M out
// of the L2 cache (groups of 128 columns made CIFAR's 16- and 64-tile layers 5 % slower).
const GROUP_COLUMNS = 32;

/** Images whose tiles share one set of GEMMs. */
@inline
function imagesPerGroup(tiles: i32): i32 {
  return (GROUP_COLUMNS + tiles - 1) / tiles;
}

/**
 * Floats of scratch that conv2dWinograd5Images needs when its range holds at most `images`
 * images: V [36, c, columns], M [36, outC, columns] (each position's matrix followed by SKEW
 * floats) for the columns of one group of images, one zero-padded input plane and the same
 * plane with its rows transformed.
 */
export function winograd5ScratchFloats(
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  images: i32,
): i32 {
  const th = tilesAlong(h + 2 * padH - 4);
  const tw = tilesAlong(w + 2 * padW - 4);
  const tiles = th * tw;
  const columns = max(1, min(images, imagesPerGroup(tiles))) * tiles;
  const transformed = positionStride(c, columns) + positionStride(outC, columns);
  return POSITIONS * transformed + planeFloats(th, tw);
}

/** Floats of the input transform's planes: a zero-padded channel and its rows times B. */
@inline
function planeFloats(th: i32, tw: i32): i32 {
  return (2 * th + 4) * (paddedWidth(tw, WINDOW) + SIDE * vectorTiles(tw));
}

/** Entry i of G·(a0, …, a4)ᵀ, in float64. */
function filterEntry(i: i32, a0: f64, a1: f64, a2: f64, a3: f64, a4: f64): f64 {
  if (i == 0) return a0;
  if (i == 1) return (a0 + a1 + a2 + a3 + a4) / 6;
  if (i == 2) return (a0 - a1 + a2 - a3 + a4) / 6;
  if (i == 3) return -(16 * a0 + 8 * a1 + 4 * a2 + 2 * a3 + a4) / 24;
  if (i == 4) return -(16 * a0 - 8 * a1 + 4 * a2 - 2 * a3 + a4) / 24;
  return a4 / 4;
}

/** Entry (i, k) of G g for the 5×5 filter g (float32, row-major) at `g`. */
@inline
function filterColumn(g: usize, i: i32, k: i32): f64 {
  const at = g + ((<usize>k) << 2);
  const g0 = load<f32>(at);
  const g1 = load<f32>(at, 20);
  const g2 = load<f32>(at, 40);
  const g3 = load<f32>(at, 60);
  return filterEntry(i, g0, g1, g2, g3, load<f32>(at, 80));
}

/**
 * u [36, outC, c] = G g Gᵀ for each 5×5 filter g of w [outC, c, 5, 5], computed in float64
 * and rounded once (a weight set is transformed once, so accuracy is cheap here).
 */
export function winograd5Weights(w: usize, outC: i32, c: i32, u: usize): void {
  const filters = outC * c;
  const step = (<usize>filters) << 2; // from U_ξ to U_ξ+1
  for (let f = 0; f < filters; f++) {
    const g = w + ((<usize>f * 25) << 2);
    const out = u + ((<usize>f) << 2);
    for (let i = 0; i < SIDE; i++) {
      // Row i of G g, then that row times Gᵀ: positions 6i … 6i + 5.
      const r0 = filterColumn(g, i, 0);
      const r1 = filterColumn(g, i, 1);
      const r2 = filterColumn(g, i, 2);
      const r3 = filterColumn(g, i, 3);
      const r4 = filterColumn(g, i, 4);
      for (let j = 0; j < SIDE; j++) {
        store<f32>(out + <usize>(SIDE * i + j) * step, <f32>filterEntry(j, r0, r1, r2, r3, r4));
      }
    }
  }
}

/** Bᵀ·(d0, …, d5) for four tiles, one per lane: entry i at out + i·step (`count` lanes). */
@inline
function storeInputTransform(
  d0: v128,
  d1: v128,
  d2: v128,
  d3: v128,
  d4: v128,
  d5: v128,
  out: usize,
  step: usize,
  count: i32,
): void {
  const four = f32x4.splat(4);
  const odd = f32x4.sub(d3, d1);
  const p = f32x4.mul(f32x4.sub(d4, d2), four); // 4(d4 − d2)
  const q = f32x4.add(odd, odd); // 2(d3 − d1)
  const e = f32x4.sub(f32x4.mul(d4, four), d2); // 4d4 − d2
  const o = f32x4.sub(f32x4.mul(d3, four), d1); // 4d3 − d1
  storeLanes(out, f32x4.add(f32x4.sub(d0, d2), p), count);
  storeLanes(out + step, f32x4.add(e, o), count);
  storeLanes(out + 2 * step, f32x4.sub(e, o), count);
  storeLanes(out + 3 * step, f32x4.add(p, q), count);
  storeLanes(out + 4 * step, f32x4.sub(p, q), count);
  storeLanes(out + 5 * step, f32x4.sub(f32x4.mul(f32x4.sub(d5, d3), four), odd), count);
}

/**
 * Row (d B) of four adjacent tiles from a padded-plane row (`a` at the first tile's left
 * column): entry k stored at out + k·step, one tile per lane.
 */
@inline
function transformRow(a: usize, out: usize, step: usize): void {
  // Columns 0–3, 2–5, 4–7, 6–9, 8–11: tile l spans columns 2l … 2l + 5.
  const x0 = v128.load(a);
  const x2 = v128.load(a, 8);
  const x4 = v128.load(a, 16);
  const x6 = v128.load(a, 24);
  const x8 = v128.load(a, 32);
  storeInputTransform(
    f32x4.shuffle(x0, x4, 0, 2, 4, 6),
    f32x4.shuffle(x0, x4, 1, 3, 5, 7),
    f32x4.shuffle(x2, x6, 0, 2, 4, 6),
    f32x4.shuffle(x2, x6, 1, 3, 5, 7),
    f32x4.shuffle(x4, x8, 0, 2, 4, 6),
    f32x4.shuffle(x4, x8, 1, 3, 5, 7),
    out,
    step,
    LANES,
  );
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
 * The F(2×2, 5×5) tile transforms, for the loops of winograd-loops.ts and
 * winograd-weight-grad.ts.
 */
@final
class Transforms {
  @inline window(): i32 {
    return WINDOW;
  }
  @inline imagesPerGroup(tiles: i32): i32 {
    return imagesPerGroup(tiles);
  }
  /**
   * V [36, c, ·] (V_ξ `step` bytes apart, rows `ld` floats long, this image's first tile at
   * v) = Bᵀ d B for every tile of every channel of image [c, h, w]. Each channel is padded
   * into `plane`; its rows times B go to `rows6` [plane rows, 6, vector tiles] right after it
   * (each plane row serves three tile rows), and Bᵀ is applied down their columns.
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
    plane: usize,
  ): void {
    const rows = 2 * th + 4;
    const width = paddedWidth(tw, WINDOW);
    const rows6 = plane + ((<usize>rows * width) << 2);
    const vt = vectorTiles(tw);
    const entry = (<usize>vt) << 2; // from entry k of a transformed row to entry k + 1
    const transformedRow = <usize>SIDE * entry;
    for (let ci = 0; ci < c; ci++) {
      padPlane(image + ((<usize>ci * h * w) << 2), h, w, padH, padW, plane, rows, width);
      for (let r = 0; r < rows; r++) {
        const from = plane + ((<usize>r * width) << 2);
        const to = rows6 + <usize>r * transformedRow;
        for (let tx = 0; tx < vt; tx += LANES) {
          transformRow(from + ((<usize>(2 * tx)) << 2), to + ((<usize>tx) << 2), entry);
        }
      }
      let out = v + ((<usize>ci * ld) << 2);
      for (let ty = 0; ty < th; ty++) {
        const top = rows6 + <usize>(2 * ty) * transformedRow;
        for (let tx = 0; tx < tw; tx += LANES) {
          const count = tw - tx;
          for (let k = 0; k < SIDE; k++) {
            const p = top + <usize>k * entry + ((<usize>tx) << 2);
            const at = out + ((<usize>tx) << 2) + <usize>k * step;
            storeInputTransform(
              v128.load(p),
              v128.load(p + transformedRow),
              v128.load(p + 2 * transformedRow),
              v128.load(p + 3 * transformedRow),
              v128.load(p + 4 * transformedRow),
              v128.load(p + 5 * transformedRow),
              at,
              <usize>SIDE * step,
              count,
            );
          }
        }
        out += (<usize>tw) << 2;
      }
    }
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
  @inline storeOutputRow(m: usize, step: usize, bottom: bool, y: usize, count: i32): void {
    if (bottom) {
      const b0 = bottomRow(m, step, 0);
      const b1 = bottomRow(m, step, 1);
      const b2 = bottomRow(m, step, 2);
      const b3 = bottomRow(m, step, 3);
      const b4 = bottomRow(m, step, 4);
      storeOutputRow(b0, b1, b2, b3, b4, bottomRow(m, step, 5), y, count);
    } else {
      const t0 = topRow(m, step, 0);
      const t1 = topRow(m, step, 1);
      const t2 = topRow(m, step, 2);
      const t3 = topRow(m, step, 3);
      const t4 = topRow(m, step, 4);
      storeOutputRow(t0, t1, t2, t3, t4, topRow(m, step, 5), y, count);
    }
  }
}

/**
 * y_b [outC, oh, ow] = the 5×5 stride-1 convolution of x_b [c, h, w] (zero padding padH,
 * padW) with the weights u = winograd5Weights(w), for images b = first … end−1, where
 * oh = h + 2·padH − 4 and ow = w + 2·padW − 4. `scratch` holds
 * winograd5ScratchFloats(…, images) floats for images ≥ end − first, `work`
 * gemmWorkspaceBytes(). Each image's result does not depend on the range.
 */
export function conv2dWinograd5Images(
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

/** Floats of scratch that conv2dWinograd5WeightGrad needs (winograd-weight-grad.ts). */
export function winograd5WeightGradScratchFloats(
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
): i32 {
  return weightGradScratchFloats<Transforms>(c, outC, h, w, padH, padW);
}

/**
 * Rows o = oFirst … oEnd−1 of dw [outC, c, 5, 5] = Σ over images b < n of the correlation of
 * dy_b with x_b zero-padded by padH, padW, as conv2dWinogradWeightGrad with oh = h + 2·padH − 4
 * and ow = w + 2·padW − 4. `scratch` holds winograd5WeightGradScratchFloats(…) floats, `work`
 * gemmWorkspaceBytes().
 */
export function conv2dWinograd5WeightGrad(
  x: usize,
  n: i32,
  c: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  dy: usize,
  outC: i32,
  oFirst: i32,
  oEnd: i32,
  dw: usize,
  scratch: usize,
  work: usize,
): void {
  weightGrad<Transforms>(x, n, c, h, w, padH, padW, dy, outC, oFirst, oEnd, dw, scratch, work);
}
