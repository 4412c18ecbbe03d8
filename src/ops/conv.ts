import type { Backend } from '../backend/backend';
import type { Shape, Tensor } from '../tensor';
import { checkShape, checkTensor, commonBackend, invalid, output } from './checks';
import { checkImageShape, windowArgs, windowOver, type Pair, type Window } from './window';

export type { Pair } from './window';

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

/**
 * Where one image's columns [C·kh·kw, OH·OW] are built: a scratch tensor reused across the
 * batch, or the image itself for a pointwise convolution.
 */
class ColumnScratch {
  private readonly scratch: Tensor | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly g: Window,
  ) {
    if (!isPointwise(g)) this.scratch = output(backend, [g.c * g.kh * g.kw, g.oh * g.ow]);
  }

  /** Pointer of image image's columns (im2col'ed into the scratch when there is one). */
  columnsOf(image: number): number {
    if (!this.scratch) return image;
    const { g } = this;
    this.backend.kernels.im2col(image, 1, g.c, g.h, g.w, ...windowArgs(g), this.scratch.ptr);
    return this.scratch.ptr;
  }

  /** Where the column gradient of an image goes: the scratch, or dx itself when pointwise. */
  gradientTarget(dxImage: number): number {
    return this.scratch ? this.scratch.ptr : dxImage;
  }

  /** Folds the column gradient (if it went to the scratch) into dx of the image. */
  foldInto(dxImage: number): void {
    if (!this.scratch) return;
    const { g } = this;
    this.backend.kernels.col2im(this.scratch.ptr, 1, g.c, g.h, g.w, ...windowArgs(g), dxImage);
  }

  release(): void {
    this.scratch?.release();
  }
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
  const backend = commonBackend(op, bias ? { x, w, bias } : { x, w });
  const { kernels } = backend;
  const fb = backend.heap.floatBytes;
  const k = g.c * g.kh * g.kw;
  const pixels = g.oh * g.ow;
  const y = output(backend, [g.n, outC, g.oh, g.ow]);
  const columns = new ColumnScratch(backend, g);
  try {
    for (let n = 0; n < g.n; n++) {
      const cols = columns.columnsOf(x.ptr + n * g.c * g.h * g.w * fb);
      const yn = y.ptr + n * outC * pixels * fb;
      kernels.gemm(
        0,
        0,
        outC,
        pixels,
        k,
        1,
        w.ptr,
        k,
        cols,
        pixels,
        0,
        yn,
        pixels,
        backend.workspace,
      );
    }
    if (bias) kernels.biasAddChannels(y.ptr, bias.ptr, g.n, outC, pixels, y.ptr);
  } finally {
    columns.release();
  }
  return y;
}

/**
 * Gradients of conv2d from dy [N, outC, OH, OW]: dw = Σ_n dy_n · im2col(x_n)ᵀ,
 * dx_n = col2im(Wᵀ · dy_n), db = Σ over batch and pixels of dy. The stride and padding
 * must be the forward's.
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
  const backend = commonBackend(op, { x, w, dy });
  const { kernels } = backend;
  const fb = backend.heap.floatBytes;
  const k = g.c * g.kh * g.kw;
  const pixels = g.oh * g.ow;
  const dx = options.inputGradient === false ? undefined : output(backend, x.shape);
  const dw = output(backend, w.shape);
  const db = output(backend, [outC]);
  const columns = new ColumnScratch(backend, g);
  const work = backend.workspace;
  try {
    for (let n = 0; n < g.n; n++) {
      const dyn = dy.ptr + n * outC * pixels * fb;
      const cols = columns.columnsOf(x.ptr + n * g.c * g.h * g.w * fb);
      // dw (+)= dy_n [outC, OH·OW] · cols_nᵀ; the first image overwrites.
      kernels.gemm(
        0,
        1,
        outC,
        k,
        pixels,
        1,
        dyn,
        pixels,
        cols,
        pixels,
        n === 0 ? 0 : 1,
        dw.ptr,
        k,
        work,
      );
      if (!dx) continue;
      // dcols_n = Wᵀ [k, outC] · dy_n, then folded back into dx_n (cols is free again).
      const dxn = dx.ptr + n * g.c * g.h * g.w * fb;
      const dcols = columns.gradientTarget(dxn);
      kernels.gemm(1, 0, k, pixels, outC, 1, w.ptr, k, dyn, pixels, 0, dcols, pixels, work);
      columns.foldInto(dxn);
    }
    kernels.sumChannels(dy.ptr, g.n, outC, pixels, db.ptr);
  } finally {
    columns.release();
  }
  return { dx, dw, db };
}
