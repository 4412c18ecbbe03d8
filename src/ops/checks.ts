import type { Backend } from '../backend/backend';
import { Tensor, type DType, type Shape } from '../tensor';

// Argument checks shared by the ops: each throws an Error naming the op and the argument
// before any kernel runs, so bad input never leaves half-written outputs behind.

function fail(op: string, message: string): never {
  throw new Error(`simdnet: ${op}: ${message}`);
}

/** `t` must be a live tensor of `dtype` (float32 by default) and, if given, of rank `rank`. */
export function checkTensor(
  op: string,
  name: string,
  t: unknown,
  rank?: number,
  dtype: DType = 'float32',
): asserts t is Tensor<DType> {
  if (!(t instanceof Tensor)) fail(op, `'${name}' must be a Tensor, got ${describe(t)}`);
  if (t.released)
    fail(op, `'${name}' was released (freed ${t.releaseReason}) and can no longer be used`);
  if (t.dtype !== dtype) fail(op, `'${name}' must be ${dtype}, got ${t.dtype}`);
  if (rank !== undefined && t.shape.length !== rank) {
    fail(op, `'${name}' must have ${rank} dimensions, got shape [${t.shape}]`);
  }
}

/** All tensors must live on one backend; returns it. */
export function commonBackend(op: string, tensors: Record<string, Tensor<DType>>): Backend {
  const entries = Object.entries(tensors);
  const backend = entries[0][1].backend;
  for (const [name, t] of entries) {
    if (t.backend !== backend)
      fail(op, `'${name}' lives on another backend than '${entries[0][0]}'`);
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
    fail(op, `'${nameA}' [${a.shape}] and '${nameB}' [${b.shape}] must have the same shape`);
  }
}

export function checkShape(op: string, name: string, t: Tensor<DType>, shape: Shape): void {
  if (!sameShape(t.shape, shape))
    fail(op, `'${name}' must have shape [${shape}], got [${t.shape}]`);
}

export function checkPositiveInt(op: string, name: string, v: unknown): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < 1)
    fail(op, `'${name}' must be a positive integer, got ${describe(v)}`);
}

export function checkNonNegativeInt(op: string, name: string, v: unknown): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < 0) {
    fail(op, `'${name}' must be a non-negative integer, got ${describe(v)}`);
  }
}

export function checkFinite(op: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(op, `'${name}' must be a finite number, got ${describe(v)}`);
}

/** A finite number in [lo, hi] (or (lo, hi] when `openLow`). */
export function checkInRange(
  op: string,
  name: string,
  v: unknown,
  lo: number,
  hi: number,
  openLow = false,
): asserts v is number {
  checkFinite(op, name, v);
  if (v < lo || v > hi || (openLow && v === lo)) {
    fail(op, `'${name}' must be in ${openLow ? '(' : '['}${lo}, ${hi}], got ${v}`);
  }
}

/** Throws the op's error with a custom message. */
export function invalid(op: string, message: string): never {
  fail(op, message);
}

/** A fresh float tensor for an op's result. */
export function output(backend: Backend, shape: Shape): Tensor {
  return new Tensor(backend, shape, 'float32');
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return v.toString();
  if (Array.isArray(v)) return `[${v.map(String).join(', ')}]`;
  return typeof v === 'string' ? `'${v}'` : String(v);
}
