// Winograd F(2×2, 3×3) convolution (Lavin & Gray 2015) for 3×3 windows with stride 1.
// Each 2×2 block of outputs (a tile) is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with d the 4×4 input
// patch under it, so a tile's 36 multiplies become 16. Summed over channels, the ⊙ becomes
// 16 independent GEMMs M_ξ [outC, tiles] = U_ξ [outC, c] · V_ξ [c, tiles], one for each
// position ξ of the 4×4 transformed tile:
//   U = G g Gᵀ   G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]          (once per weight set)
//   V = Bᵀ d B   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
//   Y = Aᵀ M A   Aᵀ = [1 1 1 0; 0 1 −1 −1]
// Both tile transforms run on four horizontally adjacent tiles at once, one per f32x4 lane,
// so the rows of V and M, which hold the tiles contiguously, are written and read whole.
import { loadTap, transformFilters } from './filters';
import { LANES, padPlane, paddedWidth, storeLanes, storeTileRow } from './tiles';

const WINDOW = 3;
const TILE = 2; // outputs along a side of a tile

/** Floats of the zero-padded input plane that the input transform copies a channel into. */
@inline
function planeFloats(th: i32, tw: i32): i32 {
  return (2 * th + 2) * paddedWidth(tw, TILE, WINDOW);
}

/**
 * Stores (a, (a+b+c)/2, (a−b+c)/2, c), i.e. G·(a, b, c)ᵀ, at out, out + step, … for four
 * filters, one a lane (the first `count`).
 */
@inline
function storeFilterRow(a: v128, b: v128, c: v128, out: usize, step: usize, count: i32): void {
  const half = f32x4.splat(0.5);
  storeLanes(out, a, count);
  storeLanes(out + step, f32x4.mul(f32x4.add(f32x4.add(a, b), c), half), count);
  storeLanes(out + 2 * step, f32x4.mul(f32x4.add(f32x4.sub(a, b), c), half), count);
  storeLanes(out + 3 * step, c, count);
}

/** G g Gᵀ for four 3×3 filters (transformFilters' GroupTransform), in float32. */
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
  const g00 = loadTap(p0, p1, p2, p3, dir, 0);
  const g01 = loadTap(p0, p1, p2, p3, dir, 1);
  const g02 = loadTap(p0, p1, p2, p3, dir, 2);
  const g10 = loadTap(p0, p1, p2, p3, dir, 3);
  const g11 = loadTap(p0, p1, p2, p3, dir, 4);
  const g12 = loadTap(p0, p1, p2, p3, dir, 5);
  const g20 = loadTap(p0, p1, p2, p3, dir, 6);
  const g21 = loadTap(p0, p1, p2, p3, dir, 7);
  const g22 = loadTap(p0, p1, p2, p3, dir, 8);
  const half = f32x4.splat(0.5);
  // Row i of G g, then that row times Gᵀ: positions 4i … 4i + 3.
  storeFilterRow(g00, g01, g02, out, step, count);
  const s0 = f32x4.mul(f32x4.add(f32x4.add(g00, g10), g20), half);
  const s1 = f32x4.mul(f32x4.add(f32x4.add(g01, g11), g21), half);
  const s2 = f32x4.mul(f32x4.add(f32x4.add(g02, g12), g22), half);
  storeFilterRow(s0, s1, s2, out + 4 * step, step, count);
  const d0 = f32x4.mul(f32x4.add(f32x4.sub(g00, g10), g20), half);
  const d1 = f32x4.mul(f32x4.add(f32x4.sub(g01, g11), g21), half);
  const d2 = f32x4.mul(f32x4.add(f32x4.sub(g02, g12), g22), half);
  storeFilterRow(d0, d1, d2, out + 8 * step, step, count);
  storeFilterRow(g20, g21, g22, out + 12 * step, step, count);
}

// How two input rows are combined into a row of Bᵀ d.
@final
class Difference {
  @inline of(a: v128, b: v128): v128 {
    return f32x4.sub(a, b);
  }
}
@final
class Sum {
  @inline of(a: v128, b: v128): v128 {
    return f32x4.add(a, b);
  }
}

/**
 * Row i of Bᵀ d B for four adjacent tiles: row i of Bᵀ d is Op(row a, row b) of the padded
 * plane (a, b point at the first tile's left column), and its four columns times B are
 * positions 4i … 4i + 3, stored at out, out + step, … (the first `count` tiles).
 */
@inline
function storeInputRow<Op>(a: usize, b: usize, out: usize, step: usize, count: i32): void {
  const op = changetype<Op>(0);
  // Columns 0–3, 4–7, 2–5, 6–9 of the combined row: tile l spans columns 2l … 2l + 3.
  const x0 = op.of(v128.load(a), v128.load(b));
  const x4 = op.of(v128.load(a, 16), v128.load(b, 16));
  const x2 = op.of(v128.load(a, 8), v128.load(b, 8));
  const x6 = op.of(v128.load(a, 24), v128.load(b, 24));
  // Column j of every tile, one tile per lane.
  const c0 = f32x4.shuffle(x0, x4, 0, 2, 4, 6);
  const c1 = f32x4.shuffle(x0, x4, 1, 3, 5, 7);
  const c2 = f32x4.shuffle(x2, x6, 0, 2, 4, 6);
  const c3 = f32x4.shuffle(x2, x6, 1, 3, 5, 7);
  storeLanes(out, f32x4.sub(c0, c2), count);
  storeLanes(out + step, f32x4.add(c1, c2), count);
  storeLanes(out + 2 * step, f32x4.sub(c2, c1), count);
  storeLanes(out + 3 * step, f32x4.sub(c1, c3), count);
}

