import type { Kernels } from '../kernels';
import type { Heap } from '../memory';
import { gemm } from './gemm';
import { fi } from './heap-index';

// Winograd F(2×2, r×r) written as its definition, Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A per 2×2
// output tile, with the ⊙ summed over channels by one GEMM per position ξ of the
// transformed tile (assembly/winograd.ts explains the scheme). The 3×3 and 5×5 twins differ
// only in their matrices.

/** The matrices of F(2×2, r×r): G [r + 1, r], Bᵀ [r + 1, r + 1], Aᵀ [2, r + 1]. */
export interface WinogradScheme {
  G: number[][];
  BT: number[][];
  AT: number[][];
}

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

/** The arguments of a conv2dWinograd…Images kernel (after the heap in a reference twin). */
export type ImagesArgs = Parameters<Kernels['conv2dWinogradImages']>;
/** The arguments of a winograd…Weights kernel. */
export type WeightsArgs = Parameters<Kernels['winogradWeights']>;

/** Tiles along a side of `out` outputs (an odd last output gets a tile of its own). */
export const tilesAlong = (out: number) => Math.ceil(out / 2);

/** u [(r + 1)², outC, c] = G g Gᵀ for every r×r filter g of w [outC, c, r, r]. */
export function transformWeights(
  { G }: WinogradScheme,
  h: Heap,
  ...[w, outC, c, u]: WeightsArgs
): void {
  const f = h.f;
  const w0 = fi(h, w);
  const u0 = fi(h, u);
  const taps = G[0].length ** 2;
  const filters = outC * c;
  for (let i = 0; i < filters; i++) {
    const g = f.subarray(w0 + taps * i, w0 + taps * (i + 1));
    sandwich(G, g).forEach((value, xi) => (f[u0 + xi * filters + i] = value));
  }
}

/**
 * y_b [outC, oh, ow] for images b = first … end−1, one image at a time: V [(r + 1)², c, tiles]
 * and M [(r + 1)², outC, tiles] at the start of `scratch`.
 */
export function convolveImages(
  { BT, AT }: WinogradScheme,
  h: Heap,
  ...[x, first, end, c, height, width, padH, padW, u, outC, y, scratch, work]: ImagesArgs
): void {
  const f = h.f;
  const fb = h.floatBytes;
  const side = BT.length;
  const positions = side * side;
  const oh = height + 2 * padH - side + 2;
  const ow = width + 2 * padW - side + 2;
  const tw = tilesAlong(ow);
  const tiles = tilesAlong(oh) * tw;
  const v = scratch;
  const m = v + positions * c * tiles * fb;
  const v0 = fi(h, v);
  const m0 = fi(h, m);
  const d = new Array<number>(positions);
  for (let b = first; b < end; b++) {
    const x0 = fi(h, x) + b * c * height * width;
    for (let ci = 0; ci < c; ci++)
      for (let t = 0; t < tiles; t++) {
        // The side×side patch under tile t, zeros outside the image.
        const top = 2 * Math.floor(t / tw) - padH;
        const left = 2 * (t % tw) - padW;
        for (let i = 0; i < side; i++)
          for (let j = 0; j < side; j++) {
            const [iy, ix] = [top + i, left + j];
            const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
            d[side * i + j] = inside ? f[x0 + (ci * height + iy) * width + ix] : 0;
          }
        sandwich(BT, d).forEach((value, xi) => (f[v0 + (xi * c + ci) * tiles + t] = value));
      }
    for (let xi = 0; xi < positions; xi++) {
      const [uXi, vXi, mXi] = [
        u + xi * outC * c * fb,
        v + xi * c * tiles * fb,
        m + xi * outC * tiles * fb,
      ];
      gemm(h, 0, 0, outC, tiles, c, 1, uXi, c, vXi, tiles, 0, mXi, tiles, work);
    }
    const y0 = fi(h, y) + b * outC * oh * ow;
    for (let o = 0; o < outC; o++)
      for (let t = 0; t < tiles; t++) {
        for (let xi = 0; xi < positions; xi++) d[xi] = f[m0 + (xi * outC + o) * tiles + t];
        const [oy, ox] = [2 * Math.floor(t / tw), 2 * (t % tw)];
        sandwich(AT, d).forEach((value, i) => {
          const [yy, yx] = [oy + (i >> 1), ox + (i & 1)];
          if (yy < oh && yx < ow) f[y0 + (o * oh + yy) * ow + yx] = value;
        });
      }
  }
}
