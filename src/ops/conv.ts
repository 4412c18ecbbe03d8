import type { Backend } from '../backend/backend';
import type { Shape, Tensor } from '../tensor';
import { checkShape, checkTensor, commonBackend, invalid, output } from './checks';
import { checkImageShape, windowArgs, windowOver, type Pair, type Window } from './window';
import {
  winogradConv,
  winogradFits,
  winogradPays,
  winogradWeightGrad,
  type ConvAlgorithm,
} from './winograd';

export type { Pair } from './window';
export type { ConvAlgorithm } from './winograd';

/** Geometry of an im2col / col2im. */
export interface Im2colOptions {
  /** Window size: a number or [kh, kw]. */
  kernel: Pair;
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Zeros added on each side (default 0). */
  padding?: Pair;
}

/** Stride and padding of a convolution (the kernel size comes from the weights). */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Zeros added on each side (default 0). */
  padding?: Pair;
  /**
   * 'auto' (default): Winograd for 3×3 or 5×5 stride-1 windows with 8 or more input
   * channels — F(2×2, 3×3), F(4×4, 3×3) from 16 channels, F(2×2, 5×5) — which need fewer
   * multiplications than im2col + GEMM (speed-ups in README's benchmarks); rounding differs from im2col: in the last bits for F(2×2, 3×3), about
   * 6–10× larger errors for the 6×6 tiles of F(4×4, 3×3) and F(2×2, 5×5), still ~1e-6 of
   * the sum of |terms|; else im2col + GEMM. 'im2col' or 'winograd' force one ('winograd'
   * needs 3×3 or 5×5, stride 1, padding < the window).
   * conv2dBackward applies the same choice to the input gradient, a convolution of dy, and
   * to the weight gradient (Winograd's transposed scheme).
   */
  algorithm?: ConvAlgorithm;
}

/** Options of conv2dBackward: the forward's, and whether dx is wanted. */
export interface Conv2dBackwardOptions extends Conv2dOptions {
  /** Compute dx (default true); a first layer, whose input needs no gradient, skips it. */
  inputGradient?: boolean;
}

/** Gradients of conv2d with respect to its input, weights and bias. */
export interface Conv2dGradients {
  /** [N, C, H, W], like x; undefined when inputGradient is false. */
  dx?: Tensor;
  /** [outC, C, kH, kW], like w. */
  dw: Tensor;
  /** [outC]: the gradient of the bias (whether or not the forward had one). */
  db: Tensor;
}

function unfoldWindow(op: string, name: string, xShape: Shape, options: Im2colOptions): Window {
  const { kernel, stride = 1, padding = 0 } = options ?? {};
  return windowOver(op, name, xShape, { kernel, stride, padding });
}

/**
 * Unfolds the windows of x [N, C, H, W] into columns: returns [N, C·kh·kw, OH·OW], where row
 * (c, ki, kj) of image n holds, for each output pixel, the input pixel that tap (ki, kj) of
 * channel c reads (0 in the padding). OH = ⌊(H + 2·padH − kh)/strideH⌋ + 1, OW likewise.
 */
export function im2col(x: Tensor, options: Im2colOptions): Tensor {
  const op = 'ops.im2col';
  checkTensor(op, 'x', x, 4);
  const g = unfoldWindow(op, 'x', x.shape, options);
  const cols = output(x.backend, [g.n, g.c * g.kh * g.kw, g.oh * g.ow]);
  x.backend.kernels.im2col(x.ptr, g.n, g.c, g.h, g.w, ...windowArgs(g), cols.ptr);
  return cols;
}

/**
 * The adjoint of im2col: folds cols [N, C·kh·kw, OH·OW] back into a tensor of shape xShape
 * [N, C, H, W], each pixel receiving the sum of the cols entries that read it.
 */
export function col2im(cols: Tensor, xShape: Shape, options: Im2colOptions): Tensor {
  const op = 'ops.col2im';
  checkTensor(op, 'cols', cols, 3);
  checkImageShape(op, 'xShape', xShape);
  const g = unfoldWindow(op, 'xShape', xShape, options);
  checkShape(op, 'cols', cols, [g.n, g.c * g.kh * g.kw, g.oh * g.ow]);
  const x = output(cols.backend, xShape);
  cols.backend.kernels.col2im(cols.ptr, g.n, g.c, g.h, g.w, ...windowArgs(g), x.ptr);
  return x;
}

/** Validates x [N, C, H, W] and w [outC, C, kH, kW] and returns the window they make. */
function convWindow(op: string, x: Tensor, w: Tensor, options: Conv2dOptions): Window {
  checkTensor(op, 'x', x, 4);
  checkTensor(op, 'w', w, 4);
  if (w.shape[1] !== x.shape[1]) {
    invalid(
      op,
      `'w' [${w.shape}] expects ${w.shape[1]} input channels but 'x' [${x.shape}] has ${x.shape[1]}`,
    );
  }
  const { stride = 1, padding = 0 } = options ?? {};
  return windowOver(op, 'x', x.shape, { kernel: [w.shape[2], w.shape[3]], stride, padding });
}

/** A 1×1 convolution with stride 1 and no padding reads each image as its own columns. */
function isPointwise(g: Window): boolean {
  return g.kh * g.kw * g.strideH * g.strideW === 1 && g.padH + g.padW === 0;
}

/** Scratch for one image's columns [C·kh·kw, OH·OW]; none for a pointwise convolution. */
function columnScratch(backend: Backend, g: Window): Tensor | undefined {
  return isPointwise(g) ? undefined : output(backend, [g.c * g.kh * g.kw, g.oh * g.ow]);
}

/**
 * Whether a convolution over window g with `channels` input channels runs as Winograd
 * (see Conv2dOptions.algorithm); throws for an unknown algorithm or a forced one that does
 * not fit.
 */
