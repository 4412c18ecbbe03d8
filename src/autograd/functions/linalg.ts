import * as ops from '../../ops';
import type { Tensor } from '../../tensor';
import { record } from '../graph';

/** a [m, k] · b [k, n] → [m, n]. Backward: da = dy·bᵀ, db = aᵀ·dy (no transposed copies). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new Error(
      `simdnet: matmul: cannot multiply [${a.shape}] by [${b.shape}] (needs [m, k] · [k, n])`,
    );
  }
  return record(ops.gemm(a, b), 'matmul', [a, b], (dy) => [
    a.requiresGrad ? ops.gemm(dy, b, { transB: true }) : undefined,
    b.requiresGrad ? ops.gemm(a, dy, { transA: true }) : undefined,
  ]);
}

/**
 * A fully connected layer: x [N, in] · wᵀ + bias, with w [out, in] (PyTorch's layout) and
 * bias [out] or undefined. Backward: dx = dy·w, dw = dyᵀ·x, dbias = column sums of dy.
 */
export function linear(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  if (x.shape.length !== 2 || w.shape.length !== 2 || x.shape[1] !== w.shape[1]) {
    throw new Error(
      `simdnet: linear: input [${x.shape}] does not fit weight [${w.shape}] (needs x [N, ${w.shape[1]}])`,
    );
  }
  const y = ops.gemm(x, w, { transB: true });
  if (bias) {
    if (bias.shape.length !== 1 || bias.shape[0] !== w.shape[0]) {
      y.release();
      throw new Error(`simdnet: linear: bias [${bias.shape}] must be [${w.shape[0]}]`);
    }
    ops.addRowVectorInPlace(y, bias);
  }
  const inputs = bias ? [x, w, bias] : [x, w];
  return record(y, 'linear', inputs, (dy) => [
    x.requiresGrad ? ops.gemm(dy, w) : undefined,
    w.requiresGrad ? ops.gemm(dy, x, { transA: true }) : undefined,
    bias?.requiresGrad ? ops.sumColumns(dy) : undefined,
  ]);
}
