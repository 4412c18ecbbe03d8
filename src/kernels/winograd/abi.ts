import type { ArgNamesOf, Ptr } from '../args';

/** Winograd F(2×2, 3×3) convolution: 3×3 windows, stride 1, zero padding. */
export interface WinogradKernels {
  /**
   * Rows first … end−1 of u [16, outC, c] = G g Gᵀ for every 3×3 filter g of w [outC, c, 3, 3]
   * (U_ξ is a row-major outC×c matrix); when `turned` is 1, of u [16, c, outC] for the
   * filters of the input gradient: each turned by 180°, the channel axes swapped. The rest of
   * u is left alone (ranges split the work, each row computed as a whole call would).
   */
  winogradWeights(
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
   * y_b [outC, oh, ow], oh = h + 2·padH − 2, ow = w + 2·padW − 2 (each image's result does not
   * depend on the range). `scratch` holds winogradScratchFloats(…) floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradImages(
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
  /** Floats of scratch that conv2dWinogradImages needs (one image's transformed tiles). */
  winogradScratchFloats(
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
  ): number;
  /**
   * Weight gradient: the block o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of
   * dw [outC, c, 3, 3] is overwritten with Σ_b Σ_{y,x} dy_b[o, y, x] · xpad_b[ci, y + i, x + j]
   * over images b < n of x [n, c, h, w] (zero-padded by padH, padW) and dy [n, outC, oh, ow],
   * oh = h + 2·padH − 2, ow likewise; other entries untouched. Every element has the same bits
   * whatever the block, so a pool may split a call by output channels, input channels or
   * both. `scratch` holds winogradWeightGradScratchFloats(cEnd − cFirst, oEnd − oFirst, …)
   * floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradWeightGrad(
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
   * the transformed gradient M [16, outC, c]).
   */
  winogradWeightGradScratchFloats: WinogradKernels['winogradScratchFloats'];
}

/** Winograd F(2×2, 5×5) convolution: 5×5 windows, stride 1, zero padding. */
export interface Winograd5Kernels {
  /** As winogradWeights for 5×5 filters: u [36, outC, c] (or [36, c, outC] turned). */
  winograd5Weights: WinogradKernels['winogradWeights'];
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winograd5Weights(w),
   * arguments as conv2dWinogradImages: y_b [outC, oh, ow], oh = h + 2·padH − 4,
   * ow = w + 2·padW − 4 (each image's result does not depend on the range). `scratch` holds
   * winograd5ScratchFloats(…, images) floats for some images ≥ end − first, `work`
   * gemmWorkspaceBytes().
   */
  conv2dWinograd5Images: WinogradKernels['conv2dWinogradImages'];
  /**
   * Floats of scratch that conv2dWinograd5Images needs for ranges of at most `images` images
   * (the tiles of up to that many images are transformed together).
   */
  winograd5ScratchFloats(
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    images: number,
  ): number;
  /**
   * Weight gradient of a 5×5 window, arguments as conv2dWinogradWeightGrad: the block
   * o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of dw [outC, c, 5, 5], oh = h + 2·padH − 4,
   * ow = w + 2·padW − 4. `scratch` holds winograd5WeightGradScratchFloats(cEnd − cFirst,
   * oEnd − oFirst, …) floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinograd5WeightGrad: WinogradKernels['conv2dWinogradWeightGrad'];
  /**
   * Floats of scratch that conv2dWinograd5WeightGrad needs for blocks of at most c input
   * channels and outC rows, any batch size.
   */
  winograd5WeightGradScratchFloats: WinogradKernels['winogradScratchFloats'];
}

/**
 * Winograd F(4×4, 3×3) convolution: 3×3 windows, stride 1, zero padding; 4×4 output tiles
 * (2.25 multiplies per output and channel pair in its GEMMs, F(2×2, 3×3)'s 4).
 */
export interface Winograd4x4Kernels {
  /** As winogradWeights with F(4×4, 3×3)'s G: u [36, outC, c] (or [36, c, outC] turned). */
  winograd4x4Weights: WinogradKernels['winogradWeights'];
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winograd4x4Weights(w),
   * arguments as conv2dWinogradImages: y_b [outC, oh, ow], oh = h + 2·padH − 2,
   * ow = w + 2·padW − 2 (each image's result does not depend on the range). `scratch` holds
   * winograd4x4ScratchFloats(…, images) floats for some images ≥ end − first, `work`
   * gemmWorkspaceBytes().
   */
  conv2dWinograd4x4Images: WinogradKernels['conv2dWinogradImages'];
  /**
   * Floats of scratch that conv2dWinograd4x4Images needs for ranges of at most `images` images
   * (the tiles of up to that many images are transformed together).
   */
  winograd4x4ScratchFloats: Winograd5Kernels['winograd5ScratchFloats'];
}

/** The arguments of each kernel of WinogradKernels, by name and in order. */
export const WINOGRAD_ARGS = {
  winogradWeights: ['w', 'outC', 'c', 'turned', 'first', 'end', 'u'],
  conv2dWinogradImages: [
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
  winogradScratchFloats: ['c', 'outC', 'h', 'w', 'padH', 'padW'],
  conv2dWinogradWeightGrad: [
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
  winogradWeightGradScratchFloats: ['c', 'outC', 'h', 'w', 'padH', 'padW'],
} as const satisfies ArgNamesOf<WinogradKernels>;

/** The arguments of each kernel of Winograd5Kernels, by name and in order. */
export const WINOGRAD5_ARGS = {
  winograd5Weights: ['w', 'outC', 'c', 'turned', 'first', 'end', 'u'],
  conv2dWinograd5Images: [
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
  winograd5ScratchFloats: ['c', 'outC', 'h', 'w', 'padH', 'padW', 'images'],
  conv2dWinograd5WeightGrad: [
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
  winograd5WeightGradScratchFloats: ['c', 'outC', 'h', 'w', 'padH', 'padW'],
} as const satisfies ArgNamesOf<Winograd5Kernels>;

/** The arguments of each kernel of Winograd4x4Kernels, by name and in order. */
export const WINOGRAD4X4_ARGS = {
  winograd4x4Weights: ['w', 'outC', 'c', 'turned', 'first', 'end', 'u'],
  conv2dWinograd4x4Images: [
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
  winograd4x4ScratchFloats: ['c', 'outC', 'h', 'w', 'padH', 'padW', 'images'],
} as const satisfies ArgNamesOf<Winograd4x4Kernels>;
