import type { WinogradKernels } from './abi';
import type { Heap } from '../../backend/memory';
import { gemm } from '../gemm/reference';
import { floatIndex } from '../heap-index';

// Winograd F(m×m, r×r) written as its definition, Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A per m×m
// output tile, with the ⊙ summed over channels by one GEMM per position ξ of the
// transformed tile (assembly/winograd/f2x2-3x3.ts explains the scheme). The twins (F(2×2, 3×3),
// F(2×2, 5×5), F(4×4, 3×3)) differ only in their matrices.

/** A Winograd kernel's arguments after the scheme. */
type AfterScheme<K extends keyof WinogradKernels> =
  Parameters<WinogradKernels[K]> extends [number, ...infer Rest] ? Rest : never;

/**
 * A scheme F(m×m, r×r), n = m + r − 1: its matrices G [n, r], Bᵀ [n, n], Aᵀ [m, n], and what
 * sizes its wasm kernels' scratch (which the reference uses the start of).
 */
export interface ReferenceScheme {
  G: number[][];
  BT: number[][];
  AT: number[][];
  /** Tile columns a group of images aims for in the wasm images pass (0: one image). */
  groupColumns: number;
  /** Floats of the wasm input transform's planes for th × tw tiles. */
  planeFloats(th: number, tw: number): number;
  /** Whether the scheme has a weight gradient. */
  weightGrad: boolean;
}

/**
 * Floats of scratch that the wasm images pass needs for ranges of at most `images` images
 * (assembly/winograd/loops.ts): V and M for the tiles of a group of images, each position's
 * matrix followed by 16 floats, then the scheme's planes.
 */
export function imagesScratchFloats(
  { G, AT, groupColumns, planeFloats }: ReferenceScheme,
  ...[c, outC, h, w, padH, padW, images]: AfterScheme<'winogradScratchFloats'>
): number {
  const [tile, r] = [AT.length, G[0].length];
  const th = tilesAlong(h + 2 * padH - r + 1, tile);
  const tw = tilesAlong(w + 2 * padW - r + 1, tile);
  const tiles = th * tw;
  const group = Math.max(1, Math.min(images, Math.ceil(groupColumns / tiles)));
  return (tile + r - 1) ** 2 * ((c + outC) * group * tiles + 32) + planeFloats(th, tw);
}

/**
 * Bᵀ of Cook–Toom's points 0, 1, −1, ½, −½, ∞ (the 6×6 transformed tiles of F(2×2, 5×5) and
 * F(4×4, 3×3)): row j holds the coefficients of 4·∏_{l≠j}(x − a_l) (of 4·∏_l(x − a_l) for ∞).
 */
export const BT_HALVES = [
  [1, 0, -5, 0, 4, 0],
  [0, -1, -1, 4, 4, 0],
  [0, 1, -1, -4, 4, 0],
  [0, -2, -4, 2, 4, 0],
  [0, 2, -4, -2, 4, 0],
  [0, 1, 0, -5, 0, 4],
];

/** L·X·Lᵀ for L [r, k] and X [k, k] (row-major), as r·r values row-major. */
function sandwich(l: number[][], x: ArrayLike<number>): number[] {
  const r = l.length;
  const k = l[0].length;
  const out: number[] = [];
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) s += l[i][p] * x[p * k + q] * l[j][q];
      out.push(s);
    }
  return out;
}

type ImagesArgs = AfterScheme<'conv2dWinogradImages'>;
type WeightsArgs = AfterScheme<'winogradWeights'>;

/** Tiles of `tile` outputs along a side of `out` outputs (the last one may be cut). */
export const tilesAlong = (out: number, tile: number) => Math.ceil(out / tile);

/**
 * Rows first … end−1 of u [n², outC, c] = G g Gᵀ for every r×r filter g of w [outC, c, r, r],
 * or (turned) of u [n², c, outC] for the filters turned by 180°, channel axes swapped.
 */
export function transformWeights(
  { G }: ReferenceScheme,
  heap: Heap,
  ...[w, outC, c, turned, first, end, u]: WeightsArgs
): void {
  const f = heap.f;
  const w0 = floatIndex(heap, w);
  const u0 = floatIndex(heap, u);
  const taps = G[0].length ** 2;
  const columns = turned ? outC : c;
  const matrix = outC * c; // floats of one U_ξ
  for (let row = first; row < end; row++)
    for (let column = 0; column < columns; column++) {
      const filter = turned ? column * c + row : row * c + column;
      const g = f.slice(w0 + taps * filter, w0 + taps * (filter + 1));
      if (turned) g.reverse(); // a row-major r×r filter turned by 180° is its taps reversed
      const at = u0 + row * columns + column;
      sandwich(G, g).forEach((value, xi) => (f[at + xi * matrix] = value));
    }
}

