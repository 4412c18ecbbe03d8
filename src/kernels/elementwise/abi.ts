import type { ArgNamesOf, Ptr } from '../args';

/** Elementwise kernels may run in place: an output pointer may equal an input pointer. */
export interface ElementwiseKernels {
  relu(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy where x > 0, else 0. */
  reluBackward(x: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  tanh(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy·(1 − y²) from the forward output y. */
  tanhBackward(y: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  sigmoid(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy·y·(1 − y) from the forward output y. */
  sigmoidBackward(y: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  add(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  sub(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  mul(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  div(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  /** y = alpha·x */
  scale(x: Ptr, alpha: number, n: number, y: Ptr): void;
  /** y += alpha·x */
  axpy(alpha: number, x: Ptr, n: number, y: Ptr): void;
  /** y[r, c] = x[r, c] + v[c] */
  addRowVector(x: Ptr, v: Ptr, rows: number, cols: number, y: Ptr): void;
  /** y[i] = value */
  fill(y: Ptr, value: number, n: number): void;
}

/** The arguments of each kernel of ElementwiseKernels, by name and in order. */
export const ELEMENTWISE_ARGS = {
  relu: ['x', 'n', 'y'],
  reluBackward: ['x', 'dy', 'n', 'dx'],
  tanh: ['x', 'n', 'y'],
  tanhBackward: ['y', 'dy', 'n', 'dx'],
  sigmoid: ['x', 'n', 'y'],
  sigmoidBackward: ['y', 'dy', 'n', 'dx'],
  add: ['a', 'b', 'n', 'y'],
  sub: ['a', 'b', 'n', 'y'],
  mul: ['a', 'b', 'n', 'y'],
  div: ['a', 'b', 'n', 'y'],
  scale: ['x', 'alpha', 'n', 'y'],
  axpy: ['alpha', 'x', 'n', 'y'],
  addRowVector: ['x', 'v', 'rows', 'cols', 'y'],
  fill: ['y', 'value', 'n'],
} as const satisfies ArgNamesOf<ElementwiseKernels>;
