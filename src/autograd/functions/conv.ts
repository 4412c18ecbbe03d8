import { internal } from '../../lifetime';
import * as ops from '../../ops';
import type { Conv2dOptions, Pool2dOptions } from '../../ops';
import type { Tensor } from '../../tensor';
import { record, wanted } from '../graph';

/** 2-D convolution of x [N, C, H, W] with w [outC, C, kH, kW] and optional bias [outC]. */
export function conv2d(x: Tensor, w: Tensor, bias?: Tensor, options: Conv2dOptions = {}): Tensor {
  const y = ops.conv2d(x, w, bias, options);
  const inputs = bias ? [x, w, bias] : [x, w];
  return record(y, 'conv2d', inputs, (dy) => {
    const { dx, dw, db } = ops.conv2dBackward(x, w, dy, {
      ...options,
      inputGradient: x.requiresGrad,
    });
    return [dx, wanted(dw, w.requiresGrad), wanted(db, bias?.requiresGrad)];
  });
}

/** Max pooling of x [N, C, H, W]; the backward routes each gradient to its window's maximum. */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return internal(() => {
    const { y, argmax } = ops.maxPool2d(x, options);
    return record(y, 'maxPool2d', [x], (dy) => [ops.maxPool2dBackward(dy, argmax, x.shape)]);
  });
}

/** Average pooling of x [N, C, H, W] (as ops.avgPool2d). */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return record(ops.avgPool2d(x, options), 'avgPool2d', [x], (dy) => [
    ops.avgPool2dBackward(dy, x.shape, options),
  ]);
}
