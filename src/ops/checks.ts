import type { Backend } from '../backend/backend';
import { describe, invalid } from '../errors';
import { Tensor, type DType, type Shape } from '../tensor';

export {
  checkFinite,
  checkInRange,
  checkNonNegativeInt,
  checkPositiveInt,
  invalid,
} from '../errors';

// Argument checks shared by the ops: each throws an Error naming the op and the argument
// before any kernel runs, so bad input never leaves half-written outputs behind. The checks
// of plain values live in the leaf errors.ts (every layer uses them) and are re-exported here.

/** `t` must be a live tensor of `dtype` (float32 by default) and, if given, of rank `rank`. */
export function checkTensor(
  op: string,
  name: string,
  t: unknown,
  rank?: number,
  dtype: DType = 'float32',
): asserts t is Tensor<DType> {
  if (!(t instanceof Tensor)) invalid(op, `'${name}' must be a Tensor, got ${describe(t)}`);
  if (t.released)
    invalid(op, `'${name}' was released (freed ${t.releaseReason}) and can no longer be used`);
  if (t.dtype !== dtype) invalid(op, `'${name}' must be ${dtype}, got ${t.dtype}`);
  if (rank !== undefined && t.shape.length !== rank) {
    invalid(op, `'${name}' must have ${rank} dimensions, got shape [${t.shape}]`);
  }
}

/** All tensors must live on one backend; returns it. */
export function commonBackend(op: string, tensors: Record<string, Tensor<DType>>): Backend {
  const entries = Object.entries(tensors);
  const backend = entries[0][1].backend;
  for (const [name, t] of entries) {
    if (t.backend !== backend)
      invalid(op, `'${name}' lives on another backend than '${entries[0][0]}'`);
  }
  return backend;
}

export function checkSameShape(
  op: string,
  nameA: string,
  a: Tensor<DType>,
  nameB: string,
  b: Tensor<DType>,
): void {
  if (!sameShape(a.shape, b.shape)) {
    invalid(op, `'${nameA}' [${a.shape}] and '${nameB}' [${b.shape}] must have the same shape`);
  }
}

export function checkShape(op: string, name: string, t: Tensor<DType>, shape: Shape): void {
  if (!sameShape(t.shape, shape))
    invalid(op, `'${name}' must have shape [${shape}], got [${t.shape}]`);
}

/** A fresh float tensor for an op's result. */
export function output(backend: Backend, shape: Shape): Tensor {
  return new Tensor(backend, shape, 'float32');
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
