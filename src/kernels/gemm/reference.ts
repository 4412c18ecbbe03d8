import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

/** C = alpha·op(A)·op(B) + beta·C, the textbook triple loop (see GemmKernels.gemm). */
export function gemm(
  heap: Heap,
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
  _work: Ptr,
): void {
  const f = heap.f;
  const a0 = floatIndex(heap, a);
  const b0 = floatIndex(heap, b);
  const c0 = floatIndex(heap, c);
  // Strides of op(A)[i, p] and op(B)[p, j] in the stored matrices.
  const [aRow, aCol] = transA ? [1, lda] : [lda, 1];
  const [bRow, bCol] = transB ? [1, ldb] : [ldb, 1];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += f[a0 + i * aRow + p * aCol] * f[b0 + p * bRow + j * bCol];
      const ci = c0 + i * ldc + j;
      f[ci] = beta === 0 ? alpha * s : alpha * s + beta * f[ci];
    }
  }
}

export function gemmWorkspaceBytes(_h: Heap): number {
  return 0;
}
