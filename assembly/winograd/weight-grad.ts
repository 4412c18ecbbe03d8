// The weight gradient of a Winograd F(2×2, r×r) convolution, shared by f2x2-3x3.ts (3×3)
// and f2x2-5x5.ts (5×5). The forward of one 2×2 output tile is Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A,
// linear in g, so its adjoint gives the filter's gradient from the tile's dY:
//   dW_tile = Gᵀ [(A dY Aᵀ) ⊙ (Bᵀ d B)] G.
// Summed over tiles and images, the ⊙ becomes one GEMM per position ξ of the transformed tile:
//   M_ξ [outC, c] = Σ_groups D_ξ [outC, columns] · V_ξ [c, columns]ᵀ,   dw[o, ci] = Gᵀ M G
// with V = Bᵀ d B the forward's input transform and D = A dY Aᵀ its output transform's
// adjoint (dY outside the output counts as zero, so a tile cut at an odd size adds nothing
// there). Besides the forward's methods (loops.ts), the transforms class T has:
//   planeFloats(th, tw): i32        floats of the planes that transformInput needs
//   storeGradientTiles(l0, r0, l1, r1, d, step, count): void
//       D = A dY Aᵀ of four tiles, one per lane (dY's left column l, right column r, rows 0
//       and 1), position ξ at d + ξ·step (the first `count` tiles)
//   gradientEntry(k, p, step): f64  (Gᵀ q)_k for the r + 1 float64s q at p, p + step, …
// Not re-exported by index.ts: these are building blocks, not kernels.
import { fill } from '../elementwise';
import { gemm } from '../gemm';
import { LANES, padPlane, positionStride, tilesAlong, vectorTiles } from './tiles';

// Images whose tiles share one set of GEMMs: as many as fit in GROUP_COLUMNS columns (at least
// one). The columns are the GEMMs' depth: a deep GEMM adds into M rarely and packs V once per
// block, but V and D of a group should stay near the L2 cache (tuned with
// bench/winograd.bench.ts, one thread: half gemm's KC ran as fast with half the scratch).
// MNIST conv2: 1 image of 169 tiles; CIFAR conv2: 3 images of 64 tiles. The group size
// depends only on the geometry, never on the range of rows, so neither do the sums.
const GROUP_COLUMNS = 192;

/** Images per group for images of `tiles` tiles. */
@inline
function imagesPerGroup(tiles: i32): i32 {
  return max(1, GROUP_COLUMNS / tiles);
}

/**
 * Floats of scratch that weightGrad<T> needs for ranges of at most `c` input channels and
 * `outC` rows: V [(r + 1)², c, columns] and D [(r + 1)², outC, columns] for the columns of one
 * group of images, M [(r + 1)², outC, c] (each position's matrix followed by SKEW floats), then
 * the planes of the transforms (the input transform's, one zero-padded dY plane or one
 * filter's float64 temporaries, in turn).
 */
export function weightGradScratchFloats<T>(
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
): i32 {
  const t = changetype<T>(0);
  const r = t.window();
  const positions = (r + 1) * (r + 1);
  const th = tilesAlong(h + 2 * padH - r + 1, 2);
  const tw = tilesAlong(w + 2 * padW - r + 1, 2);
  const columns = imagesPerGroup(th * tw) * th * tw;
  const transformed =
    positionStride(c, columns) + positionStride(outC, columns) + positionStride(outC, c);
  const filter = 2 * (positions + r * (r + 1)); // float64s
  const gradientPlane = 2 * th * 2 * vectorTiles(tw);
  return positions * transformed + max(t.planeFloats(th, tw), max(gradientPlane, filter));
}

/**
 * D [(r + 1)², rows, ·] (D_ξ `step` bytes apart, rows `ld` floats long, this image's first
 * tile at d) = A dY Aᵀ for every tile of the `rows` planes of dy [rows, oh, ow]. Each plane is
 * copied into `plane` with zeros past its edges, so that whole vectors of tiles can be read.
 */
function transformGradient<T>(
  dy: usize,
  rows: i32,
  oh: i32,
  ow: i32,
  th: i32,
  tw: i32,
  d: usize,
  ld: i32,
  step: usize,
  plane: usize,
): void {
  const t = changetype<T>(0);
  const width = 2 * vectorTiles(tw);
  const row = (<usize>width) << 2;
  for (let o = 0; o < rows; o++) {
    padPlane(dy + ((<usize>o * oh * ow) << 2), oh, ow, 0, 0, plane, 2 * th, width);
    let out = d + ((<usize>o * ld) << 2);
    for (let ty = 0; ty < th; ty++) {
      const top = plane + <usize>(2 * ty) * row;
      for (let tx = 0; tx < tw; tx += LANES) {
        const a = top + ((<usize>(2 * tx)) << 2);
        const x0 = v128.load(a);
        const x4 = v128.load(a, 16);
        const y0 = v128.load(a + row);
        const y4 = v128.load(a + row, 16);
        // The left and right columns of rows 0 and 1 of four tiles, one tile per lane.
        const l0 = f32x4.shuffle(x0, x4, 0, 2, 4, 6);
        const r0 = f32x4.shuffle(x0, x4, 1, 3, 5, 7);
        const l1 = f32x4.shuffle(y0, y4, 0, 2, 4, 6);
        const r1 = f32x4.shuffle(y0, y4, 1, 3, 5, 7);
        t.storeGradientTiles(l0, r0, l1, r1, out + ((<usize>tx) << 2), step, tw - tx);
      }
      out += (<usize>tw) << 2;
    }
  }
}

