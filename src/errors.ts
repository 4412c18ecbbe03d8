// The library's errors, shaped `simdnet: <op>: '<arg>' must …, got …`, and the checks of
// plain values every layer shares. A leaf: it imports nothing, so anything may import it
// (the tensor checks, which need Tensor, are in ops/checks.ts).

/** Throws the op's error with a custom message. */
export function invalid(op: string, message: string): never {
  throw new Error(`simdnet: ${op}: ${message}`);
}

export function checkPositiveInt(op: string, name: string, v: unknown): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < 1)
    invalid(op, `'${name}' must be a positive integer, got ${describe(v)}`);
}

export function checkNonNegativeInt(op: string, name: string, v: unknown): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < 0) {
    invalid(op, `'${name}' must be a non-negative integer, got ${describe(v)}`);
  }
}

export function checkFinite(op: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    invalid(op, `'${name}' must be a finite number, got ${describe(v)}`);
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
    invalid(op, `'${name}' must be in ${openLow ? '(' : '['}${lo}, ${hi}], got ${v}`);
  }
}

/** A value as an error message shows it: arrays as [a, b], strings quoted, a tensor by its toString(). */
export function describe(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(String).join(', ')}]`;
  return typeof v === 'string' ? `'${v}'` : String(v);
}