/** An image's geometry: c channels of height × width, padded by padH, padW; its tiles. */
interface Image {
  c: number;
  height: number;
  width: number;
  padH: number;
  padW: number;
  /** Outputs along a side of a tile. */
  tile: number;
  tw: number;
  tiles: number;
}

/** V [n², c, tiles] at f[v0] = Bᵀ d B for every tile of the image at f[x0]. */
function transformInput(BT: number[][], heap: Heap, x0: number, im: Image, v0: number): void {
  const { c, height, width, padH, padW, tile, tw, tiles } = im;
  const side = BT.length;
  const d = new Array<number>(side * side);
  for (let ci = 0; ci < c; ci++)
    for (let t = 0; t < tiles; t++) {
      // The side×side patch under tile t, zeros outside the image.
      const top = tile * Math.floor(t / tw) - padH;
      const left = tile * (t % tw) - padW;
      for (let i = 0; i < side; i++)
        for (let j = 0; j < side; j++) {
          const [iy, ix] = [top + i, left + j];
          const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
          d[side * i + j] = inside ? heap.f[x0 + (ci * height + iy) * width + ix] : 0;
        }
      sandwich(BT, d).forEach((value, xi) => (heap.f[v0 + (xi * c + ci) * tiles + t] = value));
    }
}

/**
 * y_b [outC, oh, ow] for images b = first … end−1, one image at a time: V [n², c, tiles]
 * and M [n², outC, tiles] at the start of `scratch`.
 */
export function convolveImages(
  { G, BT, AT }: ReferenceScheme,
  heap: Heap,
  ...[x, first, end, c, height, width, padH, padW, u, outC, y, scratch, work]: ImagesArgs
): void {
  const f = heap.f;
  const fb = heap.floatBytes;
  const side = BT.length;
  const [tile, r] = [AT.length, G[0].length];
  const positions = side * side;
  const oh = height + 2 * padH - r + 1;
  const ow = width + 2 * padW - r + 1;
  const tw = tilesAlong(ow, tile);
  const tiles = tilesAlong(oh, tile) * tw;
  const v = scratch;
  const m = v + positions * c * tiles * fb;
  const v0 = floatIndex(heap, v);
  const m0 = floatIndex(heap, m);
  const d = new Array<number>(positions);
  const image = { c, height, width, padH, padW, tile, tw, tiles };
  for (let b = first; b < end; b++) {
    transformInput(BT, heap, floatIndex(heap, x) + b * c * height * width, image, v0);
    for (let xi = 0; xi < positions; xi++) {
      const [uXi, vXi, mXi] = [
        u + xi * outC * c * fb,
        v + xi * c * tiles * fb,
        m + xi * outC * tiles * fb,
      ];
      gemm(heap, 0, 0, outC, tiles, c, 1, uXi, c, vXi, tiles, 0, mXi, tiles, work);
    }
    const y0 = floatIndex(heap, y) + b * outC * oh * ow;
    for (let o = 0; o < outC; o++)
      for (let t = 0; t < tiles; t++) {
        for (let xi = 0; xi < positions; xi++) d[xi] = f[m0 + (xi * outC + o) * tiles + t];
        const [oy, ox] = [tile * Math.floor(t / tw), tile * (t % tw)];
        sandwich(AT, d).forEach((value, i) => {
          const [yy, yx] = [oy + Math.floor(i / tile), ox + (i % tile)];
          if (yy < oh && yx < ow) f[y0 + (o * oh + yy) * ow + yx] = value;
        });
      }
  }
}

type WeightGradArgs = AfterScheme<'conv2dWinogradWeightGrad'>;

/** Lᵀ for L [rows, columns]. */
const transposed = (l: number[][]) => l[0].map((_, j) => l.map((row) => row[j]));

/**
 * Floats of scratch that the wasm kernel conv2dWinograd…WeightGrad needs for blocks of at most
 * `c` input channels and `outC` rows, given the floats of its input transform's planes
 * (assembly/winograd/weight-grad.ts): V and D for a group of images of at most 192 tile
 * columns (one image at least), M [(r + 1)², outC, c] (each matrix followed by 16 floats),
 * then room for the largest of the planes, a zero-padded dy plane and 2·((r + 1)² + r(r + 1))
 * floats (one filter's float64 temporaries). The reference uses V, D and M of one image at
 * their start.
 */