/**
 * dw [rows, cs, r, r] = Gᵀ M G for each (o, ci) of M [(r + 1)², rows, cs] (M_ξ `step` bytes
 * apart), in float64 and rounded once, into dw's rows `rowFloats` floats apart; `filter` holds
 * one filter's float64 temporaries.
 */
function storeWeightGrad<T>(
  m: usize,
  step: usize,
  rows: i32,
  cs: i32,
  dw: usize,
  rowFloats: i32,
  filter: usize,
): void {
  const t = changetype<T>(0);
  const r = t.window();
  const side = r + 1;
  const taps = r * r;
  const q = filter; // (r + 1)² float64s: one filter's M
  const p = filter + ((<usize>(side * side)) << 3); // [r + 1, r]: rows of M times G
  for (let o = 0; o < rows; o++) {
    for (let ci = 0; ci < cs; ci++) {
      const f = o * cs + ci;
      for (let xi = 0; xi < side * side; xi++) {
        store<f64>(q + ((<usize>xi) << 3), load<f32>(m + <usize>xi * step + ((<usize>f) << 2)));
      }
      for (let i = 0; i < side; i++) {
        for (let k = 0; k < r; k++) {
          const entry = t.gradientEntry(k, q + ((<usize>(side * i)) << 3), 8);
          store<f64>(p + ((<usize>(r * i + k)) << 3), entry);
        }
      }
      const g = dw + ((<usize>(o * rowFloats + ci * taps)) << 2);
      for (let i = 0; i < r; i++) {
        for (let k = 0; k < r; k++) {
          const entry = t.gradientEntry(i, p + ((<usize>k) << 3), (<usize>r) << 3);
          store<f32>(g + ((<usize>(r * i + k)) << 2), <f32>entry);
        }
      }
    }
  }
}

/**
 * The block o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of dw [outC, c, r, r] = Σ over images
 * b < n of the correlation of dy_b [outC, oh, ow] with x_b [c, h, w] zero-padded by padH, padW
 * (oh = h + 2·padH − r + 1, ow likewise); other entries untouched. V is computed only for the
 * block's input channels, D only for its rows; GEMM sums each element of M over the columns in
 * the same order whatever its place and the GEMM's m and n, so every element has the same bits
 * whatever the block. `scratch` holds weightGradScratchFloats<T>(cEnd − cFirst, oEnd − oFirst,
 * …) floats (or more).
 */
export function weightGrad<T>(
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
  cFirst: i32,
  cEnd: i32,
  dw: usize,
  scratch: usize,
  work: usize,
): void {
  const t = changetype<T>(0);
  const r = t.window();
  const positions = (r + 1) * (r + 1);
  const rows = oEnd - oFirst;
  const cs = cEnd - cFirst;
  const taps = r * r;
  const dwBlock = dw + ((<usize>(oFirst * c + cFirst) * taps) << 2);
  if (rows <= 0 || cs <= 0) return;
  if (n <= 0) {
    for (let o = 0; o < rows; o++) fill(dwBlock + ((<usize>o * c * taps) << 2), 0, cs * taps);
    return;
  }
  const oh = h + 2 * padH - r + 1;
  const ow = w + 2 * padW - r + 1;
  const th = tilesAlong(oh, 2);
  const tw = tilesAlong(ow, 2);
  const tiles = th * tw;
  const group = imagesPerGroup(tiles);
  const groupColumns = group * tiles;
  // Fixed places, whatever the size of the last group: M lives across groups.
  const v = scratch;
  const d = v + ((<usize>positions * positionStride(cs, groupColumns)) << 2);
  const m = d + ((<usize>positions * positionStride(rows, groupColumns)) << 2);
  const planes = m + ((<usize>positions * positionStride(rows, cs)) << 2);
  const mStep = (<usize>positionStride(rows, cs)) << 2;
  const imageIn = (<usize>c * h * w) << 2;
  const imageOut = (<usize>outC * oh * ow) << 2;
  const xChannels = x + ((<usize>cFirst * h * w) << 2);
  const dyRows = dy + ((<usize>oFirst * oh * ow) << 2);
  const tileBytes = (<usize>tiles) << 2;
  for (let b = 0; b < n; b += group) {
    const count = min(group, n - b);
    const columns = count * tiles;
    const vStep = (<usize>positionStride(cs, columns)) << 2;
    const dStep = (<usize>positionStride(rows, columns)) << 2;
    for (let i = 0; i < count; i++) {
      const image = xChannels + <usize>(b + i) * imageIn;
      const vi = v + <usize>i * tileBytes;
      t.transformInput(image, cs, h, w, padH, padW, th, tw, vi, columns, vStep, planes);
      const gradient = dyRows + <usize>(b + i) * imageOut;
      const di = d + <usize>i * tileBytes;
      transformGradient<T>(gradient, rows, oh, ow, th, tw, di, columns, dStep, planes);
    }
    const beta: f32 = b == 0 ? 0 : 1;
    for (let xi = 0; xi < positions; xi++) {
      const dXi = d + <usize>xi * dStep;
      const vXi = v + <usize>xi * vStep;
      const mXi = m + <usize>xi * mStep;
      gemm(0, 1, rows, cs, columns, 1, dXi, columns, vXi, columns, beta, mXi, cs, work);
    }
  }
  storeWeightGrad<T>(m, mStep, rows, cs, dwBlock, c * taps, planes);
}
