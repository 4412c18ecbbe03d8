// The input transform V = Bᵀ d B of the Winograd algorithms whose transformed tiles are 6×6:
// F(2×2, 5×5) (f2x2-5x5.ts) and F(4×4, 3×3) (f4x4-3x3.ts). Both use Cook–Toom's points
// 0, 1, −1, ½, −½, ∞, so they share Bᵀ (its rows scaled by 4, exact, to small integers):
//   Bᵀ = [1 0 −5 0 4 0; 0 −1 −1 4 4 0; 0 1 −1 −4 4 0;
//         0 −2 −4 2 4 0; 0 2 −4 −2 4 0; 0 1 0 −5 0 4]
// and differ only in the distance between the patches d of neighbouring tiles: the tile's
// side, 2 or 4 outputs. Four horizontally adjacent tiles go in the four lanes of a vector.
// Not re-exported by index.ts: these are building blocks, not kernels.
import { LANES, padPlane, paddedWidth, storeLanes, vectorTiles } from './tiles';

export const SIDE = 6; // of a transformed tile, and of the input patch d

/**
 * Floats of the planes that transformPatches6 needs for th × tw tiles of `tile` outputs a
 * side: a zero-padded channel and its rows times B.
 */
@inline
export function inputPlaneFloats6(th: i32, tw: i32, tile: i32): i32 {
  const window = SIDE - tile + 1;
  return (tile * th + window - 1) * (paddedWidth(tw, tile, window) + SIDE * vectorTiles(tw));
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
 * Row (d B) of four adjacent tiles, `tile` columns apart, from a padded-plane row (`a` at the
 * first tile's left column): entry k stored at out + k·step, one tile per lane.
 */
@inline
function transformRow(tile: i32, a: usize, out: usize, step: usize): void {
  if (tile == 2) {
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
  } else {
    // Columns 0–3, 4–7, 8–11, 12–15 and 16–17: tile l spans columns 4l … 4l + 5. Their 4×4
    // transpose holds columns 0–3 of the tiles, and columns 4, 5 are columns 0, 1 moved on
    // by one tile.
    const x0 = v128.load(a);
    const x4 = v128.load(a, 16);
    const x8 = v128.load(a, 32);
    const x12 = v128.load(a, 48);
    const x16 = v128.load64_zero(a, 64);
    const low = f32x4.shuffle(x0, x4, 0, 4, 1, 5); // columns 0 4 1 5
    const high = f32x4.shuffle(x0, x4, 2, 6, 3, 7); // 2 6 3 7
    const low8 = f32x4.shuffle(x8, x12, 0, 4, 1, 5); // 8 12 9 13
    const high8 = f32x4.shuffle(x8, x12, 2, 6, 3, 7); // 10 14 11 15
    const c0 = f32x4.shuffle(low, low8, 0, 1, 4, 5);
    const c1 = f32x4.shuffle(low, low8, 2, 3, 6, 7);
    storeInputTransform(
      c0,
      c1,
      f32x4.shuffle(high, high8, 0, 1, 4, 5),
      f32x4.shuffle(high, high8, 2, 3, 6, 7),
      f32x4.shuffle(c0, x16, 1, 2, 3, 4),
      f32x4.shuffle(c1, x16, 1, 2, 3, 5),
      out,
      step,
      LANES,
    );
  }
}

/**
 * V [36, c, ·] (V_ξ `step` bytes apart, rows `ld` floats long, this image's first tile at v)
 * = Bᵀ d B for every tile (th × tw tiles of `tile` outputs a side) of every channel of
 * image [c, h, w]. Each channel is padded into `plane`; its rows times B go to `rows6`
 * [plane rows, 6, vector tiles] right after it (each plane row serves up to three tile
 * rows), and Bᵀ is applied down their columns.
 */
@inline
export function transformPatches6(
  tile: i32,
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
  const window = SIDE - tile + 1;
  const rows = tile * th + window - 1;
  const width = paddedWidth(tw, tile, window);
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
        transformRow(tile, from + ((<usize>(tile * tx)) << 2), to + ((<usize>tx) << 2), entry);
      }
    }
    let out = v + ((<usize>ci * ld) << 2);
    for (let ty = 0; ty < th; ty++) {
      const top = rows6 + <usize>(tile * ty) * transformedRow;
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
