import type { Ptr } from '../kernels';
import type { Heap } from '../memory';
import { gemm } from './gemm';
import { fi } from './heap-index';

// Winograd F(2×2, 3×3) written as its definition, Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A per 2×2 output
// tile, with the ⊙ summed over channels by 16 GEMMs (assembly/winograd.ts explains the scheme).
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
const BT = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];
const AT = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];
const POSITIONS = 16;

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

const tilesAlong = (out: number) => Math.ceil(out / 2);

export function winogradScratchFloats(
  _h: Heap,
  c: number,
  outC: number,
  height: number,
  width: number,
  padH: number,
  padW: number,
): number {
  const th = tilesAlong(height + 2 * padH - 2);
  const tw = tilesAlong(width + 2 * padW - 2);
  // The wasm kernel's layout (the reference uses only V and M at their start): each
  // position's matrix followed by 16 floats, then one zero-padded input plane whose rows are
  // a whole number of four-tile vectors wide.
  const paddedWidth = 2 * Math.ceil(tw / 4) * 4 + 2;
  return POSITIONS * ((c + outC) * th * tw + 32) + (2 * th + 2) * paddedWidth;
}

export function winogradWeights(h: Heap, w: Ptr, outC: number, c: number, u: Ptr): void {
  const f = h.f;
  const w0 = fi(h, w);
  const u0 = fi(h, u);
  const filters = outC * c;
  for (let i = 0; i < filters; i++) {
    const g = f.subarray(w0 + 9 * i, w0 + 9 * i + 9);
    sandwich(G, g).forEach((value, xi) => (f[u0 + xi * filters + i] = value));
  }
}

export function conv2dWinogradImages(
  h: Heap,
  x: Ptr,
  first: number,
  end: number,
  c: number,
  height: number,
  width: number,
  padH: number,
  padW: number,
  u: Ptr,
  outC: number,
  y: Ptr,
  scratch: Ptr,
  work: Ptr,
): void {
  const f = h.f;
  const fb = h.floatBytes;
  const oh = height + 2 * padH - 2;
  const ow = width + 2 * padW - 2;
  const tw = tilesAlong(ow);
  const tiles = tilesAlong(oh) * tw;
  const v = scratch;
  const m = v + POSITIONS * c * tiles * fb;
  const v0 = fi(h, v);
  const m0 = fi(h, m);
  const d = new Array<number>(16);
  for (let b = first; b < end; b++) {
    const x0 = fi(h, x) + b * c * height * width;
    for (let ci = 0; ci < c; ci++)
      for (let t = 0; t < tiles; t++) {
        // The 4×4 patch under tile t, zeros outside the image.
        const top = 2 * Math.floor(t / tw) - padH;
        const left = 2 * (t % tw) - padW;
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 4; j++) {
            const [iy, ix] = [top + i, left + j];
            const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
            d[4 * i + j] = inside ? f[x0 + (ci * height + iy) * width + ix] : 0;
          }
        sandwich(BT, d).forEach((value, xi) => (f[v0 + (xi * c + ci) * tiles + t] = value));
      }
    for (let xi = 0; xi < POSITIONS; xi++) {
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
        for (let xi = 0; xi < POSITIONS; xi++) d[xi] = f[m0 + (xi * outC + o) * tiles + t];
        const [oy, ox] = [2 * Math.floor(t / tw), 2 * (t % tw)];
        sandwich(AT, d).forEach((value, i) => {
          const [yy, yx] = [oy + (i >> 1), ox + (i & 1)];
          if (yy < oh && yx < ow) f[y0 + (o * oh + yy) * ow + yx] = value;
        });
      }
  }
}