export function weightGradScratchFloats(
  { G, planeFloats }: ReferenceScheme,
  ...[c, outC, height, width, padH, padW]: AfterScheme<'winogradWeightGradScratchFloats'>
): number {
  const r = G[0].length;
  const th = tilesAlong(height + 2 * padH - r + 1, 2);
  const tw = tilesAlong(width + 2 * padW - r + 1, 2);
  const columns = Math.max(1, Math.floor(192 / (th * tw))) * th * tw;
  const gradientPlane = 2 * th * 2 * Math.ceil(tw / 4) * 4;
  const filter = 2 * ((r + 1) ** 2 + r * (r + 1));
  const planes = Math.max(planeFloats(th, tw), gradientPlane, filter);
  return (r + 1) ** 2 * ((c + outC) * columns + outC * c + 48) + planes;
}

/**
 * The block o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of dw [outC, c, r, r] = Gᵀ M G (other
 * entries untouched), M_ξ = Σ_b D_ξ V_ξᵀ with D = A dY Aᵀ per 2×2 tile of dy (zeros outside
 * the output) and V = Bᵀ d B, one image at a time: V [(r + 1)², cs, tiles],
 * D [(r + 1)², rows, tiles] and M [(r + 1)², rows, cs] at the start of `scratch`.
 */
export function weightGrad(
  { G, BT, AT }: ReferenceScheme,
  heap: Heap,
  ...[
    x,
    n,
    c,
    height,
    width,
    padH,
    padW,
    dy,
    outC,
    oFirst,
    oEnd,
    cFirst,
    cEnd,
    dw,
    scratch,
    work,
  ]: WeightGradArgs
): void {
  const f = heap.f;
  const fb = heap.floatBytes;
  const side = BT.length;
  const r = side - 1;
  const taps = r * r;
  const positions = side * side;
  const rows = oEnd - oFirst;
  const cs = cEnd - cFirst;
  /** Index in f of dw[oFirst + o, cFirst]. */
  const dwRow = (o: number) => floatIndex(heap, dw) + ((oFirst + o) * c + cFirst) * taps;
  if (rows <= 0 || cs <= 0) return;
  if (n <= 0) {
    for (let o = 0; o < rows; o++) f.fill(0, dwRow(o), dwRow(o) + cs * taps);
    return;
  }
  const oh = height + 2 * padH - r + 1;
  const ow = width + 2 * padW - r + 1;
  const tw = tilesAlong(ow, 2);
  const tiles = tilesAlong(oh, 2) * tw;
  const v = scratch;
  const d = v + positions * cs * tiles * fb;
  const m = d + positions * rows * tiles * fb;
  const [d0, m0] = [floatIndex(heap, d), floatIndex(heap, m)];
  const A = transposed(AT);
  const image = { c: cs, height, width, padH, padW, tile: 2, tw, tiles };
  const tile = [0, 0, 0, 0];
  for (let b = 0; b < n; b++) {
    transformInput(
      BT,
      heap,
      floatIndex(heap, x) + (b * c + cFirst) * height * width,
      image,
      floatIndex(heap, v),
    );
    const dy0 = floatIndex(heap, dy) + (b * outC + oFirst) * oh * ow;
    for (let o = 0; o < rows; o++)
      for (let t = 0; t < tiles; t++) {
        // The 2×2 tile of dy, zeros outside the output.
        const [oy, ox] = [2 * Math.floor(t / tw), 2 * (t % tw)];
        for (let i = 0; i < 4; i++) {
          const [yy, yx] = [oy + (i >> 1), ox + (i & 1)];
          tile[i] = yy < oh && yx < ow ? f[dy0 + (o * oh + yy) * ow + yx] : 0;
        }
        sandwich(A, tile).forEach((value, xi) => (f[d0 + (xi * rows + o) * tiles + t] = value));
      }
    for (let xi = 0; xi < positions; xi++) {
      const [dXi, vXi, mXi] = [
        d + xi * rows * tiles * fb,
        v + xi * cs * tiles * fb,
        m + xi * rows * cs * fb,
      ];
      gemm(heap, 0, 1, rows, cs, tiles, 1, dXi, tiles, vXi, tiles, b === 0 ? 0 : 1, mXi, cs, work);
    }
  }
  const GT = transposed(G);
  const q = new Array<number>(positions);
  for (let o = 0; o < rows; o++)
    for (let ci = 0; ci < cs; ci++) {
      for (let xi = 0; xi < positions; xi++) q[xi] = f[m0 + (xi * rows + o) * cs + ci];
      const at = dwRow(o) + ci * taps;
      sandwich(GT, q).forEach((value, tap) => (f[at + tap] = value));
    }
}
