import type { Backend } from '../backend/backend';
import { shapeSize, type Shape, type Tensor } from '../tensor';
import { checkTensor, invalid, output } from './checks';

// Broadcasting (NumPy rules) and its adjoint, as runs of "repeat / sum over a middle
// axis" kernels; axis sums; transposes of the last two axes.

/** One kernel call: [outer, mid, inner] ↔ [outer, inner]. */
type Step = [outer: number, mid: number, inner: number];

const product = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/** `small` left-padded with 1s to the rank of `big`, or an error if it cannot broadcast. */
function aligned(op: string, small: Shape, big: Shape): number[] {
  if (small.length > big.length) {
    invalid(op, `shape [${small}] has more dimensions than [${big}]`);
  }
  const padded = [...Array<number>(big.length - small.length).fill(1), ...small];
  padded.forEach((d, i) => {
    if (d !== big[i] && d !== 1) invalid(op, `shape [${small}] cannot broadcast to [${big}]`);
  });
  return padded;
}

/** The middle-axis steps between `small` (padded) and `big`: one per run of expanded dims. */
function steps(small: number[], big: Shape): Step[] {
  const out: Step[] = [];
  for (let d = 0; d < big.length;) {
    if (small[d] === big[d]) {
      d++;
      continue;
    }
    const start = d;
    while (d < big.length && small[d] !== big[d]) d++;
    out.push([product(big.slice(0, start)), product(big.slice(start, d)), product(small.slice(d))]);
  }
  return out;
}

/** Runs one kernel per step, each into a fresh block, the last into a tensor of `shape`. */
function chain(
  backend: Backend,
  x: Tensor,
  shape: Shape,
  plan: Step[],
  kernel: 'broadcastMiddle' | 'sumMiddle',
): Tensor {
  if (plan.length === 0) {
    const y = output(backend, shape);
    backend.kernels.scale(x.ptr, 1, x.size, y.ptr);
    return y;
  }
  let current = x;
  plan.forEach(([outer, mid, inner], i) => {
    const size = kernel === 'broadcastMiddle' ? outer * mid * inner : outer * inner;
    const next = output(backend, i === plan.length - 1 ? shape : [size]);
    backend.kernels[kernel](current.ptr, outer, mid, inner, next.ptr);
    if (current !== x) current.release();
    current = next;
  });
  return current;
}

/** x repeated along its size-1 (and missing leading) dimensions to `shape` (NumPy rules). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const op = 'ops.broadcastTo';
  checkTensor(op, 'x', x);
  shapeSize(shape, `${op}: 'shape'`);
  const padded = aligned(op, x.shape, shape);
  // Expanding a run keeps everything to its right as in x: plan left to right.
  return chain(x.backend, x, shape, steps(padded, shape), 'broadcastMiddle');
}

/** The adjoint of broadcastTo: x summed over the dimensions that broadcasting `shape` to x.shape expands. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  const op = 'ops.sumTo';
  checkTensor(op, 'x', x);
  shapeSize(shape, `${op}: 'shape'`);
  const padded = aligned(op, shape, x.shape);
  // Reducing a run keeps everything to its left as in x: plan right to left.
  return chain(x.backend, x, shape, steps(padded, x.shape).reverse(), 'sumMiddle');
}

/** Sum along one axis (negative counts from the end); keepDims leaves it as size 1. */
export function sumAxis(x: Tensor, axis: number, keepDims = false): Tensor {
  const op = 'ops.sumAxis';
  checkTensor(op, 'x', x);
  const rank = x.shape.length;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    invalid(op, `'axis' ${axis} is out of range for shape [${x.shape}]`);
  }
  const shape = keepDims
    ? x.shape.map((d, i) => (i === a ? 1 : d))
    : x.shape.filter((_, i) => i !== a);
  const y = output(x.backend, shape);
  const outer = product(x.shape.slice(0, a));
  const inner = product(x.shape.slice(a + 1));
  x.backend.kernels.sumMiddle(x.ptr, outer, x.shape[a], inner, y.ptr);
  return y;
}

/** x with its last two dimensions swapped (a transpose of each matrix in the batch). */
export function transpose(x: Tensor): Tensor {
  const op = 'ops.transpose';
  checkTensor(op, 'x', x);
  const rank = x.shape.length;
  if (rank < 2) invalid(op, `'x' needs at least 2 dimensions, got [${x.shape}]`);
  const [rows, cols] = x.shape.slice(rank - 2);
  const y = output(x.backend, [...x.shape.slice(0, rank - 2), cols, rows]);
  x.backend.kernels.transpose(x.ptr, product(x.shape.slice(0, rank - 2)), rows, cols, y.ptr);
  return y;
}
