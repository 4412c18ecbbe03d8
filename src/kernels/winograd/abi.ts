import type { ArgNamesOf, Ptr } from '../args';

/**
 * The Winograd schemes F(m×m, r×r), by the number the kernels take as `scheme`: m×m output
 * tiles of an r×r window, transformed tiles of n×n = (m + r − 1)² positions. F(4×4, 3×3)
 * multiplies 2.25 times per output and channel pair in its GEMMs, F(2×2, 3×3) 4 times; the
 * weight gradient has F(2×2, 3×3) and F(2×2, 5×5).
 */
export const WINOGRAD_SCHEMES = [
  { name: 'F(2×2, 3×3)', tile: 2, window: 3 },
  { name: 'F(4×4, 3×3)', tile: 4, window: 3 },
  { name: 'F(2×2, 5×5)', tile: 2, window: 5 },
] as const;

/** A scheme's number (its index in WINOGRAD_SCHEMES). */
export const WinogradScheme = { F2x2_3x3: 0, F4x4_3x3: 1, F2x2_5x5: 2 } as const;
export type WinogradScheme = (typeof WinogradScheme)[keyof typeof WinogradScheme];

/** Positions n² of a scheme's transformed tile. */
export const winogradPositions = (scheme: WinogradScheme): number => {
  const { tile, window } = WINOGRAD_SCHEMES[scheme];
  return (tile + window - 1) ** 2;
};

/** Winograd convolution: r×r windows, stride 1, zero padding; the scheme by number. */
export interface WinogradKernels {
  /**
   * Rows first … end−1 of u [n², outC, c] = G g Gᵀ for every r×r filter g of w [outC, c, r, r]
   * (U_ξ is a row-major outC×c matrix); when `turned` is 1, of u [n², c, outC] for the
   * filters of the input gradient: each turned by 180°, the channel axes swapped. The rest of
   * u is left alone (ranges split the work, each row computed as a whole call would).
   */
  winogradWeights(
    scheme: number,
    w: Ptr,
    outC: number,
    c: number,
    turned: number,
    first: number,
    end: number,
    u: Ptr,
  ): void;
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winogradWeights(w):
   * y_b [outC, oh, ow], oh = h + 2·padH − r + 1, ow = w + 2·padW − r + 1 (each image's result
   * does not depend on the range). `scratch` holds winogradScratchFloats(…, images) floats
   * for some images ≥ end − first, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradImages(
    scheme: number,
    x: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    u: Ptr,
    outC: number,
    y: Ptr,
    scratch: Ptr,
    work: Ptr,
  ): void;
  /**
   * Floats of scratch that conv2dWinogradImages needs for ranges of at most `images` images
   * (F(4×4, 3×3) and F(2×2, 5×5) transform the tiles of a group of images together).
   */
  winogradScratchFloats(
    scheme: number,
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    images: number,
  ): number;
  /**
   * Weight gradient (F(2×2, 3×3) or F(2×2, 5×5)): the block o = oFirst … oEnd−1,
   * ci = cFirst … cEnd−1 of dw [outC, c, r, r] is overwritten with
   * Σ_b Σ_{y,x} dy_b[o, y, x] · xpad_b[ci, y + i, x + j] over images b < n of x [n, c, h, w]
   * (zero-padded by padH, padW) and dy [n, outC, oh, ow]; other entries untouched. Every
   * element has the same bits whatever the block, so a pool may split a call by output
   * channels, input channels or both. `scratch` holds winogradWeightGradScratchFloats(cEnd −
   * cFirst, oEnd − oFirst, …) floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradWeightGrad(
    scheme: number,
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    dy: Ptr,
    outC: number,
    oFirst: number,
    oEnd: number,
    cFirst: number,
    cEnd: number,
    dw: Ptr,
    scratch: Ptr,
    work: Ptr,
  ): void;
  /**
   * Floats of scratch that conv2dWinogradWeightGrad needs for blocks of at most c input
   * channels and outC rows, any batch size (the transformed tiles of one group of images and
   * the transformed gradient M [n², outC, c]).
   */
  winogradWeightGradScratchFloats(
    scheme: number,
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
  ): number;
}

/** The arguments of each kernel of WinogradKernels, by name and in order. */
export const WINOGRAD_ARGS = {
  winogradWeights: ['scheme', 'w', 'outC', 'c', 'turned', 'first', 'end', 'u'],
  conv2dWinogradImages: [
    'scheme',
    'x',
    'first',
    'end',
    'c',
    'h',
    'w',
    'padH',
    'padW',
    'u',
    'outC',
    'y',
    'scratch',
    'work',
  ],
  winogradScratchFloats: ['scheme', 'c', 'outC', 'h', 'w', 'padH', 'padW', 'images'],
  conv2dWinogradWeightGrad: [
    'scheme',
    'x',
    'n',
    'c',
    'h',
    'w',
    'padH',
    'padW',
    'dy',
    'outC',
    'oFirst',
    'oEnd',
    'cFirst',
    'cEnd',
    'dw',
    'scratch',
    'work',
  ],
  winogradWeightGradScratchFloats: ['scheme', 'c', 'outC', 'h', 'w', 'padH', 'padW'],
} as const satisfies ArgNamesOf<WinogradKernels>;