/** Column j of row 0 of Aᵀ m: m_0j + m_1j + m_2j (m_ij = position 4i + j, `step` bytes apart). */
@inline
function topRow(m: usize, step: usize, j: i32): v128 {
  const p = m + <usize>j * step;
  return f32x4.add(f32x4.add(v128.load(p), v128.load(p + 4 * step)), v128.load(p + 8 * step));
}

/** Column j of row 1 of Aᵀ m: m_1j − m_2j − m_3j. */
@inline
function bottomRow(m: usize, step: usize, j: i32): v128 {
  const p = m + <usize>j * step;
  const m1 = v128.load(p + 4 * step);
  return f32x4.sub(f32x4.sub(m1, v128.load(p + 8 * step)), v128.load(p + 12 * step));
}

/** A row (q0 … q3) of Aᵀ m times A for four tiles: 8 outputs, the first `count` stored at y. */
@inline
function storeOutputRow(q0: v128, q1: v128, q2: v128, q3: v128, y: usize, count: i32): void {
  const left = f32x4.add(f32x4.add(q0, q1), q2);
  const right = f32x4.sub(f32x4.sub(q1, q2), q3);
  storeTileRow(left, right, y, count);
}

/** Stores A·(a, b) = (a, a + b, a − b, −b) at out, out + step, … (the first `count` lanes). */
@inline
function storeGradientRow(a: v128, b: v128, out: usize, step: usize, count: i32): void {
  storeLanes(out, a, count);
  storeLanes(out + step, f32x4.add(a, b), count);
  storeLanes(out + 2 * step, f32x4.sub(a, b), count);
  storeLanes(out + 3 * step, f32x4.neg(b), count);
}

/**
 * The F(2×2, 3×3) tile transforms, for the loops of loops.ts and
 * weight-grad.ts.
 */
@final
export class F2x2_3x3 {
  /**
   * Rows first … end−1 of u [16, outC, c] = G g Gᵀ for each 3×3 filter g of w [outC, c, 3, 3],
   * or, when `turned`, of u [16, c, outC] for the filters turned by 180° with their channel
   * axes swapped.
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
  // One image at a time: scratchFloats has room for one image's tiles.
  @inline imagesPerGroup(_tiles: i32): i32 {
    return 1;
  }
  /**
   * V [16, c, ·] (V_ξ `step` bytes apart, rows `ld` floats long, this image's first tile at v)
   * = Bᵀ d B for every tile of every channel of image [c, h, w].
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
    const width = paddedWidth(tw, TILE, WINDOW);
    const row = (<usize>width) << 2;
    for (let ci = 0; ci < c; ci++) {
      padPlane(image + ((<usize>ci * h * w) << 2), h, w, padH, padW, plane, 2 * th + 2, width);
      let out = v + ((<usize>ci * ld) << 2);
      for (let ty = 0; ty < th; ty++) {
        const r0 = plane + <usize>(2 * ty) * row;
        const r1 = r0 + row;
        const r2 = r1 + row;
        const r3 = r2 + row;
        for (let tx = 0; tx < tw; tx += LANES) {
          const left = (<usize>(2 * tx)) << 2;
          const at = out + ((<usize>tx) << 2);
          const count = tw - tx;
          // Rows of Bᵀ d: d0 − d2, d1 + d2, d2 − d1, d1 − d3.
          storeInputRow<Difference>(r0 + left, r2 + left, at, step, count);
          storeInputRow<Sum>(r1 + left, r2 + left, at + 4 * step, step, count);
          storeInputRow<Difference>(r2 + left, r1 + left, at + 8 * step, step, count);
          storeInputRow<Difference>(r1 + left, r3 + left, at + 12 * step, step, count);
        }
        out += (<usize>tw) << 2;
      }
    }
  }
  @inline planeFloats(th: i32, tw: i32): i32 {
    return planeFloats(th, tw);
  }
  /** D = A dY Aᵀ for four tiles (dY = [l0 r0; l1 r1]): rows dy0, dy0 + dy1, dy0 − dy1, −dy1. */
  @inline storeGradientTiles(
    l0: v128,
    r0: v128,
    l1: v128,
    r1: v128,
    d: usize,
    step: usize,
    count: i32,
  ): void {
    storeGradientRow(l0, r0, d, step, count);
    storeGradientRow(f32x4.add(l0, l1), f32x4.add(r0, r1), d + 4 * step, step, count);
    storeGradientRow(f32x4.sub(l0, l1), f32x4.sub(r0, r1), d + 8 * step, step, count);
    storeGradientRow(f32x4.neg(l1), f32x4.neg(r1), d + 12 * step, step, count);
  }
  /** (Gᵀ q)_k for q = (q0, q1, q2, q3) at p, p + step, …: rows of Gᵀ [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]. */
  @inline gradientEntry(k: i32, p: usize, step: usize): f64 {
    const q1 = load<f64>(p + step);
    const q2 = load<f64>(p + 2 * step);
    if (k == 1) return (q1 - q2) * 0.5;
    const sum = (q1 + q2) * 0.5;
    return k == 0 ? load<f64>(p) + sum : sum + load<f64>(p + 3 * step);
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
    storeOutputRow(t0, t1, t2, topRow(m, step, 3), y, count);
    if (rows > 1) {
      const b0 = bottomRow(m, step, 0);
      const b1 = bottomRow(m, step, 1);
      const b2 = bottomRow(m, step, 2);
      storeOutputRow(b0, b1, b2, bottomRow(m, step, 3), y + row, count);
    }
  }
}
