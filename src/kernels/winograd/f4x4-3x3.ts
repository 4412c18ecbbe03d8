import { BT_HALVES, tilesAlong, type ReferenceScheme } from './transforms';

// Winograd F(4×4, 3×3): Cook–Toom for the points 0, 1, −1, ½, −½, ∞, the matrices of
// assembly/winograd/f4x4-3x3.ts. Bᵀ is BT_HALVES (as for F(2×2, 5×5)), row j of G is
// a_j^k / (4·∏_{l≠j}(a_j − a_l)) for k < 3 (¼ of the filter's last tap for ∞), and Aᵀ
// evaluates the four outputs' polynomial at the points: (1, a_j, a_j², a_j³) ((0, 0, 0, 1) for ∞).
const SIXTH = 1 / 6;
const MATRICES = {
  G: [
    [1, 0, 0],
    [SIXTH, SIXTH, SIXTH],
    [SIXTH, -SIXTH, SIXTH],
    [-2 / 3, -1 / 3, -1 / 6],
    [-2 / 3, 1 / 3, -1 / 6],
    [0, 0, 0.25],
  ],
  BT: BT_HALVES,
  AT: [
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 0.5, -0.5, 0],
    [0, 1, 1, 0.25, 0.25, 0],
    [0, 1, -1, 0.125, -0.125, 1],
  ],
};
const POSITIONS = 36;
const GROUP_COLUMNS = 64; // tile columns of a group of images in the wasm kernel

function scratchFloats(
  c: number,
  outC: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
  images: number,
): number {
  const th = tilesAlong(h + 2 * padH - 2, 4);
  const tw = tilesAlong(w + 2 * padW - 2, 4);
  const tiles = th * tw;
  // The wasm kernel's layout (the reference uses only V and M of one image at their start):
  // V and M for the tiles of a group of images, each position's matrix followed by 16
  // floats; a zero-padded input plane whose rows are a whole number of four-tile vectors
  // wide; the same plane's rows times B (6 entries per tile).
  const group = Math.max(1, Math.min(images, Math.ceil(GROUP_COLUMNS / tiles)));
  const vectorTiles = Math.ceil(tw / 4) * 4;
  const planes = (4 * th + 2) * (4 * vectorTiles + 2 + 6 * vectorTiles);
  return POSITIONS * ((c + outC) * group * tiles + 32) + planes;
}

export const F4X4_3X3: ReferenceScheme = {
  ...MATRICES,
  scratchFloats,
};
