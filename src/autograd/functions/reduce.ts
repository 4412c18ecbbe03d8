import { internal } from '../../lifetime';
import * as ops from '../../ops';
import { Tensor } from '../../tensor';
import { record } from '../graph';
import { scale } from './arithmetic';

/**
 * Sum of all elements (a scalar tensor), or along one axis (negative counts from the end),
 * keeping that axis as size 1 when keepDims.
 */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  if (axis === undefined) {
    const y = Tensor.full([], ops.sum(x), { backend: x.backend });
    return record(y, 'sum', [x], (dy) => [Tensor.full(x.shape, dy.item(), { backend: x.backend })]);
  }
  const y = ops.sumAxis(x, axis, keepDims);
  const kept = keptShape(x, axis);
  return record(y, 'sum', [x], (dy) => [broadcastBack(dy, kept, x)]);
}

/** Mean of all elements, or along one axis (see sum). */
export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  return internal(() => {
    const count = axis === undefined ? x.size : x.shape[normalizeAxis(x, axis)];
    return scale(sum(x, axis, keepDims), 1 / count);
  });
}

/** Σ x² over all elements, as a scalar tensor (an L2 penalty). Backward: 2·x·dy. */
export function sumSquares(x: Tensor): Tensor {
  const y = Tensor.full([], ops.sumSquares(x), { backend: x.backend });
  return record(y, 'sumSquares', [x], (dy) => [ops.scale(x, 2 * dy.item())]);
}

function normalizeAxis(x: Tensor, axis: number): number {
  const rank = x.shape.length;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new Error(`simdnet: axis ${axis} is out of range for shape [${x.shape}]`);
  }
  return a;
}

/** x's shape with `axis` reduced to size 1. */
function keptShape(x: Tensor, axis: number): number[] {
  const a = normalizeAxis(x, axis);
  return x.shape.map((d, i) => (i === a ? 1 : d));
}

function broadcastBack(dy: Tensor, kept: number[], x: Tensor): Tensor {
  const k = ops.reshape(dy, kept);
  const g = ops.broadcastTo(k, x.shape);
  k.release();
  return g;
}
