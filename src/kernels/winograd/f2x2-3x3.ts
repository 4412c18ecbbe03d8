import { tilesAlong, weightGradScratchFloats, type ReferenceScheme } from './transforms';

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
const POSITIONS = 16;

function scratchFloats(
  c: number,
  outC: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
  _images: number,
): number {
  const th = tilesAlong(h + 2 * padH - 2, 2);
  const tw = tilesAlong(w + 2 * padW - 2, 2);
  // The wasm kernel's layout (the reference uses only V and M at their start): each
  // position's matrix followed by 16 floats, then one zero-padded input plane whose rows are
  // a whole number of four-tile vectors wide.
  return POSITIONS * ((c + outC) * th * tw + 32) + planeFloats(th, tw);
}

/** The wasm input transform's zero-padded plane, rows a whole number of four-tile vectors wide. */
const planeFloats = (th: number, tw: number) => (2 * th + 2) * (2 * Math.ceil(tw / 4) * 4 + 2);

export const F2X2_3X3: ReferenceScheme = {
  ...MATRICES,
  scratchFloats,
  weightGradScratchFloats: (...args) => weightGradScratchFloats(3, planeFloats, ...args),
};
