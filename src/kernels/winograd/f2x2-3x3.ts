import { type ReferenceScheme } from './transforms';

// Winograd F(2×2, 3×3): the matrices of assembly/winograd/f2x2-3x3.ts.
const MATRICES = {
  G: [
    [1, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, -0.5, 0.5],
    [0, 0, 1],
  ],
  BT: [
    [1, 0, -1, 0],
    [0, 1, 1, 0],
    [0, -1, 1, 0],
    [0, 1, 0, -1],
  ],
  AT: [
    [1, 1, 1, 0],
    [0, 1, -1, -1],
  ],
};

/** The wasm input transform's zero-padded plane, rows a whole number of four-tile vectors wide. */
const planeFloats = (th: number, tw: number) => (2 * th + 2) * (2 * Math.ceil(tw / 4) * 4 + 2);

export const F2X2_3X3: ReferenceScheme = {
  ...MATRICES,
  groupColumns: 0, // one image at a time in the wasm kernel
  planeFloats,
  weightGrad: true,
};
