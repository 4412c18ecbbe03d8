import type { Shape, Tensor } from '../tensor';
import { checkPositiveInt, checkTensor, invalid, output } from './checks';

// Broadcasting and its adjoint, axis sums and transposes: the shape ops autograd needs.
// Each runs the kernels over x viewed as [outer, mid, inner], one call per maximal run
// of broadcast (or summed) dimensions.

/** One kernel call: x viewed as [outer, mid, inner] (or [outer, inner]), result shaped `shape`. */
interface Step {
  outer: number;
  mid: number;
  inner: number;
  shape: Shape;
}

const product = (dims: Shape): number => dims.reduce((a, b) => a * b, 1);

/** `shape` must be an array of positive integers. */
function checkShapeArgument(op: string, shape: unknown): asserts shape is Shape {
  if (!Array.isArray(shape)) invalid(op, `'shape' must be an array of sizes, got ${String(shape)}`);
  shape.forEach((d, i) => checkPositiveInt(op, `shape[${i}]`, d));
}

/**
 * The runs [start, end) of dimensions where `small` (right-aligned against `big`, padded
 * with 1s) is 1 and `big` is not, by NumPy's rules; throws naming the arguments when
 * `small` does not broadcast to `big`.
 */
function broadcastRuns(
  op: string,
  small: Shape,
  big: Shape,
  names: [string, string],
): { start: number; end: number }[] {
  const pad = big.length - small.length;
  const fits = pad >= 0 && small.every((d, i) => d === 1 || d === big[pad + i]);
  if (!fits) {
    invalid(op, `'${names[0]}' [${small}] does not broadcast to '${names[1]}' [${big}]`);
  }
  const runs: { start: number; end: number }[] = [];
  big.forEach((d, i) => {
    const expanded = d > 1 && (i < pad || small[i - pad] === 1);
    if (!expanded) return;
    const last = runs[runs.length - 1];
    if (last?.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  });
  return runs;
}

/** Runs `kernel` once per step, each on the previous result, releasing the temporaries.
 * No step is a copy (mid = 1). The result gets `shape`. */
function runSteps(
  x: Tensor,
  steps: Step[],
  kernel: 'broadcastMiddle' | 'sumMiddle',
  shape: Shape,
): Tensor {
  const plan = steps.length > 0 ? steps : [{ outer: 1, mid: 1, inner: x.size, shape }];
  let current = x;
  plan.forEach((step, i) => {
    const y = output(x.backend, i === plan.length - 1 ? shape : step.shape);
    x.backend.kernels[kernel](current.ptr, step.outer, step.mid, step.inner, y.ptr);
    if (current !== x) current.release();
    current = y;
  });
  return current;
}

/**
 * x broadcast to `shape` by NumPy's rules: x's shape is right-aligned against `shape`, and
 * each of its dimensions equals the target's or is 1 (a scalar broadcasts to anything).
 * Always a fresh tensor (a copy when nothing is broadcast).
 */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const op = 'ops.broadcastTo';
  checkTensor(op, 'x', x);
  checkShapeArgument(op, shape);
  const runs = broadcastRuns(op, x.shape, shape, ['x', 'shape']);
  // Smallest expansion first: every temporary is then as small as it can be.
  runs.sort((a, b) => product(shape.slice(a.start, a.end)) - product(shape.slice(b.start, b.end)));
  const current = [...Array<number>(shape.length - x.shape.length).fill(1), ...x.shape];
  const steps = runs.map(({ start, end }) => {
    current.splice(start, end - start, ...shape.slice(start, end));
    return {
      outer: product(current.slice(0, start)),
      mid: product(current.slice(start, end)),
      inner: product(current.slice(end)),
      shape: [...current],
    };
  });
  return runSteps(x, steps, 'broadcastMiddle', shape);
}

/**
 * The adjoint of broadcastTo: x summed over the dimensions that broadcasting `shape` to
 * x.shape expands, as a tensor of exactly `shape` (`[]` gives a scalar tensor).
 */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  const op = 'ops.sumTo';
  checkTensor(op, 'x', x);
  checkShapeArgument(op, shape);
  const runs = broadcastRuns(op, shape, x.shape, ['shape', 'x']);
  // Largest reduction first: the data shrink as early as they can.
  runs.sort(
    (a, b) => product(x.shape.slice(b.start, b.end)) - product(x.shape.slice(a.start, a.end)),
  );
  const current = [...x.shape];
  const steps = runs.map(({ start, end }) => {
    const step = {
      outer: product(current.slice(0, start)),
      mid: product(current.slice(start, end)),
      inner: product(current.slice(end)),
    };
    current.fill(1, start, end);
    return { ...step, shape: [...current] };
  });
  return runSteps(x, steps, 'sumMiddle', shape);
}

/**
 * The sum of x along one axis (negative counts from the end); the axis is dropped, or kept
 * with size 1 when `keepDims`. Summing a 1-D tensor gives a scalar tensor (shape []).
 */
export function sumAxis(x: Tensor, axis: number, keepDims = false): Tensor {
  const op = 'ops.sumAxis';
  checkTensor(op, 'x', x);
  const rank = x.shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    invalid(op, `'axis' must be an integer in [${-rank}, ${rank}) for x [${x.shape}], got ${axis}`);
  }
  const a = axis < 0 ? axis + rank : axis;
  const shape = keepDims
    ? x.shape.map((d, i) => (i === a ? 1 : d))
    : x.shape.filter((_, i) => i !== a);
  const y = output(x.backend, shape);
  const [outer, inner] = [product(x.shape.slice(0, a)), product(x.shape.slice(a + 1))];
  x.backend.kernels.sumMiddle(x.ptr, outer, x.shape[a], inner, y.ptr);
  return y;
}

/** x [..., rows, cols] → [..., cols, rows]: the last two dimensions swapped (batched). */
export function transpose(x: Tensor): Tensor {
  const op = 'ops.transpose';
  checkTensor(op, 'x', x);
  const rank = x.shape.length;
  if (rank < 2) invalid(op, `'x' must have at least 2 dimensions, got shape [${x.shape}]`);
  const [rows, cols] = x.shape.slice(-2);
  const y = output(x.backend, [...x.shape.slice(0, -2), cols, rows]);
  x.backend.kernels.transpose(x.ptr, product(x.shape.slice(0, -2)), rows, cols, y.ptr);
  return y;
}

/** A copy of x's data under `shape`, which must hold as many elements (row-major order kept). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const op = 'ops.reshape';
  checkTensor(op, 'x', x);
  checkShapeArgument(op, shape);
  if (product(shape) !== x.size) {
    invalid(op, `'shape' [${shape}] must hold x's ${x.size} elements (x is [${x.shape}])`);
  }
  const y = output(x.backend, shape);
  x.backend.kernels.scale(x.ptr, 1, x.size, y.ptr);
  return y;
}
