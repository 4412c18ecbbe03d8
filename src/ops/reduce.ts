import { Tensor } from '../tensor';
import { checkTensor, invalid, output } from './checks';

// Reductions. The wasm sums use f32x4 lanes in a fixed order with f64 accumulation across
// blocks of 1024 values: the same input always gives the same bits.

/** Σ x over all elements (an f32 value on f32 backends). */
export function sum(x: Tensor): number {
  checkTensor('ops.sum', 'x', x);
  return x.backend.kernels.sum(x.ptr, x.size);
}

/** The mean of all elements: sum(x) / size. */
export function mean(x: Tensor): number {
  checkTensor('ops.mean', 'x', x);
  return x.backend.kernels.sum(x.ptr, x.size) / x.size;
}

/** Σ x² over all elements (squared L2 norm, e.g. for weight decay or gradient clipping). */
export function sumSquares(x: Tensor): number {
  checkTensor('ops.sumSquares', 'x', x);
  return x.backend.kernels.sumSquares(x.ptr, x.size);
}

/** x [rows, cols] → [cols], the sum of each column (bias gradient of a linear layer). */
export function sumColumns(x: Tensor): Tensor {
  checkTensor('ops.sumColumns', 'x', x, 2);
  const [rows, cols] = x.shape;
  const y = output(x.backend, [cols]);
  x.backend.kernels.sumColumns(x.ptr, rows, cols, y.ptr);
  return y;
}

/**
 * x [N, C, ...spatial] → [C], the sum over the batch and every spatial position of each
 * channel (bias gradient of a convolution). [N, C] is accepted too (no spatial dimensions).
 */
export function sumChannels(x: Tensor): Tensor {
  const op = 'ops.sumChannels';
  checkTensor(op, 'x', x);
  if (x.shape.length < 2) {
    invalid(op, `'x' must be [N, C, ...spatial], got shape [${x.shape}]`);
  }
  const [n, c] = x.shape;
  const y = output(x.backend, [c]);
  x.backend.kernels.sumChannels(x.ptr, n, c, x.size / (n * c), 0, c, y.ptr);
  return y;
}

/**
 * x [rows, cols] → the column index of each row's first maximum, as a plain Int32Array of
 * length rows (predicted classes: read in JS, nothing to release). A NaN counts as the
 * maximum (the first NaN wins).
 */
export function argmaxRows(x: Tensor): Int32Array {
  checkTensor('ops.argmaxRows', 'x', x, 2);
  const [rows, cols] = x.shape;
  const out = new Tensor(x.backend, [rows], 'int32');
  try {
    x.backend.kernels.argmaxRows(x.ptr, rows, cols, out.ptr);
    return out.toArray();
  } finally {
    out.release();
  }
}
