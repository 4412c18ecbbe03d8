import * as ops from '../../ops';
import type { Tensor } from '../../tensor';
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

/** Softmax over the last axis, max-subtracted. */
export function softmax(x: Tensor): Tensor {
  const y = ops.softmax(x);
  return record(y, 'softmax', [x], (dy) => [ops.softmaxBackward(y, dy)]);
}

/** log softmax over the last axis, computed stably (no log of a rounded-to-zero softmax). */
export function logSoftmax(x: Tensor): Tensor {
  const y = ops.logSoftmax(x);
  return record(y, 'logSoftmax', [x], (dy) => [ops.logSoftmaxBackward(y, dy)]);
}
