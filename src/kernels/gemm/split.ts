import { MIN_MACS_PER_THREAD, splitRange, type Splits } from '../split';
import type { GemmKernels } from './abi';

/** Register tile of assembly/gemm.ts (MR × NR; test/node/kernel-abi checks them): row splits
 * start on whole MR rows, column splits on whole NR columns. */
export const MR = 4;
export const NR = 8;

export const GEMM_SPLITS: Splits<GemmKernels> = {
  // gemm sums each element over k in the same order whatever the tile, so any cut of C's
  // rows or columns gives one thread's bits.
  gemm: (threads, name) => (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work) => {
    const call = { transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work };
    const parts = threads.toUse(m * n * k, MIN_MACS_PER_THREAD);
    if (parts === 1)
      return threads.own.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
    // Columns when there are enough of them: each thread then packs only its part of B.
    const byColumns = n >= m || m < parts * MR;
    const ranges = byColumns ? splitRange(0, n, parts, NR) : splitRange(0, m, parts, MR);
    const bColumn = transB ? ldb : 1; // floats from one column of op(B) to the next
    const aRow = transA ? 1 : lda; // floats from one row of op(A) to the next
    const pieces = ranges.map(([first, end], t) => {
      const own = { ...call, work: t === 0 ? work : threads.workspace(t) };
      return byColumns
        ? { ...own, n: end - first, b: b + 4 * first * bColumn, c: c + 4 * first }
        : { ...own, m: end - first, a: a + 4 * first * aRow, c: c + 4 * first * ldc };
    });
    threads.run(name, pieces);
  },
};
