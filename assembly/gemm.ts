/** C = alpha·op(A)·op(B) + beta·C (see src/backend/kernels.ts). Plain loops for now. */
export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  const aRow = transA ? 1 : lda;
  const aCol = transA ? lda : 1;
  const bRow = transB ? 1 : ldb;
  const bCol = transB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) {
        s +=
          load<f32>(a + ((<usize>(i * aRow + p * aCol)) << 2)) *
          load<f32>(b + ((<usize>(p * bRow + j * bCol)) << 2));
      }
      const ci = c + ((<usize>(i * ldc + j)) << 2);
      store<f32>(ci, beta == 0 ? alpha * s : alpha * s + beta * load<f32>(ci));
    }
  }
}

export function gemmWorkspaceBytes(): i32 {
  return 0;
}
