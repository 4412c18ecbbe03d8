import type { ArgNamesOf, Ptr } from '../args';

export interface ConvKernels {
  /** x [n, c, h, w] -> cols [n, c·kh·kw, oh·ow], zeros where the window is in the padding. */
  im2col(
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    cols: Ptr,
  ): void;
  /** The adjoint of im2col: x [n, c, h, w] = sum of the cols entries that read each pixel (x is overwritten). */
  col2im(
    cols: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    x: Ptr,
  ): void;
  /** y[n, c, hw] = x[n, c, hw] + bias[c]; y may equal x. */
  biasAddChannels(x: Ptr, bias: Ptr, n: number, c: number, hw: number, y: Ptr): void;
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w]: y_b [outC, oh·ow] =
   * weight [outC, c·kh·kw] · im2col(x_b). `cols` holds one image's columns (c·kh·kw × oh·ow
   * floats; unused for a 1×1 stride-1 unpadded window), `work` gemmWorkspaceBytes().
   */
  conv2dImages(
    x: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    weight: Ptr,
    outC: number,
    y: Ptr,
    cols: Ptr,
    work: Ptr,
  ): void;
  /** Input gradient for images first … end−1: dx_b = col2im(weightᵀ · dy_b) (dx_b overwritten); scratch as conv2dImages. */
  conv2dInputGradImages(
    dy: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    weight: Ptr,
    outC: number,
    dx: Ptr,
    cols: Ptr,
    work: Ptr,
  ): void;
  /**
   * Columns rowFirst … rowEnd−1 of dw [outC, c·kh·kw] = Σ_b dy_b · im2col(x_b)ᵀ over all n
   * images, in image order (overwritten). `cols` holds (rowEnd − rowFirst) × oh·ow floats.
   */
  conv2dWeightGradRows(
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    dy: Ptr,
    outC: number,
    dw: Ptr,
    rowFirst: number,
    rowEnd: number,
    cols: Ptr,
    work: Ptr,
  ): void;
}

/** The arguments of each kernel of ConvKernels, by name and in order. */
export const CONV_ARGS = {
  im2col: ['x', 'n', 'c', 'h', 'w', 'kh', 'kw', 'strideH', 'strideW', 'padH', 'padW', 'cols'],
  col2im: ['cols', 'n', 'c', 'h', 'w', 'kh', 'kw', 'strideH', 'strideW', 'padH', 'padW', 'x'],
  biasAddChannels: ['x', 'bias', 'n', 'c', 'hw', 'y'],
  conv2dImages: [
    'x',
    'first',
    'end',
    'c',
    'h',
    'w',
    'kh',
    'kw',
    'strideH',
    'strideW',
    'padH',
    'padW',
    'weight',
    'outC',
    'y',
    'cols',
    'work',
  ],
  conv2dInputGradImages: [
    'dy',
    'first',
    'end',
    'c',
    'h',
    'w',
    'kh',
    'kw',
    'strideH',
    'strideW',
    'padH',
    'padW',
    'weight',
    'outC',
    'dx',
    'cols',
    'work',
  ],
  conv2dWeightGradRows: [
    'x',
    'n',
    'c',
    'h',
    'w',
    'kh',
    'kw',
    'strideH',
    'strideW',
    'padH',
    'padW',
    'dy',
    'outC',
    'dw',
    'rowFirst',
    'rowEnd',
    'cols',
    'work',
  ],
} as const satisfies ArgNamesOf<ConvKernels>;
