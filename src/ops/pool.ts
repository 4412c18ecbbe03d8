import { Tensor, type Shape } from '../tensor';
import { checkSameShape, checkShape, checkTensor, commonBackend, invalid, output } from './checks';
import { checkImageShape, windowArgs, windowOver, type Pair, type Window } from './window';

/** Geometry of a 2-D pool over x [N, C, H, W]. */
export interface Pool2dOptions {
  /** Window size: a number or [kh, kw]. */
  kernel: Pair;
  /** Step between windows (default: the kernel, i.e. non-overlapping windows). */
  stride?: Pair;
  /** Implicit padding on each side, at most half the kernel (default 0). */
  padding?: Pair;
}

/** The result of maxPool2d: the maxima and where each came from. */
export interface MaxPool2dResult {
  /** [N, C, OH, OW] */
  y: Tensor;
  /** [N, C, OH, OW]: in-plane index (row·W + column) of each maximum in x. */
  argmax: Tensor<'int32'>;
}

function poolWindow(op: string, name: string, xShape: Shape, options: Pool2dOptions): Window {
  const { kernel, stride = kernel, padding = 0 } = options ?? {};
  return windowOver(op, name, xShape, { kernel, stride, padding }, true);
}

/**
 * Max pooling of x [N, C, H, W] → { y, argmax } [N, C, OH, OW] with
 * OH = ⌊(H + 2·padH − kh)/strideH⌋ + 1 (OW likewise). Padding never wins (it acts as −∞);
 * among equal maxima the first in row-major window order wins; a NaN in a window wins
 * (the first NaN), so NaNs propagate as in PyTorch.
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): MaxPool2dResult {
  const op = 'ops.maxPool2d';
  checkTensor(op, 'x', x, 4);
  const g = poolWindow(op, 'x', x.shape, options);
  const outShape = [g.n, g.c, g.oh, g.ow];
  const y = output(x.backend, outShape);
  const argmax = new Tensor(x.backend, outShape, 'int32');
  x.backend.kernels.maxPool2d(x.ptr, g.n * g.c, g.h, g.w, ...windowArgs(g), y.ptr, argmax.ptr);
  return { y, argmax };
}

/**
 * Gradient of maxPool2d: dx of shape xShape [N, C, H, W], where each dy value is added to
 * the pixel its argmax names (overlapping windows add up). argmax must come from the
 * forward; its values are checked to lie in [0, H·W).
 */
export function maxPool2dBackward(dy: Tensor, argmax: Tensor<'int32'>, xShape: Shape): Tensor {
  const op = 'ops.maxPool2dBackward';
  checkTensor(op, 'dy', dy, 4);
  checkTensor(op, 'argmax', argmax, 4, 'int32');
  checkSameShape(op, 'dy', dy, 'argmax', argmax);
  checkImageShape(op, 'xShape', xShape);
  const [n, c, h, w] = xShape;
  if (dy.shape[0] !== n || dy.shape[1] !== c) {
    invalid(op, `'dy' [${dy.shape}] and 'xShape' [${xShape}] must agree on N and C`);
  }
  const backend = commonBackend(op, { dy, argmax });
  const dx = output(backend, xShape);
  const [, , oh, ow] = dy.shape;
  // The kernel checks every index before it writes (a JS loop here cost more than the kernel).
  const bad = backend.kernels.maxPool2dBackward(dy.ptr, argmax.ptr, n * c, h, w, oh, ow, dx.ptr);
  if (bad >= 0) {
    dx.release();
    invalid(
      op,
      `'argmax' holds ${argmax.ints()[bad]} at ${bad}, outside [0, ${h * w}) for 'xShape' [${xShape}]`,
    );
  }
  return dx;
}

/**
 * Average pooling of x [N, C, H, W] → [N, C, OH, OW]. Padding counts as zeros: every window
 * is divided by kh·kw (PyTorch's count_include_pad = true).
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const op = 'ops.avgPool2d';
  checkTensor(op, 'x', x, 4);
  const g = poolWindow(op, 'x', x.shape, options);
  const y = output(x.backend, [g.n, g.c, g.oh, g.ow]);
  x.backend.kernels.avgPool2d(x.ptr, g.n * g.c, g.h, g.w, ...windowArgs(g), y.ptr);
  return y;
}

/** Gradient of avgPool2d: dx of shape xShape, each dy spread evenly (÷ kh·kw) over its window. */
export function avgPool2dBackward(dy: Tensor, xShape: Shape, options: Pool2dOptions): Tensor {
  const op = 'ops.avgPool2dBackward';
  checkTensor(op, 'dy', dy, 4);
  checkImageShape(op, 'xShape', xShape);
  const g = poolWindow(op, 'xShape', xShape, options);
  checkShape(op, 'dy', dy, [g.n, g.c, g.oh, g.ow]);
  const dx = output(dy.backend, xShape);
  dy.backend.kernels.avgPool2dBackward(dy.ptr, g.n * g.c, g.h, g.w, ...windowArgs(g), dx.ptr);
  return dx;
}