function useWinograd(op: string, g: Window, channels: number, algorithm: unknown = 'auto') {
  if (algorithm === 'auto') return winogradPays(g, channels);
  if (algorithm === 'im2col') return false;
  if (algorithm !== 'winograd') {
    invalid(op, `'algorithm' must be 'auto', 'im2col' or 'winograd', got ${String(algorithm)}`);
  }
  if (!winogradFits(g)) {
    invalid(
      op,
      `algorithm 'winograd' needs a 3×3 or 5×5 window with stride 1 and padding < the window, got ` +
        `${g.kh}×${g.kw} with stride [${g.strideH}, ${g.strideW}] and padding [${g.padH}, ${g.padW}]`,
    );
  }
  return true;
}

/** The geometry arguments of the conv2d kernels: c, h, w, kh, kw, strides, paddings. */
function geometryArgs(g: Window) {
  return [g.c, g.h, g.w, ...windowArgs(g)] as const;
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch): x [N, C, H, W], w [outC, C, kH, kW],
 * bias [outC] or undefined → y [N, outC, OH, OW]. Computed per image as
 * y_n = W [outC, C·kH·kW] · im2col(x_n) with one reused column buffer, then the bias.
 */
export function conv2d(
  x: Tensor,
  w: Tensor,
  bias: Tensor | undefined,
  options: Conv2dOptions = {},
): Tensor {
  const op = 'ops.conv2d';
  const g = convWindow(op, x, w, options);
  const outC = w.shape[0];
  if (bias !== undefined) {
    checkTensor(op, 'bias', bias, 1);
    if (bias.shape[0] !== outC) {
      invalid(
        op,
        `'bias' [${bias.shape}] must hold one value per output channel of 'w' [${w.shape}]`,
      );
    }
  }
  const winograd = useWinograd(op, g, g.c, options.algorithm);
  const backend = commonBackend(op, bias ? { x, w, bias } : { x, w });
  const { kernels } = backend;
  const y = output(backend, [g.n, outC, g.oh, g.ow]);
  if (winograd) {
    winogradConv(backend, x, [g.padH, g.padW], w, y);
    if (bias) kernels.biasAddChannels(y.ptr, bias.ptr, g.n, outC, g.oh * g.ow, y.ptr);
    return y;
  }
  const cols = columnScratch(backend, g);
  try {
    const scratch = cols?.ptr ?? 0;
    kernels.conv2dImages(
      x.ptr,
      0,
      g.n,
      ...geometryArgs(g),
      w.ptr,
      outC,
      y.ptr,
      scratch,
      backend.workspace,
    );
    if (bias) kernels.biasAddChannels(y.ptr, bias.ptr, g.n, outC, g.oh * g.ow, y.ptr);
  } finally {
    cols?.release();
  }
  return y;
}

/**
 * Gradients of conv2d from dy [N, outC, OH, OW]: dw = Σ_n dy_n · im2col(x_n)ᵀ,
 * dx_n = col2im(Wᵀ · dy_n), db = Σ over batch and pixels of dy. The stride and padding
 * must be the forward's. With the algorithm 'auto', dx and dw use Winograd where it pays
 * (see Conv2dOptions.algorithm: dx when dy has 8 or more channels, dw when x has).
 */
export function conv2dBackward(
  x: Tensor,
  w: Tensor,
  dy: Tensor,
  options: Conv2dBackwardOptions = {},
): Conv2dGradients {
  const op = 'ops.conv2dBackward';
  const g = convWindow(op, x, w, options);
  const outC = w.shape[0];
  checkTensor(op, 'dy', dy, 4);
  const yShape = [g.n, outC, g.oh, g.ow];
  if (!yShape.every((d, i) => d === dy.shape[i])) {
    invalid(
      op,
      `'dy' [${dy.shape}] must have the output shape [${yShape}] of 'x' [${x.shape}] and 'w' [${w.shape}]`,
    );
  }
  // dx convolves dy, of outC channels; dw pays from 8 input channels, like the forward
  // (bench/winograd.bench.ts --pass dw measures where).
  const winogradDx = useWinograd(op, g, outC, options.algorithm);
  const winogradDw = useWinograd(op, g, g.c, options.algorithm);
  const backend = commonBackend(op, { x, w, dy });
  const { kernels } = backend;
  const dx = options.inputGradient === false ? undefined : output(backend, x.shape);
  const dw = output(backend, w.shape);
  const db = output(backend, [outC]);
  const cols = winogradDw && (winogradDx || !dx) ? undefined : columnScratch(backend, g);
  const work = backend.workspace;
  try {
    const scratch = cols?.ptr ?? 0;
    const k = g.c * g.kh * g.kw;
    const geometry = geometryArgs(g);
    if (winogradDw) {
      winogradWeightGrad(backend, g, outC, x, dy, dw);
    } else {
      kernels.conv2dWeightGradRows(
        x.ptr,
        g.n,
        ...geometry,
        dy.ptr,
        outC,
        dw.ptr,
        0,
        k,
        scratch,
        work,
      );
    }
    if (dx && winogradDx) {
      // dx = dy padded by r − 1 − padding, convolved with the turned filters.
      const pad = [g.kh - 1 - g.padH, g.kw - 1 - g.padW];
      winogradConv(backend, dy, pad, w, dx, true);
    } else if (dx) {
      kernels.conv2dInputGradImages(
        dy.ptr,
        0,
        g.n,
        ...geometry,
        w.ptr,
        outC,
        dx.ptr,
        scratch,
        work,
      );
    }
    kernels.sumChannels(dy.ptr, g.n, outC, g.oh * g.ow, 0, outC, db.ptr);
  } finally {
    cols?.release();
  }
  return { dx, dw, db };
}
