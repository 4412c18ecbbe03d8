import * as ops from '../../ops';
import { Tensor } from '../../tensor';
import { record } from '../graph';

/** max(x, 0) */
export function relu(x: Tensor): Tensor {
  return record(ops.relu(x), 'relu', [x], (dy) => [ops.reluBackward(x, dy)]);
}

/** tanh(x) */
export function tanh(x: Tensor): Tensor {
  const y = ops.tanh(x);
  return record(y, 'tanh', [x], (dy) => [ops.tanhBackward(y, dy)]);
}

/** 1/(1 + e^−x) */
export function sigmoid(x: Tensor): Tensor {
  const y = ops.sigmoid(x);
  return record(y, 'sigmoid', [x], (dy) => [ops.sigmoidBackward(y, dy)]);
}

type RowKernel = 'softmax' | 'logSoftmax';

/** Applies a row kernel over the last axis of x (rows = everything before it). */
function overLastAxis(name: RowKernel, x: Tensor): Tensor {
  if (x.shape.length === 0) throw new Error(`simdnet: ${name}: x must have at least one axis`);
  const cols = x.shape[x.shape.length - 1];
  const rows = x.size / cols;
  const y = new Tensor(x.backend, x.shape, 'float32');
  x.backend.kernels[name](x.ptr, rows, cols, y.ptr);
  return record(y, name, [x], (dy) => {
    const dx = new Tensor(x.backend, x.shape, 'float32');
    x.backend.kernels[`${name}Backward`](y.ptr, dy.ptr, rows, cols, dx.ptr);
    return [dx];
  });
}

/** Softmax over the last axis, max-subtracted. */
export const softmax = (x: Tensor): Tensor => overLastAxis('softmax', x);

/** log softmax over the last axis, computed stably (no log of a rounded-to-zero softmax). */
export const logSoftmax = (x: Tensor): Tensor => overLastAxis('logSoftmax', x);
