import type { ArgNamesOf, Ptr } from '../args';

export interface ReduceKernels {
  sum(x: Ptr, n: number): number;
  sumSquares(x: Ptr, n: number): number;
  /** y[c] = Σ_r x[r, c] (bias gradients of a linear layer). */
  sumColumns(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /**
   * y[ch] = Σ_n Σ_hw x[n, ch, hw] for channels ch = first … end−1 of x [n, c, hw] (bias
   * gradients of a convolution); other entries of y untouched.
   */
  sumChannels(x: Ptr, n: number, c: number, hw: number, first: number, end: number, y: Ptr): void;
  /** out[r] (i32) = index of the first maximum of row r. */
  argmaxRows(x: Ptr, rows: number, cols: number, out: Ptr): void;
}

/** The arguments of each kernel of ReduceKernels, by name and in order. */
export const REDUCE_ARGS = {
  sum: ['x', 'n'],
  sumSquares: ['x', 'n'],
  sumColumns: ['x', 'rows', 'cols', 'y'],
  sumChannels: ['x', 'n', 'c', 'hw', 'first', 'end', 'y'],
  argmaxRows: ['x', 'rows', 'cols', 'out'],
} as const satisfies ArgNamesOf<ReduceKernels>;
