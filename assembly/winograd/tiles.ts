// Tile geometry and memory helpers shared by the Winograd kernels (f2x2-3x3.ts and
// f4x4-3x3.ts for 3×3, f2x2-5x5.ts for 5×5 windows). They compute square output tiles
// (2×2 or 4×4), four horizontally adjacent tiles per f32x4 vector, and keep one matrix per
// transformed-tile position ξ.
// Not re-exported by index.ts: these are building blocks, not kernels.
import { fill } from '../elementwise';

export const LANES = 4; // tiles per vector
// Floats between the ends of the matrices of positions ξ and ξ + 1: a transform writes or
// reads one stream per position, a matrix apart, and they would all fall into the same
// cache sets when rows·columns is a power of two (as for CIFAR's 64 channels × 8×8 tiles).
export const SKEW = 16;

/** Tiles of `tile` outputs along a side of `out` outputs (the last one may be cut). */
@inline
export function tilesAlong(out: i32, tile: i32): i32 {
  return (out + tile - 1) / tile;
}

/** Tiles of a row rounded up to whole vectors. */
@inline
export function vectorTiles(tw: i32): i32 {
  return (tw + LANES - 1) & ~(LANES - 1);
}

/**
 * Width of the zero-padded plane a channel is copied into for tiles of `tile` columns and
 * windows of `window` columns: a vector of four tiles reads 4·tile + window − 1 columns,
 * and the last vector of a row (partly past the tiles) must read zeros too.
 */
@inline
export function paddedWidth(tw: i32, tile: i32, window: i32): i32 {
  return tile * vectorTiles(tw) + window - 1;
}

/** Floats from the start of one position's rows × columns matrix to the next one's. */
@inline
export function positionStride(rows: i32, columns: i32): i32 {
  return rows * columns + SKEW;
}

/** Stores the first `count` lanes of v at p (all four when count ≥ 4, none when ≤ 0). */
@inline
export function storeLanes(p: usize, v: v128, count: i32): void {
  if (count >= LANES) {
    v128.store(p, v);
    return;
  }
  if (count > 0) v128.store32_lane(p, v, 0);
  if (count > 1) v128.store32_lane(p, v, 1, 4);
  if (count > 2) v128.store32_lane(p, v, 2, 8);
}

/**
 * Stores a row of four tiles' outputs, left (column 2l of tile l) and right (column 2l + 1)
 * interleaved: 8 outputs, the first `count` at y.
 */
@inline
export function storeTileRow(left: v128, right: v128, y: usize, count: i32): void {
  storeLanes(y, f32x4.shuffle(left, right, 0, 4, 1, 5), count);
  storeLanes(y + 16, f32x4.shuffle(left, right, 2, 6, 3, 7), count - LANES);
}

/** Copies channel x [h, w] into the zero-padded plane p [rows, width], padH rows, padW columns in. */
export function padPlane(
  x: usize,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  p: usize,
  rows: i32,
  width: i32,
): void {
  const rowBytes = (<usize>width) << 2;
  let row = p;
  for (let r = 0; r < rows; r++) {
    const iy = r - padH;
    if (iy < 0 || iy >= h) {
      fill(row, 0, width);
    } else {
      fill(row, 0, padW);
      memory.copy(row + ((<usize>padW) << 2), x + ((<usize>iy * w) << 2), (<usize>w) << 2);
      fill(row + ((<usize>(padW + w)) << 2), 0, width - padW - w);
    }
    row += rowBytes;
  }
}
