import { internal } from '../../lifetime';
import * as ops from '../../ops';
import { Tensor } from '../../tensor';
import { record } from '../graph';
import { broadcastShapes, sameShape } from './broadcast';

// Elementwise arithmetic with NumPy broadcasting. Same-shape operands go straight to the
// kernels; otherwise each operand is expanded to the common shape, and its gradient is
// summed back to the operand's shape.

/** A tensor, or a number that acts as a scalar tensor. */
export type Operand = Tensor | number;

type Kernel = (a: Tensor, b: Tensor) => Tensor;

function asTensor(v: Operand, like: Tensor): Tensor {
  return v instanceof Tensor ? v : Tensor.full([], v, { backend: like.backend });
}

/** kernel(a, b) with a and b expanded to their common shape. */
function broadcastApply(op: string, kernel: Kernel, a: Tensor, b: Tensor): Tensor {
  if (sameShape(a.shape, b.shape)) return kernel(a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const ea = sameShape(a.shape, shape) ? a : ops.broadcastTo(a, shape);
  const eb = sameShape(b.shape, shape) ? b : ops.broadcastTo(b, shape);
  try {
    return kernel(ea, eb);
  } finally {
    if (ea !== a) ea.release();
    if (eb !== b) eb.release();
  }
}

/**
 * g summed down to x's shape: g itself when no broadcasting happened. A `fresh` g (a
 * temporary of the caller's) is freed when it is replaced.
 */
function reduceTo(g: Tensor, x: Tensor, fresh = true): Tensor {
  if (sameShape(g.shape, x.shape)) return g;
  const r = ops.sumTo(g, x.shape);
  if (fresh) g.release();
  return r;
}

/** a + b with broadcasting. */
export function add(a: Operand, b: Operand): Tensor {
  return internal(() => {
    const [x, y] = operands('add', a, b);
    return record(broadcastApply('add', ops.add, x, y), 'add', [x, y], (dy) => [
      x.requiresGrad ? reduceTo(dy, x, false) : undefined,
      y.requiresGrad ? reduceTo(dy, y, false) : undefined,
    ]);
  });
}

/** a − b with broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  return internal(() => {
    const [x, y] = operands('sub', a, b);
    return record(broadcastApply('sub', ops.sub, x, y), 'sub', [x, y], (dy) => [
      x.requiresGrad ? reduceTo(dy, x, false) : undefined,
      y.requiresGrad ? reduceTo(ops.scale(dy, -1), y) : undefined,
    ]);
  });
}

/** a ⊙ b (elementwise product) with broadcasting; a number operand scales. */
export function mul(a: Operand, b: Operand): Tensor {
  return internal(() => {
    if (typeof b === 'number' && a instanceof Tensor) return scale(a, b);
    if (typeof a === 'number' && b instanceof Tensor) return scale(b, a);
    const [x, y] = operands('mul', a, b);
    return record(broadcastApply('mul', ops.mul, x, y), 'mul', [x, y], (dy) => [
      x.requiresGrad ? reduceTo(broadcastApply('mul', ops.mul, dy, y), x) : undefined,
      y.requiresGrad ? reduceTo(broadcastApply('mul', ops.mul, dy, x), y) : undefined,
    ]);
  });
}

/** a / b (elementwise) with broadcasting. */
export function div(a: Operand, b: Operand): Tensor {
  return internal(() => {
    if (typeof b === 'number' && a instanceof Tensor) return scale(a, 1 / b);
    const [x, y] = operands('div', a, b);
    const out = broadcastApply('div', ops.div, x, y);
    return record(out, 'div', [x, y], (dy) => [
      x.requiresGrad ? reduceTo(broadcastApply('div', ops.div, dy, y), x) : undefined,
      // d(x/y)/dy = −(x/y)/y
      y.requiresGrad ? reduceTo(divGradientOfDenominator(dy, out, y), y) : undefined,
    ]);
  });
}

function divGradientOfDenominator(dy: Tensor, quotient: Tensor, y: Tensor): Tensor {
  const t = ops.mul(dy, quotient);
  const r = broadcastApply('div', ops.div, t, y);
  t.release();
  const n = ops.scale(r, -1);
  r.release();
  return n;
}

/** alpha·x for a number alpha. */
export function scale(x: Tensor, alpha: number): Tensor {
  return record(ops.scale(x, alpha), 'scale', [x], (dy) => [ops.scale(dy, alpha)]);
}

/** −x */
export function neg(x: Tensor): Tensor {
  return scale(x, -1);
}

function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new Error(`simdnet: ${op}: at least one operand must be a Tensor`);
  }
  const like = (a instanceof Tensor ? a : b) as Tensor;
  return [asTensor(a, like), asTensor(b, like)];
}
