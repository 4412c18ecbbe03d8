import * as ops from '../../ops';
import { Tensor, shapeSize, type Shape } from '../../tensor';
import { record } from '../graph';

/** A copy of x's data under another shape of the same size. */
const copyAs = (x: Tensor, shape: Shape): Tensor => ops.reshape(x, shape);

/** The same data under a new shape; one dimension may be −1 (inferred). Copies the data. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = resolveShape(x, shape);
  return record(copyAs(x, target), 'reshape', [x], (dy) => [copyAs(dy, x.shape)]);
}

/** Merges dimensions startDim… into one: [N, C, H, W] → [N, C·H·W] by default. */
export function flatten(x: Tensor, startDim = 1): Tensor {
  if (!Number.isInteger(startDim) || startDim < 0 || startDim >= Math.max(1, x.shape.length)) {
    throw new Error(`simdnet: flatten: startDim ${startDim} is out of range for [${x.shape}]`);
  }
  const kept = x.shape.slice(0, startDim);
  const merged = x.shape.slice(startDim).reduce((p, d) => p * d, 1);
  return reshape(x, [...kept, merged]);
}

/** Swaps the last two dimensions (a matrix transpose, batched over leading dimensions). */
export function transpose(x: Tensor): Tensor {
  return record(ops.transpose(x), 'transpose', [x], (dy) => [ops.transpose(dy)]);
}

/** A new leaf holding a copy of x's data, cut off from the graph. */
export function detach(x: Tensor): Tensor {
  return copyAs(x, x.shape);
}

function resolveShape(x: Tensor, shape: Shape): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  if (!Array.isArray(shape) || unknown > 1) {
    throw new Error(`simdnet: reshape: bad target shape [${String(shape)}]`);
  }
  const known = shape.filter((d) => d !== -1);
  const knownSize = known.length ? shapeSize(known, 'reshape shape') : 1;
  const target = shape.map((d) => (d === -1 ? x.size / knownSize : d));
  if (target.some((d) => !Number.isInteger(d)) || shapeSize(target) !== x.size) {
    throw new Error(`simdnet: reshape: cannot view [${x.shape}] (${x.size} values) as [${shape}]`);
  }
  return target;
}
