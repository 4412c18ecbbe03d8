import { BT_HALVES, type ReferenceScheme } from './transforms';

// Winograd F(2×2, 5×5): Cook–Toom for the points 0, 1, −1, ½, −½, ∞, the matrices of
// assembly/winograd/f2x2-5x5.ts. Bᵀ is BT_HALVES, row j of G is a_j^k / (4·∏_{l≠j}(a_j − a_l)) (¼ of
// the filter's last tap for ∞), and Aᵀ evaluates the two outputs' polynomial at the points:
// (1, a_j) (0, 1 for ∞).
const SIXTH = 1 / 6;
const MATRICES = {
  G: [
    [1, 0, 0, 0, 0],
    [SIXTH, SIXTH, SIXTH, SIXTH, SIXTH],
    [SIXTH, -SIXTH, SIXTH, -SIXTH, SIXTH],
    [-2 / 3, -1 / 3, -1 / 6, -1 / 12, -1 / 24],
    [-2 / 3, 1 / 3, -1 / 6, 1 / 12, -1 / 24],
    [0, 0, 0, 0, 0.25],
  ],
  BT: BT_HALVES,
  AT: [
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 0.5, -0.5, 1],
  ],
};

/** The wasm input transform's planes: a zero-padded channel and its rows times B. */
function planeFloats(th: number, tw: number): number {
  const vectorTiles = Math.ceil(tw / 4) * 4;
  return (2 * th + 4) * (2 * vectorTiles + 4 + 6 * vectorTiles);
}

export const F2X2_5X5: ReferenceScheme = {
  ...MATRICES,
  groupColumns: 32, // tile columns of a group of images in the wasm kernel
  planeFloats,
  weightGrad: true,
};
