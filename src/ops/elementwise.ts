import type { Kernels } from '../kernels';
import type { Tensor } from '../tensor';
import { checkFinite, checkSameShape, checkTensor, commonBackend, invalid, output } from './checks';

type UnaryKernel = 'relu' | 'tanh' | 'sigmoid';
type BinaryKernel =
  'add' | 'sub' | 'mul' | 'div' | 'reluBackward' | 'tanhBackward' | 'sigmoidBackward';

function unary(kernel: UnaryKernel, x: Tensor): Tensor {
  checkTensor(`ops.${kernel}`, 'x', x);
  const y = output(x.backend, x.shape);
  x.backend.kernels[kernel](x.ptr, x.size, y.ptr);
  return y;
}

function binary(kernel: BinaryKernel, names: [string, string], a: Tensor, b: Tensor): Tensor {
  const op = `ops.${kernel}`;
  checkTensor(op, names[0], a);
  checkTensor(op, names[1], b);
  checkSameShape(op, names[0], a, names[1], b);
  const backend = commonBackend(op, { [names[0]]: a, [names[1]]: b });
  const y = output(backend, a.shape);
  (backend.kernels[kernel] as Kernels['add'])(a.ptr, b.ptr, a.size, y.ptr);
  return y;
}

/** max(x, 0), elementwise. */
export const relu = (x: Tensor): Tensor => unary('relu', x);
/** Hyperbolic tangent, elementwise. */
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
/** Logistic sigmoid 1/(1 + e^−x), elementwise. */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);

/** dx of relu from its input x: dy where x > 0, else 0. */
export const reluBackward = (x: Tensor, dy: Tensor): Tensor =>
  binary('reluBackward', ['x', 'dy'], x, dy);
/** dx of tanh from its output y: dy·(1 − y²). */
export const tanhBackward = (y: Tensor, dy: Tensor): Tensor =>
  binary('tanhBackward', ['y', 'dy'], y, dy);
/** dx of sigmoid from its output y: dy·y·(1 − y). */
export const sigmoidBackward = (y: Tensor, dy: Tensor): Tensor =>
  binary('sigmoidBackward', ['y', 'dy'], y, dy);

/** a + b, elementwise (same shapes). */
export const add = (a: Tensor, b: Tensor): Tensor => binary('add', ['a', 'b'], a, b);
/** a − b, elementwise (same shapes). */
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', ['a', 'b'], a, b);
/** a ⊙ b, elementwise (same shapes). */
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', ['a', 'b'], a, b);
/** a / b, elementwise (same shapes). */
export const div = (a: Tensor, b: Tensor): Tensor => binary('div', ['a', 'b'], a, b);

/** alpha·x */
export function scale(x: Tensor, alpha: number): Tensor {
  checkTensor('ops.scale', 'x', x);
  checkFinite('ops.scale', 'alpha', alpha);
  const y = output(x.backend, x.shape);
  x.backend.kernels.scale(x.ptr, alpha, x.size, y.ptr);
  return y;
}

/** y += alpha·x, in place; returns y. */
export function axpy(alpha: number, x: Tensor, y: Tensor): Tensor {
  checkFinite('ops.axpy', 'alpha', alpha);
  checkTensor('ops.axpy', 'x', x);
  checkTensor('ops.axpy', 'y', y);
  checkSameShape('ops.axpy', 'x', x, 'y', y);
  commonBackend('ops.axpy', { x, y }).kernels.axpy(alpha, x.ptr, x.size, y.ptr);
  return y;
}

/** x [rows, cols] + v [cols], v added to every row. */
export function addRowVector(x: Tensor, v: Tensor): Tensor {
  return addRows('ops.addRowVector', x, v, false);
}

/** x [rows, cols] += v [cols] on every row, in place; returns x. */
export function addRowVectorInPlace(x: Tensor, v: Tensor): Tensor {
  return addRows('ops.addRowVectorInPlace', x, v, true);
}

function addRows(op: string, x: Tensor, v: Tensor, inPlace: boolean): Tensor {
  checkTensor(op, 'x', x, 2);
  checkTensor(op, 'v', v, 1);
  const [rows, cols] = x.shape;
  if (v.shape[0] !== cols)
    invalid(op, `'v' [${v.shape}] must have x's ${cols} columns (x is [${x.shape}])`);
  const backend = commonBackend(op, { x, v });
  const y = inPlace ? x : output(backend, x.shape);
  backend.kernels.addRowVector(x.ptr, v.ptr, rows, cols, y.ptr);
  return y;
}

/** Sets every element of t to value, in place; returns t. */
export function fill(t: Tensor, value: number): Tensor {
  checkTensor('ops.fill', 't', t);
  if (typeof value !== 'number')
    invalid('ops.fill', `'value' must be a number, got ${String(value)}`);
  t.backend.kernels.fill(t.ptr, value, t.size);
  return t;
}
