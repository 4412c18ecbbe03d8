import { BT_HALVES, type ReferenceScheme } from './transforms';

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

/** The wasm input transform's planes: a zero-padded channel and its rows times B. */
function planeFloats(th: number, tw: number): number {
  const vectorTiles = Math.ceil(tw / 4) * 4;
  return (4 * th + 2) * (4 * vectorTiles + 2 + 6 * vectorTiles);
}

export const F4X4_3X3: ReferenceScheme = {
  ...MATRICES,
  groupColumns: 64, // tile columns of a group of images in the wasm kernel
  planeFloats,
  weightGrad: false,
};
