import type { ArgNamesOf, Ptr } from '../args';

export interface GemmKernels {
  /** C = alpha·op(A)·op(B) + beta·C, op(A) m×k, op(B) k×n, C m×n; op = transpose when the flag is 1.
   * `lda`, `ldb`, `ldc` are the row strides (in elements) of A, B, C as stored.
   * When beta is 0, C is not read (NaNs in it do not propagate). `work` holds gemmWorkspaceBytes(). */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Ptr,
    lda: number,
    b: Ptr,
    ldb: number,
    beta: number,
    c: Ptr,
    ldc: number,
    work: Ptr,
  ): void;
  /** Bytes of scratch that gemm needs at `work` (packed panels); 0 when none. */
  gemmWorkspaceBytes(): number;
}

/** The arguments of each kernel of GemmKernels, by name and in order. */
export const GEMM_ARGS = {
  gemm: [
    'transA',
    'transB',
    'm',
    'n',
    'k',
    'alpha',
    'a',
    'lda',
    'b',
    'ldb',
    'beta',
    'c',
    'ldc',
    'work',
  ],
  gemmWorkspaceBytes: [],
} as const satisfies ArgNamesOf<GemmKernels>;
