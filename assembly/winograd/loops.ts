// The loops that the Winograd kernels share around their tile transforms: images in groups
// whose tiles share one GEMM per transformed-tile position ξ, then the outputs tile row by
// tile row. A kernel passes its transforms as a @final class T whose methods the loops call
// on changetype<T>(0) (T holds no data, so every call inlines):
//   window(): i32                  r, for r×r windows
//   tile(): i32                    m, for m×m output tiles ((m + r − 1)² positions ξ)
//   imagesPerGroup(tiles: i32): i32
//   planeFloats(th: i32, tw: i32): i32   floats of the planes that transformInput needs
//   transformInput(image, c, h, w, padH, padW, th, tw, v, ld, step, planes): void
//       V_ξ [c, ·] (`step` bytes apart, rows `ld` floats long, the image's first tile at v)
//       for every tile of image [c, h, w]; `planes` is the kernel's scratch after M
//   storeOutputTiles(m, step, y, row, rows, count): void
//       output rows 0 … rows−1 (`row` bytes apart) of four tiles from M_ξ at m, `step` bytes
//       apart: the first `count` outputs of each row at y
// index.ts runs them for each scheme; they are building blocks, not kernels.
import { gemm } from '../gemm';
import { LANES, positionStride, tilesAlong } from './tiles';

/**
 * y [outC, oh, ow] = Aᵀ M A for every tile of one image (M_ξ `step` bytes apart, rows `ld`
 * floats long, the image's first tile at m); only outputs inside y are written.
 */
function transformOutput<T>(
  m: usize,
  ld: i32,
  step: usize,
  outC: i32,
  oh: i32,
  ow: i32,
  th: i32,
  tw: i32,
  y: usize,
): void {
  const t = changetype<T>(0);
  const side = t.tile();
  const row = (<usize>ow) << 2;
  let out = y;
  for (let o = 0; o < outC; o++) {
    let tileRow = m + ((<usize>o * ld) << 2);
    for (let ty = 0; ty < th; ty++) {
      const rows = min(side, oh - side * ty);
      // The last vector of a row reads up to three tiles past it (into the next row, the
      // SKEW floats after M_ξ or the planes after M).
      for (let tx = 0; tx < tw; tx += LANES) {
        const mt = tileRow + ((<usize>tx) << 2);
        const yt = out + ((<usize>(side * tx)) << 2);
        t.storeOutputTiles(mt, step, yt, row, rows, ow - side * tx);
      }
      tileRow += (<usize>tw) << 2;
      out += <usize>rows * row;
    }
  }
}

/**
 * Floats of scratch that convolveImages<T> needs for ranges of at most `images` images: V and
 * M for the columns of one group of images (each position's matrix followed by SKEW
 * floats), then the scheme's planes.
 */
export function imagesScratchFloats<T>(
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  images: i32,
): i32 {
  const t = changetype<T>(0);
  const r = t.window();
  const side = t.tile() + r - 1;
  const th = tilesAlong(h + 2 * padH - r + 1, t.tile());
  const tw = tilesAlong(w + 2 * padW - r + 1, t.tile());
  const tiles = th * tw;
  const columns = max(1, min(images, t.imagesPerGroup(tiles))) * tiles;
  const transformed = positionStride(c, columns) + positionStride(outC, columns);
  return side * side * transformed + t.planeFloats(th, tw);
}

/**
 * y_b [outC, oh, ow] = the r×r stride-1 convolution of x_b [c, h, w] (zero padding padH,
 * padW) with the transformed weights u [ξ, outC, c], for images b = first … end−1,
 * oh = h + 2·padH − r + 1, ow = w + 2·padW − r + 1. Scratch: V [ξ, c, columns] and
 * M [ξ, outC, columns] for the columns of a group of images (each position's matrix
 * followed by SKEW floats), then the kernel's planes. GEMM sums each element over k = c in
 * the same order whatever its column, so an image's result does not depend on its group.
 */
export function convolveImages<T>(
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
  const t = changetype<T>(0);
  const r = t.window();
  const side = t.tile() + r - 1; // of a transformed tile
  const positions = side * side;
  const oh = h + 2 * padH - r + 1;
  const ow = w + 2 * padW - r + 1;
  const th = tilesAlong(oh, t.tile());
  const tw = tilesAlong(ow, t.tile());
  const tiles = th * tw;
  const group = t.imagesPerGroup(tiles);
  const imageIn = (<usize>c * h * w) << 2;
  const imageOut = (<usize>outC * oh * ow) << 2;
  const tileBytes = (<usize>tiles) << 2;
  for (let b = first; b < end; b += group) {
    const count = min(group, end - b);
    const columns = count * tiles;
    const vStep = (<usize>positionStride(c, columns)) << 2;
    const mStep = (<usize>positionStride(outC, columns)) << 2;
    const v = scratch;
    const m = v + <usize>positions * vStep;
    const planes = m + <usize>positions * mStep;
    for (let i = 0; i < count; i++) {
      const image = x + <usize>(b + i) * imageIn;
      const vi = v + <usize>i * tileBytes;
      t.transformInput(image, c, h, w, padH, padW, th, tw, vi, columns, vStep, planes);
    }
    for (let xi = 0; xi < positions; xi++) {
      const uXi = u + ((<usize>xi * outC * c) << 2);
      const vXi = v + <usize>xi * vStep;
      const mXi = m + <usize>xi * mStep;
      gemm(0, 0, outC, columns, c, 1, uXi, c, vXi, columns, 0, mXi, columns, work);
    }
    for (let i = 0; i < count; i++) {
      const mi = m + <usize>i * tileBytes;
      const yi = y + <usize>(b + i) * imageOut;
      transformOutput<T>(mi, columns, mStep, outC, oh, ow, th, tw, yi);
    }
  }
}
