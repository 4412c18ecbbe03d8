import type { Tensor } from '../tensor';
import { checkFinite, checkShape, checkTensor, commonBackend, invalid, output } from './checks';

export interface GemmOptions {
  /** Use Aᵀ (A stored as [k, m]). */
  transA?: boolean;
  /** Use Bᵀ (B stored as [n, k]). */
  transB?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the existing `out` added to the product (default 0; non-zero needs `out`). */
  beta?: number;
  /** Write into this [m, n] tensor instead of a new one. */
  out?: Tensor;
}

/**
 * C = alpha·op(A)·op(B) + beta·C, without materialising any transpose.
 * a is [m, k] (or [k, m] with transA), b is [k, n] (or [n, k] with transB); returns C [m, n].
 */
export function gemm(a: Tensor, b: Tensor, options: GemmOptions = {}): Tensor {
  const op = 'ops.gemm';
  const { transA = false, transB = false, alpha = 1, beta = 0, out } = options;
  checkTensor(op, 'a', a, 2);
  checkTensor(op, 'b', b, 2);
  checkFinite(op, 'alpha', alpha);
  checkFinite(op, 'beta', beta);
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = transB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== kb) {
    invalid(
      op,
      `inner sizes differ: op(a) is [${m}, ${k}] (a [${a.shape}]${transA ? ', transA' : ''}) but ` +
        `op(b) is [${kb}, ${n}] (b [${b.shape}]${transB ? ', transB' : ''})`,
    );
  }
  if (out !== undefined) {
    checkTensor(op, 'out', out, 2);
    checkShape(op, 'out', out, [m, n]);
  } else if (beta !== 0) {
    invalid(op, `'beta' is ${beta} but there is no 'out' to accumulate into`);
  }
  const backend = commonBackend(op, out ? { a, b, out } : { a, b });
  const c = out ?? output(backend, [m, n]);
  backend.kernels.gemm(
    transA ? 1 : 0,
    transB ? 1 : 0,
    m,
    n,
    k,
    alpha,
    a.ptr,
    a.shape[1],
    b.ptr,
    b.shape[1],
    beta,
    c.ptr,
    n,
    backend.workspace,
  );
  return c;
}
