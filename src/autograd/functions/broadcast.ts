import type { Shape } from '../../tensor';

/** The shape two operands broadcast to (NumPy rules), or an error naming both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`simdnet: ${op}: shapes [${a}] and [${b}] cannot be broadcast together`);
    }
    out.push(Math.max(da, db));
  }
  return out;
}

/** Whether two shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
