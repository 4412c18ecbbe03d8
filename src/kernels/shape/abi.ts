import type { ArgNamesOf, Ptr } from '../args';

export interface ShapeKernels {
  /** y[o, m, i] = x[o, i]: x [outer, inner] repeated along a new middle axis of size mid
   * (one run of broadcast dimensions; a copy when mid is 1). */
  broadcastMiddle(x: Ptr, outer: number, mid: number, inner: number, y: Ptr): void;
  /** y[o, i] = Σ_m x[o, m, i], the adjoint of broadcastMiddle; a fixed summation order. */
  sumMiddle(x: Ptr, outer: number, mid: number, inner: number, y: Ptr): void;
  /** y[b, c, r] = x[b, r, c] for `batch` matrices of rows×cols. */
  transpose(x: Ptr, batch: number, rows: number, cols: number, y: Ptr): void;
}

/** The arguments of each kernel of ShapeKernels, by name and in order. */
export const SHAPE_ARGS = {
  broadcastMiddle: ['x', 'outer', 'mid', 'inner', 'y'],
  sumMiddle: ['x', 'outer', 'mid', 'inner', 'y'],
  transpose: ['x', 'batch', 'rows', 'cols', 'y'],
} as const satisfies ArgNamesOf<ShapeKernels>;
