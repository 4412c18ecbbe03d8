import type { Tensor } from '../tensor';
import { checkInRange, checkShape, checkTensor, commonBackend, invalid, output } from './checks';

export interface BatchNormOptions {
  /** Training mode: normalise with the batch statistics and update the running ones. */
  training: boolean;
  /** Per-channel running mean [C], updated in place in training mode. */
  runningMean: Tensor;
  /** Per-channel running (unbiased) variance [C], updated in place in training mode. */
  runningVar: Tensor;
  /** Weight of the batch statistics in the running update (default 0.1, as PyTorch). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

export interface BatchNormResult {
  y: Tensor;
  /** Batch mean [C] (training mode only), for batchNormBackward. */
  saveMean?: Tensor;
  /** 1/√(batch variance + eps) [C] (training mode only), for batchNormBackward. */
  saveInvStd?: Tensor;
}

/** [N, C] → (N, C, 1); [N, C, H, W] → (N, C, H·W). */
function layout(op: string, x: Tensor): [number, number, number] {
  checkTensor(op, 'x', x);
  if (x.shape.length === 2) return [x.shape[0], x.shape[1], 1];
  if (x.shape.length === 4) return [x.shape[0], x.shape[1], x.shape[2] * x.shape[3]];
  invalid(op, `'x' must be [N, C] or [N, C, H, W], got [${x.shape}]`);
}

/**
 * Batch normalisation per channel: y = gamma·(x − mean)/√(var + eps) + beta. In training
 * mode mean/var are the batch's (biased variance) and the running statistics move towards
 * them (unbiased variance); in evaluation mode the running statistics are used.
 */
export function batchNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  options: BatchNormOptions,
): BatchNormResult {
  const op = 'ops.batchNorm';
  const [n, c, hw] = layout(op, x);
  const { training, runningMean, runningVar, momentum = 0.1, eps = 1e-5 } = options;
  for (const [name, t] of Object.entries({ gamma, beta, runningMean, runningVar })) {
    checkTensor(op, name, t);
    checkShape(op, name, t, [c]);
  }
  checkInRange(op, 'momentum', momentum, 0, 1);
  checkInRange(op, 'eps', eps, 0, 1, true);
  const backend = commonBackend(op, { x, gamma, beta, runningMean, runningVar });
  const y = output(backend, x.shape);
  if (!training) {
    backend.kernels.batchNormEval(
      x.ptr,
      n,
      c,
      hw,
      gamma.ptr,
      beta.ptr,
      runningMean.ptr,
      runningVar.ptr,
      eps,
      y.ptr,
    );
    return { y };
  }
  if (n * hw < 2) {
    y.release();
    invalid(op, `training needs more than one value per channel, got x [${x.shape}]`);
  }
  const saveMean = output(backend, [c]);
  const saveInvStd = output(backend, [c]);
  backend.kernels.batchNormTrain(
    x.ptr,
    n,
    c,
    hw,
    gamma.ptr,
    beta.ptr,
    eps,
    momentum,
    runningMean.ptr,
    runningVar.ptr,
    y.ptr,
    saveMean.ptr,
    saveInvStd.ptr,
  );
  return { y, saveMean, saveInvStd };
}

/** Gradients of training-mode batchNorm: dx [like x], dgamma and dbeta [C]. */
export function batchNormBackward(
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  saveMean: Tensor,
  saveInvStd: Tensor,
): { dx: Tensor; dgamma: Tensor; dbeta: Tensor } {
  const op = 'ops.batchNormBackward';
  const [n, c, hw] = layout(op, x);
  checkTensor(op, 'dy', dy);
  checkShape(op, 'dy', dy, x.shape);
  for (const [name, t] of Object.entries({ gamma, saveMean, saveInvStd })) {
    checkTensor(op, name, t);
    checkShape(op, name, t, [c]);
  }
  const backend = commonBackend(op, { x, dy, gamma, saveMean, saveInvStd });
  const dx = output(backend, x.shape);
  const dgamma = output(backend, [c]);
  const dbeta = output(backend, [c]);
  backend.kernels.batchNormBackward(
    x.ptr,
    dy.ptr,
    n,
    c,
    hw,
    gamma.ptr,
    saveMean.ptr,
    saveInvStd.ptr,
    dx.ptr,
    dgamma.ptr,
    dbeta.ptr,
  );
  return { dx, dgamma, dbeta };
}
